-- A span of days that does not start on the 1st reads its partial months' enrolments by day
-- (server/modules/results/month-facts.ts): some 6,000 rows per half month at scale 100, which the
-- refresh had written person by person, so each row sat on its own page (245 ms warm in psql).
-- Rewritten here in the order of their day; the refresh's full rebuild writes them in that order too,
-- and the few rows a change rewrites afterwards are appended, out of order, until the next rebuild.
-- CLUSTER writes a new table (no dead rows are left behind, on PGlite either).
CLUSTER "result_enrolments" USING "result_enrolments_ended_session_official_idx";--> statement-breakpoint
ANALYZE "result_enrolments";
