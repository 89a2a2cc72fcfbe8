import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { apiAs, baseUrl, type Language } from './browser';

/**
 * Issue 5's journey of a recommendation, in a real browser: the officer records a new edition of
 * the high-level meeting (on the meetings pages), a recommendation adopted there and an action for
 * Nigeria; the focal point of Nigeria adds evidence and marks the action done; the focal point of
 * Senegal can neither see nor change it (in the browser and through the API); the follow-through
 * figure moves by one implemented recommendation. The main screens are photographed in French and
 * Arabic.
 *
 * The edition is held in the last days, so that the action's default due date (twelve months after
 * the edition) is ahead: before the update the recommendation is pending (not yet judged), once
 * its only action is done it counts as implemented.
 */

const day = browser.dayFromToday;

type FollowThrough = { recommendations: number; implemented: number; pending: number; rate: number | null };

const RECOMMENDATION = {
  en: 'Set up a national platform for sharing counter-terrorism information between agencies.',
  fr: 'Créer une plateforme nationale d’échange d’informations antiterroristes entre les services.',
  ar: 'إنشاء منصة وطنية لتبادل المعلومات المتعلقة بمكافحة الإرهاب بين الأجهزة.',
};
const ACTION = 'Adopt the decree creating the national information-sharing platform';

let session: browser.Browser;
let page: Page;
let editionId: string;
let editionNumber: number;
let actionId: string;
let senegal: { email: string; password: string };
let ngBefore: FollowThrough;
let allBefore: FollowThrough;

/** A step that failed may have left someone signed in: every step starts from a fresh sign-in, in English. */
const signIn = (email: string, password?: string) => browser.signInAs(page, { email, password }, 'en');
const signOut = () => browser.signOut(page);
const switchLanguage = (language: Language) => browser.switchLanguage(page, language, true);
const shot = (name: string, language: Language) => browser.screenshot(page, `cooperation-${name}`, language);

/** Screenshots a screen in French, then in Arabic (right to left), and comes back to English. */
async function inFrenchAndArabic(name: string, ready: () => Promise<void> = async () => {}): Promise<void> {
  await switchLanguage('fr');
  await ready();
  await shot(name, 'fr');
  await switchLanguage('ar');
  await expect(browser.htmlAttributes(page)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
  await ready();
  await shot(name, 'ar');
  await switchLanguage('en');
}

/** Picks an option of a searchable Mantine select by typing part of its label. */
async function choose(testId: string, typed: string, option: RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).fill(typed);
  await page.getByRole('option', { name: option }).click();
}

beforeAll(async () => {
  session = await browser.launchBrowser();
  page = session.page;
  const admin = await apiAs('admin@tadrib.demo');
  const email = `focal.sn.${Date.now().toString(36)}@tadrib.test`;
  const created = await admin.post<{ user: { id: string } }>('/users', {
    email,
    displayName: 'Awa Diop',
    role: 'focal_point',
    stateIso2: 'SN',
  });
  // The invitation waits in the outbox: a temporary password from the admin is the quicker way in here.
  const { temporaryPassword } = await admin.post<{ temporaryPassword: string }>(`/users/${created.user.id}/reset-password`);
  // A temporary password opens nothing but its own change: the focal point chooses theirs first.
  const password = `Baobab-${Date.now().toString(36)}-lagoon`;
  const own = await apiAs(email, temporaryPassword);
  await own.post('/me/password', { currentPassword: temporaryPassword, newPassword: password });
  senegal = { email, password };
});

afterAll(async () => {
  await session?.close();
});

