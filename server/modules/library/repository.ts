import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import {
  courses,
  type LibraryAudience,
  type LibraryItemType,
  type LibraryTextStatus,
  type Locale,
  type LocalisedText,
  libraryFiles,
  libraryItemCourses,
  libraryItemProgrammes,
  libraryItemSessions,
  libraryItems,
  librarySubmissions,
  locales,
  memberStates,
  programmes,
  securityCouncilResolutions,
  storedFiles,
  strategyPillars,
  trainingSessions,
} from '../../db/schema';
import { type Actor, libraryItemScopeCondition, sessionScopeCondition } from '../../platform/access';
import { type Queryable, readsSideBySide } from '../../platform/db';
import type { ListQuery, Snippet } from './schemas';

/** Raw rows of `db.execute`, the same on node-postgres and PGlite. */
const rowsOf = (result: unknown): Record<string, unknown>[] => (result as { rows: Record<string, unknown>[] }).rows;

/** The text-search configuration of each language (migration 0022: the language's stemmer after unaccent). */
const CONFIG: Record<Locale, SQL> = {
  en: sql.raw(`'tadrib_en'::regconfig`),
  fr: sql.raw(`'tadrib_fr'::regconfig`),
  ar: sql.raw(`'tadrib_ar'::regconfig`),
  pt: sql.raw(`'tadrib_pt'::regconfig`),
};

/** The one condition on library_items for what `reader` may see (server/platform/access.ts). */
export const visible = (reader: Actor | null): SQL =>
  libraryItemScopeCondition(reader, { id: libraryItems.id, audience: libraryItems.audience, states: libraryItems.states });

// ---------- items

export type ItemRow = typeof libraryItems.$inferSelect;

export async function findVisibleItem(db: Queryable, reader: Actor | null, id: string): Promise<ItemRow | null> {
  const [row] = await db
    .select()
    .from(libraryItems)
    .where(and(eq(libraryItems.id, id), visible(reader)));
  return row ?? null;
}

export async function linksOf(db: Queryable, itemId: string) {
  const [courseRows, sessionRows, programmeRows] = await readsSideBySide(db, [
    () => db.select({ id: libraryItemCourses.courseId }).from(libraryItemCourses).where(eq(libraryItemCourses.itemId, itemId)),
    () =>
      db.select({ id: libraryItemSessions.sessionId }).from(libraryItemSessions).where(eq(libraryItemSessions.itemId, itemId)),
    () =>
      db
        .select({ id: libraryItemProgrammes.programmeId })
        .from(libraryItemProgrammes)
        .where(eq(libraryItemProgrammes.itemId, itemId)),
  ] as const);
  return {
    courseIds: courseRows.map((r) => r.id),
    sessionIds: sessionRows.map((r) => r.id),
    programmeIds: programmeRows.map((r) => r.id),
  };
}

export type ItemValues = {
  type: LibraryItemType;
  audience: LibraryAudience;
  title: LocalisedText;
  summary: LocalisedText;
  publishedOn: string | null;
  author: string | null;
  linkUrl: string | null;
  pillars: string[];
  resolutions: number[];
  thematicAreas: string[];
  states: string[];
};

export async function insertItem(tx: Queryable, values: ItemValues & { createdBy: string | null }): Promise<ItemRow> {
  const [row] = await tx.insert(libraryItems).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateItem(tx: Queryable, id: string, values: Partial<ItemValues>): Promise<void> {
  await tx
    .update(libraryItems)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(libraryItems.id, id));
}

export async function deleteItem(tx: Queryable, id: string): Promise<void> {
  await tx.delete(libraryItems).where(eq(libraryItems.id, id));
}

export async function setLinks(
  tx: Queryable,
  itemId: string,
  links: { courseIds?: string[]; sessionIds?: string[]; programmeIds?: string[] },
): Promise<void> {
  if (links.courseIds) {
    await tx.delete(libraryItemCourses).where(eq(libraryItemCourses.itemId, itemId));
    if (links.courseIds.length)
      await tx.insert(libraryItemCourses).values(links.courseIds.map((courseId) => ({ itemId, courseId })));
  }
  if (links.sessionIds) {
    await tx.delete(libraryItemSessions).where(eq(libraryItemSessions.itemId, itemId));
    if (links.sessionIds.length)
      await tx.insert(libraryItemSessions).values(links.sessionIds.map((sessionId) => ({ itemId, sessionId })));
  }
  if (links.programmeIds) {
    await tx.delete(libraryItemProgrammes).where(eq(libraryItemProgrammes.itemId, itemId));
    if (links.programmeIds.length)
      await tx.insert(libraryItemProgrammes).values(links.programmeIds.map((programmeId) => ({ itemId, programmeId })));
  }
}

