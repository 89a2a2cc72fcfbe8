/**
 * The library's search at scale (issue 9): `--items` items (10,000) of about `--pages` pages
 * (30) of generated text each in one or two of the four languages, on PostgreSQL and on PGlite.
 * Prints, per database, the p50 of 50 varied searches as the API runs them (results page, total,
 * facets and snippets, for a focal point under their state's wall scope, so the audience condition
 * and the wall are in every query), the p50
 * of the same searches done naively in the same run (ILIKE over titles and extracted text, the
 * same audience condition, a page and a total), their ratio, and the PDF extraction throughput.
 * Goals: search p50 ≤ 50 ms on PostgreSQL, ≤ 150 ms on PGlite; ratio ≤ 0.02.
 *
 * Run: npm run bench:library [-- --items 10000 --pages 30 --only postgres|pglite] [--keep DIR] [--naive N]
 * --keep keeps the loaded libraries (the PostgreSQL database tadrib_bench_library_ITEMS, the PGlite
 * database in DIR) and reuses them on the next run when they hold as many items: to measure
 * again after a change of the search alone without loading 10,000 items again. --naive N does
 * only N of the searches naively (evenly spread), and the ratio compares the two p50s over those N.
 * Loading: PostgreSQL gets the generated items and text by COPY, then the search documents and
 * passages from the server's own rebuildSearch on two connections, with the search tables' GIN
 * indexes and foreign keys made after; PGlite gets PostgreSQL's rows, vectors included, by COPY
 * (to_tsvector inside its WASM engine loaded about 250 items in 20 minutes), and the bench checks
 * on a sample that PGlite computes the same vectors itself.
 * Last line: library-bench {json}
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Locale } from '../server/db/schema';
import { SENTENCES, TOPICS } from '../server/db/seed/demo-library';
import { pdfWithText } from '../server/modules/library/documents';
import { extractText } from '../server/modules/library/extract';
import { rebuildSearch, visible } from '../server/modules/library/repository';
import type { ListQuery } from '../server/modules/library/schemas';
import { listItems } from '../server/modules/library/service';
import { type Actor, wallScopeOf } from '../server/platform/access';
import { type DatabaseHandle, openPglite, openPostgres } from '../server/platform/db';
import { loadServerKeys } from '../server/platform/keys';
import { prepareDatabase } from '../server/platform/startup';
import { withWallScope } from '../server/platform/wall';
import { adminUrl, databaseUrl } from './scale100';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('--items', 10_000);
const PAGES = arg('--pages', 30);
const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : null);
const only = option('--only');
const keep = option('--keep');
/** How many of the 50 searches are also done naively (every k-th): at 10,000 items one takes seconds. */
const NAIVE = arg('--naive', 50);
const WORDS_PER_PAGE = 330;
const LANGS: Locale[] = ['en', 'fr', 'ar', 'pt'];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** A seeded generator, so that both databases hold the same library. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each language's vocabulary: made-up words of its script, drawn with a Zipf-like frequency. */
const SYLLABLES: Record<Locale, string[]> = {
  en: ['ter', 'ra', 'con', 'vel', 'mor', 'dis', 'ant', 'ble', 'ing', 'ist', 'pro', 'nal'],
  fr: ['ter', 'ré', 'con', 'vel', 'mé', 'dis', 'ant', 'ble', 'tion', 'ète', 'pro', 'nal'],
  ar: ['تر', 'ما', 'كو', 'سل', 'مر', 'دي', 'نت', 'بل', 'ين', 'ست', 'فر', 'نا'],
  pt: ['ter', 'ra', 'con', 'vel', 'mor', 'dis', 'ção', 'ble', 'nho', 'ist', 'pro', 'nal'],
};
const VOCABULARY = 4000;
const vocabulary = Object.fromEntries(
  LANGS.map((lang) => {
    const next = prng(LANGS.indexOf(lang) + 7);
    const syl = SYLLABLES[lang];
    const words = new Set<string>();
    while (words.size < VOCABULARY) {
      const n = 2 + Math.floor(next() * 3);
      words.add(Array.from({ length: n }, () => syl[Math.floor(next() * syl.length)]).join(''));
    }
    return [lang, [...words]];
  }),
) as Record<Locale, string[]>;
const zipf = (next: () => number) => Math.min(VOCABULARY - 1, Math.floor(VOCABULARY ** next()) - 1);

