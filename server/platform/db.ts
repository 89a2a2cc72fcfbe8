import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite, type Transaction as PgliteTransaction, type QueryOptions, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { type PgDatabase, type PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Config } from '../config';
import * as schema from '../db/schema';
import { fromRoot } from './paths';
import { lockDataDir, socketPath } from './pglite-lock';
import { type SocketServer, servePgliteOnSocket } from './pglite-socket';
import { ANY_SCOPE, currentWallScope, SYSTEM_SCOPE } from './wall';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repositories accept both. */
export type Queryable = Database | Transaction;

export type DatabaseKind = 'pglite' | 'postgres';

/** A backup reads every table in one read-only snapshot; a load writes (the default). */
export type BulkOptions = { readOnlySnapshot?: boolean };
/** The first statement of a bulk transaction: an isolation level is set before any query. */
const bulkIsolation = (options?: BulkOptions) =>
  options?.readOnlySnapshot ? 'set transaction isolation level repeatable read, read only' : null;

/** One connection inside one transaction, for bulk loads: raw SQL and COPY FROM csv. */
export type BulkSession = {
  query(text: string): Promise<Record<string, unknown>[]>;
  copyCsv(table: string, columns: string[], csv: string): Promise<void>;
  /** COPY TO csv: the table's rows, for backups (platform/backup.ts). */
  copyOutCsv(table: string, columns: string[]): Promise<string>;
};

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseKind;
  migrate(): Promise<void>;
  /**
   * Runs `work` in one transaction on one connection; COPY is 5–10× faster than inserts. It runs as
   * the owner of the tables (it drops constraints and disables triggers), under the current wall scope.
   */
  bulk<T>(work: (session: BulkSession) => Promise<T>, options?: BulkOptions): Promise<T>;
  /**
   * From now on every connection works as the runtime role (RUNTIME_ROLE): called once the schema
   * is migrated and seeded, when the server was given one URL that connects as the owner.
   */
  switchToRuntimeRole(): Promise<void>;
  close(): Promise<void>;
  closed(): boolean;
  /** PGlite: serves the database on a Unix socket in its folder, for the command line (pglite-socket.ts). */
  serveSocket?(): Promise<string>;
};

const copyStatement = (table: string, columns: string[], source: string) =>
  `copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from ${source} with (format csv)`;
const copyOutStatement = (table: string, columns: string[], target: string) =>
  `copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) to ${target} with (format csv)`;

export const migrationsFolder = fromRoot('server/db/migrations');
const MIGRATION_LOCK = 472_019_001;

// bigint columns (count(*), sums) come back as strings from node-postgres; JS numbers are
// precise to 2^53, far above any count this product will hold.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export async function openDatabase(database: Config['database'], holder?: string): Promise<DatabaseHandle> {
  if (database.kind === 'postgres') return openPostgres(database.url, database.ownerUrl);
  return openPglite(database.dataDir, holder);
}

/**
 * The role the server works as: it reads and writes the tables, appends to the audit log, and is
 * held by row-level security (migration 0014). The owner of the tables runs the migrations and
 * bulk loads; `npm run tadrib -- db roles` creates both on a PostgreSQL server.
 */
export const RUNTIME_ROLE = 'tadrib_app';

/** Bulk loads drop constraints and disable triggers: the owner's work, back from the runtime role for one transaction. */
const AS_OWNER = 'set local role none';
const setScope = (isLocal: boolean) => `select set_config('tadrib.scope_state', $1, ${isLocal})`;

