import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { Role } from '../../server/db/schema';
import { recoveryCodes } from '../../server/db/schema';
import { loadServerKeys } from '../../server/platform/keys';
import { currentTotpCode, openTotpSecret } from '../../server/platform/totp';
import { type Client, client as clientOf, sessionCookieOf, startTestApp, type TestApp, testDatabaseKind } from './harness';
import {
  auditRowsOf,
  awaitFreshTotpStep,
  type CreatedUser,
  clientWith,
  createUser,
  expectError,
  login,
  sessionIdOfClient,
  userRow,
  wrongCode,
} from './support';

const STEP = 30_000;

type Enrolled = CreatedUser & { secret: string; recoveryCodes: string[]; client: Client; base: number };

describe(`second factor (${testDatabaseKind})`, () => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as('admin');
  });
  afterAll(async () => t.close());

  /**
   * A new user with a confirmed TOTP factor. The confirmation uses the code of the previous time
   * step (accepted: ±1 step of drift), so the codes of the current step (`base`) and the next one
   * (`base + 30 s`) are still unused for the rest of the test.
   */
  async function enrolledUser(role: Role = 'programme_officer'): Promise<Enrolled> {
    const user = await createUser(admin, { role });
    const { client, stage } = await login(t, user.email, user.password);
    expect(stage).toBe('full');
    await awaitFreshTotpStep();
    const base = Date.now();
    const setup = await client.post('/api/me/mfa/setup');
    expect(setup.statusCode, setup.body).toBe(200);
    const { secret } = setup.json() as { secret: string };
    const confirm = await client.post('/api/me/mfa/confirm', { code: currentTotpCode(secret, base - STEP) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    client.cookie = sessionCookieOf(confirm);
    return { ...user, secret, recoveryCodes: confirm.json().recoveryCodes, client, base };
  }

  async function codesLeft(userId: string): Promise<number> {
    const rows = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    return rows.filter((r) => r.usedAt === null).length;
  }

  describe('enrolment', () => {
    it('setup gives a secret, an otpauth URL and a QR code; confirm gives 10 single-use recovery codes', async () => {
      const user = await createUser(admin, { role: 'trainer' });
      const { client } = await login(t, user.email, user.password);
      const setup = await client.post('/api/me/mfa/setup');
      expect(setup.statusCode).toBe(200);
      const body = setup.json();
      expect(body.secret).toMatch(/^[A-Z2-7]{16,}$/);
      expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
      expect(body.otpauthUrl).toContain(`secret=${body.secret}`);
      expect(body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
      // Not enabled until confirmed.
      expect((await client.get('/api/me')).json().mfaEnabled).toBe(false);
      expect((await userRow(t.db, user.id))?.totpSecret).toBeNull();

      await awaitFreshTotpStep();
      const now = Date.now();
      const valid = [-STEP, 0, STEP].map((d) => currentTotpCode(body.secret, now + d));
      expectError(await client.post('/api/me/mfa/confirm', { code: wrongCode(...valid) }), 401, 'MFA_INVALID');
      expectError(await client.post('/api/me/mfa/confirm', { code: 'abc' }), 400, 'VALIDATION_FAILED');

      const confirm = await client.post('/api/me/mfa/confirm', { code: currentTotpCode(body.secret, now) });
      expect(confirm.statusCode, confirm.body).toBe(200);
      // Enrolment replaces the session; the old cookie no longer works.
      const before = client.cookie;
      client.cookie = sessionCookieOf(confirm);
      expect(client.cookie).toBeTruthy();
      expect(client.cookie).not.toBe(before);
      expectError(await clientWith(t, before, client.csrfToken).get('/api/me'), 401, 'UNAUTHENTICATED');
      const codes = confirm.json().recoveryCodes as string[];
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
      expect((await client.get('/api/me')).json().mfaEnabled).toBe(true);
      expect(await codesLeft(user.id)).toBe(10);
      // Only hashes are stored.
      const stored = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
      for (const row of stored) expect(codes).not.toContain(row.codeHash);
      expect((await auditRowsOf(t.db, 'account.mfa.enable', user.id)).length).toBe(1);

      // A second setup while enabled is refused.
      expectError(await client.post('/api/me/mfa/setup'), 422, 'RULE_VIOLATION');
    });

    it('confirm without a started setup is refused', async () => {
      const user = await createUser(admin, { role: 'trainer' });
      const { client } = await login(t, user.email, user.password);
      expectError(await client.post('/api/me/mfa/confirm', { code: '123456' }), 422, 'RULE_VIOLATION');
    });
  });

  describe('signing in with a second factor', () => {
    it('stops at the password stage: only the code step, the session view and logout are open', async () => {
      const user = await enrolledUser();
      const { client, stage, response } = await login(t, user.email, user.password);
      expect(stage).toBe('password');
      expect(response.json().user.mfaEnabled).toBe(true);
      expectError(await client.get('/api/me'), 403, 'MFA_REQUIRED');
      expectError(await client.get('/api/states'), 403, 'MFA_REQUIRED');
      expectError(await client.post('/api/me/mfa/setup'), 403, 'MFA_REQUIRED');
      expect((await client.get('/api/auth/session')).json().stage).toBe('password');
      expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
      expectError(await client.get('/api/auth/session'), 401, 'UNAUTHENTICATED');
    });

    it('a wrong code is 401 MFA_INVALID; a valid code gives a full session under a NEW cookie', async () => {
      const user = await enrolledUser();
      const { client } = await login(t, user.email, user.password);
      const oldSessionId = sessionIdOfClient(client);
      const valid = [-STEP, 0, STEP].map((d) => currentTotpCode(user.secret, user.base + d));
      expectError(await client.post('/api/auth/mfa', { code: wrongCode(...valid) }), 401, 'MFA_INVALID');
      expectError(await client.post('/api/auth/mfa', { code: 'zzzzz-zzzzz' }), 401, 'MFA_INVALID');

      const res = await client.post('/api/auth/mfa', { code: currentTotpCode(user.secret, user.base) });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().stage).toBe('full');
      const newCookie = res.cookies.find((c) => c.name === 'tadrib_session');
      expect(newCookie?.value).toBeTruthy();
      expect(`tadrib_session=${newCookie?.value}`).not.toBe(client.cookie);
      expect(newCookie?.httpOnly).toBe(true);
      expect(newCookie?.sameSite).toBe('Strict');

      // The half-signed-in session is gone; the new one works, with its own CSRF token.
      expectError(await client.get('/api/auth/session'), 401, 'UNAUTHENTICATED');
      const fullClient = clientWith(t, `tadrib_session=${newCookie?.value}`, res.json().csrfToken as string);
      expect(sessionIdOfClient(fullClient)).not.toBe(oldSessionId);
      expect((await fullClient.get('/api/me')).statusCode).toBe(200);
      expect(res.json().csrfToken).not.toBe(client.csrfToken);
      expect((await fullClient.patch('/api/me', { locale: 'pt' })).statusCode).toBe(200);
    });

    it('a TOTP code is accepted once only; the next time step’s code still works', async () => {
      const user = await enrolledUser();
      const code = currentTotpCode(user.secret, user.base);
      const first = await login(t, user.email, user.password);
      expect((await first.client.post('/api/auth/mfa', { code })).statusCode).toBe(200);

      const second = await login(t, user.email, user.password);
      expectError(await second.client.post('/api/auth/mfa', { code }), 401, 'MFA_INVALID');
      // The code of the previous step (already used for the confirmation) is also refused.
      expectError(
        await second.client.post('/api/auth/mfa', { code: currentTotpCode(user.secret, user.base - STEP) }),
        401,
        'MFA_INVALID',
      );
      // Within the ±1 step window, the next step's code is fresh.
      const next = await second.client.post('/api/auth/mfa', { code: currentTotpCode(user.secret, user.base + STEP) });
      expect(next.statusCode, next.body).toBe(200);
      expect(next.json().stage).toBe('full');
    });

    it('wrong codes count toward the sign-in limit; signing in again with the password does not reset them', async () => {
      const user = await enrolledUser();
      const remoteAddress = '198.51.100.77';
      const valid = [-STEP, 0, STEP].map((d) => currentTotpCode(user.secret, user.base + d));
      const answers: number[] = [];
      // An attacker who knows the password tries codes, signing in again whenever needed.
      for (let round = 0; round < 3; round += 1) {
        const { response, client } = await login(t, user.email, user.password, { remoteAddress });
        answers.push(response.statusCode);
        if (response.statusCode !== 200) continue;
        for (let i = 0; i < 4; i += 1) {
          const res = await client.request({
            method: 'POST',
            url: '/api/auth/mfa',
            payload: { code: wrongCode(...valid) },
            remoteAddress,
          });
          answers.push(res.statusCode);
        }
      }
      // At most 5 guesses (the per-account limit) are checked before the account is limited.
      expect(answers.filter((s) => s === 401).length, `answers: ${answers.join(',')}`).toBeLessThanOrEqual(5);
      expect(answers).toContain(429);
    });

    it('the same code sent from several half-signed-in sessions at once is accepted once', async () => {
      const user = await enrolledUser();
      const sessions = [];
      for (let i = 0; i < 4; i += 1) sessions.push(await login(t, user.email, user.password));
      const code = currentTotpCode(user.secret, user.base);
      const answers = await Promise.all(sessions.map((s) => s.client.post('/api/auth/mfa', { code })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401, 401]);
    });

    it('a recovery code signs in once only', async () => {
      const user = await enrolledUser();
      const [first, second] = user.recoveryCodes;
      const a = await login(t, user.email, user.password);
      const ok = await a.client.post('/api/auth/mfa', { code: first });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().stage).toBe('full');
      expect(await codesLeft(user.id)).toBe(9);

      const b = await login(t, user.email, user.password);
      expectError(await b.client.post('/api/auth/mfa', { code: first }), 401, 'MFA_INVALID');
      // Case and spaces around the code do not matter.
      const again = await b.client.post('/api/auth/mfa', { code: ` ${second?.toUpperCase()} ` });
      expect(again.statusCode, again.body).toBe(200);
      expect(await codesLeft(user.id)).toBe(8);
      const methods = (await auditRowsOf(t.db, 'auth.mfa', user.id))
        .filter((r) => r.outcome === 'success')
        .map((r) => r.details?.method);
      expect(methods).toEqual(['recovery_code', 'recovery_code']);
    });

    it('regenerating recovery codes (with a valid TOTP code) invalidates the old ones', async () => {
      const user = await enrolledUser();
      const valid = [-STEP, 0, STEP].map((d) => currentTotpCode(user.secret, user.base + d));
      expectError(await user.client.post('/api/me/mfa/recovery-codes', { code: wrongCode(...valid) }), 401, 'MFA_INVALID');
      const res = await user.client.post('/api/me/mfa/recovery-codes', { code: currentTotpCode(user.secret, user.base) });
      expect(res.statusCode, res.body).toBe(200);
      const fresh = res.json().recoveryCodes as string[];
      expect(fresh).toHaveLength(10);
      expect(fresh.filter((c) => user.recoveryCodes.includes(c))).toEqual([]);
      expect(await codesLeft(user.id)).toBe(10);

      const a = await login(t, user.email, user.password);
      expectError(await a.client.post('/api/auth/mfa', { code: user.recoveryCodes[0] }), 401, 'MFA_INVALID');
      expect((await a.client.post('/api/auth/mfa', { code: fresh[0] })).statusCode).toBe(200);
    });

    it('disabling needs a valid code; afterwards sign-in is one step again', async () => {
      const user = await enrolledUser();
      const valid = [-STEP, 0, STEP].map((d) => currentTotpCode(user.secret, user.base + d));
      expectError(await user.client.post('/api/me/mfa/disable', { code: wrongCode(...valid) }), 401, 'MFA_INVALID');
      expect((await userRow(t.db, user.id))?.totpSecret).not.toBeNull();
      const res = await user.client.post('/api/me/mfa/disable', { code: currentTotpCode(user.secret, user.base) });
      expect(res.statusCode, res.body).toBe(204);
      expect((await user.client.get('/api/me')).json().mfaEnabled).toBe(false);
      expect(await codesLeft(user.id)).toBe(0);
      const again = await login(t, user.email, user.password);
      expect(again.stage).toBe('full');
      expect((await auditRowsOf(t.db, 'account.mfa.disable', user.id)).length).toBe(1);
    });
  });

  describe('secrets at rest', () => {
    it('the stored column holds no base32 secret and recovery codes are stored keyed', async () => {
      const user = await enrolledUser();
      const row = await userRow(t.db, user.id);
      expect(row?.totpSecret).toBeTruthy();
      expect(row?.totpSecret).not.toContain(user.secret);
      expect(row?.totpSecret).not.toMatch(/^[A-Z2-7]+=*$/);
      expect(openTotpSecret(t.keys.secondFactor, user.id, row?.totpSecret ?? null)).toBe(user.secret);
      const stored = (await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).map((r) => r.codeHash);
      const unkeyed = user.recoveryCodes.map((c) => createHash('sha256').update(c).digest('hex'));
      expect(stored).toHaveLength(10);
      for (const hash of stored) expect(unkeyed.some((u) => hash.includes(u))).toBe(false);
    });

    it('a database copied without the keys folder gives no second factor', async () => {
      const user = await enrolledUser();
      const row = await userRow(t.db, user.id);
      const otherKeysDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-test-otherkeys-'));
      const { keys: otherKeys } = loadServerKeys({ dir: otherKeysDir, fromEnvironment: {} });
      expect(openTotpSecret(otherKeys.secondFactor, user.id, row?.totpSecret ?? null)).toBeNull();
      // The same database served with other keys: the right code and a recovery code are refused.
      const copy = await buildApp({
        config: loadConfig({ TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'silent' }),
        db: t.db,
        databaseKind: t.kind,
        keys: otherKeys,
        serveWeb: false,
        logger: false,
      });
      try {
        await copy.ready();
        const signIn = async () => {
          const res = await copy.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: user.email, password: user.password },
          });
          expect(res.json().stage).toBe('password');
          return clientOf(copy, sessionCookieOf(res), res.json().csrfToken);
        };
        const half = await signIn();
        expectError(await half.post('/api/auth/mfa', { code: currentTotpCode(user.secret, user.base) }), 401, 'MFA_INVALID');
        expectError(await half.post('/api/auth/mfa', { code: user.recoveryCodes[0] }), 401, 'MFA_INVALID');
      } finally {
        await copy.close();
        rmSync(otherKeysDir, { recursive: true, force: true });
      }
      // With its keys the account still signs in with the same code.
      const { client } = await login(t, user.email, user.password);
      const ok = await client.post('/api/auth/mfa', { code: currentTotpCode(user.secret, user.base) });
      expect(ok.statusCode, ok.body).toBe(200);
    });
  });

  describe('second factor required for a role', () => {
    afterAll(async () => {
      expect((await admin.put('/api/settings/security', { mfaRequiredRoles: [] })).statusCode).toBe(200);
    });

    it('only admins change the setting, and the change is audited', async () => {
      const officer = await t.as('programme_officer');
      expectError(await officer.put('/api/settings/security', { mfaRequiredRoles: ['trainer'] }), 403, 'FORBIDDEN');
      expectError(await admin.put('/api/settings/security', { mfaRequiredRoles: ['wizard'] }), 400, 'VALIDATION_FAILED');
      const res = await admin.put('/api/settings/security', { mfaRequiredRoles: ['trainer', 'trainer'] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ mfaRequiredRoles: ['trainer'] });
      expect((await admin.get('/api/settings/security')).json()).toEqual({ mfaRequiredRoles: ['trainer'] });
      const [row] = await auditRowsOf(t.db, 'settings.security.update');
      expect(row?.details).toMatchObject({ after: { mfaRequiredRoles: ['trainer', 'trainer'] } });
    });

    it('a user of that role without a factor signs in to the enrol stage and can only enrol', async () => {
      expect((await admin.put('/api/settings/security', { mfaRequiredRoles: ['trainer'] })).statusCode).toBe(200);
      const user = await createUser(admin, { role: 'trainer' });
      const { client, stage, response } = await login(t, user.email, user.password);
      expect(stage).toBe('enrol');
      expect(response.json().user).toMatchObject({ mfaRequired: true, mfaEnabled: false });
      expectError(await client.get('/api/me'), 403, 'MFA_REQUIRED');
      expectError(await client.get('/api/states'), 403, 'MFA_REQUIRED');
      expectError(await client.patch('/api/me', { locale: 'fr' }), 403, 'MFA_REQUIRED');
      expectError(await client.post('/api/me/mfa/recovery-codes', { code: '123456' }), 403, 'MFA_REQUIRED');
      expectError(await client.post('/api/auth/mfa', { code: '123456' }), 403, 'FORBIDDEN');
      expect((await client.get('/api/auth/session')).json().stage).toBe('enrol');

      await awaitFreshTotpStep();
      const setup = await client.post('/api/me/mfa/setup');
      expect(setup.statusCode, setup.body).toBe(200);
      const secret = setup.json().secret as string;
      const confirm = await client.post('/api/me/mfa/confirm', { code: currentTotpCode(secret) });
      expect(confirm.statusCode, confirm.body).toBe(200);
      expect(confirm.json().recoveryCodes).toHaveLength(10);
      client.cookie = sessionCookieOf(confirm);

      const session = await client.get('/api/auth/session');
      expect(session.json().stage).toBe('full');
      expect(session.json().user).toMatchObject({ mfaRequired: true, mfaEnabled: true });
      expect((await client.get('/api/me')).statusCode).toBe(200);
      expect((await client.get('/api/states')).statusCode).toBe(200);

      // From now on the user signs in with the code.
      expect((await login(t, user.email, user.password)).stage).toBe('password');
    });

    it('a user whose role requires a second factor cannot disable it', async () => {
      const user = await enrolledUser('programme_officer');
      expect((await admin.put('/api/settings/security', { mfaRequiredRoles: ['programme_officer'] })).statusCode).toBe(200);
      expect((await user.client.get('/api/me')).json().mfaRequired).toBe(true);
      const res = await user.client.post('/api/me/mfa/disable', { code: currentTotpCode(user.secret, user.base) });
      expectError(res, 422, 'RULE_VIOLATION');
      const stored = (await userRow(t.db, user.id))?.totpSecret ?? null;
      expect(openTotpSecret(t.keys.secondFactor, user.id, stored)).toBe(user.secret);
    });

    it('other roles are not affected', async () => {
      expect((await admin.put('/api/settings/security', { mfaRequiredRoles: ['trainer'] })).statusCode).toBe(200);
      const user = await createUser(admin, { role: 'partner' });
      expect((await login(t, user.email, user.password)).stage).toBe('full');
    });
  });

  describe('admin reset of a second factor', () => {
    it('removes the factor and the recovery codes, and ends the user’s sessions', async () => {
      const user = await enrolledUser('me_officer');
      expect((await user.client.get('/api/me')).statusCode).toBe(200);
      const res = await admin.post(`/api/users/${user.id}/reset-mfa`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: user.id, mfaEnabled: false });
      expectError(await user.client.get('/api/me'), 401, 'UNAUTHENTICATED');
      expect(await codesLeft(user.id)).toBe(0);
      const row = await userRow(t.db, user.id);
      expect(row?.totpSecret).toBeNull();
      expect(row?.totpPendingSecret).toBeNull();
      expect((await login(t, user.email, user.password)).stage).toBe('full');
      expect((await auditRowsOf(t.db, 'user.mfa.reset', user.id)).length).toBe(1);
      // Nothing left to reset.
      expectError(await admin.post(`/api/users/${user.id}/reset-mfa`), 422, 'RULE_VIOLATION');
    });
  });
});
