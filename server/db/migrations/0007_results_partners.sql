CREATE TABLE "contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"amount" numeric NOT NULL,
	"currency" text NOT NULL,
	"earmarked" boolean NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"agreement_id" uuid,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contributions_amount_positive" CHECK ("contributions"."amount" > 0),
	CONSTRAINT "contributions_currency_format" CHECK ("contributions"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "contributions_period" CHECK ("contributions"."period_to" >= "contributions"."period_from")
);
--> statement-breakpoint
CREATE TABLE "organisation_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"function_title" text,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"signed_on" date,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"document_file_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_agreements_id_organisation_key" UNIQUE("id","organisation_id"),
	CONSTRAINT "partner_agreements_kind_valid" CHECK ("partner_agreements"."kind" in ('mou','funding_agreement','letter_of_agreement','other')),
	CONSTRAINT "partner_agreements_validity" CHECK ("partner_agreements"."valid_to" is null or "partner_agreements"."valid_to" >= "partner_agreements"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "result_cube" (
	"year" smallint NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"agency_type" text NOT NULL,
	"programme_id" uuid NOT NULL,
	"course_level" text NOT NULL,
	"modality" text NOT NULL,
	"thematic_area" text NOT NULL,
	"participations" integer NOT NULL,
	"paired_tests" integer NOT NULL,
	"gain_sum" numeric NOT NULL,
	"gain_square_sum" numeric NOT NULL,
	"normalised_tests" integer NOT NULL,
	"normalised_gain_sum" numeric NOT NULL,
	"follow_up_answers" integer NOT NULL,
	"applied" integer NOT NULL,
	CONSTRAINT "result_cube_year_state_iso2_sex_agency_type_programme_id_course_level_modality_thematic_area_pk" PRIMARY KEY("year","state_iso2","sex","agency_type","programme_id","course_level","modality","thematic_area")
);
--> statement-breakpoint
CREATE TABLE "result_dirty_officials" (
	"official_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_dirty_sessions" (
	"session_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_enrolments" (
	"nomination_id" uuid PRIMARY KEY NOT NULL,
	"official_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"agency_type" text NOT NULL,
	"course_level" text NOT NULL,
	"thematic_area" text NOT NULL,
	"modality" text NOT NULL,
	"pillars" text[] NOT NULL,
	"ended_on" date NOT NULL,
	"year" smallint NOT NULL,
	"pre_score" numeric,
	"post_score" numeric,
	"max_score" numeric,
	"follow_up_answered" boolean NOT NULL,
	"applied" boolean
);
--> statement-breakpoint
CREATE TABLE "result_officials" (
	"official_id" uuid PRIMARY KEY NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"agency_type" text NOT NULL,
	"years" bigint NOT NULL,
	"programme_years" bigint[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_programme_slots" (
	"programme_id" uuid PRIMARY KEY NOT NULL,
	"slot" smallint NOT NULL,
	CONSTRAINT "result_programme_slots_slot_unique" UNIQUE("slot")
);
--> statement-breakpoint
CREATE TABLE "result_sessions" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"course_level" text NOT NULL,
	"modality" text NOT NULL,
	"thematic_area" text NOT NULL,
	"pillars" text[] DEFAULT '{}'::text[] NOT NULL,
	"ended_on" date NOT NULL,
	"year" smallint NOT NULL,
	"ratings" integer NOT NULL,
	"rating_sum" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "country_iso2" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "seat_city" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "description" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_agreement_same_organisation_fk" FOREIGN KEY ("agreement_id","organisation_id") REFERENCES "public"."partner_agreements"("id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_contacts" ADD CONSTRAINT "organisation_contacts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_agreements" ADD CONSTRAINT "partner_agreements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_agreements" ADD CONSTRAINT "partner_agreements_document_file_id_stored_files_id_fk" FOREIGN KEY ("document_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_agreements" ADD CONSTRAINT "partner_agreements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contributions_organisation_idx" ON "contributions" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "contributions_programme_idx" ON "contributions" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "organisation_contacts_organisation_idx" ON "organisation_contacts" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "partner_agreements_organisation_idx" ON "partner_agreements" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "result_enrolments_official_idx" ON "result_enrolments" USING btree ("official_id");--> statement-breakpoint
CREATE INDEX "result_enrolments_state_year_idx" ON "result_enrolments" USING btree ("state_iso2","year");--> statement-breakpoint
CREATE INDEX "result_enrolments_session_idx" ON "result_enrolments" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "result_enrolments_programme_idx" ON "result_enrolments" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "result_enrolments_ended_idx" ON "result_enrolments" USING btree ("ended_on");--> statement-breakpoint
CREATE INDEX "result_officials_state_idx" ON "result_officials" USING btree ("state_iso2");--> statement-breakpoint
CREATE INDEX "result_sessions_year_idx" ON "result_sessions" USING btree ("year");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_for_partner" CHECK ("users"."organisation_id" is null or "users"."role" = 'partner');--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_country_format" CHECK ("organisations"."country_iso2" is null or "organisations"."country_iso2" ~ '^[A-Z]{2}$');--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_website_format" CHECK ("organisations"."website" is null or "organisations"."website" ~ '^https?://');