/** `holder` names this process in the folder's lock, for whoever finds the folder in use. */
export async function openPglite(dataDir: string, holder = 'a Tadrib process'): Promise<DatabaseHandle> {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const lock = lockDataDir(dataDir, holder);
  let socket: SocketServer | null = null;
  const client = new PGlite({
    dataDir,
    // Registry search's trigram indexes (migration 0018); the library search's accent folding (0022).
    extensions: { pg_trgm, unaccent },
    // Without a small WAL the data folder grows toward a gigabyte.
    // No replication here: minimal WAL also lets a bulk load into fresh tables skip the WAL.
    postgresqlconf: ['max_wal_size = 64MB', 'min_wal_size = 32MB', 'wal_level = minimal', 'max_wal_senders = 0'],
  });
  try {
    await client.waitReady;
  } catch (error) {
    lock.release();
    throw error;
  }
  await client.query(setScope(false), [SYSTEM_SCOPE]);
  const ownParsers = takeDrizzleParsers(client);
  const walled = walledPglite(client);
  const db = drizzlePglite({ client: walled, schema }) as unknown as Database;
  directReaders.set(db, async (statement, values) => (await walled.query<Record<string, unknown>>(statement.text, values)).rows);
  let runtimeRole = false;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      if (runtimeRole) await client.query('reset role');
      try {
        await migratePglite(db as never, { migrationsFolder });
      } finally {
        if (runtimeRole) await client.query(`set role ${RUNTIME_ROLE}`);
      }
      await refreshTypes(client);
    },
    bulk: (work, options) =>
      client.transaction(async (tx) => {
        const isolation = bulkIsolation(options);
        if (isolation) await tx.query(isolation);
        await tx.query(AS_OWNER);
        await tx.query(setScope(true), [currentWallScope()]);
        return work({
          // PGlite's own parsers (dates as Date), as before drizzle's were set in the client's table.
          query: async (text) => (await tx.query<Record<string, unknown>>(text, [], { parsers: ownParsers })).rows,
          copyCsv: async (table, columns, csv) => {
            await tx.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
          },
          copyOutCsv: async (table, columns) => {
            const result = await tx.query(copyOutStatement(table, columns, "'/dev/blob'"));
            return result.blob ? result.blob.text() : '';
          },
        });
      }),
    async switchToRuntimeRole() {
      // One connection: the role is set once, for the whole session.
      await client.query(`set role ${RUNTIME_ROLE}`);
      runtimeRole = true;
    },
    async close() {
      await socket?.close();
      await client.close();
      lock.release();
    },
    closed: () => client.closed,
    async serveSocket() {
      socket = await servePgliteOnSocket(client, socketPath(dataDir));
      lock.announceSocket();
      return socketPath(dataDir);
    },
  };
}

/** Connections of the server's PostgreSQL pool (the admission queue lets twice as many reads in: platform/admission.ts). */
export const POOL_SIZE = 10;

/**
 * `url` is what the server works through; `ownerUrl`, when given, connects as the owner of the
 * tables for migrations and bulk loads (then `url` should connect as RUNTIME_ROLE itself).
 */
