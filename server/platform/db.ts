import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Config } from '../config';
import * as schema from '../db/schema';
import { fromRoot } from './paths';
import { lockDataDir, socketPath } from './pglite-lock';
import { type SocketServer, servePgliteOnSocket } from './pglite-socket';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repositories accept both. */
export type Queryable = Database | Transaction;

export type DatabaseKind = 'pglite' | 'postgres';

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
  /** Runs `work` in one transaction on one connection; COPY is 5–10× faster than inserts. */
  bulk<T>(work: (session: BulkSession) => Promise<T>): Promise<T>;
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
  if (database.kind === 'postgres') return openPostgres(database.url);
  return openPglite(database.dataDir, holder);
}

/** `holder` names this process in the folder's lock, for whoever finds the folder in use. */
export async function openPglite(dataDir: string, holder = 'a Tadrib process'): Promise<DatabaseHandle> {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const lock = lockDataDir(dataDir, holder);
  let socket: SocketServer | null = null;
  const client = new PGlite({
    dataDir,
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
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(db as never, { migrationsFolder });
      await client.refreshArrayTypes();
    },
    bulk: (work) =>
      client.transaction((tx) =>
        work({
          query: async (text) => (await tx.query<Record<string, unknown>>(text)).rows,
          copyCsv: async (table, columns, csv) => {
            await tx.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
          },
          copyOutCsv: async (table, columns) => {
            const result = await tx.query(copyOutStatement(table, columns, "'/dev/blob'"));
            return result.blob ? result.blob.text() : '';
          },
        }),
      ),
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

export async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let ended = false;
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Several processes may start at once: one migrates, the others wait for it.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    async bulk(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
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
    async close() {
      ended = true;
      await pool.end();
    },
    closed: () => ended,
  };
}

/** Rows of a raw SQL query, whichever driver ran it. */
export async function queryRows<T>(db: Queryable, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
