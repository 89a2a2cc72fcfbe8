/**
 * The library's search at scale (issue 9): `--items` items (10,000) of about `--pages` pages
 * (30) of generated text each in one or two of the four languages, on PostgreSQL and on PGlite.
 * Prints, per database, the p50 of 50 varied searches as the API runs them (results page, total,
 * facets and snippets, for a focal point, so the audience condition is in every query), the p50
 * of the same searches done naively in the same run (ILIKE over titles and extracted text, the
 * same audience condition, a page and a total), their ratio, and the PDF extraction throughput.
 * Goals: search p50 ≤ 50 ms on PostgreSQL, ≤ 150 ms on PGlite; ratio ≤ 0.02.
 *
 * Run: npm run bench:library [-- --items 10000 --pages 30 --only postgres|pglite] [--keep DIR] [--naive N]
 * --keep keeps the loaded libraries (the PostgreSQL database tadrib_bench_library_ITEMS, the PGlite
 * database in DIR) and reuses them on the next run when they hold as many items: to measure
 * again after a change of the search alone without loading 10,000 items again. --naive N does
 * only N of the searches naively (evenly spread), and the ratio compares the two p50s over those N.
 * Last line: library-bench {json}
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Locale } from '../server/db/schema';
import { SENTENCES, TOPICS } from '../server/db/seed/demo-library';
import { pdfWithText } from '../server/modules/library/documents';
import { extractText } from '../server/modules/library/extract';
import { rebuildSearch, visible } from '../server/modules/library/repository';
import type { ListQuery } from '../server/modules/library/schemas';
import { listItems } from '../server/modules/library/service';
import type { Actor } from '../server/platform/access';
import { type DatabaseHandle, openPglite, openPostgres } from '../server/platform/db';
import { loadServerKeys } from '../server/platform/keys';
import { prepareDatabase } from '../server/platform/startup';
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
const csv = (v: string | null) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`);

/** Loads the library with COPY, in chunks, then writes the search documents chunk by chunk. */
async function load(handle: DatabaseHandle, label: string): Promise<number> {
  const start = performance.now();
  if (keep) {
    const count = await handle.db.execute(sql`select count(*)::int as n from library_items`);
    const held = (count as unknown as { rows: { n: number }[] }).rows[0]?.n;
    if (held === ITEMS) {
      console.log(`[${label}] reusing the ${ITEMS} items kept by the last run`);
      return 0;
    }
    // A run stopped while loading leaves part of a library: loading again would add to it.
    if (held)
      throw new Error(`[${label}] the kept library holds ${held} items, not ${ITEMS}: remove it (or pass --items ${held})`);
  }
  const next = prng(42);
  const CHUNK = 250;
  let chars = 0;
  for (let from = 0; from < ITEMS; from += CHUNK) {
    const items: string[] = [];
    const stored: string[] = [];
    const files: string[] = [];
    const ids: string[] = [];
    for (let n = from; n < Math.min(ITEMS, from + CHUNK); n++) {
      const id = randomUUID();
      ids.push(id);
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
        const fileId = randomUUID();
        stored.push([fileId, `${n}-${lang}.pdf`, 'application/pdf', '1', 'bench', '\\x78'].map(csv).join(','));
        const pages = Math.max(1, Math.round(PAGES * (0.5 + next())));
        const text = Array.from({ length: pages }, () => pageOf(lang, next)).join('\n');
        chars += text.length;
        files.push([randomUUID(), id, lang, '1', fileId, 'extracted', text, String(pages)].map(csv).join(','));
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
    await handle.db.transaction((tx) =>
      rebuildSearch(
        tx,
        sql`i.id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    );
    if ((from / CHUNK) % 8 === 0) console.log(`[${label}] ${Math.min(ITEMS, from + CHUNK)} items loaded…`);
  }
  // Planner statistics, as autovacuum would gather them on a server: only the owner may analyse.
  await handle.bulk((session) => session.query('analyze'));
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `[${label}] ${ITEMS} items, ${(chars / 1e6).toFixed(0)} M characters of text, loaded and indexed in ${seconds.toFixed(0)} s`,
  );
  return seconds;
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
  for (const q of qs.slice(0, 5)) await listItems(handle.db, focal, { ...base, q });
  const fts: number[] = [];
  let found = 0;
  for (const q of qs) {
    const t = performance.now();
    const answer = await listItems(handle.db, focal, { ...base, q });
    fts.push(performance.now() - t);
    found += answer.total;
  }
  const step = qs.length / Math.min(qs.length, Math.max(1, NAIVE));
  const sampled = Array.from({ length: Math.min(qs.length, Math.max(1, NAIVE)) }, (_, k) => Math.floor(k * step));
  const slow: number[] = [];
  for (const i of sampled) {
    const t = performance.now();
    await handle.db.execute(naive(qs[i] as string));
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

if (only !== 'pglite') {
  // One database per size, so that libraries of several sizes can be kept side by side.
  const name = `tadrib_bench_library_${ITEMS}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  if (!keep || !exists) {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  }
  await admin.end();
  const handle = await openPostgres(databaseUrl(name));
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-bench-keys-'));
  await prepareDatabase(handle, loadServerKeys({ dir: keysDir, fromEnvironment: {} }).keys, { seedDemo: false });
  results.postgresLoadSeconds = Math.round(await load(handle, 'postgres'));
  results.postgres = await measure(handle, 'postgres');
  await handle.close();
  rmSync(keysDir, { recursive: true, force: true });
}
if (only !== 'postgres') {
  // --keep DIR holds the PGlite database (and its keys) from one run to the next.
  const dir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'tadrib-bench-library-'));
  mkdirSync(dir, { recursive: true });
  const handle = await openPglite(path.join(dir, 'db'));
  await prepareDatabase(handle, loadServerKeys({ dir: path.join(dir, 'keys'), fromEnvironment: {} }).keys, { seedDemo: false });
  results.pgliteLoadSeconds = Math.round(await load(handle, 'pglite'));
  results.pglite = await measure(handle, 'pglite');
  await handle.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
console.log(`library-bench ${JSON.stringify(results)}`);
