import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openPglite, openPostgres } from '../../server/platform/db';
import { loadServerKeys, type ServerKeys } from '../../server/platform/keys';

/** Which database the API tests run on: test/run.ts runs the suite once per database. */
export const testDatabaseKind = (process.env.TADRIB_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const postgresAdminUrl = process.env.TADRIB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Each test run (test/run.ts sets TADRIB_TEST_RUN) has its own template, so that parallel runs never share one. */
const runId = (process.env.TADRIB_TEST_RUN ?? 'local').replace(/[^a-z0-9]/gi, '_').toLowerCase();
export const TEMPLATE_DB = `tadrib_test_template_${runId}`;
export const templateDir = () => path.join(os.tmpdir(), `tadrib-test-template-${runId}`);
/** The keys the template's audit chain was written with: every test database gets its own copy. */
export const templateKeysDir = () => path.join(os.tmpdir(), `tadrib-test-template-keys-${testDatabaseKind}-${runId}`);

export const keysIn = (dir: string): ServerKeys => loadServerKeys({ dir, fromEnvironment: {} }).keys;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database for one test file, copied from the migrated and seeded template. */
export type TestDatabase = DatabaseHandle & {
  /** What the server and the CLI are given to open it: TADRIB_DATA_DIR or DATABASE_URL, and TADRIB_KEYS_DIR. */
  env: Record<string, string>;
  /** Its own keys folder (a copy of the template's), shared by the server and the CLI of one test. */
  keysDir: string;
  keys: ServerKeys;
  drop(): Promise<void>;
};

export async function freshDatabase(): Promise<TestDatabase> {
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-test-keys-'));
  cpSync(templateKeysDir(), keysDir, { recursive: true });
  const keys = keysIn(keysDir);
  if (testDatabaseKind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-test-'));
    cpSync(templateDir(), dir, { recursive: true });
    const handle = await openPglite(dir);
    await handle.migrate();
    // As the server does once migrated and seeded.
    await handle.switchToRuntimeRole();
    return {
      ...handle,
      env: { TADRIB_DATA_DIR: dir, TADRIB_KEYS_DIR: keysDir },
      keysDir,
      keys,
      async drop() {
        if (!handle.closed()) await handle.close();
        rmSync(dir, { recursive: true, force: true });
        rmSync(keysDir, { recursive: true, force: true });
      },
    };
  }
  const name = `tadrib_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
  await admin.end();
  const url = withDatabase(postgresAdminUrl, name);
  const handle = await openPostgres(url);
  await handle.switchToRuntimeRole();
  return {
    ...handle,
    env: { DATABASE_URL: url, TADRIB_KEYS_DIR: keysDir },
    keysDir,
    keys,
    async drop() {
      if (!handle.closed()) await handle.close();
      rmSync(keysDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
