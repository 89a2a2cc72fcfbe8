-- The library's search at 10,000 items (issue 9), continued. At 1,000 items of 30 pages, most of
-- library_search_hits' time went to looking up each match's languages (a subquery on
-- library_search per match, about 15 µs each under load: 2,100 matches a query at 10,000 items),
-- and the list then read every match again from library_items under the wall to apply the
-- reader's scope and its filters and to count the total and the facets.
--
-- 1. library_items.languages: the languages an item has a search document in, written with its
--    documents (repository.ts rebuildSearch) and read with the item.
ALTER TABLE "library_items" ADD COLUMN "languages" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
UPDATE library_items i
  SET languages = array(SELECT s.language FROM library_search s WHERE s.item_id = i.id ORDER BY s.language)
  WHERE EXISTS (SELECT 1 FROM library_search s WHERE s.item_id = i.id);--> statement-breakpoint
-- 2. library_search_hits returns, with each match, the item's columns that the reader's scope and
--    the list's filters and facets read (audience, states, type, pillars, publication date,
--    languages), from the join with library_items it already made for the wall: the server applies
--    the reader's scope to these rows as it would to the table (repository.ts) and counts the total
--    and facets from them, and reads from library_items under the wall only the page's items.
--    The rest is as in 0031: the wall applied here, one branch per language for its GIN index.
DROP FUNCTION library_search_hits(text);--> statement-breakpoint
CREATE FUNCTION library_search_hits(q text)
  RETURNS TABLE (id uuid, heading_rank real, matched_languages text[], languages text[], audience text,
                 states text[], type text, pillars text[], published_on date)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET enable_seqscan = off ROWS 1000
AS $$
DECLARE
  scope text := coalesce(current_setting('tadrib.scope_state', true), '');
  query_of_language text;
  matches text;
BEGIN
  SELECT 'CASE s.language' || string_agg(format(' WHEN %L THEN websearch_to_tsquery(%L, $1)', l, 'public.tadrib_' || l), '') || ' END',
         string_agg(format('(s.language = %L AND s.document @@ websearch_to_tsquery(%L, $1))', l, 'public.tadrib_' || l), ' OR ')
    INTO query_of_language, matches
    FROM unnest(ARRAY['en', 'fr', 'ar', 'pt']) AS l;
  RETURN QUERY EXECUTE
    'SELECT i.id, max(ts_rank(s.heading, ' || query_of_language || '))::real, array_agg(s.language),'
    || ' i.languages, i.audience, i.states, i.type, i.pillars, i.published_on'
    || ' FROM public.library_search s JOIN public.library_items i ON i.id = s.item_id WHERE (' || matches || ')'
    || CASE WHEN scope = '*' THEN '' ELSE ' AND (i.audience <> ''states'' OR $2 = ANY (i.states))' END || ' GROUP BY i.id'
    USING q, scope;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION library_search_hits(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION library_search_hits(text) TO tadrib_app;
