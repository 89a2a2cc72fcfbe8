CREATE TABLE "result_day_facts" (
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"day" date NOT NULL,
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
	CONSTRAINT "result_day_facts_pkey" PRIMARY KEY("dimension","day","value","state_iso2","sex")
);
--> statement-breakpoint
CREATE INDEX "result_day_facts_emptied_idx" ON "result_day_facts" USING btree ("state_iso2") WHERE "result_day_facts"."participations" = 0;--> statement-breakpoint
-- A span of days by pillar read its partial months' enrolments one row per pillar each carries (about
-- 45,000 rows at scale 100 for a span starting mid-month, over the goal on both databases): they are
-- summed here by day, 'total' beside (rows by year and the total of a span by pillar), and kept by the
-- refresh (server/modules/results/freshness.ts) like the facts by month.
-- The recomputation empties them whole when it rebuilds everything.
GRANT TRUNCATE ON result_day_facts TO tadrib_app;
--> statement-breakpoint
-- The enrolments kept so far, set-wise, as the tables' owner (queuing every person instead would make
-- the first read after upgrading rebuild every fact through the server): the same SQL as the refresh's
-- (freshness.ts, factsOf by day) over every enrolment.
INSERT INTO result_day_facts (dimension, value, day, state_iso2, sex, participations, paired_tests, gain_sum,
    gain_square_sum, normalised_tests, normalised_gain_sum, follow_up_answers, applied, firsts_none, firsts_back)
  WITH g AS (
    SELECT d.dimension, d.value, e.ended_on AS day, e.state_iso2, e.sex,
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
    FROM result_enrolments e CROSS JOIN LATERAL (SELECT 'total'::text, ''::text, e.previous_ended_on
      UNION ALL SELECT 'pillar', p.pillar, p.previous FROM unnest(e.pillars, e.previous_in_pillars) p(pillar, previous))
      d(dimension, value, previous)
    GROUP BY 1, 2, 3, 4, 5, 6),
  backs AS (
    SELECT dimension, value, day, state_iso2, sex, array_agg(n ORDER BY j) AS firsts_back
    FROM (SELECT dimension, value, day, state_iso2, sex, j, sum(participations)::int AS n
          FROM g CROSS JOIN generate_series(1, g.back) j GROUP BY 1, 2, 3, 4, 5, 6) c
    GROUP BY 1, 2, 3, 4, 5)
  SELECT dimension, value, day, state_iso2, sex, sum(participations)::int, sum(paired_tests)::int,
    sum(gain_sum), sum(gain_square_sum), sum(normalised_tests)::int, sum(normalised_gain_sum), sum(follow_up_answers)::int,
    sum(applied)::int, coalesce(sum(participations) FILTER (WHERE g.back IS NULL), 0)::int, coalesce(backs.firsts_back, '{}')
  FROM g LEFT JOIN backs USING (dimension, value, day, state_iso2, sex)
  GROUP BY dimension, value, day, state_iso2, sex, backs.firsts_back;
--> statement-breakpoint
ANALYZE result_day_facts;
