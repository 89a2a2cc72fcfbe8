import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../web/src/i18n/ar.json';
import en from '../../web/src/i18n/en.json';
import fr from '../../web/src/i18n/fr.json';
import pt from '../../web/src/i18n/pt.json';
import { startTestProvider, type TestProvider } from '../api/oidc-provider';
import * as browser from './browser';
import { baseUrl } from './browser';

/**
 * Single sign-on in a real browser against a real OpenID provider: the admin sets the provider up
 * on the security page; a user of its domain is steered to it from the sign-in page and comes back
 * signed in; an email with no account comes back with the reason.
 */

const DOMAIN = 'office.test';
let session: browser.Browser;
let page: Page;
let provider: TestProvider;

/** The sign-in page's SSO texts in the language the page is shown in (the last user's choice stays). */
async function ssoTexts() {
  const { lang } = await browser.htmlAttributes(page);
  return ({ en, fr, ar, pt } as Record<string, typeof en>)[lang]?.auth.sso ?? en.auth.sso;
}

/** An API call with the page's session cookie and CSRF token. */
async function api(method: 'POST' | 'PUT', url: string, data: unknown) {
  const csrf = ((await (await page.request.get(`${baseUrl}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken;
  return page.request.fetch(`${baseUrl}${url}`, { method, data, headers: { 'x-csrf-token': csrf } });
}

beforeAll(async () => {
  provider = await startTestProvider({ redirectUri: `${baseUrl}/api/auth/oidc/callback`, port: 3813 });
  session = await browser.launchBrowser();
  page = session.page;
});

afterAll(async () => {
  // Other journeys sign in with passwords: leave the provider off.
  if (page) {
    const login = await page.request.post(`${baseUrl}/api/auth/login`, {
      data: { email: 'admin@tadrib.demo', password: browser.PASSWORD },
    });
    const off = await page.request.put(`${baseUrl}/api/settings/sso`, {
      data: {
        enabled: false,
        displayName: 'Office ID',
        issuer: provider.issuer,
        clientId: provider.clientId,
        domains: [DOMAIN],
        trustProviderMfa: true,
      },
      headers: { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken },
    });
    expect(off.status(), await off.text()).toBe(200);
  }
  await session?.close();
  await provider?.close();
});

describe('single sign-on', () => {
  const staffEmail = `staff.${Date.now().toString(36)}@${DOMAIN}`;

  it('the admin sets up the provider on the security page', async () => {
    await browser.signInAs(page, 'admin');
    await page.goto(`${baseUrl}/admin/security`);
    await expect.poll(() => page.getByTestId('sso-redirect-uri').textContent()).toBe(`${baseUrl}/api/auth/oidc/callback`);
    await page.getByTestId('sso-enabled').check();
    await page.getByTestId('sso-display-name').fill('Office ID');
    await page.getByTestId('sso-issuer').fill(provider.issuer);
    await page.getByTestId('sso-client-id').fill(provider.clientId);
    await page.getByTestId('sso-client-secret').fill(provider.clientSecret);
    await page.getByTestId('sso-domains').fill(DOMAIN);
    await page.getByTestId('sso-domains').press('Enter');
    await page.getByTestId('sso-trust-mfa').check();
    const saved = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/settings/sso' && r.request().method() === 'PUT',
    );
    await page.getByTestId('sso-save').click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.getByTestId('sso-client-secret').inputValue()).toBe('');

    const created = await api('POST', '/api/users', {
      email: staffEmail,
      displayName: 'Office Staff',
      role: 'programme_officer',
    });
    expect(created.status()).toBe(201);
    await browser.signOut(page);
  });

  it('an email of the provider’s domain is steered to it and comes back signed in', async () => {
    await page.goto(`${baseUrl}/sign-in`);
    // The sign-in page takes the language last used in this browser (the admin's, which other
    // journeys change): choose one, so that the text read below is the one on the screen.
    await browser.switchLanguage(page, 'en', false);
    const texts = await ssoTexts();
    await expect
      .poll(() => page.getByTestId('sign-in-sso').textContent())
      .toBe(texts.signInWith.replace('{{provider}}', 'Office ID'));
    await page.getByTestId('sign-in-email').fill(staffEmail);
    await page.getByTestId('sign-in-sso-steered').waitFor();
    expect(await page.getByTestId('sign-in-password').count()).toBe(0);
    provider.accounts.set('staff-subject', { email: staffEmail, emailVerified: true });
    provider.nextLogin = { accountId: 'staff-subject', amr: ['pwd', 'mfa'] };
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('nav-home').waitFor();
    const me = (await (await page.request.get(`${baseUrl}/api/me`)).json()) as { email: string; role: string };
    expect(me).toMatchObject({ email: staffEmail, role: 'programme_officer' });
    await browser.signOut(page);
  });

  it('an email with no Tadrib account comes back to sign-in with the reason', async () => {
    provider.accounts.set('ghost-subject', { email: `ghost@${DOMAIN}`, emailVerified: true });
    provider.nextLogin = { accountId: 'ghost-subject', amr: ['pwd'] };
    // The provider would otherwise remember the previous user's sign-in there.
    await page.context().clearCookies();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByTestId('sign-in-sso').click();
    await page.getByTestId('sign-in-sso-error').waitFor();
    expect(await page.getByTestId('sign-in-sso-error').textContent()).toBe((await ssoTexts()).errors.unknown_account);
  });
});
