CREATE TABLE "recommendation_action_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"completed_on" date,
	"details" jsonb,
	"by_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendation_action_events_kind_valid" CHECK ("recommendation_action_events"."kind" in ('created','status','edited','carried_to','carried_from'))
);
--> statement-breakpoint
CREATE TABLE "recommendation_action_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"text" text,
	"url" text,
	"file_id" uuid,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendation_action_evidence_kind_valid" CHECK ("recommendation_action_evidence"."kind" in ('text','link','file')),
	CONSTRAINT "recommendation_action_evidence_content" CHECK (case "recommendation_action_evidence"."kind"
        when 'text' then "recommendation_action_evidence"."text" is not null and length(trim("recommendation_action_evidence"."text")) > 0 and "recommendation_action_evidence"."url" is null and "recommendation_action_evidence"."file_id" is null
        when 'link' then "recommendation_action_evidence"."url" is not null and "recommendation_action_evidence"."url" ~ '^https?://' and "recommendation_action_evidence"."file_id" is null
        else "recommendation_action_evidence"."file_id" is not null and "recommendation_action_evidence"."url" is null end)
);
--> statement-breakpoint
CREATE TABLE "recommendation_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recommendation_id" uuid NOT NULL,
	"description" jsonb NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_state_iso2" text,
	"owner_agency_id" uuid,
	"owner_organisation_id" uuid,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"drop_reason" text,
	"completed_on" date,
	"carried_from_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendation_actions_owner_kind_valid" CHECK ("recommendation_actions"."owner_kind" in ('state','agency','office','organisation')),
	CONSTRAINT "recommendation_actions_one_owner" CHECK (case "recommendation_actions"."owner_kind"
        when 'state' then "recommendation_actions"."owner_state_iso2" is not null and "recommendation_actions"."owner_agency_id" is null and "recommendation_actions"."owner_organisation_id" is null
        when 'agency' then "recommendation_actions"."owner_agency_id" is not null and "recommendation_actions"."owner_state_iso2" is null and "recommendation_actions"."owner_organisation_id" is null
        when 'organisation' then "recommendation_actions"."owner_organisation_id" is not null and "recommendation_actions"."owner_state_iso2" is null and "recommendation_actions"."owner_agency_id" is null
        else "recommendation_actions"."owner_state_iso2" is null and "recommendation_actions"."owner_agency_id" is null and "recommendation_actions"."owner_organisation_id" is null end),
	CONSTRAINT "recommendation_actions_status_valid" CHECK ("recommendation_actions"."status" in ('planned','in_progress','done','dropped')),
	CONSTRAINT "recommendation_actions_dropped_reason" CHECK (("recommendation_actions"."status" = 'dropped') = ("recommendation_actions"."drop_reason" is not null and length(trim("recommendation_actions"."drop_reason")) > 0)),
	CONSTRAINT "recommendation_actions_done_date" CHECK (("recommendation_actions"."status" = 'done') = ("recommendation_actions"."completed_on" is not null)),
	CONSTRAINT "recommendation_actions_not_carried_from_self" CHECK ("recommendation_actions"."carried_from_id" is null or "recommendation_actions"."carried_from_id" <> "recommendation_actions"."id")
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"edition_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" jsonb NOT NULL,
	"pillars" text[] DEFAULT '{}'::text[] NOT NULL,
	"resolutions" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"carried_from_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendations_number_positive" CHECK ("recommendations"."number" > 0),
	CONSTRAINT "recommendations_not_carried_from_self" CHECK ("recommendations"."carried_from_id" is null or "recommendations"."carried_from_id" <> "recommendations"."id")
);
--> statement-breakpoint
ALTER TABLE "recommendation_action_events" ADD CONSTRAINT "recommendation_action_events_action_id_recommendation_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."recommendation_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_action_events" ADD CONSTRAINT "recommendation_action_events_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_action_evidence" ADD CONSTRAINT "recommendation_action_evidence_action_id_recommendation_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."recommendation_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_action_evidence" ADD CONSTRAINT "recommendation_action_evidence_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_action_evidence" ADD CONSTRAINT "recommendation_action_evidence_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_actions" ADD CONSTRAINT "recommendation_actions_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_actions" ADD CONSTRAINT "recommendation_actions_owner_state_iso2_member_states_iso2_fk" FOREIGN KEY ("owner_state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_actions" ADD CONSTRAINT "recommendation_actions_owner_agency_id_agencies_id_fk" FOREIGN KEY ("owner_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_actions" ADD CONSTRAINT "recommendation_actions_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_actions" ADD CONSTRAINT "recommendation_actions_carried_from_id_recommendation_actions_id_fk" FOREIGN KEY ("carried_from_id") REFERENCES "public"."recommendation_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_actions" ADD CONSTRAINT "recommendation_actions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_edition_id_meeting_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."meeting_editions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_carried_from_id_recommendations_id_fk" FOREIGN KEY ("carried_from_id") REFERENCES "public"."recommendations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recommendation_action_events_action_idx" ON "recommendation_action_events" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "recommendation_action_evidence_action_idx" ON "recommendation_action_evidence" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "recommendation_actions_recommendation_idx" ON "recommendation_actions" USING btree ("recommendation_id");--> statement-breakpoint
CREATE INDEX "recommendation_actions_owner_state_idx" ON "recommendation_actions" USING btree ("owner_state_iso2");--> statement-breakpoint
CREATE INDEX "recommendation_actions_owner_agency_idx" ON "recommendation_actions" USING btree ("owner_agency_id");--> statement-breakpoint
CREATE INDEX "recommendation_actions_owner_organisation_idx" ON "recommendation_actions" USING btree ("owner_organisation_id");--> statement-breakpoint
CREATE INDEX "recommendation_actions_due_idx" ON "recommendation_actions" USING btree ("due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "recommendation_actions_carried_from_key" ON "recommendation_actions" USING btree ("carried_from_id") WHERE "recommendation_actions"."carried_from_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "recommendations_edition_number_key" ON "recommendations" USING btree ("edition_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "recommendations_carried_from_key" ON "recommendations" USING btree ("carried_from_id") WHERE "recommendations"."carried_from_id" is not null;