CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"nomination_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"official_id" uuid NOT NULL,
	"status_list_id" integer NOT NULL,
	"status_index" integer NOT NULL,
	"verification_code" text NOT NULL,
	"kid" text NOT NULL,
	"jwt" text NOT NULL,
	"locale" text NOT NULL,
	"training_of_trainers" boolean NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revocation_reason" text,
	"revocation_note" text,
	"superseded_by" uuid,
	CONSTRAINT "certificates_status_slot_key" UNIQUE("status_list_id","status_index"),
	CONSTRAINT "certificates_verification_code_key" UNIQUE("verification_code"),
	CONSTRAINT "certificates_status_index_range" CHECK ("certificates"."status_index" >= 0),
	CONSTRAINT "certificates_revocation_complete" CHECK (("certificates"."revoked_at" is null) = ("certificates"."revocation_reason" is null)),
	CONSTRAINT "certificates_revocation_reason_valid" CHECK ("certificates"."revocation_reason" is null or "certificates"."revocation_reason" in ('error','fraud','completion_withdrawn','superseded'))
);
--> statement-breakpoint
CREATE TABLE "credential_status_lists" (
	"id" integer PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_status_lists_size_positive" CHECK ("credential_status_lists"."size" > 0)
);
--> statement-breakpoint
CREATE TABLE "credential_verification_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_official_id_officials_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_status_list_id_credential_status_lists_id_fk" FOREIGN KEY ("status_list_id") REFERENCES "public"."credential_status_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_superseded_by_certificates_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_one_valid_per_nomination" ON "certificates" USING btree ("nomination_id") WHERE "certificates"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "certificates_session_idx" ON "certificates" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "certificates_official_idx" ON "certificates" USING btree ("official_id");--> statement-breakpoint
CREATE INDEX "credential_verification_failures_address_idx" ON "credential_verification_failures" USING btree ("address","at");--> statement-breakpoint
-- A certificate names a person (through its official): behind the state wall like its nomination
-- (0014_rls_roles.sql). The public verification reads it as the system and answers no name.
ALTER TABLE certificates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE certificates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY state_wall ON certificates
  USING ((select current_setting('tadrib.scope_state', true)) = '*' or exists (select 1 from nominations n where n.id = nomination_id))
  WITH CHECK ((select current_setting('tadrib.scope_state', true)) = '*' or exists (select 1 from nominations n where n.id = nomination_id));
