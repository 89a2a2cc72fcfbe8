import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages } from '../../server/db/schema';
import { SYSTEM_SCOPE, withWallScope } from '../../server/platform/wall';
import { startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, expectError, expectRule, login, strongPassword } from './support';

/**
 * Invitations from the users page (issue 11): the admin mails a user a link to choose their own
 * password (seven days); a newer invitation supersedes the older; /set-password takes it.
 */
describe(`invitation links (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TADRIB_DEMO: 'false', TADRIB_PUBLIC_URL: 'https://tadrib.test' });
  });
  afterAll(async () => t.close());

  const invitationsTo = (email: string) =>
    withWallScope(SYSTEM_SCOPE, async () =>
      t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email)).orderBy(outboxMessages.createdAt),
    );
  const tokenIn = (text: string) => /#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';
  const setPassword = (token: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password } });

  it('a new account is mailed its invitation in its language, with no password anywhere; the link sets the first one', async () => {
    const admin = await t.as('admin');
    const email = `invited-${Date.now().toString(36)}@example.org`;
    const res = await admin.post('/api/users', {
      email,
      displayName: 'Amina Diallo',
      role: 'focal_point',
      stateIso2: 'SN',
      locale: 'fr',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().invitationSentTo).toBe(email);
    const [message, ...more] = await invitationsTo(email);
    expect(more).toHaveLength(0);
    expect(message).toMatchObject({ kind: 'account.invitation', locale: 'fr', stateIso2: 'SN', status: 'pending' });
    expect(message?.subject).toBe('Tadrib : votre nouveau compte');
    expect(message?.textBody).toContain('Amina Diallo');
    expect(message?.textBody).toContain('https://tadrib.test/set-password#token=');
    const token = tokenIn(message?.textBody ?? '');
    // Until the link is used there is no password to sign in with.
    expect((await login(t, email, 'Tadrib-Demo-2026')).response.statusCode).toBe(401);
    const chosen = strongPassword();
    expect((await setPassword(token, chosen)).statusCode).toBe(200);
    expect((await login(t, email, chosen)).stage).toBe('full');
    expect((await auditRowsOf(t.db, 'user.create', res.json().user.id))[0]?.details).toMatchObject({ invited: true });

    // A refused creation mails nothing.
    const taken = await admin.post('/api/users', { email, displayName: 'Someone Else', role: 'trainer' });
    expectRule(taken, 'user.email_taken', 409);
    const bad = await admin.post('/api/users', { email: 'second@example.org', displayName: 'X', role: 'focal_point' });
    expect(bad.statusCode).toBe(422);
    expect(await invitationsTo(email)).toHaveLength(1);
    expect(await invitationsTo('second@example.org')).toHaveLength(0);
  });

  it('mails an invitation in the user’s language; the newest link sets the password, the older no longer works', async () => {
    const admin = await t.as('admin');
    const user = await createUser(admin, { role: 'focal_point', stateIso2: 'MA' });
    await t.db.execute(sql`update users set locale = 'ar' where id = ${user.id}`);

    const first = await admin.post(`/api/users/${user.id}/invite`);
    expect(first.statusCode, first.body).toBe(204);
    const second = await admin.post(`/api/users/${user.id}/invite`);
    expect(second.statusCode, second.body).toBe(204);
    // The first message is the one sent when the account was created, in English.
    const messages = (await invitationsTo(user.email)).slice(1);
    expect(messages.map((m) => [m.kind, m.locale, m.stateIso2])).toEqual([
      ['account.invitation', 'ar', 'MA'],
      ['account.invitation', 'ar', 'MA'],
    ]);
    expect(messages[1]?.textBody).toContain('https://tadrib.test/set-password#token=');
    const [older, newer] = messages.map((m) => tokenIn(m.textBody));
    expect(older).not.toBe(newer);

    expectRule(await setPassword(older ?? '', strongPassword()), 'account.link_invalid');
    const chosen = strongPassword();
    const used = await setPassword(newer ?? '', chosen);
    expect(used.statusCode, used.body).toBe(200);
    expect(used.json()).toEqual({ purpose: 'invitation' });
    expect((await login(t, user.email, chosen)).stage).toBe('full');
    expect(await auditRowsOf(t.db, 'user.invite', user.id)).toHaveLength(2);
  });

  it('an open invitation stops working once the password is set another way', async () => {
    const admin = await t.as('admin');
    // A temporary password from the admin (createUser in the tests) spends the creation's invitation.
    const user = await createUser(admin, { role: 'trainer' });
    const [created] = await invitationsTo(user.email);
    expectRule(await setPassword(tokenIn(created?.textBody ?? ''), strongPassword()), 'account.link_invalid');
    // So does the user's own change of password.
    expect((await admin.post(`/api/users/${user.id}/invite`)).statusCode).toBe(204);
    const session = await login(t, user.email, user.password);
    const changed = await session.client.post('/api/me/password', {
      currentPassword: user.password,
      newPassword: strongPassword(),
    });
    expect(changed.statusCode, changed.body).toBe(204);
    const resent = (await invitationsTo(user.email)).at(-1);
    expectRule(await setPassword(tokenIn(resent?.textBody ?? ''), strongPassword()), 'account.link_invalid');
  });

  it('refuses a deactivated account, an unknown one and a malformed id, and writes nothing', async () => {
    const admin = await t.as('admin');
    const user = await createUser(admin, { role: 'trainer' });
    expect((await admin.post(`/api/users/${user.id}/deactivate`)).statusCode).toBe(200);
    expectRule(await admin.post(`/api/users/${user.id}/invite`), 'user.invite_inactive');
    expectError(await admin.post('/api/users/00000000-0000-4000-8000-000000000000/invite'), 404, 'NOT_FOUND');
    expectError(await admin.post('/api/users/not-a-uuid/invite'), 400, 'VALIDATION_FAILED');
    // Only the invitation of the account's creation.
    expect(await invitationsTo(user.email)).toHaveLength(1);
    expect(await auditRowsOf(t.db, 'user.invite', user.id)).toHaveLength(0);
    // Only the admin invites.
    expectError(await (await t.as('programme_officer')).post(`/api/users/${user.id}/invite`), 403, 'FORBIDDEN');
  });
});
