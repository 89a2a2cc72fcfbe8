import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';
import { type SpawnedServer, signInOverHttp, spawnServer } from './spawned-server';

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

  it('emits the threads beside the server (each is started from its own file)', () => {
    // The import reader and the library's text extraction.
    expect(existsSync('dist/server/table-worker.js')).toBe(true);
    expect(existsSync('dist/server/extract-worker.js')).toBe(true);
  });

  it("reads a library file's text in the build's own extraction thread", async () => {
    const officer = await signInOverHttp(server.url, 'officer@tadrib.demo');
    const headers = { cookie: officer.cookie ?? '', 'x-csrf-token': officer.csrfToken ?? '' };
    const created = await fetch(`${server.url}/api/library/items`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'manual', audience: 'office', title: { en: 'Build check' } }),
    });
    expect(created.status).toBe(201);
    const form = new FormData();
    form.append('language', 'en');
    form.append('file', new Blob(['Notes on coastal surveillance\n'], { type: 'text/plain' }), 'notes.txt');
    const uploaded = await fetch(`${server.url}/api/library/items/${((await created.json()) as { id: string }).id}/files`, {
      method: 'POST',
      headers,
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const item = (await uploaded.json()) as { files: { textStatus: string }[] };
    expect(item.files.map((f) => f.textStatus)).toEqual(['extracted']);
  });

  it('serves the API from the build and stops cleanly on SIGTERM', async () => {
    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', database: testDatabaseKind, version: expect.any(String) });
    // Read to its end: a response left unread holds its request open, and the shutdown waits for it.
    const doc = await fetch(`${server.url}/api/openapi.json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\./);
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
