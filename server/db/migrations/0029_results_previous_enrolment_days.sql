ALTER TABLE "result_enrolments" ADD COLUMN "previous_ended_on" date;--> statement-breakpoint
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_programme" date;--> statement-breakpoint
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_level" date;--> statement-breakpoint
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_theme" date;--> statement-breakpoint
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_modality" date;--> statement-breakpoint
-- The enrolments kept before this migration get their previous days from the next read of results:
-- every person is queued, and above 20,000 the refresh rebuilds the facts whole (truncated and
-- written again, where an UPDATE of every row would leave PGlite, which never vacuums by itself,
-- with a table twice its size).
INSERT INTO "result_dirty_officials" ("official_id") SELECT "official_id" FROM "result_officials" ON CONFLICT DO NOTHING;
