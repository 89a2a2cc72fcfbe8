/**
 * The scale-100 PostgreSQL database of a benchmark (≥ 1,000,000 enrolments, 115,000 officials):
 * created and seeded once under `name`, then reused. Keys (audit chain, checkpoints) live beside it
 * in bench/out/keys-<name>.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { seedDemo } from '../server/db/seed/demo';
import { type DatabaseHandle, openPostgres, queryRows } from '../server/platform/db';
import { loadServerKeys, type ServerKeys } from '../server/platform/keys';
import { prepareDatabase, systemActor } from '../server/platform/startup';

export const adminUrl = process.env.TADRIB_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function enrolments(handle: DatabaseHandle): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    handle.db,
    sql`select count(*)::int as n from nominations where status = 'accepted'`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Planner statistics, as the owner (the handle works as the runtime role, whose ANALYZE is skipped
 * with a warning): a server with autovacuum off would otherwise plan 115,000 officials as a few hundred.
 */
async function analyzeWhenStale(url: string): Promise<void> {
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  const stale = await owner.query(
    'select 1 from pg_stat_user_tables where n_live_tup > 1000 and (coalesce(last_analyze, last_autoanalyze) is null or n_mod_since_analyze > n_live_tup / 10)',
  );
  if (stale.rowCount) await owner.query('analyze');
  await owner.end();
}

/** Opens (creating, migrating and seeding when needed) the scale-100 database `name`. */
export async function scale100Postgres(name: string): Promise<{ handle: DatabaseHandle; keys: ServerKeys; url: string }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database "${name}"`);
  await admin.end();
  const url = databaseUrl(name);
  const handle = await openPostgres(url);
  const { keys } = loadServerKeys({ dir: path.resolve(`bench/out/keys-${name}`), fromEnvironment: {} });
  await prepareDatabase(handle, keys, { seedDemo: false });
  if ((await enrolments(handle)) < 1_000_000) {
    console.log(`[${name}] seeding scale 100 (once; several minutes)…`);
    const start = performance.now();
    await seedDemo(handle, systemActor('system:bench', keys), { history: true, scale: 100 });
    console.log(`[${name}] seeded in ${((performance.now() - start) / 1000).toFixed(0)} s`);
  }
  await analyzeWhenStale(url);
  return { handle, keys, url };
}
