CREATE TABLE "account_links" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" uuid,
	CONSTRAINT "account_links_purpose_valid" CHECK ("account_links"."purpose" in ('invitation','password_reset'))
);
--> statement-breakpoint
CREATE TABLE "password_reset_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email_hash" text NOT NULL,
	"address" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"to_address" text NOT NULL,
	"to_user_id" uuid,
	"state_iso2" text,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"leased_until" timestamp with time zone,
	"leased_by" text,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"message_id" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_messages_status_valid" CHECK ("outbox_messages"."status" in ('pending','sent','failed')),
	CONSTRAINT "outbox_messages_locale_valid" CHECK ("outbox_messages"."locale" in ('en','fr','ar','pt')),
	CONSTRAINT "outbox_messages_attempts_nonnegative" CHECK ("outbox_messages"."attempts" >= 0),
	CONSTRAINT "outbox_messages_sent_when_sent" CHECK (("outbox_messages"."status" = 'sent') = ("outbox_messages"."sent_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "account_links" ADD CONSTRAINT "account_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_links" ADD CONSTRAINT "account_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_to_user_id_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_state_iso2_member_states_iso2_fk" FOREIGN KEY ("state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_links_user_idx" ON "account_links" USING btree ("user_id","purpose");--> statement-breakpoint
CREATE INDEX "password_reset_requests_email_idx" ON "password_reset_requests" USING btree ("email_hash","at");--> statement-breakpoint
CREATE INDEX "password_reset_requests_address_idx" ON "password_reset_requests" USING btree ("address","at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_messages_dedupe_key" ON "outbox_messages" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE "outbox_messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_messages_created_idx" ON "outbox_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbox_messages_user_idx" ON "outbox_messages" USING btree ("to_user_id");--> statement-breakpoint
CREATE INDEX "outbox_messages_state_idx" ON "outbox_messages" USING btree ("state_iso2","created_at");--> statement-breakpoint
-- The wall (see 0014_rls_roles.sql): a message names a person (its recipient, often its body).
-- Any request may write one (a password reset is asked before anyone is signed in; a focal point's
-- change may notify the office), but only '*' (the office, the delivery worker) reads, updates or
-- deletes every message, and a state's scope reads the messages that concern that state.
ALTER TABLE outbox_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE outbox_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY state_wall_read ON outbox_messages FOR SELECT
  USING ((select current_setting('tadrib.scope_state', true)) = '*' or state_iso2 = (select current_setting('tadrib.scope_state', true)));
--> statement-breakpoint
CREATE POLICY enqueue ON outbox_messages FOR INSERT WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY state_wall_update ON outbox_messages FOR UPDATE
  USING ((select current_setting('tadrib.scope_state', true)) = '*')
  WITH CHECK ((select current_setting('tadrib.scope_state', true)) = '*');
--> statement-breakpoint
CREATE POLICY state_wall_delete ON outbox_messages FOR DELETE
  USING ((select current_setting('tadrib.scope_state', true)) = '*');
