-- The drill-down's pages past the first (issue 14). The records behind a figure are read as
-- tadrib_app under row-level security (0014), whose policy on result_officials and
-- result_enrolments made the planner expect a few hundred rows where there are 800,000: it sorted
-- every enrolment of the period (page 200 of the enrolments 4.8–5.3 s at scale 100 on PostgreSQL)
-- instead of walking an index in the page's order. As official_page_ids (0024), these functions
-- run as the owner of the tables (SECURITY DEFINER), exempt from row-level security when it is a
-- superuser (PGlite) or has BYPASSRLS, so the page is read from the index: after a cursor (a place
-- in the order, never a permission) or, without one, after `skip` rows (a page asked by number).
-- Each applies the caller's wall itself, the same rule as the policy ('*' every state, a state
-- code that state only, unset or empty nothing), and the narrowing the server passes (its
-- reader's scope included: a partner's programmes, a focal point's state), and returns at most
-- `page_size` ids (never more than 500). The server joins these ids to its own scoped query, which
-- applies the policy, the narrowing and the cursor again: nothing out of scope can come back.
-- No caller text is ever part of a statement, only of its parameters; they return ids, never a name.
--
-- The persons a whole-years figure counts (result_officials), by state then name (by_name, for a
-- reader who sees names) or by state then id, trained in a year of `years_mask` (in the programme
-- of `programme_slot` when given).
CREATE FUNCTION result_person_page_ids(
  after_state text, after_family text, after_given text, after_id uuid, by_name boolean, years_mask bigint,
  programme_slot integer, state text, sex text, agency_type text, skip integer, page_size integer
)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  ROWS 50
AS $$
DECLARE
  scope text := current_setting('tadrib.scope_state', true);
BEGIN
  IF coalesce(scope, '') = '' OR years_mask IS NULL OR by_name IS NULL
     OR (by_name AND after_id IS NOT NULL AND (after_family IS NULL OR after_given IS NULL)) THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT r.official_id FROM public.result_officials r WHERE '
    || CASE WHEN programme_slot IS NULL THEN 'r.years' ELSE 'coalesce(r.programme_years[$7], 0)' END || ' & $6 <> 0'
    || CASE WHEN after_id IS NULL OR after_state IS NULL THEN ''
            WHEN by_name THEN ' AND (r.state_iso2, r.family_name, r.given_names, r.official_id) > ($1, $2, $3, $4)'
            ELSE ' AND (r.state_iso2, r.official_id) > ($1, $4)' END
    || CASE WHEN scope = '*' THEN '' ELSE ' AND r.state_iso2 = $5' END
    || CASE WHEN state IS NULL THEN '' ELSE ' AND r.state_iso2 = $8' END
    || CASE WHEN sex IS NULL THEN '' ELSE ' AND r.sex = $9' END
    || CASE WHEN agency_type IS NULL THEN '' ELSE ' AND r.agency_type = $10' END
    || CASE WHEN by_name THEN ' ORDER BY r.state_iso2, r.family_name, r.given_names, r.official_id'
            ELSE ' ORDER BY r.state_iso2, r.official_id' END
    || ' OFFSET $11 LIMIT $12'
    USING after_state, after_family, after_given, after_id, scope, years_mask, programme_slot, state, sex, agency_type,
      greatest(coalesce(skip, 0), 0), least(greatest(coalesce(page_size, 0), 0), 500);
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION result_person_page_ids(text, text, text, uuid, boolean, bigint, integer, text, text, text, integer, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION result_person_page_ids(text, text, text, uuid, boolean, bigint, integer, text, text, text, integer, integer) TO tadrib_app;--> statement-breakpoint
-- The completed enrolments of a figure (result_enrolments) ended from `from_day` to `to_day`,
-- newest day first, then by session and person (descending: the index read backwards); those with
-- both tests (measure paired_tests) or an answered follow-up (follow_ups) when the figure says so.
-- Returns nomination ids.
CREATE FUNCTION result_enrolment_page_ids(
  after_day date, after_session uuid, after_official uuid, from_day date, to_day date, measure text,
  state text, programmes uuid[], sex text, agency_type text, course_level text, thematic_area text,
  modality text, pillar text, skip integer, page_size integer
)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  ROWS 50
AS $$
DECLARE
  scope text := current_setting('tadrib.scope_state', true);
BEGIN
  IF coalesce(scope, '') = '' OR from_day IS NULL OR to_day IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT e.nomination_id FROM public.result_enrolments e WHERE e.ended_on BETWEEN $5 AND $6'
    || CASE WHEN after_day IS NULL OR after_session IS NULL OR after_official IS NULL THEN ''
            ELSE ' AND (e.ended_on, e.session_id, e.official_id) < ($1, $2, $3)' END
    || CASE measure WHEN 'paired_tests' THEN ' AND e.pre_score IS NOT NULL AND e.post_score IS NOT NULL'
                    WHEN 'follow_ups' THEN ' AND e.follow_up_answered' ELSE '' END
    || CASE WHEN scope = '*' THEN '' ELSE ' AND e.state_iso2 = $4' END
    || CASE WHEN state IS NULL THEN '' ELSE ' AND e.state_iso2 = $7' END
    || CASE WHEN programmes IS NULL THEN '' ELSE ' AND e.programme_id = any($8)' END
    || CASE WHEN sex IS NULL THEN '' ELSE ' AND e.sex = $9' END
    || CASE WHEN agency_type IS NULL THEN '' ELSE ' AND e.agency_type = $10' END
    || CASE WHEN course_level IS NULL THEN '' ELSE ' AND e.course_level = $11' END
    || CASE WHEN thematic_area IS NULL THEN '' ELSE ' AND e.thematic_area = $12' END
    || CASE WHEN modality IS NULL THEN '' ELSE ' AND e.modality = $13' END
    || CASE WHEN pillar IS NULL THEN '' ELSE ' AND $14 = any(e.pillars)' END
    || ' ORDER BY e.ended_on DESC, e.session_id DESC, e.official_id DESC OFFSET $15 LIMIT $16'
    USING after_day, after_session, after_official, scope, from_day, to_day, state, programmes, sex, agency_type,
      course_level, thematic_area, modality, pillar, greatest(coalesce(skip, 0), 0), least(greatest(coalesce(page_size, 0), 0), 500);
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION result_enrolment_page_ids(date, uuid, uuid, date, date, text, text, uuid[], text, text, text, text, text, text, integer, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION result_enrolment_page_ids(date, uuid, uuid, date, date, text, text, uuid[], text, text, text, text, text, text, integer, integer) TO tadrib_app;--> statement-breakpoint
-- The order of result_enrolment_page_ids: a page reads its 50 rows from here, after the cursor.
DROP INDEX "result_enrolments_ended_idx";--> statement-breakpoint
CREATE INDEX "result_enrolments_ended_session_official_idx" ON "result_enrolments" USING btree ("ended_on","session_id","official_id");
