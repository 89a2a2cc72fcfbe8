import { count } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, authSessions, loginFailures, users } from '../../server/db/schema';
import { type Client, DEMO_PASSWORD, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { detailPaths, expectError } from './support';

/**
 * Bad input of every kind to three representative writes: each gives a 4xx with the error
 * envelope (never a 500) and changes nothing in the database.
 */
type Endpoint = {
  name: string;
  method: 'POST' | 'PATCH';
  url: string;
  client: () => Client;
  valid: Record<string, unknown>;
  /** A body with one field of the wrong type, and that field. */
  wrongType: [Record<string, unknown>, string];
  /** A body lacking one required field, and that field (none when every field is optional). */
  missing?: [Record<string, unknown>, string];
  /** A body with a NUL character in one text field (PostgreSQL cannot store it), and that field. */
  nul: [Record<string, unknown>, string];
};

describe(`errors and bad input (${testDatabaseKind})`, () => {
  let t: TestApp;
  let admin: Client;
  let participant: Client;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as('admin');
    participant = await t.as('participant');
  });
  afterAll(async () => t.close());

  /** Everything a bad write could have changed. */
  async function snapshot() {
    const n = async (table: typeof users | typeof authSessions | typeof auditLog | typeof loginFailures) =>
      Number((await t.db.select({ n: count() }).from(table))[0]?.n ?? 0);
    return {
      users: await t.db.select().from(users).orderBy(users.id),
      sessions: await n(authSessions),
      loginFailures: await n(loginFailures),
      auditRows: await n(auditLog),
    };
  }

  const endpoints: Endpoint[] = [
    {
      name: 'POST /api/users (admin)',
      method: 'POST',
      url: '/api/users',
      client: () => admin,
      valid: { email: 'new.user@tadrib.test', displayName: 'New User', role: 'trainer' },
      wrongType: [{ email: 5, displayName: 'New User', role: 'trainer' }, 'email'],
      missing: [{ email: 'new.user@tadrib.test', role: 'trainer' }, 'displayName'],
      nul: [{ email: 'new.user@tadrib.test', displayName: 'New\u0000User', role: 'trainer' }, 'displayName'],
    },
    {
      name: 'POST /api/auth/login',
      method: 'POST',
      url: '/api/auth/login',
      client: () => t.anonymous,
      valid: { email: demoEmail('trainer'), password: DEMO_PASSWORD },
      wrongType: [{ email: demoEmail('trainer'), password: 12345 }, 'password'],
      missing: [{ email: demoEmail('trainer') }, 'password'],
      nul: [{ email: `trainer\u0000${demoEmail('trainer')}`, password: DEMO_PASSWORD }, 'email'],
    },
    {
      name: 'PATCH /api/me',
      method: 'PATCH',
      url: '/api/me',
      client: () => participant,
      valid: { displayName: 'Aisha B.' },
      wrongType: [{ displayName: ['Aisha'] }, 'displayName'],
      nul: [{ displayName: 'Aisha\u0000' }, 'displayName'],
    },
  ];

  describe.each(endpoints)('$name', (endpoint) => {
    const send = (payload: string | object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
      endpoint.client().request({ method: endpoint.method, url: endpoint.url, payload, headers });

    /** Runs a bad request and checks that the database is as it was. */
    async function unchangedBy(run: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
      const before = await snapshot();
      const res = await run();
      expect(await snapshot()).toEqual(before);
      return res;
    }

    it('malformed JSON → 400 MALFORMED_REQUEST', async () => {
      const res = await unchangedBy(() => send('{"email": "x@y.z", ', { 'content-type': 'application/json' }));
      expectError(res, 400, 'MALFORMED_REQUEST');
    });

    it('an empty body declared as JSON → 400 MALFORMED_REQUEST', async () => {
      const res = await unchangedBy(() =>
        endpoint
          .client()
          .request({ method: endpoint.method, url: endpoint.url, headers: { 'content-type': 'application/json' } }),
      );
      expectError(res, 400, 'MALFORMED_REQUEST');
    });

    it('a field of the wrong type → 400 VALIDATION_FAILED naming it', async () => {
      const [body, field] = endpoint.wrongType;
      const err = expectError(await unchangedBy(() => send(body)), 400, 'VALIDATION_FAILED');
      expect(detailPaths(err)).toEqual([field]);
      expect(err.message).toContain(field);
    });

    it('an unknown field → 400 naming it', async () => {
      const err = expectError(await unchangedBy(() => send({ ...endpoint.valid, isAdmin: true })), 400, 'VALIDATION_FAILED');
      expect(detailPaths(err)).toContain('isAdmin');
    });

    it('a missing field → 400 naming it', async () => {
      if (!endpoint.missing) {
        // Every field is optional: an empty change is refused instead.
        expectError(await unchangedBy(() => send({})), 400, 'VALIDATION_FAILED');
        return;
      }
      const [body, field] = endpoint.missing;
      const err = expectError(await unchangedBy(() => send(body)), 400, 'VALIDATION_FAILED');
      expect(detailPaths(err)).toEqual([field]);
    });

    it('a NUL character in a text field → 400 naming it, not a 500 from the database', async () => {
      const [body, field] = endpoint.nul;
      const err = expectError(await unchangedBy(() => send(body)), 400, 'VALIDATION_FAILED');
      expect(detailPaths(err)).toContain(field);
    });

    it('a JSON value that is not an object → 400', async () => {
      for (const payload of ['[1,2]', 'null', '"text"', '42']) {
        const res = await unchangedBy(() => send(payload, { 'content-type': 'application/json' }));
        expect(res.statusCode, `${payload}: ${res.body}`).toBe(400);
        expectError(res, 400, res.json().error.code);
      }
    });

    it('a body over 1 MiB → 413 PAYLOAD_TOO_LARGE', async () => {
      const huge = JSON.stringify({ ...endpoint.valid, displayName: 'x'.repeat(1024 * 1024 + 10) });
      const res = await unchangedBy(() => send(huge, { 'content-type': 'application/json' }));
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('a text/plain body → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await unchangedBy(() => send(JSON.stringify(endpoint.valid), { 'content-type': 'text/plain' }));
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('a form-encoded body → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await unchangedBy(() =>
        send('email=a%40b.c&password=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      );
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('path and query parameters', () => {
    it('a user id that is not a uuid → 400 naming id', async () => {
      expect(detailPaths(expectError(await admin.get('/api/users/not-a-uuid'), 400, 'VALIDATION_FAILED'))).toEqual(['id']);
      const before = await snapshot();
      const err = expectError(await admin.post('/api/users/not-a-uuid/deactivate'), 400, 'VALIDATION_FAILED');
      expect(detailPaths(err)).toEqual(['id']);
      const patched = expectError(await admin.patch('/api/users/not-a-uuid', { displayName: 'X' }), 400, 'VALIDATION_FAILED');
      expect(detailPaths(patched)).toEqual(['id']);
      expect(await snapshot()).toEqual(before);
    });

    it('a state code that is not two capitals → 400 naming iso2', async () => {
      for (const code of ['nigeria', 'ng', 'NGA']) {
        const err = expectError(await participant.get(`/api/states/${code}`), 400, 'VALIDATION_FAILED');
        expect(detailPaths(err)).toEqual(['iso2']);
      }
    });

    it('a NUL character in a query parameter → 400 naming it, not a 500 from the database', async () => {
      for (const [url, field] of [
        ['/api/users?q=a%00b', 'q'],
        ['/api/audit?action=%00', 'action'],
        ['/api/audit?actor=x%00', 'actor'],
        ['/api/audit?recordId=%00', 'recordId'],
      ] as const) {
        const err = expectError(await admin.get(url), 400, 'VALIDATION_FAILED');
        expect(detailPaths(err), url).toContain(field);
      }
    });

    it('a well-formed id that names nothing → 404', async () => {
      expectError(await admin.get('/api/users/2b1f3c1e-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectError(await participant.get('/api/states/ZZ'), 404, 'NOT_FOUND');
    });

    it('bad and unknown query parameters → 400 naming them', async () => {
      const err = expectError(await admin.get('/api/users?active=yes&sort=email'), 400, 'VALIDATION_FAILED');
      expect(detailPaths(err).sort()).toEqual(['active', 'sort']);
      expect(detailPaths(expectError(await admin.get('/api/users?page=0'), 400, 'VALIDATION_FAILED'))).toEqual(['page']);
      expect(detailPaths(expectError(await admin.get('/api/users?pageSize=abc'), 400, 'VALIDATION_FAILED'))).toEqual([
        'pageSize',
      ]);
      expect(detailPaths(expectError(await admin.get('/api/audit?from=31-01-2026'), 400, 'VALIDATION_FAILED'))).toEqual(['from']);
      expect(detailPaths(expectError(await participant.get('/api/states?subregion=atlantis'), 400, 'VALIDATION_FAILED'))).toEqual(
        ['subregion'],
      );
    });
  });

  describe('unknown routes', () => {
    it('an unknown API path → 404 with the JSON envelope, for any method', async () => {
      for (const [method, url] of [
        ['GET', '/api/whatever'],
        ['POST', '/api/whatever'],
        ['GET', '/api'],
        ['DELETE', '/api/users'],
        ['GET', '/api/users/2b1f3c1e-0000-4000-8000-000000000000/unknown-action'],
      ] as const) {
        const res = await admin.request({ method, url });
        expectError(res, 404, 'NOT_FOUND');
      }
      // Anonymous callers get the same 404, not a 401 that would confirm nothing.
      expectError(await t.anonymous.get('/api/whatever'), 404, 'NOT_FOUND');
    });

    it('a non-API path, with the web app not served → 404 JSON', async () => {
      expectError(await t.anonymous.get('/some/page'), 404, 'NOT_FOUND');
      expectError(await t.anonymous.request({ method: 'POST', url: '/some/page', payload: {} }), 404, 'NOT_FOUND');
    });
  });

  it('the failures above left the demo accounts as they were', async () => {
    const me = await participant.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().displayName).toBe('Aisha Bello');
  });
});
