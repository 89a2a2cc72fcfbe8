import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';
import { type SpawnedServer, spawnServer } from './spawned-server';

const run = promisify(execFile);

/** `npm start` serves the compiled server (dist/server/main.js): it must build and run as it is. */
describe(`the production build (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let server: SpawnedServer;
  beforeAll(async () => {
    await run('npm', ['run', 'build:server']);
    database = await freshDatabase();
    await database.close();
    server = await spawnServer(database.env, 'build');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('emits the import reader thread beside the server (it is started from its own file)', () => {
    expect(existsSync('dist/server/table-worker.js')).toBe(true);
  });

  it('serves the API from the build and stops cleanly on SIGTERM', async () => {
    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', database: testDatabaseKind, version: expect.any(String) });
    const doc = await fetch(`${server.url}/api/openapi.json`);
    expect(doc.status).toBe(200);
    // The catalogues are read at run time from the project folder, found from the build's place too.
    const refused = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'fr' },
      body: JSON.stringify({ email: 'nobody@example.org', password: 'not-the-password' }),
    });
    expect(refused.status).toBe(401);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
