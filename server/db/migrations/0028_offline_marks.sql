CREATE TABLE "delivery_change_keys" (
	"key" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"nomination_id" uuid NOT NULL,
	"answer" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "overridden_marks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"nomination_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"day" date,
	"present" boolean,
	"score" numeric(6, 2),
	"made_by" uuid,
	"made_at" timestamp with time zone NOT NULL,
	"overridden_by" uuid,
	"overridden_at" timestamp with time zone NOT NULL,
	CONSTRAINT "overridden_marks_subject_valid" CHECK ("overridden_marks"."subject" in ('attendance','pre','post')),
	CONSTRAINT "overridden_marks_value_fits" CHECK (("overridden_marks"."subject" = 'attendance' and "overridden_marks"."day" is not null and "overridden_marks"."present" is not null) or ("overridden_marks"."subject" <> 'attendance' and "overridden_marks"."day" is null))
);
--> statement-breakpoint
ALTER TABLE "evaluation_receipts" ADD COLUMN "submission_key" uuid;--> statement-breakpoint
ALTER TABLE "delivery_change_keys" ADD CONSTRAINT "delivery_change_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_change_keys" ADD CONSTRAINT "delivery_change_keys_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overridden_marks" ADD CONSTRAINT "overridden_marks_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overridden_marks" ADD CONSTRAINT "overridden_marks_made_by_users_id_fk" FOREIGN KEY ("made_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overridden_marks" ADD CONSTRAINT "overridden_marks_overridden_by_users_id_fk" FOREIGN KEY ("overridden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "overridden_marks_nomination_idx" ON "overridden_marks" USING btree ("nomination_id");--> statement-breakpoint
-- Both name a participant's nomination: behind the state wall through it, like attendance (0014_rls_roles.sql).
ALTER TABLE overridden_marks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE overridden_marks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY state_wall ON overridden_marks
  USING ((select current_setting('tadrib.scope_state', true)) = '*' or exists (select 1 from nominations n where n.id = nomination_id))
  WITH CHECK ((select current_setting('tadrib.scope_state', true)) = '*' or exists (select 1 from nominations n where n.id = nomination_id));
--> statement-breakpoint
ALTER TABLE delivery_change_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE delivery_change_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY state_wall ON delivery_change_keys
  USING ((select current_setting('tadrib.scope_state', true)) = '*' or exists (select 1 from nominations n where n.id = nomination_id))
  WITH CHECK ((select current_setting('tadrib.scope_state', true)) = '*' or exists (select 1 from nominations n where n.id = nomination_id));
