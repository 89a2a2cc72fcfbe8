/**
 * The results dashboard at scale 100 (≥ 1,000,000 enrolments), on PostgreSQL and on PGlite.
 * For each database: the dashboard endpoint's p50 over 25 calls through the API, the naive query
 * (persons counted distinct by state × sex × year straight from nominations × attendance × officials
 * × sessions) on the same data in the same run, and their ratio (goal: at most 0.05). Also the first
 * call after one recorded change (exactness costs a recomputation of that person only).
 *
 * Run: npm run bench:results   (seeds scale 100 once into bench/out/pglite-scale100 and the
 * PostgreSQL database tadrib_bench, then reuses them; TADRIB_BENCH_POSTGRES_URL overrides the server).
 * Last line: results-bench ratio postgres=<r> pglite=<r>
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { DEMO_PASSWORD, seedDemo } from '../server/db/seed/demo';
import { parsePeriod } from '../server/modules/results/period';
import { naiveStateSexYear } from '../server/modules/results/repository';
import { type DatabaseHandle, openPglite, openPostgres, queryRows } from '../server/platform/db';
import { loadServerKeys } from '../server/platform/keys';
import { prepareDatabase, systemActor } from '../server/platform/startup';
import { benchApp } from './app';

const SCALE = 100;
const CALLS = 25;
const adminUrl = process.env.TADRIB_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pgliteDir = path.resolve('bench/out/pglite-scale100');
// Each bench database has its own keys folder (its audit chain and checkpoints), kept beside it.
const keysDirOf = (kind: 'postgres' | 'pglite') => path.resolve(`bench/out/keys-${kind}`);

const ms = (start: number) => performance.now() - start;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function openPostgresBench(): Promise<DatabaseHandle> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query(`select 1 from pg_database where datname = 'tadrib_bench'`);
  if (exists.rowCount === 0) await admin.query('create database tadrib_bench');
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/tadrib_bench';
  return openPostgres(url.toString());
}

async function enrolments(handle: DatabaseHandle): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    handle.db,
    sql`select count(*)::int as n from nominations where status = 'accepted'`,
  );
  return Number(row?.n ?? 0);
}

async function benchOne(kind: 'postgres' | 'pglite'): Promise<number> {
  const handle = kind === 'postgres' ? await openPostgresBench() : await openPglite(pgliteDir);
  const { keys } = loadServerKeys({ dir: keysDirOf(kind), fromEnvironment: {} });
  try {
    let t = performance.now();
    await prepareDatabase(handle, keys, { seedDemo: false });
    if ((await enrolments(handle)) < 1_000_000) {
      console.log(`[${kind}] seeding scale ${SCALE} (once; a few minutes)…`);
      t = performance.now();
      await seedDemo(handle, systemActor('system:bench', keys), { history: true, scale: SCALE });
      console.log(`[${kind}] seeded in ${(ms(t) / 1000).toFixed(0)} s`);
    }
    const accepted = await enrolments(handle);
    await handle.db.execute(sql`analyze`);

    const app = await benchApp(handle, keys);
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'me@tadrib.demo', password: DEMO_PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'tadrib_session');
    if (!cookie) throw new Error(`sign-in failed: ${login.body}`);
    const headers = { cookie: `tadrib_session=${cookie.value}` };
    const dashboard = async () => {
      const start = performance.now();
      const response = await app.inject({ method: 'GET', url: '/api/results/dashboard', headers });
      if (response.statusCode !== 200) throw new Error(`dashboard answered ${response.statusCode}: ${response.body}`);
      return {
        ms: ms(start),
        body: response.json() as {
          headline: { code: string; value: number }[];
          period: { from: string; to: string };
          byYear: unknown[];
        },
      };
    };

    // First call: brings the facts up to date with anything queued (e.g. right after a migration).
    const first = await dashboard();
    const times: number[] = [];
    for (let i = 0; i < CALLS; i += 1) times.push((await dashboard()).ms);
    const p50 = median(times);

    // One recorded change (a person's attendance), then the next call: still exact, barely slower.
    const [enrolment] = await queryRows<{ nomination_id: string; day: string }>(
      handle.db,
      sql`select a.nomination_id, to_char(a.day, 'YYYY-MM-DD') as day from attendance a
          join nominations n on n.id = a.nomination_id where n.status = 'accepted' and a.present limit 1`,
    );
    await handle.db.execute(
      sql`update attendance set present = false where nomination_id = ${enrolment?.nomination_id} and day = ${enrolment?.day}`,
    );
    const afterChange = await dashboard();
    await handle.db.execute(
      sql`update attendance set present = true where nomination_id = ${enrolment?.nomination_id} and day = ${enrolment?.day}`,
    );
    await dashboard();

    const period = parsePeriod(
      { from: first.body.period.from.slice(0, 4), to: first.body.period.to.slice(0, 4) },
      {
        firstYear: 2020,
        currentYear: new Date().getUTCFullYear(),
      },
    );
    const naiveTimes: number[] = [];
    let naive = await naiveStateSexYear(handle.db, period);
    for (let i = 0; i < 3; i += 1) {
      t = performance.now();
      naive = await naiveStateSexYear(handle.db, period);
      naiveTimes.push(ms(t));
    }
    const naiveMs = median(naiveTimes);
    // Within one year, persons per state × sex add up: the dashboard's persons per year must match.
    const byYear = first.body.byYear as { key: string; officialsTrained: number }[];
    for (const row of byYear) {
      const sum = naive.filter((c) => c.year === Number(row.key)).reduce((a, c) => a + c.officials, 0);
      if (sum !== row.officialsTrained) throw new Error(`${row.key}: dashboard ${row.officialsTrained}, naive ${sum}`);
    }
    const trained = first.body.headline.find((h) => h.code === 'officials_trained')?.value ?? 0;
    const participations = first.body.headline.find((h) => h.code === 'participations')?.value ?? 0;

    const ratio = p50 / naiveMs;
    console.log(
      `[${kind}] ${accepted.toLocaleString('en')} accepted enrolments, ${participations.toLocaleString('en')} completed, ` +
        `${trained.toLocaleString('en')} officials trained; persons per year agree with the naive query`,
    );
    console.log(
      `[${kind}] dashboard p50 ${p50.toFixed(1)} ms over ${CALLS} calls (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}); ` +
        `first call ${first.ms.toFixed(0)} ms; after one change ${afterChange.ms.toFixed(1)} ms`,
    );
    console.log(`[${kind}] naive query ${naiveMs.toFixed(0)} ms (median of 3); ratio ${ratio.toFixed(4)}`);
    await app.close();
    return ratio;
  } finally {
    await handle.close();
  }
}

const ratios: Record<string, number> = {};
for (const kind of ['postgres', 'pglite'] as const) ratios[kind] = await benchOne(kind);
console.log(`results-bench ratio postgres=${ratios.postgres?.toFixed(4)} pglite=${ratios.pglite?.toFixed(4)}`);