describe('a recommendation from its adoption to its follow-through', () => {
  it('the officer records a new edition on the meetings pages', async () => {
    const officer = await apiAs('officer@tadrib.demo');
    const { items } = await officer.get<{ items: { number: number }[] }>('/meetings/editions');
    editionNumber = items.reduce((max, e) => Math.max(max, e.number), 0) + 1;
    ngBefore = await officer.get<FollowThrough>('/recommendations/follow-through?stateIso2=NG');
    allBefore = await officer.get<FollowThrough>('/recommendations/follow-through');

    await signIn('officer@tadrib.demo');
    await page.goto(`${baseUrl}/meetings`);
    await page.getByTestId('edition-create').click();
    await page.getByTestId('edition-number').fill(String(editionNumber));
    await page.getByTestId('edition-start').fill(day(-3));
    await page.getByTestId('edition-end').fill(day(-2));
    await page.getByTestId('edition-city').fill('Rabat');
    // The country is Morocco unless changed: the meeting's host.
    await page.getByTestId('edition-theme-en').fill('Sharing information between counter-terrorism agencies');
    await page.getByTestId('edition-save').click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    editionId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByTestId('edition-title').waitFor();
  }, 90_000);

  it('the officer records a recommendation and an action for Nigeria', async () => {
    await page.goto(`${baseUrl}/recommendations/editions/${editionId}`);
    await page.getByTestId('recommendation-create').click();
    await page.getByTestId('recommendation-text-en').fill(RECOMMENDATION.en);
    await page.getByRole('tab', { name: 'Français' }).click();
    await page.getByTestId('recommendation-text-fr').fill(RECOMMENDATION.fr);
    await page.getByRole('tab', { name: 'العربية' }).click();
    await page.getByTestId('recommendation-text-ar').fill(RECOMMENDATION.ar);
    // The pills field draws over its own input: the click goes to the field.
    await page.getByTestId('recommendation-pillars').click({ force: true });
    await page.getByRole('option', { name: /^III —/ }).click();
    // Closes the list of pillars (Escape would close the whole form).
    await page.getByRole('heading', { name: 'Add a recommendation' }).click();
    await page.getByTestId('recommendation-save').click();
    const card = page.getByTestId('recommendation-1');
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(RECOMMENDATION.en);

    await card.getByTestId('action-create').click();
    await page.getByTestId('action-description-en').fill(ACTION);
    await choose('action-owner-state', '(NG)', /\(NG\)/);
    await page.getByTestId('action-save').click();
    const row = card.getByTestId('action-row');
    await row.waitFor();
    await expect(row.getByTestId('action-owner').textContent()).resolves.toBe('Nigeria');
    await expect(row.getByTestId('action-status').textContent()).resolves.toBe('Planned');
    const href = await row.getByTestId('action-link').getAttribute('href');
    actionId = href?.split('/').pop() ?? '';
    expect(actionId).toMatch(/^[0-9a-f-]{36}$/);
    // Not yet due: the recommendation is pending, not counted.
    await expect(page.getByTestId('follow-through-counts').textContent()).resolves.toContain('0 of 0');
    await inFrenchAndArabic('edition', () => card.getByTestId('action-row').waitFor());
    await signOut();
  }, 120_000);

  it('the focal point of Nigeria adds evidence and marks the action done', async () => {
    await signIn('focal.ng@tadrib.demo');
    await page.getByTestId('nav-my-state-actions').click();
    const figureBefore = await page.getByTestId('follow-through-counts').textContent();
    expect(figureBefore).toContain(`${ngBefore.implemented} of ${ngBefore.recommendations}`);
    const row = page.getByTestId('action-row').filter({ hasText: ACTION });
    await row.waitFor();
    await row.getByTestId('action-link').click();
    await page.getByTestId('action-status-submit').waitFor();

    await page
      .getByTestId('evidence-text')
      .fill('Decree No. 2026-14 signed by the President; the platform went live with five agencies.');
    await page.getByTestId('evidence-submit').click();
    await page.getByTestId('evidence-item').first().waitFor();
    await page.getByTestId('evidence-kind').getByText('Link').click();
    await page.getByTestId('evidence-url').fill('https://example.gov.ng/gazette/decree-2026-14');
    await page.getByTestId('evidence-text').fill('Official gazette');
    await page.getByTestId('evidence-submit').click();
    await expect.poll(() => page.getByTestId('evidence-item').count()).toBe(2);

    await page.getByTestId('action-new-status').click();
    await page.getByRole('option', { name: 'Done' }).click();
    await page.getByTestId('action-completed-on-input').fill(day(0));
    await page.getByTestId('action-status-submit').click();
    await expect.poll(() => page.getByTestId('action-status').first().textContent()).toBe('Done');
    await expect(page.getByTestId('history-entry').count()).resolves.toBe(2);
    await expect(page.getByTestId('action-history').textContent()).resolves.toContain('Chinedu Okafor');
    // Done: no further move for a focal point (reopening is the office's).
    await expect(page.getByTestId('action-status-submit').count()).resolves.toBe(0);
    await inFrenchAndArabic('action', () => page.getByTestId('action-history').waitFor());

    // The state's figure counts one more recommendation, implemented.
    await page.getByTestId('nav-my-state-actions').click();
    await expect
      .poll(() => page.getByTestId('follow-through-counts').textContent())
      .toContain(`${ngBefore.implemented + 1} of ${ngBefore.recommendations + 1}`);
    await inFrenchAndArabic('my-state', () => page.getByTestId('action-row').first().waitFor());
    await signOut();
  }, 150_000);

  it('the focal point of Senegal can neither see nor change it', async () => {
    const sn = await apiAs(senegal.email, senegal.password);
    expect(await sn.status('GET', `/recommendation-actions/${actionId}`)).toBe(404);
    expect(await sn.status('POST', `/recommendation-actions/${actionId}/status`, { status: 'in_progress' })).toBe(404);
    expect(await sn.status('POST', `/recommendation-actions/${actionId}/evidence`, { kind: 'text', text: 'x' })).toBe(404);
    const list = await sn.get<{ items: { id: string }[] }>('/recommendation-actions?pageSize=200');
    expect(list.items.map((a) => a.id)).not.toContain(actionId);
    expect(await sn.status('GET', '/recommendations/follow-through?stateIso2=NG')).toBe(404);
    expect(await sn.status('GET', `/recommendations/editions`)).toBe(403);

    await signIn(senegal.email, senegal.password);
    await page.getByTestId('nav-my-state-actions').click();
    await page.getByTestId('actions-count').waitFor();
    await expect(page.getByTestId('actions-list').textContent()).resolves.not.toContain(ACTION);
    await page.goto(`${baseUrl}/recommendations/actions/${actionId}`);
    await page.getByRole('alert').or(page.getByText('This action does not exist, or is not yours to see.')).first().waitFor();
    await expect(page.getByTestId('action-status-submit').count()).resolves.toBe(0);
    await expect(page.getByTestId('evidence-submit').count()).resolves.toBe(0);
    await expect(page.locator('body').textContent()).resolves.not.toContain(ACTION);
    await inFrenchAndArabic('not-found', () => page.getByRole('main').waitFor());
    // Nothing changed on the action.
    const officer = await apiAs('officer@tadrib.demo');
    const action = await officer.get<{ status: string; evidence: unknown[] }>(`/recommendation-actions/${actionId}`);
    expect(action).toMatchObject({ status: 'done' });
    expect(action.evidence).toHaveLength(2);
    await signOut();
  }, 120_000);

  it('the officer sees the follow-through figure move by one implemented recommendation', async () => {
    const officer = await apiAs('officer@tadrib.demo');
    const after = await officer.get<FollowThrough>('/recommendations/follow-through');
    expect(after).toMatchObject({ recommendations: allBefore.recommendations + 1, implemented: allBefore.implemented + 1 });
    await signIn('officer@tadrib.demo');
    await page.getByTestId('nav-recommendations').click();
    await expect
      .poll(() => page.getByTestId('follow-through-counts').textContent())
      .toContain(`${after.implemented} of ${after.recommendations}`);
    const row = page.getByTestId(`edition-summary-${editionNumber}`);
    await expect(row.textContent()).resolves.toContain('100 % (1/1)');
    await inFrenchAndArabic('follow-through', () => page.getByTestId(`edition-summary-${editionNumber}`).waitFor());
    await signOut();
  }, 90_000);
});
