CREATE TABLE "course_partners" (
	"course_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "course_partners_course_id_organisation_id_role_pk" PRIMARY KEY("course_id","organisation_id","role"),
	CONSTRAINT "course_partners_role_valid" CHECK ("course_partners"."role" in ('donor','delivering_partner'))
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"learning_objectives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"level" text NOT NULL,
	"hours" smallint NOT NULL,
	"thematic_area" text NOT NULL,
	"pillars" text[] DEFAULT '{}'::text[] NOT NULL,
	"resolutions" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"attendance_threshold" numeric(4, 3) DEFAULT 0.8 NOT NULL,
	"test_max_score" numeric(6, 2),
	"post_test_pass_mark" numeric(6, 2),
	"tailored_for_iso2" text,
	"needs_assessment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courses_code_unique" UNIQUE("code"),
	CONSTRAINT "courses_level_valid" CHECK ("courses"."level" in ('foundational','intermediate','advanced','training_of_trainers')),
	CONSTRAINT "courses_hours_positive" CHECK ("courses"."hours" > 0),
	CONSTRAINT "courses_threshold_range" CHECK ("courses"."attendance_threshold" > 0 and "courses"."attendance_threshold" <= 1),
	CONSTRAINT "courses_pass_mark_range" CHECK ("courses"."post_test_pass_mark" is null or ("courses"."test_max_score" is not null and "courses"."post_test_pass_mark" between 0 and "courses"."test_max_score"))
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"thematic_area" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programmes_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "attendance" (
	"nomination_id" uuid NOT NULL,
	"day" date NOT NULL,
	"present" boolean NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_nomination_id_day_pk" PRIMARY KEY("nomination_id","day")
);
--> statement-breakpoint
CREATE TABLE "cascade_trainings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"nomination_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"location" text,
	"colleagues_trained" integer NOT NULL,
	"women_trained" integer DEFAULT 0 NOT NULL,
	"description" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cascade_trainings_counts" CHECK ("cascade_trainings"."colleagues_trained" > 0 and "cascade_trainings"."women_trained" between 0 and "cascade_trainings"."colleagues_trained")
);
--> statement-breakpoint
CREATE TABLE "completion_overrides" (
	"nomination_id" uuid PRIMARY KEY NOT NULL,
	"completed" boolean NOT NULL,
	"reason" text NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_receipts" (
	"nomination_id" uuid PRIMARY KEY NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"comment" text,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"nomination_id" uuid PRIMARY KEY NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"applied" boolean,
	"how_applied" text
);
--> statement-breakpoint
CREATE TABLE "hr_screenings" (
	"nomination_id" uuid PRIMARY KEY NOT NULL,
	"risk_level" text NOT NULL,
	"mitigation" text,
	"decision" text NOT NULL,
	"reasons" text NOT NULL,
	"screened_by" uuid,
	"screened_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hr_screenings_risk_valid" CHECK ("hr_screenings"."risk_level" in ('low','medium','high')),
	CONSTRAINT "hr_screenings_decision_valid" CHECK ("hr_screenings"."decision" in ('cleared','cleared_with_mitigation','not_cleared'))
);
--> statement-breakpoint
CREATE TABLE "nomination_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"nomination_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"by_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nominations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"official_id" uuid NOT NULL,
	"status" text DEFAULT 'nominated' NOT NULL,
	"waitlist_rank" integer,
	"decision_reason" text,
	"nominated_by" uuid,
	"nominated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nominations_status_valid" CHECK ("nominations"."status" in ('nominated','accepted','waitlisted','rejected','withdrawn')),
	CONSTRAINT "nominations_rejection_reason" CHECK ("nominations"."status" <> 'rejected' or "nominations"."decision_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "session_days" (
	"session_id" uuid NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "session_days_session_id_day_pk" PRIMARY KEY("session_id","day")
);
--> statement-breakpoint
CREATE TABLE "session_quotas" (
	"session_id" uuid NOT NULL,
	"state_iso2" text NOT NULL,
	"seats" smallint NOT NULL,
	CONSTRAINT "session_quotas_session_id_state_iso2_pk" PRIMARY KEY("session_id","state_iso2"),
	CONSTRAINT "session_quotas_seats" CHECK ("session_quotas"."seats" > 0)
);
--> statement-breakpoint
CREATE TABLE "session_trainers" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "session_trainers_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "test_scores" (
	"nomination_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"score" numeric(6, 2) NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_scores_nomination_id_kind_pk" PRIMARY KEY("nomination_id","kind"),
	CONSTRAINT "test_scores_kind_valid" CHECK ("test_scores"."kind" in ('pre','post')),
	CONSTRAINT "test_scores_non_negative" CHECK ("test_scores"."score" >= 0)
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"code" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"venue_city" text,
	"venue_country" text,
	"modality" text NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"capacity" smallint NOT NULL,
	"women_target" numeric(4, 3),
	"nomination_deadline" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_code_unique" UNIQUE("code"),
	CONSTRAINT "training_sessions_dates" CHECK ("training_sessions"."end_date" >= "training_sessions"."start_date" and "training_sessions"."nomination_deadline" <= "training_sessions"."start_date"),
	CONSTRAINT "training_sessions_capacity" CHECK ("training_sessions"."capacity" > 0),
	CONSTRAINT "training_sessions_modality_valid" CHECK ("training_sessions"."modality" in ('in_person','online','blended')),
	CONSTRAINT "training_sessions_status_valid" CHECK ("training_sessions"."status" in ('planned','open','closed','completed','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"acronym" text,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_kind_valid" CHECK ("organisations"."kind" in ('un_entity','international_body','regional_body','donor_government','academic_institution','civil_society','other'))
);
--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state_iso2" text NOT NULL,
	"name" text NOT NULL,
	"acronym" text,
	"type" text NOT NULL,
	"parent_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "distinct_official_pairs" (
	"first_id" uuid NOT NULL,
	"second_id" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distinct_official_pairs_ordered" CHECK ("distinct_official_pairs"."first_id" < "distinct_official_pairs"."second_id")
);
--> statement-breakpoint
CREATE TABLE "official_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survivor_id" uuid NOT NULL,
	"absorbed_id" uuid NOT NULL,
	"merged_by" uuid,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text,
	"absorbed_snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "officials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state_iso2" text NOT NULL,
	"agency_id" uuid,
	"family_name" text NOT NULL,
	"given_names" text NOT NULL,
	"name_original" text,
	"sex" text NOT NULL,
	"birth_date" date,
	"rank" text,
	"position" text,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"email" text,
	"phone" text,
	"notes" text,
	"name_keys" text NOT NULL,
	"merged_into_id" uuid,
	"merged_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "officials_sex_valid" CHECK ("officials"."sex" in ('female','male')),
	CONSTRAINT "officials_not_merged_into_self" CHECK ("officials"."merged_into_id" is null or "officials"."merged_into_id" <> "officials"."id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "official_id" uuid;--> statement-breakpoint
ALTER TABLE "course_partners" ADD CONSTRAINT "course_partners_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_partners" ADD CONSTRAINT "course_partners_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_tailored_for_iso2_member_states_iso2_fk" FOREIGN KEY ("tailored_for_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cascade_trainings" ADD CONSTRAINT "cascade_trainings_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cascade_trainings" ADD CONSTRAINT "cascade_trainings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_overrides" ADD CONSTRAINT "completion_overrides_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completion_overrides" ADD CONSTRAINT "completion_overrides_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_receipts" ADD CONSTRAINT "evaluation_receipts_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_responses" ADD CONSTRAINT "evaluation_responses_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hr_screenings" ADD CONSTRAINT "hr_screenings_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hr_screenings" ADD CONSTRAINT "hr_screenings_screened_by_users_id_fk" FOREIGN KEY ("screened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_events" ADD CONSTRAINT "nomination_events_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_events" ADD CONSTRAINT "nomination_events_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_official_id_officials_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_nominated_by_users_id_fk" FOREIGN KEY ("nominated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nominations" ADD CONSTRAINT "nominations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_days" ADD CONSTRAINT "session_days_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_quotas" ADD CONSTRAINT "session_quotas_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_quotas" ADD CONSTRAINT "session_quotas_state_iso2_member_states_iso2_fk" FOREIGN KEY ("state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_trainers" ADD CONSTRAINT "session_trainers_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_trainers" ADD CONSTRAINT "session_trainers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_scores" ADD CONSTRAINT "test_scores_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_scores" ADD CONSTRAINT "test_scores_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_state_iso2_member_states_iso2_fk" FOREIGN KEY ("state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_type_agency_types_code_fk" FOREIGN KEY ("type") REFERENCES "public"."agency_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distinct_official_pairs" ADD CONSTRAINT "distinct_official_pairs_first_id_officials_id_fk" FOREIGN KEY ("first_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distinct_official_pairs" ADD CONSTRAINT "distinct_official_pairs_second_id_officials_id_fk" FOREIGN KEY ("second_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distinct_official_pairs" ADD CONSTRAINT "distinct_official_pairs_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_merges" ADD CONSTRAINT "official_merges_survivor_id_officials_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_merges" ADD CONSTRAINT "official_merges_absorbed_id_officials_id_fk" FOREIGN KEY ("absorbed_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_merges" ADD CONSTRAINT "official_merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officials" ADD CONSTRAINT "officials_state_iso2_member_states_iso2_fk" FOREIGN KEY ("state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officials" ADD CONSTRAINT "officials_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officials" ADD CONSTRAINT "officials_merged_into_id_officials_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officials" ADD CONSTRAINT "officials_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "courses_programme_idx" ON "courses" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "cascade_trainings_nomination_idx" ON "cascade_trainings" USING btree ("nomination_id");--> statement-breakpoint
CREATE INDEX "evaluation_responses_session_idx" ON "evaluation_responses" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "nomination_events_nomination_idx" ON "nomination_events" USING btree ("nomination_id");--> statement-breakpoint
CREATE UNIQUE INDEX "nominations_session_official_key" ON "nominations" USING btree ("session_id","official_id");--> statement-breakpoint
CREATE INDEX "nominations_official_idx" ON "nominations" USING btree ("official_id");--> statement-breakpoint
CREATE INDEX "nominations_session_status_idx" ON "nominations" USING btree ("session_id","status");--> statement-breakpoint
CREATE INDEX "session_trainers_user_idx" ON "session_trainers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "training_sessions_course_idx" ON "training_sessions" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "training_sessions_start_idx" ON "training_sessions" USING btree ("start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_name_key" ON "organisations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "agencies_state_idx" ON "agencies" USING btree ("state_iso2");--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_state_name_key" ON "agencies" USING btree ("state_iso2","name");--> statement-breakpoint
CREATE UNIQUE INDEX "distinct_official_pairs_key" ON "distinct_official_pairs" USING btree ("first_id","second_id");--> statement-breakpoint
CREATE UNIQUE INDEX "official_merges_absorbed_key" ON "official_merges" USING btree ("absorbed_id");--> statement-breakpoint
CREATE INDEX "official_merges_survivor_idx" ON "official_merges" USING btree ("survivor_id");--> statement-breakpoint
CREATE INDEX "officials_state_idx" ON "officials" USING btree ("state_iso2");--> statement-breakpoint
CREATE INDEX "officials_agency_idx" ON "officials" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "officials_merged_into_idx" ON "officials" USING btree ("merged_into_id");--> statement-breakpoint
CREATE INDEX "officials_birth_date_idx" ON "officials" USING btree ("birth_date");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_official_id_officials_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."officials"("id") ON DELETE no action ON UPDATE no action;