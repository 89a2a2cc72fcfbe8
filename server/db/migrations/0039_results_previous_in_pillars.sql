-- Persons by pillar over a span of days that is not whole years (issue 14) counted each person with
-- count(distinct) over every enrolment of the span: an enrolment carries several pillars, and no
-- previous day was kept per pillar. Each enrolment now keeps, per pillar and in the order of `pillars`,
-- the day the person's previous completed enrolment with that pillar ended (the same window as the
-- refresh's, server/modules/results/freshness.ts, previousInPillars), and the facts by month get their
-- rows by pillar (dimension 'pillar', one row per pillar value).
ALTER TABLE "result_enrolments" ADD COLUMN "previous_in_pillars" date[];--> statement-breakpoint
-- And the day of the next one per pillar: a span starting mid-month finds, among the enrolments of that
-- month before it, those whose next one with a pillar is in the span's whole months, by their day.
ALTER TABLE "result_enrolments" ADD COLUMN "next_in_pillars" date[];--> statement-breakpoint
-- The enrolments kept so far, set-wise, as the tables' owner (queuing every person instead would make
-- the first read after upgrading rebuild every fact through the server).
UPDATE result_enrolments e SET previous_in_pillars = p.previous_in_pillars, next_in_pillars = p.next_in_pillars
  FROM (SELECT nomination_id, array_agg(previous ORDER BY ord) AS previous_in_pillars,
          array_agg(next ORDER BY ord) AS next_in_pillars
        FROM (SELECT e.nomination_id, u.ord, lag(e.ended_on) OVER w AS previous, lead(e.ended_on) OVER w AS next
              FROM result_enrolments e CROSS JOIN LATERAL unnest(e.pillars) WITH ORDINALITY u(pillar, ord)
              WINDOW w AS (PARTITION BY e.official_id, u.pillar ORDER BY e.ended_on, e.nomination_id)) x
        GROUP BY nomination_id) p
  WHERE p.nomination_id = e.nomination_id;
--> statement-breakpoint
UPDATE result_enrolments SET previous_in_pillars = '{}', next_in_pillars = '{}' WHERE previous_in_pillars IS NULL;
--> statement-breakpoint
-- The UPDATE left a dead copy of every row (PGlite never vacuums by itself): CLUSTER writes the table
-- anew, in the order of its day, as migration 0038 did.
CLUSTER "result_enrolments" USING "result_enrolments_ended_session_official_idx";--> statement-breakpoint
-- The facts by month by pillar: the same SQL as the refresh's (freshness.ts, monthFacts), pillar rows only.
INSERT INTO result_month_facts (dimension, value, programme_id, month, state_iso2, sex, participations, paired_tests,
    gain_sum, gain_square_sum, normalised_tests, normalised_gain_sum, follow_up_answers, applied, firsts_none, firsts_back)
  WITH g AS (
    SELECT 'pillar'::text AS dimension, d.pillar AS value, '00000000-0000-0000-0000-000000000000'::uuid AS programme_id,
      e.state_iso2, e.sex,
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
    FROM result_enrolments e CROSS JOIN LATERAL unnest(e.pillars, e.previous_in_pillars) d(pillar, previous)
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
ANALYZE result_enrolments;--> statement-breakpoint
ANALYZE result_month_facts;