function pageOf(lang: Locale, next: () => number): string {
  const words: string[] = [];
  while (words.length < WORDS_PER_PAGE) {
    if (next() < 0.3) {
      const topic = TOPICS[Math.floor(next() * TOPICS.length)];
      const sentence = SENTENCES[lang][Math.floor(next() * SENTENCES[lang].length)] ?? '';
      words.push(
        ...sentence
          .replaceAll('{t}', topic?.text[lang] ?? '')
          .replaceAll('{s}', 'Kenya')
          .split(' '),
      );
    } else {
      const n = 8 + Math.floor(next() * 8);
      for (let i = 0; i < n; i++) words.push(vocabulary[lang][zipf(next)] as string);
      words[words.length - 1] += '.';
    }
  }
  return words.join(' ');
}

const AUDIENCES = [
  'public',
  'public',
  'public',
  'public',
  'signed_in',
  'signed_in',
  'participants',
  'office',
  'states',
  'states',
];
const TYPES = [
  'manual',
  'course_material',
  'case_study',
  'good_practice',
  'legal_text',
  'national_strategy',
  'research',
  'template',
];
const STATES = ['NG', 'GH', 'KE', 'MA', 'SN', 'TN', 'EG', 'ML', 'MZ', 'CM'];
/** A version-4 shaped uuid drawn from `next`: the same library gets the same ids on every run. */
function uuidOf(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}
const csv = (v: string | null) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`);

/** Whether a kept library already holds the ITEMS items (then it is reused), or nothing. */
async function heldItems(handle: DatabaseHandle, label: string): Promise<boolean> {
  if (!keep) return false;
  const [row] = await handle.bulk((session) => session.query('select count(*)::int as n from library_items'));
  const held = Number(row?.n ?? 0);
  if (held === ITEMS) {
    console.log(`[${label}] reusing the ${ITEMS} items kept by the last run`);
    return true;
  }
  // A run stopped while loading leaves part of a library: loading again would add to it.
  if (held) throw new Error(`[${label}] the kept library holds ${held} items, not ${ITEMS}: remove it (or pass --items ${held})`);
  return false;
}

/**
 * The search tables' GIN indexes and foreign keys, dropped before a bulk load and made again after
 * it: one index build over a table is much cheaper than inserting 1.4 million passages into a GIN
 * index one by one, and one join validates a foreign key faster than a check per row.
 */
async function dropSearchIndexes(handle: DatabaseHandle): Promise<string[]> {
  return handle.bulk(async (session) => {
    const indexes = await session.query(`select format('drop index %I', indexname) as drop, indexdef as make from pg_indexes
      where tablename in ('library_search', 'library_passages') and indexdef like '%USING gin%'`);
    const keys =
      await session.query(`select format('alter table %s drop constraint %I', conrelid::regclass::text, conname) as drop,
        format('alter table %s add constraint %I %s', conrelid::regclass::text, conname, pg_get_constraintdef(oid)) as make
      from pg_constraint where contype = 'f' and conrelid in ('library_search'::regclass, 'library_passages'::regclass)`);
    for (const r of [...indexes, ...keys]) await session.query(String(r.drop));
    return [...indexes, ...keys].map((r) => String(r.make));
  });
}

/** Makes again what dropSearchIndexes dropped, on `connections` connections side by side. */
async function makeSearchIndexes(handle: DatabaseHandle, statements: string[], connections: number): Promise<void> {
  // The passages' index is the largest build: it goes first, alone on its connection.
  const queue = [...statements].sort((a, b) => Number(b.includes('library_passages')) - Number(a.includes('library_passages')));
  const worker = () =>
    handle.bulk(async (session) => {
      await session.query(`set local maintenance_work_mem = '256MB'`);
      for (let s = queue.shift(); s; s = queue.shift()) await session.query(s);
    });
  await Promise.all(Array.from({ length: connections }, worker));
}

/**
 * Loads the library into PostgreSQL: the items and their files' text generated here and COPY'd in
 * chunks, then the search documents and passages written by the server's own rebuildSearch
 * (repository.ts, so the vectors are those the app writes) on two connections side by side, with
 * the search tables' GIN indexes and foreign keys dropped meanwhile and made again at the end.
 */
async function loadPostgres(handle: DatabaseHandle): Promise<Record<string, number> | null> {
  if (await heldItems(handle, 'postgres')) return null;
  const start = performance.now();
  const next = prng(42);
  // The ids from a generator of their own, so that the text stays what it was with random ids.
  const nextId = prng(43);
  const CHUNK = 250;
  let chars = 0;
  const itemIds: string[] = [];
  for (let from = 0; from < ITEMS; from += CHUNK) {
    const items: string[] = [];
    const stored: string[] = [];
    const files: string[] = [];
    for (let n = from; n < Math.min(ITEMS, from + CHUNK); n++) {
      const id = uuidOf(nextId);
      itemIds.push(id);
      const first = LANGS[Math.floor(next() * 4)] as Locale;
      const langs = next() < 0.4 ? [first, LANGS[(LANGS.indexOf(first) + 1) % 4] as Locale] : [first];
      const topic = TOPICS[n % TOPICS.length];
      const title = Object.fromEntries(langs.map((l) => [l, `${topic?.text[l]} ${vocabulary[l][zipf(next)]} ${n}`]));
      const audience = AUDIENCES[Math.floor(next() * AUDIENCES.length)] as string;
      const states = audience === 'states' || next() < 0.3 ? [STATES[Math.floor(next() * STATES.length)] as string] : [];
      items.push(
        [
          id,
          TYPES[n % TYPES.length] as string,
          audience,
          JSON.stringify(title),
          '{}',
          `${2010 + (n % 17)}-06-01`,
          `{${topic?.pillar}}`,
          `{${states.join(',')}}`,
        ]
          .map(csv)
          .join(','),
      );
      for (const lang of langs) {
        const fileId = uuidOf(nextId);
        stored.push([fileId, `${n}-${lang}.pdf`, 'application/pdf', '1', 'bench', '\\x78'].map(csv).join(','));
        const pages = Math.max(1, Math.round(PAGES * (0.5 + next())));
        const text = Array.from({ length: pages }, () => pageOf(lang, next)).join('\n');
        chars += text.length;
        files.push([uuidOf(nextId), id, lang, '1', fileId, 'extracted', text, String(pages)].map(csv).join(','));
      }
    }
    await handle.bulk(async (session) => {
      await session.copyCsv(
        'library_items',
        ['id', 'type', 'audience', 'title', 'summary', 'published_on', 'pillars', 'states'],
        items.join('\n'),
      );
      await session.copyCsv('stored_files', ['id', 'name', 'media_type', 'size', 'sha256', 'content'], stored.join('\n'));
      await session.copyCsv(
        'library_files',
        ['id', 'item_id', 'language', 'version', 'file_id', 'text_status', 'text', 'pages'],
        files.join('\n'),
      );
    });
    if ((from / CHUNK) % 8 === 0) console.log(`[postgres] ${Math.min(ITEMS, from + CHUNK)} items copied…`);
  }
  const copied = performance.now();
  console.log(
    `[postgres] ${ITEMS} items, ${(chars / 1e6).toFixed(0)} M characters, copied in ${((copied - start) / 1000).toFixed(0)} s`,
  );
  const dropped = await dropSearchIndexes(handle);
  // Two connections on two cores: to_tsvector over every file (its document and its passages) is the load's cost.
  const queue = Array.from({ length: Math.ceil(itemIds.length / 50) }, (_, k) => itemIds.slice(k * 50, k * 50 + 50));
  let done = 0;
  const worker = async () => {
    for (let ids = queue.shift(); ids; ids = queue.shift()) {
      await handle.db.transaction((tx) => rebuildSearch(tx, sql`i.id = any (${`{${ids.join(',')}}`}::uuid[])`));
      done += ids.length;
      if (done % 1000 < ids.length) console.log(`[postgres] ${done} items' search documents written…`);
    }
  };
  await Promise.all([worker(), worker()]);
  const vectors = performance.now();
  console.log(`[postgres] search documents and passages written in ${((vectors - copied) / 1000).toFixed(0)} s`);
  await makeSearchIndexes(handle, dropped, 2);
  // Planner statistics, as autovacuum would gather them on a server: only the owner may analyse.
  await handle.bulk((session) => session.query('analyze'));
  const end = performance.now();
  console.log(
    `[postgres] indexes made and analysed in ${((end - vectors) / 1000).toFixed(0)} s; loaded in ${((end - start) / 1000).toFixed(0)} s`,
  );
  return {
    copySeconds: Math.round((copied - start) / 1000),
    vectorSeconds: Math.round((vectors - copied) / 1000),
    indexSeconds: Math.round((end - vectors) / 1000),
    totalSeconds: Math.round((end - start) / 1000),
  };
}

