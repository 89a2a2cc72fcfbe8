/**
 * The results refresh of this checkout against another revision's, in the same process on the same
 * data (server/modules/results/freshness.ts as it is at `--before REV`, default main): one recorded
 * change (a person's attendance on one day, set off and on in turn), then the refresh that brings the
 * facts up to date, each version in turn (which goes first alternates); p50 of each and their ratio
 * (this checkout ÷ before: below 1 is quicker). `--rebuild N` also times N full rebuilds of each.
 * The figures are the same either way: both versions keep the same facts (test/api/results-*.test.ts).
 *
 * Run: npm run bench:refresh -- [--postgres] [--scale N] [--before REV] [--rounds N] [--rebuild N]
 * (PGlite by default; seeds the demo data at scale N, default 1, once into bench/out/refresh-pglite-scaleN,
 * or the PostgreSQL database tadrib_refresh_scaleN at TADRIB_BENCH_POSTGRES_URL, then reuses it).
 * Last line: refresh-bench <db> scale=<n> one-change before=<ms> after=<ms> ratio=<r> [rebuild …] load=<1-min load>
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { seedDemo } from '../server/db/seed/demo';
import * as current from '../server/modules/results/freshness';
import { type DatabaseHandle, openPglite, openPostgres, queryRows } from '../server/platform/db';
import { loadServerKeys } from '../server/platform/keys';
import { prepareDatabase, systemActor } from '../server/platform/startup';

const { values: args } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    scale: { type: 'string', default: '1' },
    before: { type: 'string', default: 'main' },
    rounds: { type: 'string', default: '21' },
    rebuild: { type: 'string', default: '0' },
  },
});
const scale = Number(args.scale);
const kind = args.postgres ? 'postgres' : 'pglite';
const adminUrl = process.env.TADRIB_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Freshness = Pick<typeof current, 'ensureResultsFresh' | 'rebuildResultsOn'>;

/** The refresh as it is at `rev`: its file written beside this checkout's (its imports resolve the same), then imported. */
async function freshnessAt(rev: string): Promise<{ module: Freshness; commit: string }> {
  const commit = execFileSync('git', ['rev-parse', '--short', rev], { encoding: 'utf8' }).trim();
  const source = execFileSync('git', ['show', `${commit}:server/modules/results/freshness.ts`], { encoding: 'utf8' });
  const file = path.resolve(`server/modules/results/freshness.bench-${commit}.ts`);
  writeFileSync(file, source);
  try {
    return { module: (await import(file)) as Freshness, commit };
  } finally {
    rmSync(file);
  }
}

async function open(): Promise<DatabaseHandle> {
  if (kind === 'pglite') return openPglite(path.resolve(`bench/out/refresh-pglite-scale${scale}`));
  const database = `tadrib_refresh_scale${scale}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`create database "${database}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return openPostgres(url.toString());
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const timed = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

const before = await freshnessAt(args.before);
const handle = await open();
const { keys } = loadServerKeys({ dir: path.resolve(`bench/out/keys-refresh-${kind}-scale${scale}`), fromEnvironment: {} });
try {
  await prepareDatabase(handle, keys, { seedDemo: false });
  const [seeded] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from training_sessions`);
  if (!seeded?.n) {
    const start = performance.now();
    await seedDemo(handle, systemActor('system:bench', keys), { history: true, scale });
    console.log(`[${kind}] seeded scale ${scale} in ${((performance.now() - start) / 1000).toFixed(0)} s`);
  }
  const db = handle.db;
  await current.rebuildResultsOn(db);
  await db.execute(sql`analyze`);
  // A person with the median number of completed enrolments, and one present day of theirs.
  const [day] = await queryRows<{ nomination_id: string; day: string; enrolments: number }>(
    db,
    sql`with persons as (select official_id, count(*)::int as enrolments from result_enrolments group by 1),
          typical as (select official_id, enrolments from persons
                      order by enrolments offset (select count(*) / 2 from persons) limit 1)
        select a.nomination_id, to_char(a.day, 'YYYY-MM-DD') as day, t.enrolments
        from typical t join result_enrolments e using (official_id)
        join attendance a on a.nomination_id = e.nomination_id and a.present
        order by e.ended_on limit 1`,
  );
  if (!day) throw new Error('no completed enrolment to change');
  const [size] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from result_enrolments`);
  console.log(
    `[${kind}] scale ${scale}: ${size?.n} completed enrolments; the person changed has ${day.enrolments}; before = ${before.commit}`,
  );

  let present = true;
  const change = async () => {
    present = !present;
    await db.execute(
      sql`update attendance set present = ${present} where nomination_id = ${day.nomination_id} and day = ${day.day}`,
    );
  };
  const versions = { before: before.module, after: current as Freshness };
  const oneChange: Record<keyof typeof versions, number[]> = { before: [], after: [] };
  // One untimed turn each: the first statements of a version are planned and cached here.
  for (const name of ['before', 'after'] as const) {
    await change();
    await versions[name].ensureResultsFresh(db);
  }
  const rounds = Number(args.rounds);
  for (let i = 0; i < rounds; i += 1)
    for (const name of i % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) {
      await change();
      oneChange[name].push(await timed(() => versions[name].ensureResultsFresh(db)));
    }
  const ratio = median(oneChange.after) / median(oneChange.before);
  console.log(
    `[${kind}] refresh after one change, p50 of ${rounds}: before ${median(oneChange.before).toFixed(1)} ms ` +
      `(min ${Math.min(...oneChange.before).toFixed(1)}), after ${median(oneChange.after).toFixed(1)} ms ` +
      `(min ${Math.min(...oneChange.after).toFixed(1)}), ratio ${ratio.toFixed(3)}`,
  );
  let rebuildLine = '';
  const rebuilds = Number(args.rebuild);
  if (rebuilds > 0) {
    const rebuild: Record<keyof typeof versions, number[]> = { before: [], after: [] };
    for (let i = 0; i < rebuilds; i += 1)
      for (const name of i % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const))
        rebuild[name].push(await timed(() => versions[name].rebuildResultsOn(db)));
    const rebuildRatio = median(rebuild.after) / median(rebuild.before);
    console.log(
      `[${kind}] full rebuild, p50 of ${rebuilds}: before ${median(rebuild.before).toFixed(0)} ms, after ` +
        `${median(rebuild.after).toFixed(0)} ms, ratio ${rebuildRatio.toFixed(3)}`,
    );
    rebuildLine = ` rebuild before=${median(rebuild.before).toFixed(0)} after=${median(rebuild.after).toFixed(0)} ratio=${rebuildRatio.toFixed(3)}`;
  }
  console.log(
    `refresh-bench ${kind} scale=${scale} one-change before=${median(oneChange.before).toFixed(1)} ` +
      `after=${median(oneChange.after).toFixed(1)} ratio=${ratio.toFixed(3)}${rebuildLine} load=${loadavg()[0]?.toFixed(1)}`,
  );
} finally {
  await handle.close();
}
