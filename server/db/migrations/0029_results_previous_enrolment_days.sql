ALTER TABLE "result_enrolments" ADD COLUMN "previous_ended_on" date;--> statement-breakpoint
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_programme" date;--> statement-breakpoint
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_level" date;--> statement-breakpoint
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_theme" date;--> statement-breakpoint
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_modality" date;--> statement-breakpoint
-- The enrolments kept before this migration get their previous days here; the refresh writes them from now on.
UPDATE "result_enrolments" e SET "previous_ended_on" = w.any_day, "previous_in_programme" = w.programme_day,
  "previous_in_level" = w.level_day, "previous_in_theme" = w.theme_day, "previous_in_modality" = w.modality_day
FROM (SELECT nomination_id,
    lag(ended_on) OVER (PARTITION BY official_id ORDER BY ended_on, nomination_id) AS any_day,
    lag(ended_on) OVER (PARTITION BY official_id, programme_id ORDER BY ended_on, nomination_id) AS programme_day,
    lag(ended_on) OVER (PARTITION BY official_id, course_level ORDER BY ended_on, nomination_id) AS level_day,
    lag(ended_on) OVER (PARTITION BY official_id, thematic_area ORDER BY ended_on, nomination_id) AS theme_day,
    lag(ended_on) OVER (PARTITION BY official_id, modality ORDER BY ended_on, nomination_id) AS modality_day
  FROM "result_enrolments") w
WHERE w.nomination_id = e.nomination_id;
