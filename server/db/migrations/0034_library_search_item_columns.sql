-- The library's search at 10,000 items (issue 9), continued. For a common word (6,700 items,
-- 8,200 documents) library_search_hits spent about a third of its time reading each match's item
-- from library_items through its primary key, for the wall and the columns it returns.
--
-- 1. library_search carries the item's columns that the wall, the reader's scope, the filters and
--    the facets read: written with the documents (repository.ts rebuildSearch, after every change
--    of the item or its files, in the same transaction), copied here for the documents there are.
ALTER TABLE "library_search" ADD COLUMN "type" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "library_search" ADD COLUMN "audience" text DEFAULT 'states' NOT NULL;--> statement-breakpoint
ALTER TABLE "library_search" ADD COLUMN "states" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "library_search" ADD COLUMN "pillars" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "library_search" ADD COLUMN "published_on" date;--> statement-breakpoint
ALTER TABLE "library_search" ADD COLUMN "languages" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
UPDATE library_search s
  SET type = i.type, audience = i.audience, states = i.states, pillars = i.pillars,
      published_on = i.published_on, languages = i.languages
  FROM library_items i WHERE i.id = s.item_id;--> statement-breakpoint
-- Every row is written by rebuildSearch from its item: no default stands in for the item's type or audience.
ALTER TABLE "library_search" ALTER COLUMN "type" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "library_search" ALTER COLUMN "audience" DROP DEFAULT;--> statement-breakpoint
-- 2. library_search_hits answers from library_search alone: the wall on its own audience and
--    states, the item's columns taken from any of its matching documents (they are the same in
--    each). The rest is as in 0033.
CREATE OR REPLACE FUNCTION library_search_hits(q text)
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
    'SELECT s.item_id, max(ts_rank(s.heading, ' || query_of_language || '))::real, array_agg(s.language),'
    || ' min(s.languages), min(s.audience), min(s.states), min(s.type), min(s.pillars), min(s.published_on)'
    || ' FROM public.library_search s WHERE (' || matches || ')'
    || CASE WHEN scope = '*' THEN '' ELSE ' AND (s.audience <> ''states'' OR $2 = ANY (s.states))' END || ' GROUP BY s.item_id'
    USING q, scope;
END
$$;
--> statement-breakpoint
-- The UPDATE above rewrote every document: the planner needs their new statistics at once (a server without autovacuum would otherwise plan searches from the old ones).
ANALYZE library_search;