/** Which of the given references do not exist (or, for sessions, are outside the actor's session scope). */
export async function missingReferences(
  db: Queryable,
  actor: Actor,
  refs: {
    pillars: string[];
    resolutions: number[];
    states: string[];
    courseIds: string[];
    sessionIds: string[];
    programmeIds: string[];
  },
): Promise<Record<keyof typeof refs, (string | number)[]>> {
  const missing = <T>(given: T[], found: T[]) => given.filter((g) => !found.includes(g));
  const ids = async <T>(given: T[], query: () => Promise<{ v: T }[]>) =>
    given.length
      ? missing(
          given,
          (await query()).map((r) => r.v),
        )
      : [];
  return {
    pillars: await ids(refs.pillars, () =>
      db.select({ v: strategyPillars.code }).from(strategyPillars).where(inArray(strategyPillars.code, refs.pillars)),
    ),
    resolutions: await ids(refs.resolutions, () =>
      db
        .select({ v: securityCouncilResolutions.number })
        .from(securityCouncilResolutions)
        .where(inArray(securityCouncilResolutions.number, refs.resolutions)),
    ),
    states: await ids(refs.states, () =>
      db.select({ v: memberStates.iso2 }).from(memberStates).where(inArray(memberStates.iso2, refs.states)),
    ),
    courseIds: await ids(refs.courseIds, () =>
      db.select({ v: courses.id }).from(courses).where(inArray(courses.id, refs.courseIds)),
    ),
    sessionIds: await ids(refs.sessionIds, () =>
      db
        .select({ v: trainingSessions.id })
        .from(trainingSessions)
        .where(and(inArray(trainingSessions.id, refs.sessionIds), sessionScopeCondition(actor, trainingSessions.id))),
    ),
    programmeIds: await ids(refs.programmeIds, () =>
      db.select({ v: programmes.id }).from(programmes).where(inArray(programmes.id, refs.programmeIds)),
    ),
  };
}

// ---------- files

export type FileRow = {
  id: string;
  itemId: string;
  language: Locale;
  version: number;
  fileId: string;
  textStatus: LibraryTextStatus;
  pages: number | null;
  uploadedAt: Date;
  fileName: string;
  mediaType: string;
  size: number;
};

const fileColumns = {
  id: libraryFiles.id,
  itemId: libraryFiles.itemId,
  language: libraryFiles.language,
  version: libraryFiles.version,
  fileId: libraryFiles.fileId,
  textStatus: libraryFiles.textStatus,
  pages: libraryFiles.pages,
  uploadedAt: libraryFiles.uploadedAt,
  fileName: storedFiles.name,
  mediaType: storedFiles.mediaType,
  size: storedFiles.size,
};

/** Every version of every language of an item's files, newest version first. */
export async function filesOf(db: Queryable, itemId: string): Promise<FileRow[]> {
  return db
    .select(fileColumns)
    .from(libraryFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, libraryFiles.fileId))
    .where(eq(libraryFiles.itemId, itemId))
    .orderBy(libraryFiles.language, desc(libraryFiles.version));
}

export async function nextVersion(tx: Queryable, itemId: string, language: Locale): Promise<number> {
  const [row] = await tx
    .select({ v: sql<number>`coalesce(max(${libraryFiles.version}), 0)::int + 1` })
    .from(libraryFiles)
    .where(and(eq(libraryFiles.itemId, itemId), eq(libraryFiles.language, language)));
  return row?.v ?? 1;
}

