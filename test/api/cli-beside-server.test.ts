import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackup } from '../../server/platform/backup';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';
import { type SpawnedServer, signInOverHttp, spawnServer } from './spawned-server';
import { tadrib } from './tadrib-cli';

/** Issue 16: with the server running on the embedded database, the command line lost its writes. */
describe(`command line beside a running server (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let server: SpawnedServer;
  beforeAll(async () => {
    database = await freshDatabase();
    await database.close(); // the server opens it
    server = await spawnServer(database.env);
  }, 90_000);
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
      expect((await fetch(`${server.url}/api/health/ready`)).status).toBe(200);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