/** The tables of a library, in the order they are loaded, each with how its rows of some items are chosen. */
const LIBRARY_TABLES: [string, (ids: string) => string][] = [
  ['library_items', (ids) => `id = any ('${ids}'::uuid[])`],
  ['stored_files', (ids) => `id in (select file_id from library_files where item_id = any ('${ids}'::uuid[]))`],
  ['library_files', (ids) => `item_id = any ('${ids}'::uuid[])`],
  ['library_search', (ids) => `item_id = any ('${ids}'::uuid[])`],
  ['library_passages', (ids) => `item_id = any ('${ids}'::uuid[])`],
];

/**
 * Loads into PGlite the library PostgreSQL holds, rows and vectors alike, COPY'd out as text and
 * COPY'd in: to_tsvector over 1.2 G characters inside the WASM engine loaded about 250 items in
 * 20 minutes, where the text form of a tsvector is read back cheaply. The vectors are PostgreSQL's,
 * computed with the same text search configurations (migration 0022); checkSameVectors shows
 * that PGlite computes the same ones on a sample.
 */
async function loadPglite(handle: DatabaseHandle, source: pg.Client): Promise<Record<string, number>> {
  const start = performance.now();
  const columns = new Map<string, string[]>();
  for (const [table] of LIBRARY_TABLES) {
    const found = await source.query(
      `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
      [table],
    );
    columns.set(
      table,
      found.rows.map((r) => String(r.column_name)),
    );
  }
  const ids = (await source.query('select id from library_items order by id')).rows.map((r) => String(r.id));
  const dropped = await dropSearchIndexes(handle);
  const CHUNK = 200;
  for (let from = 0; from < ids.length; from += CHUNK) {
    const chunk = `{${ids.slice(from, from + CHUNK).join(',')}}`;
    const parts: [string, string[], string][] = [];
    for (const [table, which] of LIBRARY_TABLES) {
      const cols = columns.get(table) ?? [];
      const list = cols.map((c) => `"${c}"`).join(', ');
      const out: Buffer[] = [];
      for await (const part of source.query(
        copyTo(`copy (select ${list} from ${table} where ${which(chunk)}) to stdout with (format csv)`),
      ))
        out.push(part as Buffer);
      parts.push([table, cols, Buffer.concat(out).toString('utf8')]);
    }
    await handle.bulk(async (session) => {
      for (const [table, cols, text] of parts) if (text) await session.copyCsv(table, cols, text);
    });
    if ((from / CHUNK) % 10 === 0) console.log(`[pglite] ${Math.min(ids.length, from + CHUNK)} items copied from PostgreSQL…`);
  }
  const copied = performance.now();
  await makeSearchIndexes(handle, dropped, 1);
  await handle.bulk((session) => session.query('analyze'));
  const end = performance.now();
  console.log(
    `[pglite] ${ids.length} items copied from PostgreSQL in ${((copied - start) / 1000).toFixed(0)} s, indexed and analysed in ${((end - copied) / 1000).toFixed(0)} s`,
  );
  return {
    copySeconds: Math.round((copied - start) / 1000),
    indexSeconds: Math.round((end - copied) / 1000),
    totalSeconds: Math.round((end - start) / 1000),
  };
}

/**
 * PGlite's own vectors of a sample, compared with those PostgreSQL computed and PGlite now holds:
 * the first passage of every 20th file, and the whole document of 5 files, with their headings.
 */
async function checkSameVectors(handle: DatabaseHandle): Promise<{ compared: number; differing: number }> {
  const configs = `(values ${LANGS.map((l) => `('${l}', 'tadrib_${l}'::regconfig)`).join(', ')}) as c(lang, cfg)`;
  const [passages] = await handle.bulk((session) =>
    session.query(`select count(*)::int as n, count(*) filter (where p.document::text <> to_tsvector(c.cfg, p.text)::text)::int as differ
      from (select * from library_passages where position = 1 and abs(hashtext(item_id::text)) % 20 = 0) p
      join ${configs} on c.lang = p.language`),
  );
  const [documents] = await handle.bulk((session) =>
    session.query(`select count(*)::int as n, count(*) filter (where s.document::text <> (h.heading || setweight(to_tsvector(c.cfg, f.text), 'C'))::text
        or s.heading::text <> h.heading::text)::int as differ
      from (select * from library_files order by id limit 5) f
      join library_search s on s.item_id = f.item_id and s.language = f.language
      join library_items i on i.id = f.item_id
      join ${configs} on c.lang = f.language
      cross join lateral (select setweight(to_tsvector(c.cfg, coalesce(i.title ->> c.lang, '')), 'A')
        || setweight(to_tsvector(c.cfg, coalesce(i.summary ->> c.lang, '')), 'B') as heading) h`),
  );
  const compared = Number(passages?.n) + Number(documents?.n);
  const differing = Number(passages?.differ) + Number(documents?.differ);
  console.log(
    `[pglite] vectors PGlite computes itself against PostgreSQL's: ${compared} compared (${passages?.n} passages, ${documents?.n} whole documents), ${differing} differ`,
  );
  return { compared, differing };
}

/** 50 searches: frequent, middling and rare words, pairs and a phrase, in the four languages. */
function queries(): string[] {
  const out: string[] = [];
  for (const lang of LANGS) {
    const v = vocabulary[lang];
    const sentenceWords = (SENTENCES[lang][3] ?? '').split(' ').filter((w) => w.length > 6);
    out.push(v[3] as string, v[40] as string, v[400] as string, v[1500] as string, v[3500] as string);
    out.push(`${v[10]} ${v[200]}`, `${v[60]} ${v[900]}`, `"${v[5]} ${v[7]}"`);
    out.push(
      ...sentenceWords.slice(0, 2),
      TOPICS[LANGS.indexOf(lang) * 2]?.text[lang].split(' ').slice(-1)[0] ?? (v[9] as string),
    );
    out.push(`${v[20]} -${v[21]}`);
  }
  return out.slice(0, 48).concat([vocabulary.fr[2] as string, vocabulary.en[2] as string]);
}

const focal: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'bench@tadrib.local',
  role: 'focal_point',
  locale: 'fr',
  stateIso2: 'NG',
  officialId: null,
  sessionId: 'bench',
  stage: 'full',
};

