-- Registry search through the trigram indexes of 0018 (issue 14). The server works as tadrib_app,
-- held by row-level security (0014): the planner keeps a query's conditions behind the policy's
-- unless they are leakproof, and LIKE/ILIKE are not, so for tadrib_app the indexes never became
-- index conditions and every search read all officials.
--
-- This function runs as the owner of the tables (SECURITY DEFINER), whose query has no policy in
-- front of its conditions when the owner is exempt from row-level security (a superuser, as on
-- PGlite, or a role with BYPASSRLS): it finds the ids of officials whose original-script name or
-- email contains `pattern`, or whose name keys match every one of `key_patterns`, optionally of
-- one `state`. It applies the caller's wall itself, the same rule as the policy on officials: '*'
-- every state, a state code that state only, unset or empty nothing. The server joins these ids to its normal scoped query (policy and access layer
-- still apply), so nothing out of scope can come back. With an owner held by the wall (neither),
-- the function's query is under the policy like any other: the same answer, without the index.
--
-- The query is written for each call (EXECUTE): only the conditions that apply, planned with their
-- values, so that a state's few thousand officials are read through the state's index when that is
-- cheaper than the trigrams; every name key is a condition of its own, which the one trigram index
-- answers together. Sequential scans are off inside it: the planner prices the trigram indexes
-- above a scan of all officials that took three times as long (29 ms against 10 ms for 'wld ahmed'
-- over 115,000 officials on PostgreSQL 15).
-- No caller text is ever part of the statement, only of its parameters.
-- Only the runtime role may call it; it returns ids, never a name.
CREATE FUNCTION official_search_ids(pattern text, key_patterns text[], state text)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  SET enable_seqscan = off
  ROWS 200
AS $$
DECLARE
  scope text := current_setting('tadrib.scope_state', true);
  keys_match text;
BEGIN
  IF coalesce(scope, '') = '' THEN
    RETURN;
  END IF;
  SELECT string_agg(format('('' '' || o.name_keys) LIKE $2[%s]', i), ' AND ')
    INTO keys_match
    FROM generate_series(1, coalesce(cardinality(key_patterns), 0)) AS i;
  RETURN QUERY EXECUTE
    'SELECT o.id FROM public.officials o WHERE (o.name_original ILIKE $1 OR o.email ILIKE $1'
    || CASE WHEN keys_match IS NULL THEN '' ELSE ' OR (' || keys_match || ')' END
    || ')'
    || CASE WHEN scope = '*' THEN '' ELSE ' AND o.state_iso2 = $3' END
    || CASE WHEN state IS NULL THEN '' ELSE ' AND o.state_iso2 = $4' END
    USING pattern, key_patterns, scope, state;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION official_search_ids(text, text[], text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION official_search_ids(text, text[], text) TO tadrib_app;
--> statement-breakpoint
-- Planner statistics after a bulk load of officials (an import). PostgreSQL refreshes them by
-- autovacuum, which a server may run without (this one does), and PGlite has none: without them a
-- registry grown from a few hundred officials to 100,000 is still planned as a few hundred. Only
-- the owner may ANALYZE a table, so the runtime role asks this function, which applies
-- autovacuum's own rule (50 rows plus a tenth of the table) and says whether it analysed.
CREATE FUNCTION analyze_officials_after_load(added integer)
  RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  IF added < 50 + 0.1 * greatest((SELECT reltuples FROM pg_class WHERE oid = 'public.officials'::regclass), 0) THEN
    RETURN false;
  END IF;
  ANALYZE public.officials;
  RETURN true;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION analyze_officials_after_load(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION analyze_officials_after_load(integer) TO tadrib_app;
