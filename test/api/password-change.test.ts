import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officials } from '../../server/db/schema';
import { DEMO_PASSWORD, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { type CreatedUser, createUser, expectError, login, strongPassword, uniqueEmail } from './support';

/**
 * Issue 15, findings 5 and 6 (passwords): a temporary password opens nothing but its own change,
 * and a new password is refused when it is weak, common, personal or the published demo one.
 * The app runs outside the demo (TADRIB_DEMO=false), as a real office would.
 */
describe(`temporary passwords and the password policy (${testDatabaseKind})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ TADRIB_DEMO: 'false' });
  });
  afterAll(async () => t.close());

  const officialCount = async () => Number((await t.db.select({ n: count() }).from(officials))[0]?.n ?? 0);
  const newOfficial = () => ({ stateIso2: 'NG', familyName: 'Adeyemi', givenNames: 'Tunde', sex: 'male' });

  /** A focal point of Nigeria with a temporary password, signed in with it. */
  async function temporaryFocalPoint(): Promise<{ user: CreatedUser; session: Awaited<ReturnType<typeof login>> }> {
    const user = await createUser(await t.as('admin'), { role: 'focal_point', stateIso2: 'NG', keepTemporaryPassword: true });
    const session = await login(t, user.email, user.password);
    expect(session.response.statusCode, session.response.body).toBe(200);
    expect(session.response.json().user.mustChangePassword).toBe(true);
    return { user, session };
  }

  describe('must change the password', () => {
    it('refuses reads and writes with PASSWORD_CHANGE_REQUIRED until the password is changed, then allows them', async () => {
      const { user, session } = await temporaryFocalPoint();
      const { client } = session;
      const before = await officialCount();
      for (const url of [
        '/api/officials',
        '/api/officials?stateIso2=NG',
        '/api/sessions',
        '/api/reference',
        '/api/results/dashboard',
      ]) {
        expectError(await client.get(url), 403, 'PASSWORD_CHANGE_REQUIRED');
      }
      expectError(await client.post('/api/officials', newOfficial()), 403, 'PASSWORD_CHANGE_REQUIRED');
      expectError(await client.patch('/api/me', { displayName: 'Changed' }), 403, 'PASSWORD_CHANGE_REQUIRED');
      expectError(await client.post('/api/me/mfa/setup'), 403, 'PASSWORD_CHANGE_REQUIRED');
      expect(await officialCount()).toBe(before);

      // What the change screen needs stays open.
      expect((await client.get('/api/auth/session')).json().user.mustChangePassword).toBe(true);
      expect((await client.get('/api/me')).json()).toMatchObject({ email: user.email, mustChangePassword: true });

      const newPassword = strongPassword();
      const changed = await client.post('/api/me/password', { currentPassword: user.password, newPassword });
      expect(changed.statusCode, changed.body).toBe(204);
      expect((await client.get('/api/me')).json().mustChangePassword).toBe(false);
      const list = await client.get('/api/officials');
      expect(list.statusCode, list.body).toBe(200);
      const created = await client.post('/api/officials', newOfficial());
      expect(created.statusCode, created.body).toBe(201);
      expect(await officialCount()).toBe(before + 1);
    });

    it('lets a session with a temporary password sign out', async () => {
      const { session } = await temporaryFocalPoint();
      expect((await session.client.post('/api/auth/logout')).statusCode).toBe(204);
      expectError(await session.client.get('/api/me'), 401, 'UNAUTHENTICATED');
    });

    it('holds a user whose password an admin reset, and every role alike', async () => {
      const admin = await t.as('admin');
      for (const role of ['programme_officer', 'me_officer', 'trainer', 'partner', 'admin'] as const) {
        const user = await createUser(admin, { role });
        const reset = await admin.post(`/api/users/${user.id}/reset-password`);
        expect(reset.statusCode).toBe(200);
        const { client } = await login(t, user.email, reset.json().temporaryPassword);
        expectError(await client.get('/api/programmes'), 403, 'PASSWORD_CHANGE_REQUIRED');
        expectError(await client.get('/api/courses'), 403, 'PASSWORD_CHANGE_REQUIRED');
        expect((await client.get('/api/me')).statusCode).toBe(200);
      }
    });
  });

  describe('the rules of a new password', () => {
    async function changeTo(newPassword: string, owner?: { displayName: string }) {
      const admin = await t.as('admin');
      const user = await createUser(admin, { role: 'trainer', email: uniqueEmail('kamau'), displayName: owner?.displayName });
      const { client } = await login(t, user.email, user.password);
      const res = await client.post('/api/me/password', { currentPassword: user.password, newPassword });
      // A refused password changes nothing: the old one still signs in.
      if (res.statusCode !== 204) expect((await login(t, user.email, user.password)).response.statusCode).toBe(200);
      return res;
    }

    it.each([
      ['password1234', 'password.common'],
      ['motdepasse2024', 'password.common'],
      ['aaaaaaaaaaaa', 'password.weak'],
      [DEMO_PASSWORD, 'password.demo'],
    ])('refuses %s with the rule %s', async (password, rule) => {
      const error = expectError(await changeTo(password), 422, 'RULE_VIOLATION');
      expect(error.rule).toBe(rule);
      expect(error.details).toMatchObject([{ path: 'newPassword', rule }]);
    });

    it('refuses a password containing the user’s name or email', async () => {
      const byName = expectError(await changeTo('Wanjiru-Kestrel-2031', { displayName: 'Wanjiru Kamau' }), 422, 'RULE_VIOLATION');
      expect(byName.details).toMatchObject([{ path: 'newPassword', rule: 'password.personal' }]);
      const byEmail = expectError(await changeTo('kamau-Kestrel-2031-x'), 422, 'RULE_VIOLATION');
      expect(byEmail.details).toMatchObject([{ path: 'newPassword', rule: 'password.personal' }]);
    });

    it('accepts a strong password', async () => {
      expect((await changeTo('correct horse battery staple')).statusCode).toBe(204);
    });

    it('the demo accounts keep their published password for signing in', async () => {
      expect((await login(t, 'officer@tadrib.demo', DEMO_PASSWORD)).response.statusCode).toBe(200);
    });
  });

  it('a refused new password leaves the temporary one to change', async () => {
    const { user, session } = await temporaryFocalPoint();
    const refused = await session.client.post('/api/me/password', {
      currentPassword: user.password,
      newPassword: 'password1234',
    });
    expectError(refused, 422, 'RULE_VIOLATION');
    expect((await session.client.get('/api/me')).json().mustChangePassword).toBe(true);
    expectError(await session.client.get('/api/officials'), 403, 'PASSWORD_CHANGE_REQUIRED');
  });
});
