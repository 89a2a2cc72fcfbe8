-- Keyset pages of the officials list (issue 14). A page after the first reads from where the
-- previous one ended: (lower(family_name), lower(given_names), id) > the cursor's, in the order of
-- officials_list_order_idx (0018). The server works as tadrib_app, held by row-level security
-- (0014), and lower() is not leakproof: the planner kept the cursor's condition behind the policy,
-- so the index was read in order from the start and the 10,000 rows before page 200 were removed
-- one by one by a filter (52 ms at scale 100 on PostgreSQL 15, where a page should cost a few).
--
-- As official_search_ids (0020), this function runs as the owner of the tables (SECURITY DEFINER),
-- whose query has no policy in front of its conditions when the owner is exempt from row-level
-- security (a superuser, as on PGlite, or a role with BYPASSRLS): the cursor becomes the index
-- scan's start. It applies the caller's wall itself, the same rule as the policy on officials ('*'
-- every state, a state code that state only, unset or empty nothing), and the list's filters that
-- the server passes (state, agency, sex; merged officials are never in this list: the index holds
-- only the others), and returns the ids of the page, at most `page_size` (and never more than 500).
-- The server joins these ids to its normal scoped query (policy and access layer still apply), so
-- nothing out of scope can come back; it uses the function only when its access scope is the wall's
-- (every state, or one state), where the two agree on which rows a page holds.
-- No caller text is ever part of the statement, only of its parameters. It returns ids, never a name.
CREATE FUNCTION official_page_ids(
  after_family text, after_given text, after_id uuid, state text, agency uuid, sex text, page_size integer
)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  ROWS 50
AS $$
DECLARE
  scope text := current_setting('tadrib.scope_state', true);
BEGIN
  IF coalesce(scope, '') = '' OR after_family IS NULL OR after_given IS NULL OR after_id IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE
    'SELECT o.id FROM public.officials o WHERE o.merged_into_id IS NULL'
    || ' AND (lower(o.family_name), lower(o.given_names), o.id) > (lower($1), lower($2), $3)'
    || CASE WHEN scope = '*' THEN '' ELSE ' AND o.state_iso2 = $4' END
    || CASE WHEN state IS NULL THEN '' ELSE ' AND o.state_iso2 = $5' END
    || CASE WHEN agency IS NULL THEN '' ELSE ' AND o.agency_id = $6' END
    || CASE WHEN sex IS NULL THEN '' ELSE ' AND o.sex = $7' END
    || ' ORDER BY lower(o.family_name), lower(o.given_names), o.id LIMIT $8'
    USING after_family, after_given, after_id, scope, state, agency, sex,
      least(greatest(coalesce(page_size, 0), 0), 500);
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION official_page_ids(text, text, uuid, text, uuid, text, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION official_page_ids(text, text, uuid, text, uuid, text, integer) TO tadrib_app;
