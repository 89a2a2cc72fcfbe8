import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { apiAs, baseUrl, type Language } from './browser';

/**
 * Issue 10's journey in a real browser, on the demo history as a first start leaves it (its
 * completed sessions' certificates issued, test/e2e/global-setup.ts): the officer opens a
 * completed session's certificates, revokes one issued in error and issues it again in one step;
 * the participant downloads their PDF in Arabic; a signed-out visitor opens the verify address of
 * the QR code and confirms the name printed on the paper. Screens photographed in French and Arabic.
 */

type Person = { familyName: string; givenNames: string };
type Certificate = {
  id: string;
  verificationCode: string;
  verifyUrl: string;
  official: Person & { id: string };
  session: { id: string };
  revokedAt: string | null;
};

let session: browser.Browser;
let page: Page;
let mine: Certificate;
let birthDate: string | null;
let participantCookie: string;

const shot = (name: string, language: Language) => browser.screenshot(page, `certificates-${name}`, language);
const signIn = (email: string) => browser.signInAs(page, { email });
/** Screenshots the screen in French, then in Arabic (right to left). */
async function inFrenchAndArabic(name: string, signedIn: boolean): Promise<void> {
  await browser.switchLanguage(page, 'fr', signedIn);
  await shot(name, 'fr');
  await browser.switchLanguage(page, 'ar', signedIn);
  await expect(browser.htmlAttributes(page)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
  await shot(name, 'ar');
}

/** A session cookie, to fetch a file the way the browser's download does. */
async function sessionCookie(email: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: browser.PASSWORD }),
  });
  expect(login.status).toBe(200);
  return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