export async function insertFile(tx: Queryable, values: typeof libraryFiles.$inferInsert): Promise<string> {
  const [row] = await tx.insert(libraryFiles).values(values).returning({ id: libraryFiles.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function deleteFile(tx: Queryable, id: string): Promise<void> {
  await tx.delete(libraryFiles).where(eq(libraryFiles.id, id));
}

export async function storedFileIdsOf(tx: Queryable, itemId: string): Promise<string[]> {
  return (await tx.select({ id: libraryFiles.fileId }).from(libraryFiles).where(eq(libraryFiles.itemId, itemId))).map(
    (r) => r.id,
  );
}

// ---------- search documents

const languageValues = sql.raw(locales.map((l) => `('${l}', 'tadrib_${l}'::regconfig)`).join(', '));

/**
 * Rewrites the search documents of the items matching `which` (a condition on library_items as
 * i): one per language an item has a title, a summary or a file in, from its title (weight A),
 * summary (B) and the text of that language's current file (C), with its heading (the title and
 * summary alone, which every match is ranked by); and its passages (the summary, then the
 * file's text cut by library_passages_of, migration 0031), from which snippets are made.
 */
export async function rebuildSearch(tx: Queryable, which: SQL): Promise<void> {
  await tx.execute(sql`delete from library_search s using library_items i where s.item_id = i.id and ${which}`);
  await tx.execute(sql`delete from library_passages p using library_items i where p.item_id = i.id and ${which}`);
  const current = sql`select distinct on (lf.item_id, lf.language) lf.item_id, lf.language, lf.text
    from library_files lf join library_items i on i.id = lf.item_id where ${which}
    order by lf.item_id, lf.language, lf.version desc`;
  // Each document carries its item's columns that a search reads (migration 0034), its languages
  // among them: those of the item's documents written here.
  await tx.execute(sql`
    insert into library_search (item_id, language, document, heading, type, audience, states, pillars, published_on, languages)
    select i.id, l.lang, h.heading || setweight(to_tsvector(l.cfg, coalesce(f.text, '')), 'C'), h.heading,
      i.type, i.audience, i.states, i.pillars, i.published_on,
      array_agg(l.lang) over (partition by i.id order by l.lang rows between unbounded preceding and unbounded following)
    from library_items i
    cross join (values ${languageValues}) as l(lang, cfg)
    cross join lateral (select setweight(to_tsvector(l.cfg, coalesce(i.title ->> l.lang, '')), 'A')
      || setweight(to_tsvector(l.cfg, coalesce(i.summary ->> l.lang, '')), 'B') as heading) h
    left join (${current}) f on f.item_id = i.id and f.language = l.lang
    where ${which}
      and (i.title ? l.lang or i.summary ? l.lang or exists (select 1 from library_files lf where lf.item_id = i.id and lf.language = l.lang))`);
  await tx.execute(sql`update library_items i
    set languages = array(select s.language from library_search s where s.item_id = i.id order by s.language)
    where ${which}`);
  await tx.execute(sql`
    insert into library_passages (item_id, language, position, text, document)
    select p.item_id, p.language, p.position, p.text, to_tsvector(l.cfg, p.text)
    from (
      select i.id as item_id, l.lang as language, 0 as position, i.summary ->> l.lang as text
      from library_items i cross join (values ${languageValues}) as l(lang, cfg)
      where ${which} and i.summary ? l.lang
      union all
      select f.item_id, f.language, w.position, w.passage
      from (${current}) f
      cross join lateral library_passages_of(f.text) w
    ) p
    join (values ${languageValues}) as l(lang, cfg) on l.lang = p.language`);
}

/** Rewrites one item's search documents, after any change of it or of its files. */
export const refreshSearch = (tx: Queryable, itemId: string): Promise<void> => rebuildSearch(tx, sql`i.id = ${itemId}`);

// ---------- list, search, facets

/** The tsquery of the search in one language: websearch syntax ("quoted phrase", -word, or). */
const tsquery = (lang: Locale, q: string) => sql`websearch_to_tsquery(${CONFIG[lang]}, ${q})`;

/** The rank of a language's whole document of an item (ts_rank: the weights of title, summary and text). */
const rankCase = (q: string) =>
  sql`case s.language ${sql.join(
    locales.map((lang) => sql`when ${lang} then ts_rank(s.document, ${tsquery(lang, q)})`),
    sql` `,
  )} end`;

/**
 * How many of the first matches (by the rank of their title and summary, then the newest) are
 * ranked by their whole document: ranking reads the document of a 30-page file (about 45 kB), so
 * ranking thousands of matches took most of a search (bench/library.ts). The first two pages of
 * results come from these in their full rank's order, the rest follow in the heading's order,
 * the same order from page to page.
 */
const RANKED_MATCHES = 50;

/** The filters of a list besides the search words, as conditions on library_items. */
function filterConditions(query: ListQuery): SQL[] {
  const where: SQL[] = [];
  if (query.type) where.push(sql`library_items.type = ${query.type}`);
  if (query.language) where.push(sql`${query.language} = any (library_items.languages)`);
  if (query.pillar) where.push(sql`${query.pillar} = any (library_items.pillars)`);
  if (query.year) where.push(sql`extract(year from library_items.published_on) = ${query.year}`);
  if (query.state) where.push(sql`${query.state} = any (library_items.states)`);
  if (query.course) {
    where.push(sql`(exists (select 1 from library_item_courses c where c.item_id = library_items.id and c.course_id = ${query.course})
      or exists (select 1 from library_item_sessions x join training_sessions ts on ts.id = x.session_id
                 where x.item_id = library_items.id and ts.course_id = ${query.course}))`);
  }
  if (query.session) {
    where.push(sql`(exists (select 1 from library_item_sessions x where x.item_id = library_items.id and x.session_id = ${query.session})
      or exists (select 1 from library_item_courses c join training_sessions ts on ts.course_id = c.course_id
                 where c.item_id = library_items.id and ts.id = ${query.session}))`);
  }
  return where;
}

/**
 * The items a reader may see that match the list's filters and search words, with their rank:
 * the one set behind the page of results, the total and every facet, so that none of them counts
 * an item the reader may not see. Each row carries the columns the scope, the filters, the facets
 * and the order read, and no more: the page's other columns are read for its items alone.
 */
function matchedItems(reader: Actor | null, query: ListQuery): SQL {
  const conditions = sql.join([visible(reader), ...filterConditions(query)], sql` and `);
  if (!query.q)
    return sql`select library_items.id, library_items.type, library_items.audience, library_items.published_on,
      library_items.pillars, library_items.states, library_items.languages, library_items.created_at,
      0::real as heading_rank, '{}'::text[] as matched_languages
      from library_items where ${conditions}`;
  // The matches come from library_search_hits (migrations 0027, 0031, 0033, 0034), which the GIN
  // indexes answer under the wall, each with the item's columns that the reader's scope and the
  // filters read (copied into library_search by rebuildSearch). Named library_items here, so that
  // the reader's scope (visible) and the filters apply to them as to the table, without reading
  // every match from the table again.
  return sql`select library_items.* from library_search_hits(${query.q}) as library_items where ${conditions}`;
}

export type ListRow = {
  id: string;
  type: LibraryItemType;
  audience: LibraryAudience;
  title: LocalisedText;
  publishedOn: string | null;
  languages: Locale[];
  /** The languages whose search document matched the search words (none without words). */
  matchedLanguages: Locale[];
  createdBy: string | null;
};

export type Facets = Record<'type' | 'language' | 'pillar' | 'year' | 'state', { value: string; count: number }[]>;

export async function listItems(
  db: Queryable,
  reader: Actor | null,
  query: ListQuery,
): Promise<{ rows: (ListRow & { rank: number })[]; total: number; facets: Facets }> {
  const matched = matchedItems(reader, query);
  // Searched: the first matches in the heading's order (c) ranked by their whole document in the
  // languages they matched in, then the others in the heading's order. Unsearched: the newest first.
  // Each row of o says its place (part, then order): the matches are never joined to the ranks
  // one by one.
  const headingOrder = sql`heading_rank desc, published_on desc nulls last, id`;
  const ordered = query.q
    ? sql`c as (select * from m order by ${headingOrder} limit ${RANKED_MATCHES}),
      r as (select s.item_id, max(${rankCase(query.q)}) as rank
        from c join library_search s on s.item_id = c.id and s.language = any (c.matched_languages)
        group by s.item_id),
      o as (select c.id, c.matched_languages, c.languages, coalesce(r.rank, c.heading_rank) as rank, 0 as part,
          c.heading_rank, c.published_on, null::timestamptz as created_at
        from c left join r on r.item_id = c.id
        union all
        (select m.id, m.matched_languages, m.languages, m.heading_rank, 1, m.heading_rank, m.published_on, null
         from m order by ${headingOrder} offset ${RANKED_MATCHES}))`
    : sql`o as (select m.id, m.matched_languages, m.languages, m.heading_rank as rank, 0 as part,
          m.heading_rank, m.published_on, m.created_at from m)`;
  const order = query.q ? sql`part, rank desc, ${headingOrder}` : sql`published_on desc nulls last, created_at desc, id`;
  // One statement, so the matches are found once for the page, the total and every facet.
  const [answer] = rowsOf(
    await db.execute(sql`with m as materialized (${matched}), ${ordered}
      select
        (select coalesce(json_agg(p order by p.n), '[]'::json) from (
          select library_items.id, library_items.type, library_items.audience, library_items.title,
            library_items.published_on::text as published_on, library_items.created_by, o.matched_languages, o.languages, o.rank, o.n
          from (select o.*, row_number() over (order by ${order}) as n from o
                order by ${order} limit ${query.limit} offset ${query.offset}) o
          -- The page's items read under the wall and the reader's scope, as every read of an item.
          join library_items on library_items.id = o.id and ${visible(reader)}) p) as page,
        (select json_agg(f) from (
          select 'total' as facet, '' as value, count(*)::int as n from m
          union all select 'type', type, count(*)::int from m group by type
          union all select 'language', l, count(*)::int from m, unnest(m.languages) l group by l
          union all select 'pillar', p, count(*)::int from m, unnest(m.pillars) p group by p
          union all select 'year', extract(year from published_on)::int::text, count(*)::int from m where published_on is not null group by 2
          union all select 'state', st, count(*)::int from m, unnest(m.states) st group by st) f) as facets`),
  );
  const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  const page = parse<Record<string, unknown>[]>(answer?.page);
  const facetRows = parse<Record<string, unknown>[]>(answer?.facets);
  const facets: Facets = { type: [], language: [], pillar: [], year: [], state: [] };
  let total = 0;
  for (const r of facetRows) {
    const facet = String(r.facet);
    if (facet === 'total') total = Number(r.n);
    else facets[facet as keyof Facets].push({ value: String(r.value), count: Number(r.n) });
  }
  for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return {
    rows: page.map((r) => ({
      id: String(r.id),
      type: r.type as LibraryItemType,
      audience: r.audience as LibraryAudience,
      title: parse<LocalisedText>(r.title),
      publishedOn: r.published_on === null ? null : String(r.published_on),
      languages: r.languages as Locale[],
      matchedLanguages: r.matched_languages as Locale[],
      createdBy: r.created_by === null ? null : String(r.created_by),
      rank: Number(r.rank),
    })),
    total,
    facets,
  };
}

/** Marks of a headline: private-use characters, which no document holds, split into runs below. */
const START = '\uE000';
const STOP = '\uE001';

function runsOf(headline: string): Snippet {
  const runs: Snippet = [];
  for (const [i, part] of headline.split(new RegExp(`[${START}${STOP}]`)).entries()) {
    if (part) runs.push({ text: part, match: i % 2 === 1 });
  }
  return runs;
}

/**
 * The snippet of each found item: the headline of its first passage that matches (its summary,
 * then its file's text in order), in the reader's language when the item matched in it, else in
 * another it matched in. Only for items the search already returned to this reader (listItems).
 */
export async function snippetsOf(
  db: Queryable,
  items: Pick<ListRow, 'id' | 'matchedLanguages'>[],
  q: string,
  readerLang: Locale,
): Promise<Map<string, Snippet>> {
  const pairs = items.flatMap((item) => item.matchedLanguages.map((lang) => ({ id: item.id, lang })));
  if (!pairs.length) return new Map();
  const options = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  const headline = sql`case s.language ${sql.join(
    locales.map((lang) => sql`when ${lang} then ts_headline(${CONFIG[lang]}, s.text, ${tsquery(lang, q)}, ${options})`),
    sql` `,
  )} end`;
  // The first matching passages are found by library_first_passages (migration 0031) through
  // the passages' index; their text is read here under the reader's scope.
  const rows = rowsOf(
    await db.execute(sql`
      select s.item_id, ${headline} as snippet from (
        select distinct on (f.item_id) f.item_id, p.language, p.text
        from library_first_passages(${q},
          array[${sql.join(
            pairs.map((pair) => sql`${pair.id}::uuid`),
            sql`, `,
          )}],
          array[${sql.join(
            pairs.map((pair) => sql`${pair.lang}`),
            sql`, `,
          )}]::text[]) f
        join library_passages p on p.item_id = f.item_id and p.language = f.language and p.position = f.position
        order by f.item_id, (f.language = ${readerLang}) desc, f.language
      ) s`),
  );
  const out = new Map<string, Snippet>();
  for (const r of rows) {
    const text = String(r.snippet ?? '');
    if (text.includes(START)) out.set(String(r.item_id), runsOf(text));
  }
  return out;
}

// ---------- submissions

export type SubmissionRow = typeof librarySubmissions.$inferSelect;

export async function findSubmission(db: Queryable, id: string): Promise<SubmissionRow | null> {
  const [row] = await db.select().from(librarySubmissions).where(eq(librarySubmissions.id, id));
  return row ?? null;
}

export async function listSubmissions(db: Queryable, where: SQL): Promise<SubmissionRow[]> {
  return db.select().from(librarySubmissions).where(where).orderBy(desc(librarySubmissions.updatedAt), librarySubmissions.id);
}

export async function insertSubmission(tx: Queryable, values: typeof librarySubmissions.$inferInsert): Promise<SubmissionRow> {
  const [row] = await tx.insert(librarySubmissions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateSubmission(
  tx: Queryable,
  id: string,
  values: Partial<typeof librarySubmissions.$inferInsert>,
): Promise<SubmissionRow> {
  const [row] = await tx
    .update(librarySubmissions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(librarySubmissions.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}
