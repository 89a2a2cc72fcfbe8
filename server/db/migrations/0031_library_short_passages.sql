-- The library's snippets at 10,000 items (issue 9). A snippet is the headline of an item's first
-- passage that matches, and ts_headline parses and stems its whole passage: over passages of 300
-- words (about 2,000 characters) the 20 snippets of a page took 50-100 ms under load, more than
-- finding and ranking the matches. A snippet shows at most two fragments of 30 words, so a
-- passage of 100 words holds it, and its headline costs a third.
--
-- library_passages_of cuts a text into passages of 100 words (split at white space, joined by one
-- space), numbered from 1: the one place the length is decided, used by the server when it
-- rewrites an item's search documents (repository.ts) and below. It splits the text once and
-- slices the words, where grouping one row per word (the former way) sorted millions of rows per
-- chunk of a bulk load; the passages are the same for the same length.
CREATE FUNCTION library_passages_of(body text)
  RETURNS TABLE ("position" int, passage text)
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog
AS $$
DECLARE
  words text[] := regexp_split_to_array(body, '\s+');
  per_passage constant int := 100;
BEGIN
  RETURN QUERY
    SELECT (k / per_passage + 1)::int, array_to_string(words[k + 1 : k + per_passage], ' ')
    FROM generate_series(0, cardinality(words) - 1, per_passage) AS k;
END
$$;--> statement-breakpoint
-- The passages of every current file, cut again (the summary, position 0, stays as it is).
DELETE FROM library_passages WHERE position > 0;--> statement-breakpoint
INSERT INTO library_passages (item_id, language, position, text, document)
SELECT f.item_id, f.language, p.position, p.passage, to_tsvector(c.cfg, p.passage)
FROM (SELECT DISTINCT ON (lf.item_id, lf.language) lf.item_id, lf.language, lf.text
      FROM library_files lf ORDER BY lf.item_id, lf.language, lf.version DESC) f
CROSS JOIN LATERAL library_passages_of(f.text) p
JOIN (VALUES ('en', 'tadrib_en'::regconfig), ('fr', 'tadrib_fr'::regconfig),
             ('ar', 'tadrib_ar'::regconfig), ('pt', 'tadrib_pt'::regconfig)) AS c(lang, cfg) ON c.lang = f.language;
--> statement-breakpoint
-- library_search_hits also says in which languages each item matched (its snippet is looked for
-- in those languages' passages only, its whole document ranked in those only: repository.ts) and
-- in which languages it has a search document (the results' languages and the language facet,
-- which read library_search under the wall once per match before). The rest is as in
-- 0027, its statement now written from the list of languages: one branch per language, each
-- naming its language, so that each language's partial GIN index answers its branch.
DROP FUNCTION library_search_hits(text);--> statement-breakpoint
CREATE FUNCTION library_search_hits(q text)
  RETURNS TABLE (item_id uuid, heading_rank real, matched_languages text[], languages text[])
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
    || ' (SELECT array_agg(a.language ORDER BY a.language) FROM public.library_search a WHERE a.item_id = s.item_id)'
    || ' FROM public.library_search s JOIN public.library_items i ON i.id = s.item_id WHERE (' || matches || ')'
    || CASE WHEN scope = '*' THEN '' ELSE ' AND (i.audience <> ''states'' OR $2 = ANY (i.states))' END || ' GROUP BY s.item_id'
    USING q, scope;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION library_search_hits(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION library_search_hits(text) TO tadrib_app;
--> statement-breakpoint
-- library_first_passages: for each given item and language, the position of its first passage
-- that matches `q` (websearch syntax) in that language: where a snippet is cut from. The
-- passages' GIN index is behind the wall for tadrib_app like the search documents' (0027), and
-- reading an item's passages in order until one matched tested some sixty passages an item for a
-- word of middling frequency. Run as the owner, each language's statement is planned with its
-- words known: a rare word is found through the index, a frequent one in the first passages. It
-- applies the caller's wall itself (as library_search_hits) and returns positions, no text: the
-- server reads the passages' text under its own scope. Only called for the items a search
-- returned to the caller.
CREATE FUNCTION library_first_passages(q text, item_ids uuid[], item_languages text[])
  RETURNS TABLE (item_id uuid, language text, "position" int)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  scope text := coalesce(current_setting('tadrib.scope_state', true), '');
  lang text;
BEGIN
  FOR lang IN SELECT DISTINCT l FROM unnest(item_languages) AS l WHERE l IN ('en', 'fr', 'ar', 'pt') LOOP
    RETURN QUERY EXECUTE format(
      'SELECT x.item_id, %1$L::text, p.position FROM unnest($2, $3) AS x(item_id, language)'
      || ' JOIN public.library_items i ON i.id = x.item_id AND ($4 = ''*'' OR i.audience <> ''states'' OR $4 = ANY (i.states))'
      || ' CROSS JOIN LATERAL (SELECT s.position FROM public.library_passages s'
      || '   WHERE s.item_id = x.item_id AND s.language = %1$L AND s.document @@ websearch_to_tsquery(%2$L, $1)'
      || '   ORDER BY s.position LIMIT 1) p'
      || ' WHERE x.language = %1$L',
      lang, 'public.tadrib_' || lang)
      USING q, item_ids, item_languages, scope;
  END LOOP;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION library_first_passages(text, uuid[], text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION library_first_passages(text, uuid[], text[]) TO tadrib_app;