beforeAll(async () => {
  session = await browser.launchBrowser();
  page = session.page;
  const participant = await apiAs('participant.ng@tadrib.demo');
  const { items } = await participant.get<{ items: Certificate[] }>('/certificates');
  const valid = items.find((c) => c.revokedAt === null);
  if (!valid)
    throw new Error('participant.ng@tadrib.demo holds no valid certificate: the demo history was seeded without an issuer');
  mine = valid;
  birthDate = (await participant.get<{ birthDate: string | null }>('/officials/me')).birthDate;
  participantCookie = await sessionCookie('participant.ng@tadrib.demo');
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('certificates, from the office to a verifier', () => {
  it('the admin names the signatories printed on certificates', async () => {
    await signIn('admin@tadrib.demo');
    await page.goto(`${baseUrl}/admin/security`);
    await page.getByTestId('signatory-add').click();
    await page.getByTestId('signatory-name-0').fill('Amina Haddad');
    await page.getByTestId('signatory-title-0').locator('[role="tab"][lang="en"]').click();
    await page.getByTestId('signatory-title-0-en').fill('Head of the programme office');
    await page.getByTestId('signatories-save').click();
    const admin = await apiAs('admin@tadrib.demo');
    type Settings = { signatories: { name: string; title: Record<string, string> }[] };
    await expect
      .poll(async () => (await admin.get<Settings>('/settings/certificates')).signatories)
      .toEqual([{ name: 'Amina Haddad', title: { en: 'Head of the programme office' } }]);
    await page.reload();
    await expect.poll(() => page.getByTestId('signatory-name-0').inputValue()).toBe('Amina Haddad');
    await inFrenchAndArabic('signatories', true);
    await browser.switchLanguage(page, 'en', true);
  });

  it('the officer revokes a certificate issued in error and issues it again from the session page', async () => {
    await signIn('officer@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${mine.session.id}`);
    await page.getByTestId('session-tab-certificates').click();
    const rows = page.getByTestId('certificate-row');
    await rows.first().waitFor();
    // Someone else's certificate: the participant's own stays as it is for the rest of the journey.
    const other = rows
      .filter({ hasNotText: mine.official.familyName.toUpperCase() })
      .filter({ has: page.getByTestId('certificate-revoke') });
    const code = await other.first().getAttribute('data-code');
    await other.first().getByTestId('certificate-revoke').click();
    await page.getByTestId('revoke-reason').click();
    await page.getByRole('option').first().click();
    await page.getByTestId('revoke-confirm').click();
    const revoked = page.locator(`[data-testid="certificate-row"][data-code="${code}"]`);
    await expect.poll(() => revoked.getByTestId('certificate-status').textContent()).toBe('Revoked');

    // Revoked in error: the completion still holds, so it is due again.
    const rowsBefore = await rows.count();
    const issue = page.getByTestId('certificates-issue');
    await expect.poll(() => issue.textContent()).toBe('Issue 1 certificate');
    await inFrenchAndArabic('session', true);
    await issue.click();
    // Issued: no one left to issue, and the new certificate listed beside the revoked one.
    await expect.poll(() => page.locator('[data-testid="certificates-preview"] [data-action="issue"]').count()).toBe(0);
    await expect.poll(() => issue.isDisabled()).toBe(true);
    await expect.poll(() => page.locator('[data-testid="certificate-row"][data-code]').count()).toBe(rowsBefore + 1);
    await browser.switchLanguage(page, 'en', true);
  });

  it('the participant downloads the PDF in Arabic from My certificates', async () => {
    await signIn('participant.ng@tadrib.demo');
    await browser.switchLanguage(page, 'ar', true);
    await page.getByTestId('nav-certificates').click();
    const row = page.locator(`[data-testid="certificate-row"][data-code="${mine.verificationCode}"]`);
    await row.waitFor();
    await row.getByTestId('certificate-pdf').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('certificate-pdf-ar').click();
    const file = await (await download).path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await inFrenchAndArabic('mine', true);
    await browser.switchLanguage(page, 'en', true);
  });

  it('a signed-out visitor opens the QR code address and confirms the name printed on the paper', async () => {
    await page.context().clearCookies();
    // The address the QR code carries is the one the browser reaches (global-setup.ts sets it).
    expect(mine.verifyUrl.startsWith(`${baseUrl}/verify?code=`)).toBe(true);
    await page.goto(mine.verifyUrl);
    await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-status')).toBe('valid');
    await expect(page.getByTestId('verify-course').textContent()).resolves.not.toBe('');
    // The page never shows the holder's name.
    await expect(page.locator('main').textContent()).resolves.not.toContain(mine.official.familyName);

    await page.getByTestId('verify-name').fill(`${mine.official.givenNames} ${mine.official.familyName}`);
    if (birthDate) await page.getByTestId('verify-birth-date').fill(birthDate);
    await page.getByTestId('verify-name-submit').click();
    await expect.poll(() => page.getByTestId('verify-name-result').getAttribute('data-matches')).toBe('true');
    await inFrenchAndArabic('verify', false);
  });

  it('a verifier holding only the credential pastes it: valid; one character changed: invalid, with the reason', async () => {
    const res = await fetch(`${baseUrl}/api/certificates/${mine.id}/credential.jwt`, { headers: { cookie: participantCookie } });
    expect(res.status).toBe(200);
    const jwt = (await res.text()).trim();
    await page.goto(`${baseUrl}/verify`);
    await page.getByTestId('verify-input').fill(jwt);
    await page.getByTestId('verify-submit').click();
    await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-status')).toBe('valid');
    // A credential is not put in the address (it would end up in logs and history).
    expect(new URL(page.url()).search).toBe('');

    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const altered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await page.getByTestId('verify-input').fill(altered);
    await page.getByTestId('verify-submit').click();
    await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-status')).toBe('invalid');
    await expect(page.getByTestId('verify-reason').isVisible()).resolves.toBe(true);
  });

  it("a focal point sees their state's officials' certificates, and no other state's", async () => {
    await signIn('focal.ng@tadrib.demo');
    await page.getByTestId('nav-certificates').click();
    const rows = page.getByTestId('certificate-row');
    await rows.first().waitFor();
    const holders = await rows.allTextContents();
    expect(holders.length).toBeGreaterThan(0);
    expect(holders.filter((text) => !text.includes('(NG)'))).toEqual([]);
    await expect(page.getByTestId('certificate-revoke').count()).resolves.toBe(0);
  });

  it('the officer revoked certificate is reported revoked, with its reason, to a visitor', async () => {
    const officer = await apiAs('officer@tadrib.demo');
    const { items } = await officer.get<{ items: (Certificate & { revocationReason: string | null })[] }>(
      `/certificates?sessionId=${mine.session.id}&status=revoked`,
    );
    const revoked = items.find((c) => c.revocationReason === 'error');
    expect(revoked).toBeDefined();
    // Still signed in (as the focal point): the public page works the same for a signed-in reader.
    await page.goto(`${baseUrl}/verify`);
    await page.getByTestId('verify-input').fill(revoked?.verificationCode ?? '');
    // One request per check: each failed one counts against the visitor's address.
    let checks = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/credentials/verify') checks += 1;
    });
    await page.getByTestId('verify-submit').click();
    await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-status')).toBe('revoked');
    await expect(page.getByTestId('verify-reason').isVisible()).resolves.toBe(true);
    expect(new URL(page.url()).searchParams.get('code')).toBe(revoked?.verificationCode);
    expect(checks).toBe(1);
  });
});
