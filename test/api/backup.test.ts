import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { DEMO_PASSWORD, demoAccounts } from '../../server/db/seed/demo';
import { type DatabaseHandle, openDatabase, queryRows } from '../../server/platform/db';
import { freshDatabase, keysIn, postgresAdminUrl, type TestDatabase, testDatabaseKind, withDatabase } from './databases';
import { tadrib } from './tadrib-cli';

/** An empty database (no schema at all) to restore into, and how to remove it. */
async function emptyDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (testDatabaseKind === 'pglite') {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'tadrib-restore-'));
    return {
      env: { TADRIB_DATA_DIR: path.join(parent, 'data') },
      drop: async () => rmSync(parent, { recursive: true, force: true }),
    };
  }
  const name = `tadrib_restore_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    env: { DATABASE_URL: withDatabase(postgresAdminUrl, name) },
    async drop() {
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function rowCounts(handle: DatabaseHandle): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    handle.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from "${name}"`));
    counts[name] = Number(row?.n);
  }
  return counts;
}

describe(`backup and restore (${testDatabaseKind})`, () => {
  let source: TestDatabase;
  let target: Awaited<ReturnType<typeof emptyDatabase>>;
  let folder: string;
  let backupFile: string;
  let sourceCounts: Record<string, number>;
  beforeAll(async () => {
    source = await freshDatabase();
    sourceCounts = await rowCounts(source);
    await source.close(); // the command opens it
    target = await emptyDatabase();
    folder = mkdtempSync(path.join(os.tmpdir(), 'tadrib-backups-'));
    // The keys are backed up apart from the database and come back with it.
    const targetKeys = path.join(folder, 'keys');
    cpSync(source.keysDir, targetKeys, { recursive: true });
    target.env.TADRIB_KEYS_DIR = targetKeys;
    backupFile = path.join(folder, 'office.tadrib');
  });
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('round-trips: every table has its rows, the audit chain verifies, the demo users sign in', async () => {
    const made = await tadrib(source.env, 'backup', backupFile);
    expect(made.out).toMatch(/Backup written to .*: \d+ tables, \d+ rows/);
    expect(made.code).toBe(0);

    const restored = await tadrib(target.env, 'restore', backupFile);
    expect(restored.out).toMatch(/Restored/);
    expect(restored.code).toBe(0);

    const verified = await tadrib(target.env, 'audit', 'verify');
    expect(verified.out).toMatch(/Audit log intact/);
    expect(verified.code).toBe(0);

    const handle = await openDatabase(loadConfig(target.env).database);
    try {
      expect(await rowCounts(handle)).toEqual(sourceCounts);
      expect(Object.values(sourceCounts).some((n) => n > 0)).toBe(true);
      const config = loadConfig({ ...target.env, TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'silent' });
      const app = await buildApp({
        config,
        db: handle.db,
        databaseKind: handle.kind,
        keys: keysIn(target.env.TADRIB_KEYS_DIR as string),
        serveWeb: false,
        logger: false,
      });
      for (const account of demoAccounts) {
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: account.email, password: DEMO_PASSWORD },
        });
        expect(login.statusCode, account.email).toBe(200);
      }
      await app.close();
    } finally {
      await handle.close();
    }
  }, 240_000);

  it('refuses a database that is not empty unless --force, and an existing file unless --force', async () => {
    const refused = await tadrib(target.env, 'restore', backupFile);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/The database is not empty .* --force/);
    const replaced = await tadrib(target.env, 'restore', backupFile, '--force');
    expect(replaced.code).toBe(0);

    const overwrite = await tadrib(source.env, 'backup', backupFile);
    expect(overwrite.code).toBe(2);
    expect(overwrite.out).toMatch(/exists/);
  }, 240_000);

  it('checks the format, the version, the schema and the data before loading anything', async () => {
    const raw = gunzipSync(readFileSync(backupFile));
    const newline = raw.indexOf(10);
    const header = JSON.parse(raw.subarray(0, newline).toString('utf8'));
    const data = raw.subarray(newline + 1);
    const variant = (name: string, changed: object, body: Buffer = data) => {
      const file = path.join(folder, name);
      writeFileSync(file, gzipSync(Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, ...changed })}\n`), body])));
      return file;
    };
    const cases: [string, RegExp][] = [
      [variant('newer-format.tadrib', { formatVersion: 2 }), /format version 2; this Tadrib reads version 1/],
      [
        variant('other-schema.tadrib', { migrations: header.migrations.slice(0, -1) }),
        /Restore it with the release that made it/,
      ],
      [variant('damaged.tadrib', {}, Buffer.concat([data, Buffer.from('x')])), /damaged/],
      [variant('other.tadrib', { format: 'something-else' }), /not a Tadrib backup/],
    ];
    const plain = path.join(folder, 'plain.txt');
    writeFileSync(plain, 'hello');
    cases.push([plain, /not a Tadrib backup/]);
    for (const [file, message] of cases) {
      const result = await tadrib(target.env, 'restore', file, '--force');
      expect(result.out, file).toMatch(message);
      expect(result.code, file).toBe(1);
    }
  }, 240_000);
});
