CREATE TABLE "library_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"language" text NOT NULL,
	"version" smallint NOT NULL,
	"file_id" uuid NOT NULL,
	"text_status" text NOT NULL,
	"text" text,
	"pages" integer,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "library_files_file_id_unique" UNIQUE("file_id"),
	CONSTRAINT "library_files_version_key" UNIQUE("item_id","language","version"),
	CONSTRAINT "library_files_language_valid" CHECK ("library_files"."language" in ('en','fr','ar','pt')),
	CONSTRAINT "library_files_version_positive" CHECK ("library_files"."version" > 0),
	CONSTRAINT "library_files_text_status_valid" CHECK ("library_files"."text_status" in ('extracted','not_extracted','none')),
	CONSTRAINT "library_files_text_when_extracted" CHECK (("library_files"."text_status" = 'extracted') = ("library_files"."text" is not null))
);
--> statement-breakpoint
CREATE TABLE "library_item_courses" (
	"item_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	CONSTRAINT "library_item_courses_item_id_course_id_pk" PRIMARY KEY("item_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "library_item_programmes" (
	"item_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	CONSTRAINT "library_item_programmes_item_id_programme_id_pk" PRIMARY KEY("item_id","programme_id")
);
--> statement-breakpoint
CREATE TABLE "library_item_sessions" (
	"item_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	CONSTRAINT "library_item_sessions_item_id_session_id_pk" PRIMARY KEY("item_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "library_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"audience" text NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"published_on" date,
	"author" text,
	"link_url" text,
	"pillars" text[] DEFAULT '{}'::text[] NOT NULL,
	"resolutions" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"thematic_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"states" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "library_items_type_valid" CHECK ("library_items"."type" in ('manual','course_material','case_study','good_practice','legal_text','national_strategy','meeting_document','research','template')),
	CONSTRAINT "library_items_audience_valid" CHECK ("library_items"."audience" in ('public','signed_in','participants','office','states')),
	CONSTRAINT "library_items_states_named" CHECK ("library_items"."audience" <> 'states' or cardinality("library_items"."states") > 0),
	CONSTRAINT "library_items_link_http" CHECK ("library_items"."link_url" is null or "library_items"."link_url" ~ '^https?://')
);
--> statement-breakpoint
CREATE TABLE "library_passages" (
	"item_id" uuid NOT NULL,
	"language" text NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"document" "tsvector" NOT NULL,
	CONSTRAINT "library_passages_item_id_language_position_pk" PRIMARY KEY("item_id","language","position"),
	CONSTRAINT "library_passages_language_valid" CHECK ("library_passages"."language" in ('en','fr','ar','pt'))
);
--> statement-breakpoint
CREATE TABLE "library_search" (
	"item_id" uuid NOT NULL,
	"language" text NOT NULL,
	"document" "tsvector" NOT NULL,
	CONSTRAINT "library_search_item_id_language_pk" PRIMARY KEY("item_id","language"),
	CONSTRAINT "library_search_language_valid" CHECK ("library_search"."language" in ('en','fr','ar','pt'))
);
--> statement-breakpoint
CREATE TABLE "library_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state_iso2" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"context" text NOT NULL,
	"challenge" text NOT NULL,
	"approach" text NOT NULL,
	"results" text NOT NULL,
	"lessons" text NOT NULL,
	"contact" text,
	"name_state" boolean NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"review_note" text,
	"item_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "library_submissions_language_valid" CHECK ("library_submissions"."language" in ('en','fr','ar','pt')),
	CONSTRAINT "library_submissions_status_valid" CHECK ("library_submissions"."status" in ('submitted','returned','resubmitted','published','declined')),
	CONSTRAINT "library_submissions_note_when_decided" CHECK ("library_submissions"."status" not in ('returned','declined') or "library_submissions"."review_note" is not null)
);
--> statement-breakpoint
ALTER TABLE "library_files" ADD CONSTRAINT "library_files_item_id_library_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."library_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_files" ADD CONSTRAINT "library_files_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_files" ADD CONSTRAINT "library_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_item_courses" ADD CONSTRAINT "library_item_courses_item_id_library_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."library_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_item_courses" ADD CONSTRAINT "library_item_courses_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_item_programmes" ADD CONSTRAINT "library_item_programmes_item_id_library_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."library_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_item_programmes" ADD CONSTRAINT "library_item_programmes_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_item_sessions" ADD CONSTRAINT "library_item_sessions_item_id_library_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."library_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_item_sessions" ADD CONSTRAINT "library_item_sessions_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_items" ADD CONSTRAINT "library_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_passages" ADD CONSTRAINT "library_passages_item_id_library_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."library_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_search" ADD CONSTRAINT "library_search_item_id_library_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."library_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_submissions" ADD CONSTRAINT "library_submissions_state_iso2_member_states_iso2_fk" FOREIGN KEY ("state_iso2") REFERENCES "public"."member_states"("iso2") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_submissions" ADD CONSTRAINT "library_submissions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_submissions" ADD CONSTRAINT "library_submissions_item_id_library_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."library_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "library_item_courses_course_idx" ON "library_item_courses" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "library_item_programmes_programme_idx" ON "library_item_programmes" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "library_item_sessions_session_idx" ON "library_item_sessions" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "library_items_published_idx" ON "library_items" USING btree ("published_on","id");--> statement-breakpoint
CREATE INDEX "library_items_states_idx" ON "library_items" USING gin ("states");--> statement-breakpoint
CREATE INDEX "library_passages_document_idx" ON "library_passages" USING gin ("document");--> statement-breakpoint
CREATE INDEX "library_search_document_idx" ON "library_search" USING gin ("document");--> statement-breakpoint
CREATE INDEX "library_submissions_submitter_idx" ON "library_submissions" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "library_submissions_state_idx" ON "library_submissions" USING btree ("state_iso2");--> statement-breakpoint
-- Search in each language ignores accents (a search for "securite" finds "sécurité"): every
-- language's configuration passes words through unaccent before its own stemmer, so that the
-- documents, the queries and the highlighted snippets (ts_headline) all read words the same way.
-- unaccent is a trusted extension (PostgreSQL 13 and later); PGlite loads it (server/platform/db.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION tadrib_en (COPY = pg_catalog.english);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION tadrib_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION tadrib_fr (COPY = pg_catalog.french);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION tadrib_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION tadrib_pt (COPY = pg_catalog.portuguese);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION tadrib_pt ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION tadrib_ar (COPY = pg_catalog.arabic);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION tadrib_ar ALTER MAPPING FOR hword, hword_part, word WITH unaccent, arabic_stem;--> statement-breakpoint
-- The wall (see 0014_rls_roles.sql) around the items of named states: a state's scope reaches
-- the items naming it, '*' every item, and the other audiences stay to the access layer
-- (libraryItemScopeCondition, server/platform/access.ts), which narrows further (a participant
-- of a named state does not read its items). Files and search documents follow their item;
-- good-practice submissions (their contact names a person) their state.
DO $$
DECLARE
  every_state CONSTANT text := '(select current_setting(''tadrib.scope_state'', true)) = ''*''';
  the_state CONSTANT text := '(select current_setting(''tadrib.scope_state'', true))';
  rule record;
BEGIN
  FOR rule IN
    SELECT * FROM (VALUES
      ('library_items', 'audience <> ''states'' or ' || the_state || ' = any (states)'),
      ('library_files', 'exists (select 1 from library_items i where i.id = item_id)'),
      ('library_search', 'exists (select 1 from library_items i where i.id = item_id)'),
      ('library_passages', 'exists (select 1 from library_items i where i.id = item_id)'),
      ('library_submissions', 'state_iso2 = ' || the_state)
    ) AS r(tbl, within_state)
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', rule.tbl);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', rule.tbl);
    EXECUTE format('CREATE POLICY state_wall ON %I USING (%s or %s) WITH CHECK (%s or %s)',
      rule.tbl, every_state, rule.within_state, every_state, rule.within_state);
  END LOOP;
END
$$;
