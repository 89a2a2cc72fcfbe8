CREATE TABLE "calendar_invitations" (
	"nomination_id" uuid PRIMARY KEY NOT NULL,
	"sequence" integer NOT NULL,
	"sent_for" text NOT NULL,
	"cancelled" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_invitations_sequence" CHECK ("calendar_invitations"."sequence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"job" text NOT NULL,
	"day" date NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "job_runs_job_day_pk" PRIMARY KEY("job","day")
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"email" text NOT NULL,
	CONSTRAINT "notification_preferences_user_id_kind_pk" PRIMARY KEY("user_id","kind"),
	CONSTRAINT "notification_preferences_email_valid" CHECK ("notification_preferences"."email" in ('immediate','digest','none'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text NOT NULL,
	"state_iso2" text,
	"dedupe_key" text NOT NULL,
	"email" text NOT NULL,
	"digested_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_recipient_dedupe_key" UNIQUE("recipient_id","dedupe_key"),
	CONSTRAINT "notifications_email_valid" CHECK ("notifications"."email" in ('immediate','digest','none'))
);
--> statement-breakpoint
ALTER TABLE "calendar_invitations" ADD CONSTRAINT "calendar_invitations_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_state_iso2_member_states_iso2_fk" FOREIGN KEY ("state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_recipient_created_idx" ON "notifications" USING btree ("recipient_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("recipient_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_state_created_idx" ON "notifications" USING btree ("state_iso2","created_at");--> statement-breakpoint
CREATE INDEX "notifications_digest_idx" ON "notifications" USING btree ("recipient_id") WHERE "notifications"."email" = 'digest' and "notifications"."digested_at" is null;
--> statement-breakpoint
-- A notification may name a person (a nominee, a delegate): behind the state wall by the state it
-- concerns (0014_rls_roles.sql), so that a focal point's reads, even a query that forgets its
-- condition, never reach another state's. One the office is told alone (no state) only '*'.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY state_wall ON notifications
  USING ((select current_setting('tadrib.scope_state', true)) = '*' or state_iso2 = (select current_setting('tadrib.scope_state', true)))
  WITH CHECK ((select current_setting('tadrib.scope_state', true)) = '*' or state_iso2 = (select current_setting('tadrib.scope_state', true)));
--> statement-breakpoint
-- A calendar invitation is a participant's: behind the wall through its nomination, like the others.
ALTER TABLE calendar_invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE calendar_invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY state_wall ON calendar_invitations
  USING ((select current_setting('tadrib.scope_state', true)) = '*' or exists (select 1 from nominations n where n.id = nomination_id))
  WITH CHECK ((select current_setting('tadrib.scope_state', true)) = '*' or exists (select 1 from nominations n where n.id = nomination_id));
