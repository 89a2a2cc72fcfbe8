import { eq, type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { authSessions, loginDevices, loginFailures } from '../../server/db/schema';
import { deviceIdOf } from '../../server/platform/login-throttle';
import { DEMO_PASSWORD, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, clientWith, createUser, expectError, login, sessionIdOfClient, userRow } from './support';

const WRONG_PASSWORD = 'not-the-password-1';

describe(`sign-in and sessions (${testDatabaseKind})`, () => {
  let t: TestApp;
  let addressCounter = 0;
  /** Each test signs in from its own address, so that per-address limits never leak across tests. */
  const nextAddress = () => {
    addressCounter += 1;
    return `192.0.2.${addressCounter}`;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    await t.db.delete(loginFailures);
  });

  async function sessionExists(sessionId: string): Promise<boolean> {
    const rows = await t.db.select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.id, sessionId));
    return rows.length === 1;
  }

  describe('signing in', () => {
    it('sets an httpOnly, SameSite=Strict session cookie and returns the session view', async () => {
      const { response } = await login(t, demoEmail('focal_point'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'tadrib_session');
      expect(cookie).toBeDefined();
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Strict');
      expect(cookie?.path).toBe('/');
      expect(cookie?.value.length).toBeGreaterThanOrEqual(32);
      const body = response.json();
      expect(Object.keys(body).sort()).toEqual(['csrfToken', 'permissions', 'stage', 'user']);
      expect(body.stage).toBe('full');
      expect(body.csrfToken).toEqual(expect.any(String));
      expect(body.csrfToken.length).toBeGreaterThanOrEqual(16);
      expect(body.user).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: demoEmail('focal_point'),
        displayName: 'Chinedu Okafor',
        role: 'focal_point',
        stateIso2: 'NG',
        locale: 'en',
        mfaEnabled: false,
        mfaRequired: false,
        mustChangePassword: false,
        previousSignInAt: null,
      });
      expect(response.headers['x-request-id']).toBeTruthy();
    });

    it('shows the user their previous sign-in, so that one they did not make stands out', async () => {
      const admin = await t.as('admin');
      const user = await createUser(admin, { role: 'trainer', keepTemporaryPassword: true });
      const first = await login(t, user.email, user.password, { remoteAddress: nextAddress() });
      expect(first.response.json().user.previousSignInAt).toBeNull();
      const firstAt = (await userRow(t.db, user.id))?.lastSignInAt;
      const second = await login(t, user.email, user.password, { remoteAddress: nextAddress() });
      expect(second.response.json().user.previousSignInAt).toBe(firstAt?.toISOString());
      expect((await second.client.get('/api/me')).json().previousSignInAt).toBe(firstAt?.toISOString());
    });

    it('accepts the email in any case and with surrounding spaces', async () => {
      const { response } = await login(t, '  Officer@TADRIB.demo ', DEMO_PASSWORD, { remoteAddress: nextAddress() });
      expect(response.statusCode).toBe(200);
      expect(response.json().user.role).toBe('programme_officer');
    });

    it('gives the same 401 INVALID_CREDENTIALS for a wrong password and an unknown email', async () => {
      const address = nextAddress();
      const wrongPassword = await login(t, demoEmail('admin'), WRONG_PASSWORD, { remoteAddress: address });
      const unknownEmail = await login(t, 'nobody@tadrib.demo', DEMO_PASSWORD, { remoteAddress: address });
      const a = expectError(wrongPassword.response, 401, 'INVALID_CREDENTIALS');
      const b = expectError(unknownEmail.response, 401, 'INVALID_CREDENTIALS');
      expect(a).toEqual(b);
      expect(wrongPassword.response.cookies).toEqual([]);
      expect(unknownEmail.response.cookies).toEqual([]);
    });

    it('refuses a deactivated user with the same answer as a wrong password', async () => {
      const admin = await t.as('admin');
      const user = await createUser(admin, { role: 'trainer' });
      expect((await admin.post(`/api/users/${user.id}/deactivate`)).statusCode).toBe(200);
      const address = nextAddress();
      const inactive = await login(t, user.email, user.password, { remoteAddress: address });
      const wrong = await login(t, demoEmail('trainer'), WRONG_PASSWORD, { remoteAddress: address });
      expect(expectError(inactive.response, 401, 'INVALID_CREDENTIALS')).toEqual(
        expectError(wrong.response, 401, 'INVALID_CREDENTIALS'),
      );
      expect(inactive.response.cookies).toEqual([]);
    });
  });

  describe('the session', () => {
    it('GET /api/auth/session is 401 without a cookie and with an unknown cookie', async () => {
      expectError(await t.anonymous.get('/api/auth/session'), 401, 'UNAUTHENTICATED');
      const forged = clientWith(t, 'tadrib_session=forged-token-that-names-no-session', null);
      expectError(await forged.get('/api/auth/session'), 401, 'UNAUTHENTICATED');
    });

    it('GET /api/auth/session returns the stage, the same CSRF token and the user', async () => {
      const { response, client } = await login(t, demoEmail('partner'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const res = await client.get('/api/auth/session');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(response.json());
    });

    it('logout ends the session: 204, the cookie is cleared and no longer works', async () => {
      const { client } = await login(t, demoEmail('trainer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const sessionId = sessionIdOfClient(client);
      expect(await sessionExists(sessionId)).toBe(true);
      const res = await client.post('/api/auth/logout');
      expect(res.statusCode).toBe(204);
      const cleared = res.cookies.find((c) => c.name === 'tadrib_session');
      expect(cleared?.value).toBe('');
      expect(await sessionExists(sessionId)).toBe(false);
      expectError(await client.get('/api/auth/session'), 401, 'UNAUTHENTICATED');
      expectError(await client.get('/api/me'), 401, 'UNAUTHENTICATED');
    });

    it('a session idle for longer than the idle timeout ends (401) and its row is deleted', async () => {
      const { client } = await login(t, demoEmail('me_officer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const id = sessionIdOfClient(client);
      // 25 minutes idle: still within the 30-minute default.
      await t.db.execute(sql`update auth_sessions set last_seen_at = now() - interval '25 minutes' where id = ${id}`);
      expect((await client.get('/api/me')).statusCode).toBe(200);
      await t.db.execute(sql`update auth_sessions set last_seen_at = now() - interval '31 minutes' where id = ${id}`);
      expectError(await client.get('/api/me'), 401, 'UNAUTHENTICATED');
      expect(await sessionExists(id)).toBe(false);
    });

    it('a request refreshes last_seen_at, so an active session does not go idle', async () => {
      const { client } = await login(t, demoEmail('me_officer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const id = sessionIdOfClient(client);
      await t.db.execute(sql`update auth_sessions set last_seen_at = now() - interval '20 minutes' where id = ${id}`);
      expect((await client.get('/api/me')).statusCode).toBe(200);
      const [row] = await t.db.select({ lastSeenAt: authSessions.lastSeenAt }).from(authSessions).where(eq(authSessions.id, id));
      expect(Date.now() - (row?.lastSeenAt.getTime() ?? 0)).toBeLessThan(60_000);
    });

    it('a session past its absolute expiry ends (401) even when active, and its row is deleted', async () => {
      const { client } = await login(t, demoEmail('participant'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const id = sessionIdOfClient(client);
      await t.db.execute(sql`update auth_sessions set expires_at = now() - interval '1 second' where id = ${id}`);
      expectError(await client.get('/api/me'), 401, 'UNAUTHENTICATED');
      expect(await sessionExists(id)).toBe(false);
    });

    it('the session expires after the configured absolute lifetime', async () => {
      const { response } = await login(t, demoEmail('participant'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const cookie = response.cookies.find((c) => c.name === 'tadrib_session');
      const twelveHours = 12 * 3_600_000;
      expect(Math.abs((cookie?.expires?.getTime() ?? 0) - (Date.now() + twelveHours))).toBeLessThan(60_000);
    });
  });

  describe('CSRF defence', () => {
    async function displayNameOf(id: string): Promise<string | undefined> {
      return (await userRow(t.db, id))?.displayName;
    }

    it('refuses a cookie-authenticated write without the x-csrf-token header, changing nothing', async () => {
      const { client, response } = await login(t, demoEmail('trainer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const id = response.json().user.id as string;
      const before = await displayNameOf(id);
      const noToken = clientWith(t, client.cookie, null);
      expectError(await noToken.patch('/api/me', { displayName: 'Changed by CSRF' }), 403, 'CSRF_FAILED');
      expect(await displayNameOf(id)).toBe(before);
    });

    it('refuses a write with a wrong x-csrf-token, changing nothing', async () => {
      const { client, response } = await login(t, demoEmail('trainer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const id = response.json().user.id as string;
      const before = await displayNameOf(id);
      const wrongToken = clientWith(t, client.cookie, `${client.csrfToken}x`);
      expectError(await wrongToken.patch('/api/me', { displayName: 'Changed by CSRF' }), 403, 'CSRF_FAILED');
      // Another session's token is just as wrong.
      const other = await login(t, demoEmail('trainer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const foreignToken = clientWith(t, client.cookie, other.client.csrfToken);
      expectError(await foreignToken.patch('/api/me', { displayName: 'Changed by CSRF' }), 403, 'CSRF_FAILED');
      expect(await displayNameOf(id)).toBe(before);
      // Logout is a write too.
      expectError(await wrongToken.post('/api/auth/logout'), 403, 'CSRF_FAILED');
      expect((await client.get('/api/me')).statusCode).toBe(200);
    });

    it('refuses a write from a foreign Origin even with the right token, and accepts this site’s', async () => {
      const { client, response } = await login(t, demoEmail('trainer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const id = response.json().user.id as string;
      const before = await displayNameOf(id);
      const foreign = await client.request({
        method: 'PATCH',
        url: '/api/me',
        payload: { displayName: 'Changed cross-site' },
        headers: { origin: 'https://evil.example', host: 'tadrib.example.org' },
      });
      expectError(foreign, 403, 'CSRF_FAILED');
      expect(await displayNameOf(id)).toBe(before);
      const same = await client.request({
        method: 'PATCH',
        url: '/api/me',
        payload: { displayName: 'Changed same-site' },
        headers: { origin: 'https://tadrib.example.org', host: 'tadrib.example.org' },
      });
      expect(same.statusCode, same.body).toBe(200);
      expect(await displayNameOf(id)).toBe('Changed same-site');
    });

    it('refuses a cross-site sign-in (login CSRF)', async () => {
      const res = await login(t, demoEmail('trainer'), DEMO_PASSWORD, {
        remoteAddress: nextAddress(),
        headers: { origin: 'https://evil.example', host: 'tadrib.example.org' },
      });
      expectError(res.response, 403, 'CSRF_FAILED');
      expect(res.response.cookies).toEqual([]);
    });

    it('reads need no token', async () => {
      const { client } = await login(t, demoEmail('trainer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      expect((await clientWith(t, client.cookie, null).get('/api/me')).statusCode).toBe(200);
    });
  });

  describe('rate limiting of sign-in', () => {
    /** Moves the matching failures `seconds` into the past, as if that time had gone by. */
    async function ageFailures(where: SQL, seconds: number): Promise<void> {
      await t.db.execute(sql`update login_failures set at = at - make_interval(secs => ${seconds}) where ${where}`);
    }

    async function failuresOf(account: string): Promise<number> {
      const rows = await t.db.select({ id: loginFailures.id }).from(loginFailures).where(eq(loginFailures.account, account));
      return rows.length;
    }

    it('after 5 failures on one account from unrecognised clients answers 429 to them, even for the right password', async () => {
      const account = demoEmail('programme_officer');
      const address = nextAddress();
      for (let i = 0; i < 5; i += 1) {
        expectError((await login(t, account, WRONG_PASSWORD, { remoteAddress: address })).response, 401, 'INVALID_CREDENTIALS');
      }
      const blocked = await login(t, account, DEMO_PASSWORD, { remoteAddress: address });
      expectError(blocked.response, 429, 'SIGN_IN_LOCKED');
      expect(blocked.response.cookies).toEqual([]);
      const retryAfter = Number(blocked.response.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      // The account stays blocked for unrecognised clients from any address; the email's case does not matter.
      expectError(
        (await login(t, account.toUpperCase(), DEMO_PASSWORD, { remoteAddress: nextAddress() })).response,
        429,
        'SIGN_IN_LOCKED',
      );
      // Other accounts, from the same address, are unaffected.
      expect((await login(t, demoEmail('me_officer'), DEMO_PASSWORD, { remoteAddress: address })).response.statusCode).toBe(200);
    });

    it('after 10 failures from one address, across different emails, makes that address wait longer and longer', async () => {
      const address = nextAddress();
      for (let i = 0; i < 10; i += 1) {
        const res = await login(t, `nobody${i}@tadrib.demo`, WRONG_PASSWORD, { remoteAddress: address });
        expectError(res.response, 401, 'INVALID_CREDENTIALS');
      }
      const blocked = await login(t, demoEmail('partner'), DEMO_PASSWORD, { remoteAddress: address });
      expectError(blocked.response, 429, 'RATE_LIMITED');
      expect(Number(blocked.response.headers['retry-after'])).toBe(2);
      // The same account from another address is fine: the address was held back, not the account.
      expect((await login(t, demoEmail('partner'), DEMO_PASSWORD, { remoteAddress: nextAddress() })).response.statusCode).toBe(
        200,
      );
      // Once the wait is over, one more try; its failure doubles the wait, and so on.
      const waits: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        await ageFailures(sql`address = ${address}`, 20);
        expectError(
          (await login(t, `again${i}@tadrib.demo`, WRONG_PASSWORD, { remoteAddress: address })).response,
          401,
          'INVALID_CREDENTIALS',
        );
        const held = await login(t, demoEmail('partner'), DEMO_PASSWORD, { remoteAddress: address });
        expectError(held.response, 429, 'RATE_LIMITED');
        waits.push(Number(held.response.headers['retry-after']));
      }
      expect(waits).toEqual([4, 8, 16]);
      const lockouts = await auditRowsOf(t.db, 'auth.lockout');
      expect(lockouts.filter((r) => (r.details as { scope?: string }).scope === 'address')).toHaveLength(1);
    });

    it('keeps the limit in the database: a second app process on the same database sees it', async () => {
      const account = demoEmail('focal_point');
      const address = nextAddress();
      for (let i = 0; i < 5; i += 1) {
        expectError((await login(t, account, WRONG_PASSWORD, { remoteAddress: address })).response, 401, 'INVALID_CREDENTIALS');
      }
      let second: FastifyInstance | undefined;
      try {
        second = await buildApp({
          config: loadConfig({ TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'silent' }),
          db: t.db,
          databaseKind: t.kind,
          keys: t.keys,
          serveWeb: false,
          logger: false,
        });
        await second.ready();
        const res = await second.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: account, password: DEMO_PASSWORD },
          remoteAddress: nextAddress(),
        });
        expectError(res, 429, 'SIGN_IN_LOCKED');
        // And a sign-in on the second process gives a session the first one honours.
        const other = await second.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: demoEmail('trainer'), password: DEMO_PASSWORD },
          remoteAddress: nextAddress(),
        });
        expect(other.statusCode).toBe(200);
        const cookie = other.cookies.find((c) => c.name === 'tadrib_session');
        const onFirst = clientWith(t, `tadrib_session=${cookie?.value}`, other.json().csrfToken);
        expect((await onFirst.get('/api/me')).json().role).toBe('trainer');
      } finally {
        await second?.close();
      }
    });

    it('a successful sign-in clears the account’s failures', async () => {
      const account = demoEmail('participant');
      const address = nextAddress();
      for (let i = 0; i < 4; i += 1) {
        expectError((await login(t, account, WRONG_PASSWORD, { remoteAddress: address })).response, 401, 'INVALID_CREDENTIALS');
      }
      expect(await failuresOf(account)).toBe(4);
      expect((await login(t, account, DEMO_PASSWORD, { remoteAddress: address })).response.statusCode).toBe(200);
      expect(await failuresOf(account)).toBe(0);
      // Four more failures would have made nine without the reset: the right password still works.
      for (let i = 0; i < 4; i += 1) {
        expectError((await login(t, account, WRONG_PASSWORD, { remoteAddress: address })).response, 401, 'INVALID_CREDENTIALS');
      }
      expect((await login(t, account, DEMO_PASSWORD, { remoteAddress: address })).response.statusCode).toBe(200);
    });

    /** The device cookie a response set, as a Cookie header value. */
    function deviceCookieOf(response: LightMyRequestResponse): string {
      const cookie = response.cookies.find((c) => c.name === 'tadrib_device');
      expect(cookie, 'a device cookie').toBeDefined();
      return `tadrib_device=${cookie?.value}`;
    }
    const withDevice = (cookie: string, remoteAddress: string) => ({ remoteAddress, headers: { cookie } });

    it('a completed sign-in gives the browser a device cookie: httpOnly, SameSite=Strict, for the API only, rotated each time', async () => {
      const first = await login(t, demoEmail('trainer'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const set = first.response.cookies.find((c) => c.name === 'tadrib_device');
      expect(set).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
      expect((set?.expires?.getTime() ?? 0) - Date.now()).toBeGreaterThan(89 * 86_400_000);
      const again = await login(
        t,
        demoEmail('trainer'),
        DEMO_PASSWORD,
        withDevice(deviceCookieOf(first.response), nextAddress()),
      );
      expect(again.response.statusCode).toBe(200);
      expect(deviceCookieOf(again.response)).not.toBe(deviceCookieOf(first.response));
      const rows = await t.db
        .select()
        .from(loginDevices)
        .where(eq(loginDevices.id, deviceIdOf(set?.value ?? '')));
      expect(rows, 'the old device is replaced by the new one').toEqual([]);
    });

    it('a stranger’s 50 wrong passwords do not stop the admin from signing in on their own device', async () => {
      const account = demoEmail('admin');
      const own = await login(t, account, DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const device = deviceCookieOf(own.response);
      const answers: number[] = [];
      for (let i = 0; i < 50; i += 1) {
        // From many addresses (a botnet), so that only the per-account rule can stop it.
        answers.push(
          (await login(t, account, `guess-${i}-${WRONG_PASSWORD}`, { remoteAddress: nextAddress() })).response.statusCode,
        );
      }
      expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(answers.slice(5))).toEqual(new Set([429]));
      // Even the right password from an unrecognised client waits…
      expectError((await login(t, account, DEMO_PASSWORD, { remoteAddress: nextAddress() })).response, 429, 'SIGN_IN_LOCKED');
      // …but the admin's own browser signs in, from any address.
      const back = await login(t, account, DEMO_PASSWORD, withDevice(device, nextAddress()));
      expect(back.response.statusCode, back.response.body).toBe(200);
      // A typo on the trusted device counts on that device, not against the admin.
      expectError(
        (await login(t, account, WRONG_PASSWORD, withDevice(deviceCookieOf(back.response), nextAddress()))).response,
        401,
        'INVALID_CREDENTIALS',
      );
      const lockouts = (await auditRowsOf(t.db, 'auth.lockout')).filter(
        (r) => (r.details as { email?: string }).email === account,
      );
      expect(lockouts.map((r) => (r.details as { scope: string }).scope)).toEqual(['untrusted_clients']);
      expect(lockouts[0]?.outcome).toBe('denied');
    });

    it('a trusted device is locked after its own 10 failures; the user’s other devices and untrusted clients are not', async () => {
      const account = demoEmail('trainer');
      const a = deviceCookieOf((await login(t, account, DEMO_PASSWORD, { remoteAddress: nextAddress() })).response);
      const b = deviceCookieOf((await login(t, account, DEMO_PASSWORD, { remoteAddress: nextAddress() })).response);
      const address = nextAddress();
      for (let i = 0; i < 10; i += 1) {
        expectError((await login(t, account, WRONG_PASSWORD, withDevice(a, address))).response, 401, 'INVALID_CREDENTIALS');
      }
      const locked = await login(t, account, DEMO_PASSWORD, withDevice(a, address));
      expectError(locked.response, 429, 'SIGN_IN_LOCKED');
      const retryAfter = Number(locked.response.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      // Ten failures from a trusted device hold back neither the address nor the account.
      expect((await login(t, account, DEMO_PASSWORD, withDevice(b, address))).response.statusCode).toBe(200);
      expect((await login(t, account, DEMO_PASSWORD, { remoteAddress: address })).response.statusCode).toBe(200);
      const lockouts = (await auditRowsOf(t.db, 'auth.lockout')).filter(
        (r) => (r.details as { email?: string }).email === account,
      );
      expect(lockouts.map((r) => (r.details as { scope: string }).scope)).toEqual(['device']);
    });

    it('a device cookie trusts a browser for its own account only, and a forged one for none', async () => {
      const victim = demoEmail('me_officer');
      const other = deviceCookieOf(
        (await login(t, demoEmail('partner'), DEMO_PASSWORD, { remoteAddress: nextAddress() })).response,
      );
      for (let i = 0; i < 5; i += 1) {
        expectError(
          (await login(t, victim, WRONG_PASSWORD, { remoteAddress: nextAddress() })).response,
          401,
          'INVALID_CREDENTIALS',
        );
      }
      expectError((await login(t, victim, DEMO_PASSWORD, withDevice(other, nextAddress()))).response, 429, 'SIGN_IN_LOCKED');
      const forged = `tadrib_device=${'A'.repeat(43)}`;
      expectError((await login(t, victim, DEMO_PASSWORD, withDevice(forged, nextAddress()))).response, 429, 'SIGN_IN_LOCKED');
    });

    it('a browser shared by several accounts keeps a device for each', async () => {
      const first = await login(t, demoEmail('partner'), DEMO_PASSWORD, { remoteAddress: nextAddress() });
      const both = await login(t, demoEmail('trainer'), DEMO_PASSWORD, withDevice(deviceCookieOf(first.response), nextAddress()));
      const shared = deviceCookieOf(both.response);
      for (let i = 0; i < 5; i += 1) {
        expectError(
          (await login(t, demoEmail('partner'), WRONG_PASSWORD, { remoteAddress: nextAddress() })).response,
          401,
          'INVALID_CREDENTIALS',
        );
      }
      expect((await login(t, demoEmail('partner'), DEMO_PASSWORD, withDevice(shared, nextAddress()))).response.statusCode).toBe(
        200,
      );
    });

    it('records failures under the normalised email and the caller’s address', async () => {
      const address = nextAddress();
      await login(t, '  Trainer@Tadrib.DEMO ', WRONG_PASSWORD, { remoteAddress: address });
      const rows = await t.db.select().from(loginFailures);
      expect(rows.map((r) => ({ account: r.account, address: r.address }))).toEqual([{ account: demoEmail('trainer'), address }]);
    });
  });
});
