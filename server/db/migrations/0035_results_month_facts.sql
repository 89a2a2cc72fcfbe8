CREATE TABLE "result_month_facts" (
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"programme_id" uuid NOT NULL,
	"month" smallint NOT NULL,
	"state_iso2" text NOT NULL,
	"sex" text NOT NULL,
	"participations" integer NOT NULL,
	"paired_tests" integer NOT NULL,
	"gain_sum" numeric NOT NULL,
	"gain_square_sum" numeric NOT NULL,
	"normalised_tests" integer NOT NULL,
	"normalised_gain_sum" numeric NOT NULL,
	"follow_up_answers" integer NOT NULL,
	"applied" integer NOT NULL,
	"firsts_none" integer NOT NULL,
	"firsts_back" integer[] NOT NULL,
	CONSTRAINT "result_month_facts_pkey" PRIMARY KEY("dimension","programme_id","month","value","state_iso2","sex")
);
--> statement-breakpoint
CREATE INDEX "result_enrolments_previous_ended_idx" ON "result_enrolments" USING btree ("previous_ended_on","ended_on");--> statement-breakpoint
CREATE INDEX "result_enrolments_previous_programme_idx" ON "result_enrolments" USING btree ("previous_in_programme","ended_on");--> statement-breakpoint
CREATE INDEX "result_enrolments_previous_level_idx" ON "result_enrolments" USING btree ("previous_in_level","ended_on");--> statement-breakpoint
CREATE INDEX "result_enrolments_previous_theme_idx" ON "result_enrolments" USING btree ("previous_in_theme","ended_on");--> statement-breakpoint
CREATE INDEX "result_enrolments_previous_modality_idx" ON "result_enrolments" USING btree ("previous_in_modality","ended_on");--> statement-breakpoint
-- The recomputation empties the facts by month whole when it rebuilds everything.
GRANT TRUNCATE ON result_month_facts TO tadrib_app;
--> statement-breakpoint
-- The facts by month of the enrolments kept so far, written here once, as the tables' owner and
-- set-wise: queuing every person instead would make the first read after upgrading rebuild every
-- fact through the server (19+ minutes at scale 100). The same SQL as the refresh's
-- (server/modules/results/freshness.ts, monthFacts) over every enrolment.
INSERT INTO result_month_facts (dimension, value, programme_id, month, state_iso2, sex, participations, paired_tests,
    gain_sum, gain_square_sum, normalised_tests, normalised_gain_sum, follow_up_answers, applied, firsts_none, firsts_back)
  WITH g AS (
    SELECT d.dimension, d.value, d.programme_id, e.state_iso2, e.sex,
      (extract(year from e.ended_on)::int - 2000) * 12 + extract(month from e.ended_on)::int - 1 AS month,
      ((extract(year from e.ended_on)::int - 2000) * 12 + extract(month from e.ended_on)::int - 1)
        - ((extract(year from d.previous)::int - 2000) * 12 + extract(month from d.previous)::int - 1) AS back,
      count(*)::int AS participations,
      count(*) FILTER (WHERE pre_score IS NOT NULL AND post_score IS NOT NULL)::int AS paired_tests,
      coalesce(sum(post_score - pre_score) FILTER (WHERE pre_score IS NOT NULL AND post_score IS NOT NULL), 0) AS gain_sum,
      coalesce(sum((post_score - pre_score) * (post_score - pre_score))
        FILTER (WHERE pre_score IS NOT NULL AND post_score IS NOT NULL), 0) AS gain_square_sum,
      count(*) FILTER (WHERE pre_score IS NOT NULL AND post_score IS NOT NULL AND max_score > pre_score)::int AS normalised_tests,
      coalesce(sum((post_score - pre_score) / (max_score - pre_score))
        FILTER (WHERE pre_score IS NOT NULL AND post_score IS NOT NULL AND max_score > pre_score), 0) AS normalised_gain_sum,
      count(*) FILTER (WHERE follow_up_answered)::int AS follow_up_answers,
      count(*) FILTER (WHERE follow_up_answered AND applied)::int AS applied
    FROM result_enrolments e CROSS JOIN LATERAL (VALUES
      ('total'::text, ''::text, '00000000-0000-0000-0000-000000000000'::uuid, e.previous_ended_on),
      ('state', e.state_iso2, '00000000-0000-0000-0000-000000000000', e.previous_ended_on),
      ('sex', e.sex, '00000000-0000-0000-0000-000000000000', e.previous_ended_on),
      ('agency_type', e.agency_type, '00000000-0000-0000-0000-000000000000', e.previous_ended_on),
      ('programme', e.programme_id::text, '00000000-0000-0000-0000-000000000000', e.previous_in_programme),
      ('course_level', e.course_level, '00000000-0000-0000-0000-000000000000', e.previous_in_level),
      ('thematic_area', e.thematic_area, '00000000-0000-0000-0000-000000000000', e.previous_in_theme),
      ('modality', e.modality, '00000000-0000-0000-0000-000000000000', e.previous_in_modality),
      ('total', '', e.programme_id, e.previous_in_programme),
      ('state', e.state_iso2, e.programme_id, e.previous_in_programme),
      ('sex', e.sex, e.programme_id, e.previous_in_programme),
      ('agency_type', e.agency_type, e.programme_id, e.previous_in_programme)) d(dimension, value, programme_id, previous)
    GROUP BY 1, 2, 3, 4, 5, 6, 7),
  backs AS (
    SELECT dimension, value, programme_id, month, state_iso2, sex, array_agg(n ORDER BY j) AS firsts_back
    FROM (SELECT dimension, value, programme_id, month, state_iso2, sex, j, sum(participations)::int AS n
          FROM g CROSS JOIN generate_series(1, g.back) j GROUP BY 1, 2, 3, 4, 5, 6, 7) c
    GROUP BY 1, 2, 3, 4, 5, 6)
  SELECT dimension, value, programme_id, month, state_iso2, sex, sum(participations)::int, sum(paired_tests)::int,
    sum(gain_sum), sum(gain_square_sum), sum(normalised_tests)::int, sum(normalised_gain_sum), sum(follow_up_answers)::int,
    sum(applied)::int, coalesce(sum(participations) FILTER (WHERE g.back IS NULL), 0)::int, coalesce(backs.firsts_back, '{}')
  FROM g LEFT JOIN backs USING (dimension, value, programme_id, month, state_iso2, sex)
  GROUP BY dimension, value, programme_id, month, state_iso2, sex, backs.firsts_back;
--> statement-breakpoint
ANALYZE result_month_facts;
