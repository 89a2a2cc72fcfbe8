import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oidcPendingLogins, type Role, settings, ssoIdentities, users } from '../../server/db/schema';
import { linkIdentity } from '../../server/modules/sso/repository';
import { currentTotpCode } from '../../server/platform/totp';
import { type Client, client, demoEmail, sessionCookieOf, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { startTestProvider, type TestProvider } from './oidc-provider';
import { auditRowsOf, awaitFreshTotpStep, createUser, expectError, login, userCount, userRow } from './support';

/** What app.inject's requests look like to the server: the redirect URI it registers at the provider. */
const REDIRECT_URI = 'http://localhost/api/auth/oidc/callback';
const DOMAIN = 'office.test';

describe(`single sign-on through OpenID Connect (${testDatabaseKind})`, () => {
  let t: TestApp;
  let admin: Client;
  let provider: TestProvider;
  let subjects = 0;

  const ssoSettings = (overrides: Record<string, unknown> = {}) => ({
    enabled: true,
    displayName: 'Office ID',
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    domains: [DOMAIN],
    trustProviderMfa: true,
    ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as('admin');
    provider = await startTestProvider({ redirectUri: REDIRECT_URI, port: testDatabaseKind === 'pglite' ? 3811 : 3812 });
    const saved = await admin.put('/api/settings/sso', ssoSettings());
    expect(saved.statusCode, saved.body).toBe(200);
  });
  afterAll(async () => {
    await provider?.close();
    await t?.close();
  });
  beforeEach(() => {
    provider.forgeAudience = null;
  });

  /** An account at the provider; its subject is new each time. */
  function providerAccount(email: string, emailVerified = true, amr = ['pwd']): string {
    subjects += 1;
    const subject = `subject-${subjects}`;
    provider.accounts.set(subject, { email, emailVerified });
    provider.nextLogin = { accountId: subject, amr };
    return subject;
  }

  type Flow = { start: LightMyRequestResponse; callbackUrl: string; browserCookie: string; callback: LightMyRequestResponse };

  /** The browser's journey: Tadrib's start, the provider's pages, then Tadrib's callback. */
  async function signInThroughProvider(tamper?: () => Promise<void>): Promise<Flow> {
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start?returnTo=/sessions' });
    expect(start.statusCode, start.body).toBe(302);
    const location = String(start.headers.location);
    expect(location.startsWith(`${provider.issuer}/`)).toBe(true);
    const authorization = new URL(location);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    const browser = start.cookies.find((c) => c.name === 'tadrib_oidc');
    expect(browser?.httpOnly).toBe(true);
    expect(browser?.sameSite).toBe('Lax');
    const browserCookie = `tadrib_oidc=${browser?.value}`;
    await tamper?.();
    const callbackUrl = await provider.authorize(location);
    expect(callbackUrl.startsWith(`${REDIRECT_URI}?`), callbackUrl).toBe(true);
    const callback = await callbackWith(callbackUrl, browserCookie);
    return { start, callbackUrl, browserCookie, callback };
  }

  function callbackWith(callbackUrl: string, cookie: string | null): Promise<LightMyRequestResponse> {
    const url = new URL(callbackUrl);
    return t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: cookie ? { cookie } : {} });
  }

  function expectRefused(response: LightMyRequestResponse, reason: string): void {
    expect(response.statusCode, response.body).toBe(302);
    expect(response.headers.location).toBe(`/sign-in?ssoError=${reason}`);
    expect(sessionCookieOf(response)).toBeNull();
  }

  /** The signed-in client of a successful callback (its CSRF token read from the session). */
  async function sessionOf(callback: LightMyRequestResponse): Promise<{ client: Client; stage: string; email: string }> {
    const cookie = sessionCookieOf(callback);
    expect(cookie).not.toBeNull();
    const session = await client(t.app, cookie, null).get('/api/auth/session');
    expect(session.statusCode, session.body).toBe(200);
    const body = session.json() as { stage: string; csrfToken: string; user: { email: string } };
    return { client: client(t.app, cookie, body.csrfToken), stage: body.stage, email: body.user.email };
  }

  async function lastFailure() {
    const [row] = await auditRowsOf(t.db, 'auth.login');
    expect(row?.outcome).toBe('failure');
    return row?.details as { method: string; reason: string; message: string };
  }

  describe('sign-in and linking', () => {
    it('links an existing active account by verified email on first use and signs it in; the role stays Tadrib’s', async () => {
      const user = await createUser(admin, { role: 'trainer', email: `trainer.one@${DOMAIN}` });
      const subject = providerAccount(user.email);
      const users = await userCount(t.db);
      const { callback } = await signInThroughProvider();
      expect(callback.statusCode, callback.body).toBe(302);
      expect(callback.headers.location).toBe('/sessions');
      const session = callback.cookies.find((c) => c.name === 'tadrib_session');
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe('Strict');
      const signedIn = await sessionOf(callback);
      expect(signedIn.stage).toBe('full');
      expect(signedIn.email).toBe(user.email);
      const me = await signedIn.client.get('/api/me');
      expect(me.json()).toMatchObject({ email: user.email, role: 'trainer' });
      // Writes still need the CSRF token, as for a password session.
      const noCsrf = client(t.app, signedIn.client.cookie, null);
      expectError(await noCsrf.patch('/api/me', { displayName: 'X' }), 403, 'CSRF_FAILED');
      expect((await signedIn.client.patch('/api/me', { displayName: 'Trainer One' })).statusCode).toBe(200);

      const links = await t.db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id));
      expect(links).toMatchObject([{ issuer: provider.issuer, subject, linkedEmail: user.email }]);
      expect(await userCount(t.db)).toBe(users);
      const [link] = await auditRowsOf(t.db, 'auth.sso.link', user.id);
      expect(link?.details).toMatchObject({ issuer: provider.issuer, subject });
      const [login] = await auditRowsOf(t.db, 'auth.login', user.id);
      expect(login).toMatchObject({ outcome: 'success', actorUserId: user.id });
      expect(login?.details).toMatchObject({ method: 'oidc', stage: 'full', issuer: provider.issuer });
      expect((await userRow(t.db, user.id))?.lastSignInAt).not.toBeNull();

      // The linked identity signs in again by its subject, even once its email at the provider changed.
      provider.accounts.set(subject, { email: `renamed@${DOMAIN}`, emailVerified: true });
      provider.nextLogin = { accountId: subject, amr: ['pwd'] };
      const again = await signInThroughProvider();
      expect((await sessionOf(again.callback)).email).toBe(user.email);
      expect(await t.db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id))).toHaveLength(1);
    });

    it('never creates an account: an unknown email is refused with a clear reason', async () => {
      providerAccount(`nobody@${DOMAIN}`);
      const users = await userCount(t.db);
      const { callback } = await signInThroughProvider();
      expectRefused(callback, 'unknown_account');
      expect(await userCount(t.db)).toBe(users);
      expect(await lastFailure()).toMatchObject({ method: 'oidc', reason: 'unknown_account' });
    });

    it('refuses an email the provider has not verified, and links nothing', async () => {
      const user = await createUser(admin, { role: 'programme_officer', email: `unverified@${DOMAIN}` });
      providerAccount(user.email, false);
      const { callback } = await signInThroughProvider();
      expectRefused(callback, 'email_not_verified');
      expect(await t.db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id))).toEqual([]);
    });

    it('refuses an email outside the domains that use the provider (an admin elsewhere is not taken over)', async () => {
      providerAccount(demoEmail('admin'));
      const { callback } = await signInThroughProvider();
      expectRefused(callback, 'domain_not_allowed');
    });

    it('refuses a deactivated account, before and after linking', async () => {
      const user = await createUser(admin, { role: 'me_officer', email: `leaver@${DOMAIN}` });
      expect((await admin.post(`/api/users/${user.id}/deactivate`)).statusCode).toBe(200);
      providerAccount(user.email);
      expectRefused((await signInThroughProvider()).callback, 'inactive_account');
      expect((await lastFailure()).reason).toBe('inactive_account');

      const linked = await createUser(admin, { role: 'me_officer', email: `linked.leaver@${DOMAIN}` });
      providerAccount(linked.email);
      const first = await signInThroughProvider();
      const { client: signedIn } = await sessionOf(first.callback);
      expect((await admin.post(`/api/users/${linked.id}/deactivate`)).statusCode).toBe(200);
      expectError(await signedIn.get('/api/me'), 401, 'UNAUTHENTICATED');
      expectRefused((await signInThroughProvider()).callback, 'inactive_account');
    });
  });

  describe('what the provider sends is checked', () => {
    it('refuses an ID token issued for another audience (validly signed)', async () => {
      const user = await createUser(admin, { role: 'trainer', email: `audience@${DOMAIN}` });
      providerAccount(user.email);
      provider.forgeAudience = 'another-client';
      const { callback } = await signInThroughProvider();
      expectRefused(callback, 'invalid_response');
      expect((await lastFailure()).message).toMatch(/aud/);
      expect(await t.db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id))).toEqual([]);
    });

    it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
      const user = await createUser(admin, { role: 'trainer', email: `nonce@${DOMAIN}` });
      providerAccount(user.email);
      const { callback } = await signInThroughProvider(async () => {
        await t.db.update(oidcPendingLogins).set({ nonce: 'a-nonce-the-provider-never-saw' });
      });
      expectRefused(callback, 'invalid_response');
      expect((await lastFailure()).message).toMatch(/nonce/);
    });

    it('accepts a callback once, only from the browser that started it', async () => {
      const user = await createUser(admin, { role: 'trainer', email: `replay@${DOMAIN}` });
      providerAccount(user.email);
      const first = await signInThroughProvider();
      expect((await sessionOf(first.callback)).email).toBe(user.email);
      // Replayed: the state was consumed.
      expectRefused(await callbackWith(first.callbackUrl, first.browserCookie), 'expired');

      // Another browser (no cookie, or another one) cannot finish a sign-in it did not start.
      const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      providerAccount(user.email);
      const callbackUrl = await provider.authorize(String(start.headers.location));
      expectRefused(await callbackWith(callbackUrl, 'tadrib_oidc=someone-elses'), 'expired');
      expectRefused(await callbackWith(callbackUrl, null), 'expired');
    });

    it('answers a callback with no state, or the provider’s refusal, by going back to sign-in', async () => {
      expectRefused(await t.app.inject({ method: 'GET', url: '/api/auth/oidc/callback' }), 'expired');
      const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      const state = new URL(String(start.headers.location)).searchParams.get('state');
      const browser = start.cookies.find((c) => c.name === 'tadrib_oidc')?.value;
      const refused = await t.app.inject({
        method: 'GET',
        url: `/api/auth/oidc/callback?error=access_denied&state=${state}`,
        headers: { cookie: `tadrib_oidc=${browser}` },
      });
      expectRefused(refused, 'provider_refused');
    });

    it('sends a crafted returnTo to this site only', async () => {
      const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start?returnTo=//evil.example/x' });
      const state = new URL(String(start.headers.location)).searchParams.get('state') ?? '';
      const rows = await t.db.select().from(oidcPendingLogins);
      expect(rows.every((r) => r.returnTo !== '//evil.example/x')).toBe(true);
      expect(state.length).toBeGreaterThan(20);
    });
  });

  describe('second factor', () => {
    const requireMfaFor = async (roles: Role[]) => {
      expect((await admin.put('/api/settings/security', { mfaRequiredRoles: roles })).statusCode).toBe(200);
    };
    afterAll(async () => {
      await requireMfaFor([]);
      expect((await admin.put('/api/settings/sso', ssoSettings())).statusCode).toBe(200);
    });

    it('the provider’s multi-factor amr meets the policy when the admin trusts it', async () => {
      await requireMfaFor(['programme_officer']);
      const user = await createUser(admin, { role: 'programme_officer', email: `mfa.trusted@${DOMAIN}` });
      providerAccount(user.email, true, ['pwd', 'mfa']);
      const { callback } = await signInThroughProvider();
      expect(callback.headers.location).toBe('/sessions');
      expect((await sessionOf(callback)).stage).toBe('full');
      const [row] = await auditRowsOf(t.db, 'auth.login', user.id);
      expect(row?.details).toMatchObject({ providerMfa: true, stage: 'full' });
    });

    it('a password-only sign-in at the provider must still enrol in or give Tadrib’s TOTP', async () => {
      await requireMfaFor(['programme_officer']);
      const fresh = await createUser(admin, { role: 'programme_officer', email: `mfa.none@${DOMAIN}` });
      providerAccount(fresh.email, true, ['pwd']);
      const enrol = await signInThroughProvider();
      expect(enrol.callback.headers.location).toBe('/sign-in?redirect=%2Fsessions');
      const atEnrol = await sessionOf(enrol.callback);
      expect(atEnrol.stage).toBe('enrol');
      expectError(await atEnrol.client.get('/api/sessions'), 403, 'MFA_REQUIRED');

      // A user with TOTP goes to the code step, as after a password, and finishes with Tadrib's code.
      const user = await createUser(admin, { role: 'programme_officer', email: `mfa.totp@${DOMAIN}` });
      const local = await login(t, user.email, user.password);
      await awaitFreshTotpStep();
      const setup = await local.client.post('/api/me/mfa/setup');
      const secret = (setup.json() as { secret: string }).secret;
      const confirmed = await local.client.post('/api/me/mfa/confirm', { code: currentTotpCode(secret, Date.now() - 30_000) });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      providerAccount(user.email, true, ['pwd']);
      const step = await signInThroughProvider();
      const atPassword = await sessionOf(step.callback);
      expect(atPassword.stage).toBe('password');
      expectError(await atPassword.client.get('/api/sessions'), 403, 'MFA_REQUIRED');
      const done = await atPassword.client.post('/api/auth/mfa', { code: currentTotpCode(secret) });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().stage).toBe('full');
    });

    it('an untrusted provider’s amr does not count', async () => {
      await requireMfaFor(['programme_officer']);
      expect((await admin.put('/api/settings/sso', ssoSettings({ trustProviderMfa: false }))).statusCode).toBe(200);
      const user = await createUser(admin, { role: 'programme_officer', email: `mfa.untrusted@${DOMAIN}` });
      providerAccount(user.email, true, ['pwd', 'mfa']);
      const { callback } = await signInThroughProvider();
      expect((await sessionOf(callback)).stage).toBe('enrol');
    });
  });

  describe('settings', () => {
    it('never returns the client secret and stores it encrypted', async () => {
      const view = await admin.get('/api/settings/sso');
      expect(view.statusCode).toBe(200);
      expect(view.json()).toEqual({
        enabled: true,
        displayName: 'Office ID',
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecretSet: true,
        domains: [DOMAIN],
        trustProviderMfa: true,
        redirectUri: REDIRECT_URI,
      });
      expect(view.body).not.toContain(provider.clientSecret);
      const [row] = await t.db.select().from(settings).where(eq(settings.key, 'sso'));
      expect(JSON.stringify(row?.value)).not.toContain(provider.clientSecret);
      const [audit] = await auditRowsOf(t.db, 'settings.sso.update');
      expect(JSON.stringify(audit?.details)).not.toContain(provider.clientSecret);
      expect(JSON.stringify(audit?.details)).not.toContain('sealedClientSecret');
      // Saved again without a secret: the stored one is kept.
      const { clientSecret: _, ...withoutSecret } = ssoSettings();
      const kept = await admin.put('/api/settings/sso', withoutSecret);
      expect(kept.statusCode, kept.body).toBe(200);
      expect(kept.json().clientSecretSet).toBe(true);
    });

    it('the sign-in page learns the provider’s name and domains, nothing more', async () => {
      const info = await t.anonymous.get('/api/auth/oidc');
      expect(info.json()).toEqual({ enabled: true, displayName: 'Office ID', domains: [DOMAIN] });
    });

    it('refuses a provider that does not answer, a plain-HTTP issuer elsewhere, no domain, and bad input; changes nothing', async () => {
      const before = (await admin.get('/api/settings/sso')).json();
      const unreachable = expectError(
        await admin.put('/api/settings/sso', ssoSettings({ issuer: 'http://127.0.0.1:3899/nowhere' })),
        422,
        'RULE_VIOLATION',
      );
      expect(unreachable.details?.[0]?.path).toBe('issuer');
      expectError(await admin.put('/api/settings/sso', ssoSettings({ issuer: 'http://idp.example.org' })), 422, 'RULE_VIOLATION');
      expectError(await admin.put('/api/settings/sso', ssoSettings({ domains: [] })), 422, 'RULE_VIOLATION');
      expectError(await admin.put('/api/settings/sso', ssoSettings({ domains: ['not a domain'] })), 400, 'VALIDATION_FAILED');
      expectError(await admin.put('/api/settings/sso', { ...ssoSettings(), extra: 1 }), 400, 'VALIDATION_FAILED');
      expect((await admin.get('/api/settings/sso')).json()).toEqual(before);
    });

    it('once disabled, sign-in through the provider is not offered and cannot start', async () => {
      expect((await admin.put('/api/settings/sso', ssoSettings({ enabled: false }))).statusCode).toBe(200);
      expect((await t.anonymous.get('/api/auth/oidc')).json()).toEqual({ enabled: false, displayName: null, domains: [] });
      expectRefused(await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' }), 'not_configured');
      expect((await admin.put('/api/settings/sso', ssoSettings())).statusCode).toBe(200);
    });

    it('only admins see or change the settings', async () => {
      const officer = await t.as('programme_officer');
      expectError(await officer.get('/api/settings/sso'), 403, 'FORBIDDEN');
      expectError(await officer.put('/api/settings/sso', ssoSettings()), 403, 'FORBIDDEN');
    });
  });

  it('lets two first sign-ins of one identity race without an error: the first link stands', async () => {
    const [user] = await t.db.select({ id: users.id }).from(users).limit(1);
    const link = {
      userId: user?.id as string,
      issuer: 'https://race.example.org',
      subject: 'same-person',
      linkedEmail: 'x@example.org',
    };
    const [first, second] = await Promise.all([linkIdentity(t.db, link), linkIdentity(t.db, link)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await t.db.select().from(ssoIdentities).where(eq(ssoIdentities.issuer, 'https://race.example.org'))).toHaveLength(1);
  });

  it('retires a temporary password never changed: the SSO session is not held at the change screen, the password no longer opens', async () => {
    const user = await createUser(admin, { role: 'trainer', email: `fresh.one@${DOMAIN}`, keepTemporaryPassword: true });
    providerAccount(user.email);
    const { callback } = await signInThroughProvider();
    const signedIn = await sessionOf(callback);
    expect((await signedIn.client.get('/api/sessions')).statusCode).toBe(200);
    expect((await signedIn.client.get('/api/me')).json()).toMatchObject({ mustChangePassword: false });
    const withOldPassword = await t.anonymous.post('/api/auth/login', { email: user.email, password: user.password });
    expect(withOldPassword.statusCode).toBe(401);
    expect(await auditRowsOf(t.db, 'auth.sso.retire_temporary_password', user.id)).toHaveLength(1);
  });
});
