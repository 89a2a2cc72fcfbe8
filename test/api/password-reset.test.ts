import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountLinks, outboxMessages, passwordResetRequests } from '../../server/db/schema';
import { RESET_LIMITS } from '../../server/modules/auth/account-links';
import { currentTotpCode } from '../../server/platform/totp';
import { SYSTEM_SCOPE, withWallScope } from '../../server/platform/wall';
import { sessionCookieOf, startTestApp, type TestApp, testDatabaseKind } from './harness';
import {
  auditRowsOf,
  awaitFreshTotpStep,
  createUser,
  expectError,
  expectRule,
  login,
  strongPassword,
  uniqueEmail,
} from './support';

/**
 * Forgot password (issue 11): a single-use link valid one hour, mailed through the outbox; the
 * answer never tells whether the address has an account; limits per typed address and per network
 * address; every session ends; the second factor is still asked afterwards.
 */
describe(`password reset by mail (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TADRIB_DEMO: 'false', TADRIB_PUBLIC_URL: 'https://tadrib.test' });
  });
  afterAll(async () => t.close());

  let address = 0;
  /** Each test asks from its own network address, so the per-address limit is its own. */
  const ask = (email: string, remoteAddress = `10.9.0.${++address}`) =>
    t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email }, remoteAddress });
  const setPassword = (token: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password } });
  /** The reset messages to an address (its account's invitation, mailed when it was created, aside). */
  const messagesTo = (email: string) =>
    withWallScope(SYSTEM_SCOPE, async () =>
      t.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.toAddress, email), eq(outboxMessages.kind, 'account.password_reset')))
        .orderBy(outboxMessages.createdAt),
    );
  const tokenIn = (text: string) => /#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';
  const outboxCount = async () =>
    withWallScope(
      SYSTEM_SCOPE,
      async () =>
        (await t.db.execute(sql`select count(*)::int as n from outbox_messages`)) as unknown as { rows: { n: number }[] },
    ).then((r) => r.rows[0]?.n ?? 0);

  it('mails a link in the account’s language; the link sets a new password once and ends every session', async () => {
    const admin = await t.as('admin');
    const user = await createUser(admin, { role: 'focal_point', stateIso2: 'SN' });
    await t.db.execute(sql`update users set locale = 'fr' where id = ${user.id}`);
    const before = await login(t, user.email, user.password);
    expect(before.stage).toBe('full');

    const asked = await ask(user.email.toUpperCase());
    expect(asked.statusCode, asked.body).toBe(204);
    const [message] = await messagesTo(user.email);
    expect(message).toMatchObject({ kind: 'account.password_reset', locale: 'fr', stateIso2: 'SN', toUserId: user.id });
    expect(message?.subject).toBe('Tadrib : réinitialisez votre mot de passe');
    expect(message?.textBody).toContain('https://tadrib.test/set-password#token=');
    const token = tokenIn(message?.textBody ?? '');
    // Only the token's hash is kept.
    const links = await t.db.select().from(accountLinks).where(eq(accountLinks.userId, user.id));
    expect(links).toHaveLength(1);
    expect(links[0]?.id).not.toContain(token);
    expect((links[0]?.expiresAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect((links[0]?.expiresAt.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(60 * 60_000);

    const newPassword = strongPassword();
    const used = await setPassword(token, newPassword);
    expect(used.statusCode, used.body).toBe(200);
    expect(used.json()).toEqual({ purpose: 'password_reset' });
    expectError(await before.client.get('/api/me'), 401, 'UNAUTHENTICATED');
    expect((await login(t, user.email, user.password)).response.statusCode).toBe(401);
    expect((await login(t, user.email, newPassword)).stage).toBe('full');
    // Single use.
    expectRule(await setPassword(token, strongPassword()), 'account.link_invalid');
    expect((await login(t, user.email, newPassword)).stage).toBe('full');
    expect(await auditRowsOf(t.db, 'auth.password_reset.request', user.id)).toHaveLength(1);
    expect((await auditRowsOf(t.db, 'auth.account_link.use', user.id)).map((r) => r.outcome).sort()).toEqual([
      'failure',
      'success',
    ]);
  });

  it('gives the same answer for an unknown or inactive address, and mails nothing', async () => {
    const admin = await t.as('admin');
    const inactive = await createUser(admin, { role: 'trainer' });
    expect((await admin.post(`/api/users/${inactive.id}/deactivate`)).statusCode).toBeLessThan(300);
    const known = await createUser(admin, { role: 'trainer' });
    const before = await outboxCount();
    const unknown = await ask(uniqueEmail('nobody'));
    const dormant = await ask(inactive.email);
    const real = await ask(known.email);
    for (const response of [unknown, dormant, real]) {
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
    }
    expect(await outboxCount()).toBe(before + 1);
    expect(await messagesTo(inactive.email)).toHaveLength(0);
    expect((await auditRowsOf(t.db, 'auth.password_reset.request', inactive.id))[0]?.details).toMatchObject({
      reason: 'inactive_account',
    });
  });

  it('limits requests per typed address and per network address, known or not', async () => {
    const admin = await t.as('admin');
    const known = await createUser(admin, { role: 'trainer' });
    for (const email of [known.email, uniqueEmail('ghost')]) {
      for (let i = 0; i < RESET_LIMITS.perEmail; i += 1) expect((await ask(email)).statusCode).toBe(204);
      const refused = expectError(await ask(email), 429, 'RATE_LIMITED');
      expect(refused.message).toMatch(/Too many/);
    }
    expect(await messagesTo(known.email)).toHaveLength(RESET_LIMITS.perEmail);
    const from = '10.77.0.1';
    for (let i = 0; i < RESET_LIMITS.perAddress; i += 1) expect((await ask(uniqueEmail('spray'), from)).statusCode).toBe(204);
    expectError(await ask(uniqueEmail('spray'), from), 429, 'RATE_LIMITED');
    // Only the hash of a typed address is kept.
    const rows = await t.db.select().from(passwordResetRequests).where(eq(passwordResetRequests.address, from));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.emailHash))).toBe(true);
  });

  it('refuses an expired link, an older link once a newer one is sent, and a forged one', async () => {
    const admin = await t.as('admin');
    const user = await createUser(admin, { role: 'trainer' });
    await ask(user.email);
    const first = tokenIn((await messagesTo(user.email))[0]?.textBody ?? '');
    await ask(user.email);
    const second = tokenIn((await messagesTo(user.email))[1]?.textBody ?? '');
    expect(second).not.toBe(first);
    expectRule(await setPassword(first, strongPassword()), 'account.link_invalid');
    await t.db
      .update(accountLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(accountLinks.userId, user.id)));
    expectRule(await setPassword(second, strongPassword()), 'account.link_invalid');
    expectRule(await setPassword('A'.repeat(43), strongPassword()), 'account.link_invalid');
    expect((await login(t, user.email, user.password)).stage).toBe('full');
  });

  it('refuses bad input with 4xx and changes nothing', async () => {
    const admin = await t.as('admin');
    const user = await createUser(admin, { role: 'trainer' });
    await ask(user.email);
    const token = tokenIn((await messagesTo(user.email))[0]?.textBody ?? '');
    expectError(await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: {} }), 400, 'VALIDATION_FAILED');
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: 'x'.repeat(300) } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: 'a@b.c', extra: 1 } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token } }),
      400,
      'VALIDATION_FAILED',
    );
    // A weak password is refused and the link stays usable.
    expectRule(await setPassword(token, 'short'), 'password.too_short');
    expectRule(await setPassword(token, `${user.email}-${user.email}`), 'password.personal');
    expect((await login(t, user.email, user.password)).stage).toBe('full');
    expect((await setPassword(token, strongPassword())).statusCode).toBe(200);
  });

  it('still asks for the second factor after a reset', async () => {
    const admin = await t.as('admin');
    const user = await createUser(admin, { role: 'programme_officer' });
    const { client } = await login(t, user.email, user.password);
    await awaitFreshTotpStep();
    const base = Date.now();
    const setup = await client.post('/api/me/mfa/setup');
    const { secret } = setup.json() as { secret: string };
    const confirmed = await client.post('/api/me/mfa/confirm', { code: currentTotpCode(secret, base - 30_000) });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(sessionCookieOf(confirmed)).not.toBeNull();
    await ask(user.email);
    const token = tokenIn((await messagesTo(user.email))[0]?.textBody ?? '');
    const newPassword = strongPassword();
    expect((await setPassword(token, newPassword)).statusCode).toBe(200);
    const signedIn = await login(t, user.email, newPassword);
    expect(signedIn.stage).toBe('password');
    expectError(await signedIn.client.get('/api/me'), 403, 'MFA_REQUIRED');
  });
});
