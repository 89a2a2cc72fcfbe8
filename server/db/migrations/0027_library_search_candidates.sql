-- The library's search at 10,000 items (issue 9). The server works as tadrib_app, held by the
-- wall of 0022 on library_search: the planner keeps a query's conditions behind the policy's
-- unless they are leakproof, and `@@` is not, so for tadrib_app the GIN index of the search
-- documents never became an index condition and every search read, and decompressed, the
-- whole document of every item in every language (the 0020 story, for full-text search).
--
-- 1. `heading`: the title (weight A) and summary (B) of the search document alone, a few dozen
--    bytes where the document of a 30-page file is about 45 kB. Every match is ordered by it
--    first; the whole document is ranked for the first matches only (repository.ts).
-- 2. One GIN index per language instead of one for all: the search is four branches (each
--    language's document against the query stemmed in that language), and with one index the
--    planner preferred reading every document of a language through the primary key and testing
--    each (600 ms over 1,000 items of 30 pages) to the index's 20 ms. Without a pending list
--    (fastupdate off): this server runs without autovacuum (PGlite has none), so the list only
--    empties when it reaches 4 MB, and every search read it whole (2 s instead of 30 ms at 1,000
--    items after a bulk load); an upload writes into the index itself.
DROP INDEX "library_search_document_idx";--> statement-breakpoint
ALTER TABLE "library_search" ADD COLUMN "heading" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
UPDATE library_search s
  SET heading = setweight(to_tsvector(c.cfg, coalesce(i.title ->> s.language, '')), 'A')
             || setweight(to_tsvector(c.cfg, coalesce(i.summary ->> s.language, '')), 'B')
  FROM library_items i,
       (VALUES ('en', 'tadrib_en'::regconfig), ('fr', 'tadrib_fr'::regconfig),
               ('ar', 'tadrib_ar'::regconfig), ('pt', 'tadrib_pt'::regconfig)) AS c(lang, cfg)
  WHERE i.id = s.item_id AND c.lang = s.language;--> statement-breakpoint
CREATE INDEX "library_search_en_idx" ON "library_search" USING gin ("document") WITH (fastupdate=false) WHERE language = 'en';--> statement-breakpoint
CREATE INDEX "library_search_fr_idx" ON "library_search" USING gin ("document") WITH (fastupdate=false) WHERE language = 'fr';--> statement-breakpoint
CREATE INDEX "library_search_ar_idx" ON "library_search" USING gin ("document") WITH (fastupdate=false) WHERE language = 'ar';--> statement-breakpoint
CREATE INDEX "library_search_pt_idx" ON "library_search" USING gin ("document") WITH (fastupdate=false) WHERE language = 'pt';--> statement-breakpoint
-- 3. library_search_hits: the items whose search document matches `q` (websearch syntax) in
--    its own language, with the rank of their heading. It runs as the owner of the tables
--    (SECURITY DEFINER), whose query has no policy in front of its conditions when the owner is
--    exempt from row-level security (a superuser, as on PGlite, or a role with BYPASSRLS), so the
--    GIN index answers it. It applies the caller's wall itself, the same rule as the policy on
--    library_items ('*' every item; a state code also the items naming that state; unset or empty
--    the items of no named state). The server joins these ids to its normal scoped query (policy
--    and access layer still apply), so nothing out of scope can come back. With an owner held by
--    the wall, the function's query is under the policy like any other: the same answer, without
--    the index. The caller's text is only ever a parameter; it returns ids and ranks, no text.
--    Sequential scans are off inside it (as in 0020): on a small library the planner prices a scan
--    of every document below the indexes, and testing a document reads all of its 45 kB.
CREATE FUNCTION library_search_hits(q text)
  RETURNS TABLE (item_id uuid, heading_rank real)
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  SET enable_seqscan = off
  ROWS 1000
AS $$
DECLARE
  scope text := coalesce(current_setting('tadrib.scope_state', true), '');
BEGIN
  RETURN QUERY EXECUTE
    'SELECT s.item_id, max(ts_rank(s.heading, CASE s.language'
    || ' WHEN ''en'' THEN websearch_to_tsquery(''public.tadrib_en'', $1)'
    || ' WHEN ''fr'' THEN websearch_to_tsquery(''public.tadrib_fr'', $1)'
    || ' WHEN ''ar'' THEN websearch_to_tsquery(''public.tadrib_ar'', $1)'
    || ' ELSE websearch_to_tsquery(''public.tadrib_pt'', $1) END))::real'
    || ' FROM public.library_search s JOIN public.library_items i ON i.id = s.item_id'
    || ' WHERE ((s.language = ''en'' AND s.document @@ websearch_to_tsquery(''public.tadrib_en'', $1))'
    || '     OR (s.language = ''fr'' AND s.document @@ websearch_to_tsquery(''public.tadrib_fr'', $1))'
    || '     OR (s.language = ''ar'' AND s.document @@ websearch_to_tsquery(''public.tadrib_ar'', $1))'
    || '     OR (s.language = ''pt'' AND s.document @@ websearch_to_tsquery(''public.tadrib_pt'', $1)))'
    || CASE WHEN scope = '*' THEN '' ELSE ' AND (i.audience <> ''states'' OR $2 = ANY (i.states))' END
    || ' GROUP BY s.item_id'
    USING q, scope;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION library_search_hits(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION library_search_hits(text) TO tadrib_app;
