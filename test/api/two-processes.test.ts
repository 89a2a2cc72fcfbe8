import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';
import { type SpawnedServer, signInOverHttp, spawnServer } from './spawned-server';

/**
 * Issue 14: two server processes on one PostgreSQL database. A session is read from the database
 * on every request (platform/sessions.ts), so what one process changes holds on the other at once.
 * PGlite has one process by design (its folder is locked), so this runs on PostgreSQL only.
 */
describe.runIf(testDatabaseKind === 'postgres')('two server processes on one database', () => {
  let database: TestDatabase;
  let first: SpawnedServer;
  let second: SpawnedServer;
  beforeAll(async () => {
    database = await freshDatabase();
    [first, second] = await Promise.all([spawnServer(database.env), spawnServer(database.env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.close();
    await database?.drop();
  });

  const status = (server: SpawnedServer, path: string, cookie: string) =>
    fetch(`${server.url}${path}`, { headers: { cookie } }).then((r) => r.status);

  it('a sign-out on one process ends the session on the other at once', async () => {
    const session = await signInOverHttp(first.url, 'officer@tadrib.demo');
    const cookie = session.cookie ?? '';
    expect(await status(second, '/api/me', cookie)).toBe(200);
    const out = await fetch(`${first.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': session.csrfToken ?? '' },
    });
    expect(out.status).toBeLessThan(300);
    expect(await status(second, '/api/me', cookie)).toBe(401);
    expect(await status(first, '/api/me', cookie)).toBe(401);
  });

  it('a role change made through one process holds on the other at once', async () => {
    const admin = await signInOverHttp(first.url, 'admin@tadrib.demo');
    const trainer = await signInOverHttp(second.url, 'trainer@tadrib.demo');
    const cookie = trainer.cookie ?? '';
    expect(await status(second, '/api/sessions', cookie)).toBe(200);
    const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'trainer@tadrib.demo'));
    const changed = await fetch(`${first.url}/api/users/${row?.id}`, {
      method: 'PATCH',
      headers: { cookie: admin.cookie ?? '', 'x-csrf-token': admin.csrfToken ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'partner' }),
    });
    expect(changed.status).toBe(200);
    // A role change ends the user's sessions (users service): the other process refuses them at once.
    expect(await status(second, '/api/sessions', cookie)).toBe(401);
  });

  it('a deactivation through one process refuses the user on the other at once', async () => {
    const admin = await signInOverHttp(first.url, 'admin@tadrib.demo');
    const focal = await signInOverHttp(second.url, 'focal.ng@tadrib.demo');
    expect(await status(second, '/api/me', focal.cookie ?? '')).toBe(200);
    const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'focal.ng@tadrib.demo'));
    const done = await fetch(`${first.url}/api/users/${row?.id}/deactivate`, {
      method: 'POST',
      headers: { cookie: admin.cookie ?? '', 'x-csrf-token': admin.csrfToken ?? '' },
    });
    expect(done.status).toBe(200);
    expect(await status(second, '/api/me', focal.cookie ?? '')).toBe(401);
  });
});
