-- The sessions list's total (issue 14): the list's every page carried the count of all its matches,
-- and for a reader who sees every session (programme and M&E officers) that count read all of them on
-- every request (6,000 sessions at scale 100: 0.6 ms of the statement's 0.8 ms, the larger part of
-- the database's work for the most requested read). session_counts holds how many sessions each
-- (course, status, year of start) has, the keys of the list's filters, so the total is a sum over a
-- few hundred rows.
--
-- Exact after every change, as official_counts (0040): statement-level triggers with transition
-- tables add each statement's changes by group, in key order; a change that moves no session between
-- groups (a venue, a capacity) writes nothing; a group brought to zero is deleted. Paths that turn the
-- triggers off (the bulk loads of the demo seed, a restore) recount with session_counts_recount().
-- Sessions are not behind the state wall; the counts tell what the sessions list tells a reader who
-- sees every session, and only such a reader's list reads them. tadrib_app may only read them.
CREATE TABLE "session_counts" (
	"course_id" uuid NOT NULL,
	"status" text NOT NULL,
	"year" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "session_counts_course_id_status_year_pk" PRIMARY KEY("course_id","status","year")
);
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON session_counts FROM tadrib_app;
--> statement-breakpoint
CREATE FUNCTION session_counts_follow() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  -- The statement's changes as (group, +1 or -1) per row: its transition tables.
  change text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT course_id, status, extract(year from start_date)::int AS year, 1 AS d FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT course_id, status, extract(year from start_date)::int AS year, -1 AS d FROM old_rows'
    ELSE 'SELECT course_id, status, extract(year from start_date)::int AS year, 1 AS d FROM new_rows'
      || ' UNION ALL SELECT course_id, status, extract(year from start_date)::int, -1 FROM old_rows'
  END;
  emptied tid;
BEGIN
  FOR emptied IN EXECUTE
    'INSERT INTO public.session_counts AS c (course_id, status, year, n)'
    || ' SELECT course_id, status, year, sum(d)::int FROM (' || change || ') AS change'
    || ' GROUP BY course_id, status, year HAVING sum(d) <> 0'
    || ' ORDER BY course_id, status, year'
    || ' ON CONFLICT ON CONSTRAINT session_counts_course_id_status_year_pk DO UPDATE SET n = c.n + excluded.n'
    || ' RETURNING CASE WHEN c.n = 0 THEN c.ctid END'
  LOOP
    IF emptied IS NOT NULL THEN
      DELETE FROM public.session_counts WHERE ctid = emptied;
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Every count again from the sessions, for the paths that write them with the triggers off. The
-- sessions are locked against writers meanwhile, so no change falls between the count and its rows.
CREATE FUNCTION session_counts_recount() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  LOCK TABLE public.training_sessions IN SHARE MODE;
  DELETE FROM public.session_counts;
  INSERT INTO public.session_counts (course_id, status, year, n)
    SELECT course_id, status, extract(year from start_date)::int, count(*)::int
    FROM public.training_sessions GROUP BY 1, 2, 3;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION session_counts_recount() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION session_counts_recount() FROM tadrib_app;
--> statement-breakpoint
CREATE FUNCTION session_counts_emptied() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  TRUNCATE public.session_counts;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER training_sessions_counts_insert AFTER INSERT ON training_sessions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION session_counts_follow();
--> statement-breakpoint
CREATE TRIGGER training_sessions_counts_update AFTER UPDATE ON training_sessions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION session_counts_follow();
--> statement-breakpoint
CREATE TRIGGER training_sessions_counts_delete AFTER DELETE ON training_sessions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION session_counts_follow();
--> statement-breakpoint
CREATE TRIGGER training_sessions_counts_truncate AFTER TRUNCATE ON training_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION session_counts_emptied();
--> statement-breakpoint
SELECT session_counts_recount();
