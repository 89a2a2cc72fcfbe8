import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { openDatabase, queryRows } from '../../server/platform/db';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';
import { type SpawnedServer, signInOverHttp, spawnServer } from './spawned-server';

/**
 * Holds the database busy from outside the server, so that a request stays in flight: on
 * PostgreSQL a table lock, on PGlite an open transaction through the server's socket (which
 * keeps the server's own queries waiting until it ends).
 */
async function holdDatabase(env: Record<string, string>) {
  const url = env.DATABASE_URL ?? `postgres://postgres@${encodeURIComponent(env.TADRIB_DATA_DIR as string)}/postgres`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  if (env.DATABASE_URL) await client.query('lock table users in access exclusive mode');
  return async () => {
    await client.query('commit');
    await client.end();
  };
}

describe(`graceful shutdown (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let server: SpawnedServer;
  beforeAll(async () => {
    database = await freshDatabase();
    await database.close();
    server = await spawnServer({ ...database.env, TADRIB_SHUTDOWN_DRAIN_SECONDS: '1' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('lets a slow request in flight finish its write after SIGTERM, saying not ready meanwhile', async () => {
    const session = await signInOverHttp(server.url, 'focal.ng@tadrib.demo');
    expect(session.status).toBe(200);
    const release = await holdDatabase(database.env);
    const write = fetch(`${server.url}/api/me`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie ?? '',
        'x-csrf-token': session.csrfToken ?? '',
      },
      body: JSON.stringify({ displayName: 'Written while stopping' }),
    });
    await new Promise((r) => setTimeout(r, 500));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));

    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error: { code: string } }).error.code).toBe('NOT_READY');
    expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    await release();
    expect((await write).status).toBe(200);
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toMatch(/still running/);

    const handle = await openDatabase(loadConfig(database.env).database);
    try {
      const rows = await queryRows<{ display_name: string }>(
        handle.db,
        sql`select display_name from users where email = 'focal.ng@tadrib.demo'`,
      );
      expect(rows[0]?.display_name).toBe('Written while stopping');
    } finally {
      await handle.close();
    }
  }, 60_000);
});