/** The naive search: the words' text anywhere in a title or a file, under the same audience condition. */
function naive(q: string): SQL {
  const words = q.replace(/["-]/g, ' ').split(/\s+/).filter(Boolean);
  const like = sql.join(
    words.map(
      (w) =>
        sql`(library_items.title::text ilike ${`%${w}%`} or exists (select 1 from library_files f where f.item_id = library_items.id and f.text ilike ${`%${w}%`}))`,
    ),
    sql` and `,
  );
  return sql`select library_items.id, count(*) over () as total from library_items
    where ${visible(focal)} and ${like} order by library_items.published_on desc limit 20`;
}

async function measure(handle: DatabaseHandle, label: string) {
  const qs = queries();
  const base: ListQuery = { limit: 20, offset: 0 };
  // Under the focal point's wall scope, as a request of theirs runs (platform/wall.ts).
  const search = (q: string) => withWallScope(wallScopeOf(focal), () => listItems(handle.db, focal, { ...base, q }));
  for (const q of qs.slice(0, 5)) await search(q);
  const fts: number[] = [];
  let found = 0;
  for (const q of qs) {
    const t = performance.now();
    const answer = await search(q);
    fts.push(performance.now() - t);
    found += answer.total;
  }
  const step = qs.length / Math.min(qs.length, Math.max(1, NAIVE));
  const sampled = Array.from({ length: Math.min(qs.length, Math.max(1, NAIVE)) }, (_, k) => Math.floor(k * step));
  const slow: number[] = [];
  for (const i of sampled) {
    const t = performance.now();
    await withWallScope(wallScopeOf(focal), () => handle.db.execute(naive(qs[i] as string)));
    slow.push(performance.now() - t);
  }
  const p50 = median(fts);
  const sampledP50 = median(sampled.map((i) => fts[i] as number));
  const naiveP50 = median(slow);
  const load = os.loadavg()[0]?.toFixed(1);
  console.log(
    `[${label}] search p50 ${p50.toFixed(1)} ms (max ${Math.max(...fts).toFixed(0)} ms, ${(found / qs.length).toFixed(0)} results per query on average); ` +
      `naive ILIKE p50 ${naiveP50.toFixed(0)} ms over ${sampled.length} of the searches (theirs ${sampledP50.toFixed(1)} ms); ` +
      `ratio ${(sampledP50 / naiveP50).toFixed(4)}; load average ${load}`,
  );
  return { p50, naiveP50, ratio: sampledP50 / naiveP50, naiveQueries: sampled.length, loadAverage: Number(load) };
}

async function extractionThroughput() {
  const next = prng(9);
  const pdfs = Array.from({ length: 10 }, () => pdfWithText(Array.from({ length: PAGES }, () => wrap(pageOf('fr', next)))));
  const start = performance.now();
  let pages = 0;
  for (const pdf of pdfs) pages += (await extractText('application/pdf', pdf)).pages ?? 0;
  const perSecond = pages / ((performance.now() - start) / 1000);
  console.log(
    `PDF extraction: ${pages} pages in ${((performance.now() - start) / 1000).toFixed(1)} s, ${perSecond.toFixed(0)} pages/s`,
  );
  return perSecond;
}

function wrap(text: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 90) lines.push(text.slice(i, i + 90));
  return lines;
}

const results: Record<string, unknown> = { items: ITEMS, pages: PAGES };
results.pdfPagesPerSecond = Math.round(await extractionThroughput());

const postgresName = `tadrib_bench_library_${ITEMS}`;
/** The PostgreSQL library of ITEMS items (one database per size, so several sizes can be kept side by side). */
async function postgresLibrary(): Promise<{ handle: DatabaseHandle; close: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [postgresName])).rowCount;
  if (!keep || !exists) {
    await admin.query(`drop database if exists ${postgresName} with (force)`);
    await admin.query(`create database ${postgresName}`);
  }
  await admin.end();
  const handle = await openPostgres(databaseUrl(postgresName));
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-bench-keys-'));
  await prepareDatabase(handle, loadServerKeys({ dir: keysDir, fromEnvironment: {} }).keys, { seedDemo: false });
  const loaded = await loadPostgres(handle);
  if (loaded) results.postgresLoad = loaded;
  return {
    handle,
    close: async () => {
      await handle.close();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

if (only !== 'pglite') {
  const library = await postgresLibrary();
  results.postgres = await measure(library.handle, 'postgres');
  await library.close();
}
if (only !== 'postgres') {
  // --keep DIR holds the PGlite database (and its keys) from one run to the next.
  const dir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'tadrib-bench-library-'));
  mkdirSync(dir, { recursive: true });
  const handle = await openPglite(path.join(dir, 'db'));
  await prepareDatabase(handle, loadServerKeys({ dir: path.join(dir, 'keys'), fromEnvironment: {} }).keys, { seedDemo: false });
  if (!(await heldItems(handle, 'pglite'))) {
    // PGlite's library is PostgreSQL's, copied: loaded first when this run has not (--only pglite).
    if (only === 'pglite') await (await postgresLibrary()).close();
    const source = new pg.Client({ connectionString: databaseUrl(postgresName) });
    await source.connect();
    results.pgliteLoad = await loadPglite(handle, source);
    await source.end();
  }
  results.pgliteVectors = await checkSameVectors(handle);
  results.pglite = await measure(handle, 'pglite');
  await handle.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
console.log(`library-bench ${JSON.stringify(results)}`);
