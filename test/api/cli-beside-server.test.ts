import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoHistory } from '../../server/db/seed/demo-history';
import { readBackup } from '../../server/platform/backup';
import { queryRows } from '../../server/platform/db';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';
import { type SpawnedServer, signInOverHttp, spawnServer } from './spawned-server';
import { tadrib } from './tadrib-cli';

/** Issue 16: with the server running on the embedded database, the command line lost its writes. */
// Each test starts the command line in a process of its own (tsx compiles it first): slow on a loaded machine.
describe(`command line beside a running server (${testDatabaseKind})`, { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let server: SpawnedServer;
  let officials = 0;
  beforeAll(async () => {
    database = await freshDatabase();
    // Some history: a backup of the demo accounts alone passed while one of the demo history hung.
    await seedDemoHistory(database, 0.25);
    [{ n: officials }] = (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from officials`)) as [
      { n: number },
    ];
    await database.close(); // the server opens it
    server = await spawnServer(database.env);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('deactivates a user and the server refuses that user at once', async () => {
    const before = await signInOverHttp(server.url, 'focal.ng@tadrib.demo');
    expect(before.status).toBe(200);

    const result = await tadrib(database.env, 'users', 'deactivate', '--email', 'focal.ng@tadrib.demo');
    expect(result.out).toMatch(/deactivated/);
    expect(result.code).toBe(0);

    expect((await signInOverHttp(server.url, 'focal.ng@tadrib.demo')).status).toBe(401);
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: before.cookie ?? '' } });
    expect(me.status).toBe(401);
  });

  it('creates a user the server then knows', async () => {
    const result = await tadrib(
      database.env,
      ...['users', 'create', '--email', 'beside@example.org', '--name', 'Beside', '--role', 'admin'],
      ...['--password', 'Quartz-lantern-orbit-59'],
    );
    expect(result.code).toBe(0);
    expect((await signInOverHttp(server.url, 'beside@example.org', 'Quartz-lantern-orbit-59')).status).toBe(200);
  });

  it('backs the database up while the server runs', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tadrib-backups-'));
    try {
      const file = path.join(folder, 'live.tadrib');
      const result = await tadrib(database.env, 'backup', file);
      expect(result.code).toBe(0);
      const { header } = readBackup(readFileSync(file));
      expect(header.tables.find((t) => t.name === 'users')?.rows).toBeGreaterThan(0);
      expect(officials).toBeGreaterThan(1_000);
      expect(header.tables.find((t) => t.name === 'officials')?.rows).toBe(officials);
      expect((await fetch(`${server.url}/api/health/ready`)).status).toBe(200);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