export async function openPostgres(url: string, ownerUrl?: string): Promise<DatabaseHandle> {
  const runtime = walledPool(url, POOL_SIZE);
  const owner = ownerUrl ? walledPool(ownerUrl, 2) : runtime;
  const pool = runtime.pool;
  let ended = false;
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  directReaders.set(db, runtime.read);
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Several processes may start at once: one migrates, the others wait for it.
      const client = await owner.ownerClient();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    async bulk(work, options) {
      const client = await owner.pool.connect();
      try {
        await client.query('begin');
        const isolation = bulkIsolation(options);
        if (isolation) await client.query(isolation);
        await client.query(AS_OWNER);
        const result = await work({
          query: async (text) => (await client.query(text)).rows,
          copyCsv: async (table, columns, csv) => {
            const stream = client.query(copyFrom(copyStatement(table, columns, 'stdin')));
            await pipeline(Readable.from([csv]), stream);
          },
          copyOutCsv: async (table, columns) => {
            const chunks: Buffer[] = [];
            for await (const chunk of client.query(copyTo(copyOutStatement(table, columns, 'stdout')))) chunks.push(chunk);
            return Buffer.concat(chunks).toString('utf8');
          },
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async switchToRuntimeRole() {
      // A runtime URL of its own already connects as the runtime role.
      if (!ownerUrl) runtime.switchToRuntimeRole();
    },
    async close() {
      ended = true;
      await pool.end();
      if (owner !== runtime) await owner.pool.end();
    },
    closed: () => ended,
  };
}

/**
 * A pool whose every connection, when checked out (for one query or one transaction), first works
 * as the runtime role (once switched to it) and under the current wall scope. The scope is set for
 * the connection's session, only when it differs from what that connection last had: a query then
 * costs no extra round trip while the scope stays the same; no query reaches a connection without
 * passing here, so none runs under a scope left by another request.
 */
function walledPool(url: string, max: number) {
  // A connection once opened stays open (min = max): with an idle timeout, each release armed a
  // timer and each checkout cleared it, two of each per request. POOL_SIZE connections are few.
  const pool = new pg.Pool({ connectionString: url, max, min: max });
  const applied = new WeakMap<pg.PoolClient, { runtimeRole: boolean; scope: string | null }>();
  let runtimeRole = false;
  const connect = pool.connect.bind(pool) as (callback: (error: Error | undefined, client?: pg.PoolClient) => void) => void;
  /**
   * Checks a connection out for work under `scope` (read by the caller, in its own context). With
   * callbacks, not promises: two statements run on every request, and a statement through the
   * pool and the connection's promises took some ten promises, each carrying the wall's async
   * context (platform/wall.ts), against one now. A connection that needs no statement first is given as it is.
   */
  const checkoutFor = (scope: string, done: (error: Error | undefined, client?: pg.PoolClient) => void): void => {
    connect((error, client) => {
      if (error || !client) {
        done(error ?? new Error('no connection'));
        return;
      }
      const was = applied.get(client) ?? { runtimeRole: false, scope: null };
      const asRole = runtimeRole && !was.runtimeRole;
      const toScope = scope !== ANY_SCOPE && was.scope !== scope;
      if (!asRole && !toScope) {
        done(undefined, client);
        return;
      }
      const failed = (statementError: Error) => {
        client.release(statementError);
        done(statementError);
      };
      // A connection that never had a scope set gets none from ANY_SCOPE work: the next scoped
      // checkout sets it (the session's setting is empty, which lets no state's rows through).
      const ready = () => {
        applied.set(client, { runtimeRole: runtimeRole || was.runtimeRole, scope: toScope ? scope : was.scope });
        done(undefined, client);
      };
      const scoped = () => {
        if (!toScope) ready();
        else client.query(setScope(false), [scope], (scopeError) => (scopeError ? failed(scopeError) : ready()));
      };
      if (asRole) client.query(`set role ${RUNTIME_ROLE}`, (roleError) => (roleError ? failed(roleError) : scoped()));
      else scoped();
    });
  };
  const checkout = (): Promise<pg.PoolClient> => {
    const scope = currentWallScope();
    return new Promise((resolve, reject) =>
      checkoutFor(scope, (error, client) => (error ? reject(error) : resolve(client as pg.PoolClient))),
    );
  };
  /** One statement on a connection checked out under the current scope, released when it answers. */
  const queryOnce = (query: string | pg.QueryConfig, values: unknown[] | undefined): Promise<pg.QueryResult> => {
    const scope = currentWallScope();
    return new Promise((resolve, reject) =>
      checkoutFor(scope, (error, client) => {
        if (error || !client) {
          reject(error);
          return;
        }
        client.query(query as string, values as unknown[], (queryError: Error | undefined, result: pg.QueryResult) => {
          client.release();
          if (queryError) reject(queryError);
          else resolve(result);
        });
      }),
    );
  };
  pool.connect = checkout as typeof pool.connect;
  pool.query = queryOnce as typeof pool.query;
  return {
    pool,
    /** `readRows`' path: the statement prepared under its name, once per connection. */
    read: async (statement: DirectStatement, values: unknown[]) =>
      (await queryOnce({ name: statement.name, text: statement.text }, values)).rows as Record<string, unknown>[],
    switchToRuntimeRole() {
      runtimeRole = true;
    },
    /** A connection working as the owner (migrations: DDL and grants). */
    async ownerClient(): Promise<pg.PoolClient> {
      const client = await checkout();
      if (applied.get(client)?.runtimeRole) {
        await client.query('reset role');
        applied.set(client, { runtimeRole: false, scope: currentWallScope() });
      }
      return client;
    },
  };
}

/**
 * drizzle reads dates, timestamps and intervals, and arrays of them and of numerics, as PostgreSQL's
 * text and maps them itself: it passes parsers saying so with every query, and PGlite merges them
 * into a copy of its whole parser table (some 200 entries) for every statement, 11 % of the CPU of a
 * read of the officials list under load. They are set once in the client's own table instead, and
 * taken off each query that carries exactly them (`withoutDrizzleParsers`): the answers are the same.
 * The types drizzle takes as text, and for each array its element's type.
 */
const DRIZZLE_TEXT_TYPES: Record<number, number | null> = {
  [types.TIMESTAMP]: null,
  [types.TIMESTAMPTZ]: null,
  [types.INTERVAL]: null,
  [types.DATE]: null,
  1115: types.TIMESTAMP,
  1185: types.TIMESTAMPTZ,
  1187: types.INTERVAL,
  1182: types.DATE,
  1231: types.NUMERIC,
};
const drizzleTextOids = Object.keys(DRIZZLE_TEXT_TYPES).map(Number);
const asText = (value: string) => value;

type Parsers = NonNullable<QueryOptions['parsers']>;

/**
 * Sets drizzle's parsers in the client's table; returns PGlite's own for those types, for the
 * queries that are not drizzle's (bulk sessions), which pass them to get what they always got.
 */
function takeDrizzleParsers(client: PGlite): Parsers {
  const original = { ...client.parsers };
  const own: Parsers = {};
  for (const oid of drizzleTextOids) {
    const element = DRIZZLE_TEXT_TYPES[oid];
    const parse = original[element ?? oid] as Parsers[number];
    own[oid] = element === null ? parse : (value: string) => types.arrayParser(value, parse, oid);
  }
  for (const oid of drizzleTextOids) client.parsers[oid] = asText;
  return own;
}

/** PGlite's refresh of its array types writes their parsers again: drizzle's are set back after it. */
async function refreshTypes(client: PGlite): Promise<void> {
  await client.refreshArrayTypes();
  for (const oid of drizzleTextOids) client.parsers[oid] = asText;
}

/** drizzle's parsers: exactly the types of DRIZZLE_TEXT_TYPES, each giving the text it is given. */
function isDrizzles(parsers: Parsers): boolean {
  let count = 0;
  for (const key in parsers) {
    count += 1;
    const parse = parsers[key as unknown as number];
    if (!(Number(key) in DRIZZLE_TEXT_TYPES) || parse?.('1') !== '1') return false;
  }
  return count === drizzleTextOids.length;
}

function withoutDrizzleParsers(options: QueryOptions | undefined): QueryOptions | undefined {
  return options?.parsers && isDrizzles(options.parsers) ? { ...options, parsers: undefined } : options;
}

/**
 * PGlite has one connection, shared by every request. Its session keeps the system scope ('*', set
 * when it opens): a query under that scope (office staff, system work) runs as it is; a query or a
 * transaction under a narrower scope sets it for itself (is_local) inside one transaction, which
 * PGlite runs exclusively, so no other request's query can run under it. Every query, in a
 * transaction or not, goes without drizzle's parsers (above).
 */
function walledPglite(client: PGlite): PGlite {
  const enter = async (tx: PgliteTransaction, scope: string) => {
    if (scope !== SYSTEM_SCOPE && scope !== ANY_SCOPE) await tx.query(setScope(true), [scope]);
  };
  const ownTransaction = (tx: PgliteTransaction): PgliteTransaction =>
    Object.assign(Object.create(tx) as PgliteTransaction, {
      query: ((query, params, options) => tx.query(query, params, withoutDrizzleParsers(options))) as PgliteTransaction['query'],
    });
  const walled: Pick<PGlite, 'query' | 'transaction'> = {
    query(query, params, options) {
      const scope = currentWallScope();
      const own = withoutDrizzleParsers(options);
      if (scope === SYSTEM_SCOPE || scope === ANY_SCOPE) return client.query(query, params, own);
      return client.transaction(async (tx) => {
        await enter(tx, scope);
        return tx.query(query, params, own);
      });
    },
    transaction(work) {
      const scope = currentWallScope();
      return client.transaction(async (tx) => {
        await enter(tx, scope);
        return work(ownTransaction(tx));
      });
    },
  };
  return walled as PGlite;
}

/** A statement every request runs, for `readRows`: its name (unique in the app) and its text with $1… parameters. */
export type DirectStatement = { name: string; text: string };
type DirectReader = (statement: DirectStatement, values: unknown[]) => Promise<Record<string, unknown>[]>;
const directReaders = new WeakMap<object, DirectReader>();

/**
 * The rows of a statement that every request runs (the session read, the results' version),
 * straight through the driver under the current wall scope: drizzle's query path took some twenty
 * promises a statement, each carrying the wall's async context, for the two statements that are
 * nearly all of a kept answer's work. Values come as the driver gives them, which differs between
 * the two engines for dates and bigints: select numbers, text or booleans. A transaction, which
 * has no reader of its own, runs the same text through drizzle.
 */
export function readRows<T>(db: Queryable, statement: DirectStatement, values: unknown[]): Promise<T[]> {
  const direct = directReaders.get(db);
  if (direct) return direct(statement, values) as Promise<T[]>;
  const parts = statement.text.split(/\$(\d+)/);
  const query = sql.join(parts.map((part, i) => (i % 2 === 1 ? sql`${values[Number(part) - 1]}` : sql.raw(part))));
  return queryRows<T>(db, query);
}

/** Rows of a raw SQL query, whichever driver ran it. */
export async function queryRows<T>(db: Queryable, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Independent reads, side by side on a pooled database (each on a connection of its own), one after
 * another in a transaction: a transaction has one connection, and node-postgres queues a second
 * statement sent while one runs (deprecated, and refused from pg 9).
 */
export async function readsSideBySide<T extends readonly unknown[]>(
  db: Queryable,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
