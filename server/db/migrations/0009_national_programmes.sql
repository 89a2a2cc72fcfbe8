CREATE TABLE "national_programme_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"language" text,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_programme_documents_file_id_unique" UNIQUE("file_id"),
	CONSTRAINT "national_programme_documents_language_valid" CHECK ("national_programme_documents"."language" in ('en','fr','ar','pt'))
);
--> statement-breakpoint
CREATE TABLE "national_programme_engagements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state_iso2" text NOT NULL,
	"title" jsonb NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_programme_engagements_kind_valid" CHECK ("national_programme_engagements"."kind" in ('strategy','action_plan','other')),
	CONSTRAINT "national_programme_engagements_status_valid" CHECK ("national_programme_engagements"."status" in ('active','on_hold','completed','discontinued'))
);
--> statement-breakpoint
CREATE TABLE "national_programme_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"engagement_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"title" jsonb NOT NULL,
	CONSTRAINT "national_programme_parts_position_key" UNIQUE("engagement_id","position")
);
--> statement-breakpoint
CREATE TABLE "national_programme_pillar_coverage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"engagement_id" uuid NOT NULL,
	"part_id" uuid,
	"pillar_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "national_programme_resolution_coverage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"engagement_id" uuid NOT NULL,
	"part_id" uuid,
	"resolution_number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "national_programme_stage_counterparts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"function" text,
	"organisation" text,
	CONSTRAINT "national_programme_stage_counterparts_position_key" UNIQUE("stage_id","position")
);
--> statement-breakpoint
CREATE TABLE "national_programme_stage_staff" (
	"stage_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "national_programme_stage_staff_stage_id_user_id_pk" PRIMARY KEY("stage_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "national_programme_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"engagement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sequence" smallint DEFAULT 1 NOT NULL,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"skipped" boolean DEFAULT false NOT NULL,
	"notes" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_programme_stages_order_key" UNIQUE("engagement_id","kind","sequence"),
	CONSTRAINT "national_programme_stages_kind_valid" CHECK ("national_programme_stages"."kind" in ('request','assessment','drafting_workshop','validation','adoption','implementation')),
	CONSTRAINT "national_programme_stages_sequence_valid" CHECK ("national_programme_stages"."sequence" >= 1 and ("national_programme_stages"."kind" = 'drafting_workshop' or "national_programme_stages"."sequence" = 1)),
	CONSTRAINT "national_programme_stages_planned_order" CHECK ("national_programme_stages"."planned_end" >= "national_programme_stages"."planned_start"),
	CONSTRAINT "national_programme_stages_actual_order" CHECK ("national_programme_stages"."actual_end" is null or ("national_programme_stages"."actual_start" is not null and "national_programme_stages"."actual_end" >= "national_programme_stages"."actual_start")),
	CONSTRAINT "national_programme_stages_skipped_undated" CHECK (not "national_programme_stages"."skipped" or ("national_programme_stages"."actual_start" is null and "national_programme_stages"."actual_end" is null))
);
--> statement-breakpoint
ALTER TABLE "national_programme_documents" ADD CONSTRAINT "national_programme_documents_stage_id_national_programme_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."national_programme_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_documents" ADD CONSTRAINT "national_programme_documents_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_documents" ADD CONSTRAINT "national_programme_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_engagements" ADD CONSTRAINT "national_programme_engagements_state_iso2_member_states_iso2_fk" FOREIGN KEY ("state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_engagements" ADD CONSTRAINT "national_programme_engagements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_parts" ADD CONSTRAINT "national_programme_parts_engagement_id_national_programme_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."national_programme_engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_pillar_coverage" ADD CONSTRAINT "national_programme_pillar_coverage_engagement_id_national_programme_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."national_programme_engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_pillar_coverage" ADD CONSTRAINT "national_programme_pillar_coverage_part_id_national_programme_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."national_programme_parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_pillar_coverage" ADD CONSTRAINT "national_programme_pillar_coverage_pillar_code_strategy_pillars_code_fk" FOREIGN KEY ("pillar_code") REFERENCES "public"."strategy_pillars"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_resolution_coverage" ADD CONSTRAINT "national_programme_resolution_coverage_engagement_id_national_programme_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."national_programme_engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_resolution_coverage" ADD CONSTRAINT "national_programme_resolution_coverage_part_id_national_programme_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."national_programme_parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_resolution_coverage" ADD CONSTRAINT "national_programme_resolution_coverage_resolution_number_security_council_resolutions_number_fk" FOREIGN KEY ("resolution_number") REFERENCES "public"."security_council_resolutions"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_stage_counterparts" ADD CONSTRAINT "national_programme_stage_counterparts_stage_id_national_programme_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."national_programme_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_stage_staff" ADD CONSTRAINT "national_programme_stage_staff_stage_id_national_programme_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."national_programme_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_stage_staff" ADD CONSTRAINT "national_programme_stage_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_programme_stages" ADD CONSTRAINT "national_programme_stages_engagement_id_national_programme_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."national_programme_engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "national_programme_documents_stage_idx" ON "national_programme_documents" USING btree ("stage_id");--> statement-breakpoint
CREATE INDEX "national_programme_engagements_state_idx" ON "national_programme_engagements" USING btree ("state_iso2");--> statement-breakpoint
CREATE INDEX "national_programme_pillar_coverage_engagement_idx" ON "national_programme_pillar_coverage" USING btree ("engagement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "national_programme_pillar_coverage_whole_key" ON "national_programme_pillar_coverage" USING btree ("engagement_id","pillar_code") WHERE "national_programme_pillar_coverage"."part_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "national_programme_pillar_coverage_part_key" ON "national_programme_pillar_coverage" USING btree ("part_id","pillar_code") WHERE "national_programme_pillar_coverage"."part_id" is not null;--> statement-breakpoint
CREATE INDEX "national_programme_resolution_coverage_engagement_idx" ON "national_programme_resolution_coverage" USING btree ("engagement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "national_programme_resolution_coverage_whole_key" ON "national_programme_resolution_coverage" USING btree ("engagement_id","resolution_number") WHERE "national_programme_resolution_coverage"."part_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "national_programme_resolution_coverage_part_key" ON "national_programme_resolution_coverage" USING btree ("part_id","resolution_number") WHERE "national_programme_resolution_coverage"."part_id" is not null;--> statement-breakpoint
CREATE INDEX "national_programme_stage_staff_user_idx" ON "national_programme_stage_staff" USING btree ("user_id");