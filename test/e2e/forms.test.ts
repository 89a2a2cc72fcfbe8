import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { baseUrl } from './browser';

/**
 * The official and user forms (web/src/components/forms/useSchemaForm.ts with the server's own
 * request schemas): a bad official in French and a bad user in Arabic are refused under their
 * fields before anything is sent, then a good one of each is saved.
 */

let session: browser.Browser;
let page: Page;
const stamp = Date.now().toString(36);

async function choose(testId: string, typed: string, option: RegExp | number): Promise<void> {
  await page.getByTestId(testId).click();
  if (typed) await page.getByTestId(testId).fill(typed);
  const options = page.getByRole('option');
  await (typeof option === 'number' ? options.nth(option) : options.filter({ hasText: option }).first()).click();
}

/** The form refused empty, in English, for the screenshot; then closed. */
async function refusedEmptyInEnglish(path: string, open: string, submit: string, name: string): Promise<void> {
  await browser.switchLanguage(page, 'en', true);
  await page.goto(`${baseUrl}${path}`);
  await page.getByTestId(open).click();
  await page.getByTestId(submit).click();
  await expect(page.getByRole('dialog').getByText('Required').first().isVisible()).resolves.toBe(true);
  await browser.screenshot(page, name, 'en');
  await page.keyboard.press('Escape');
}

/** The POSTs to a path the page sends from now on. */
function postsTo(pathname: string): string[] {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === pathname) sent.push(r.url());
  });
  return sent;
}

beforeAll(async () => {
  session = await browser.launchBrowser();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

describe('the official and user forms', () => {
  it('refuses a bad official in French under its fields, then records a good one', async () => {
    await browser.signIn(page, 'officer@tadrib.demo');
    await refusedEmptyInEnglish('/officials', 'official-create', 'official-form-submit', 'official-form-errors');
    await browser.switchLanguage(page, 'fr', true);
    await page.goto(`${baseUrl}/officials`);
    const sent = postsTo('/api/officials');
    await page.getByTestId('official-create').click();
    await page.getByTestId('official-form-familyName').fill(`Formulaire${stamp}`);
    await page.getByTestId('official-form-email').fill('pas-une-adresse');
    await page.getByTestId('official-form-submit').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('Obligatoire').first().isVisible()).resolves.toBe(true);
    await expect(dialog.getByText('Adresse électronique non valide').isVisible()).resolves.toBe(true);
    await browser.screenshot(page, 'official-form-errors', 'fr');
    expect(sent).toHaveLength(0);

    await page.getByTestId('official-form-givenNames').fill('Amina');
    await choose('official-form-sex', '', 0);
    await choose('official-form-state', '(NG)', /\(NG\)/);
    await page.getByTestId('official-form-email').fill(`amina.${stamp}@example.org`);
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/officials' && r.request().method() === 'POST');
    await page.getByTestId('official-form-submit').click();
    const response = await saved;
    expect(response.status()).toBe(201);
    expect(await response.json()).toMatchObject({
      familyName: `Formulaire${stamp}`,
      stateIso2: 'NG',
      email: `amina.${stamp}@example.org`,
    });
    await page.waitForURL(/\/officials\/[0-9a-f-]{36}$/);
    await browser.signOut(page);
  });

  it('refuses a bad user in Arabic under its fields, then creates a good one', async () => {
    await browser.signIn(page, 'admin@tadrib.demo');
    await refusedEmptyInEnglish('/admin/users', 'user-create', 'user-form-submit', 'user-form-errors');
    await browser.switchLanguage(page, 'ar', true);
    await page.goto(`${baseUrl}/admin/users`);
    const sent = postsTo('/api/users');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-email').fill('ليس-بريدا');
    await page.getByTestId('user-form-submit').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('أدخل بريدًا إلكترونيًا صالحًا.').isVisible()).resolves.toBe(true);
    await expect(dialog.getByText('حقل إلزامي').first().isVisible()).resolves.toBe(true);
    await browser.screenshot(page, 'user-form-errors', 'ar');
    expect(sent).toHaveLength(0);

    const email = `trainer.${stamp}@example.org`;
    await page.getByTestId('user-form-email').fill(email);
    await page.getByTestId('user-form-name').fill('مدرب النموذج');
    // The fourth role, a trainer, belongs to no state.
    await choose('user-form-role', '', 3);
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/users' && r.request().method() === 'POST');
    await page.getByTestId('user-form-submit').click();
    expect((await created).status()).toBe(201);
    await expect(page.getByTestId('user-invited').textContent()).resolves.toContain(email);
  });
});
