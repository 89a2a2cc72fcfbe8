import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { apiAs, baseUrl, dayFromToday, type Language } from './browser';

/**
 * Issue 11 in a real browser: the office opens a call for nominations; Nigeria's focal point sees
 * the bell count it, reads it in the list, goes to the page concerned, chooses how each kind
 * reaches them by email, and sees what their state was sent. Screens in English, French and Arabic.
 */

let session: browser.Browser;
let page: Page;
let sessionId: string;

const shot = (name: string, language: Language) => browser.screenshot(page, `notifications-${name}`, language);

beforeAll(async () => {
  session = await browser.launchBrowser();
  page = session.page;
  const officer = await apiAs('officer@tadrib.demo');
  const { items: courses } = await officer.get<{ items: { id: string }[] }>('/courses');
  const course = courses[0];
  if (!course) throw new Error('no course in the demo data');
  const created = await officer.post<{ id: string }>('/sessions', {
    courseId: course.id,
    code: `E2E-N-${Date.now().toString(36).toUpperCase()}`,
    startDate: dayFromToday(30),
    endDate: dayFromToday(32),
    nominationDeadline: dayFromToday(20),
    venueCity: 'Rabat',
    venueCountry: 'MA',
    modality: 'in_person',
    languages: ['en', 'fr'],
    capacity: 10,
    quotas: [{ stateIso2: 'NG', seats: 2 }],
  });
  sessionId = created.id;
  await officer.post(`/sessions/${sessionId}/status`, { status: 'open' });
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('notifications, the bell and the preferences', () => {
  it('the focal point sees the bell count the call, reads it and goes to the nominations', async () => {
    await browser.signInAs(page, 'focal', 'en');
    const bell = page.getByTestId('bell');
    await expect(bell.getAttribute('aria-label')).resolves.toMatch(/\d+ unread notification/);
    await bell.click();
    await page.getByTestId('notification-list').waitFor();
    const card = page.getByTestId('notification').filter({ hasText: 'Call for nominations' }).first();
    await expect(card.getAttribute('data-read')).resolves.toBe('false');
    await shot('list', 'en');
    await browser.switchLanguage(page, 'fr', true);
    await page.getByTestId('notification').filter({ hasText: 'Appel à candidatures' }).first().waitFor();
    await shot('list', 'fr');
    await browser.switchLanguage(page, 'ar', true);
    await expect(browser.htmlAttributes(page)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
    await page.getByTestId('notification').filter({ hasText: 'دعوة إلى الترشيح' }).first().waitFor();
    await shot('list', 'ar');
    await browser.switchLanguage(page, 'en', true);

    const before = Number((await bell.getAttribute('aria-label'))?.match(/\d+/)?.[0]);
    await page
      .getByTestId('notification')
      .filter({ hasText: 'Call for nominations' })
      .first()
      .getByTestId('open-notification')
      .click();
    await page.waitForURL(`${baseUrl}/sessions/${sessionId}/nominations`);
    await expect
      .poll(async () => Number((await page.getByTestId('bell').getAttribute('aria-label'))?.match(/\d+/)?.[0] ?? 0))
      .toBe(before - 1);
  });

  it('the focal point chooses a daily digest for calls, and the choice is kept', async () => {
    await page.goto(`${baseUrl}/notifications/preferences`);
    const row = page.getByTestId('preference-call_opened');
    await row.getByText('Daily digest').click();
    await page.getByTestId('save-preferences').click();
    await page.getByText('Preferences saved.').waitFor();
    await page.reload();
    await expect(row.locator('input[value="digest"]').isChecked()).resolves.toBe(true);
    await shot('preferences', 'en');
    await browser.switchLanguage(page, 'fr', true);
    await shot('preferences', 'fr');
    await browser.switchLanguage(page, 'ar', true);
    await shot('preferences', 'ar');
    await browser.switchLanguage(page, 'en', true);
  });

  it('the focal point sees what their state was sent', async () => {
    await page.getByTestId('nav-state-sent').click();
    await page.getByTestId('state-sent').waitFor();
    await expect(page.getByTestId('state-sent').textContent()).resolves.toContain('Chinedu Okafor');
    // One entry of the menu is current, not also the one whose path starts this page's.
    await expect(page.getByTestId('nav-state-sent').getAttribute('aria-current')).resolves.toBe('page');
    await expect(page.getByTestId('nav-notifications').getAttribute('aria-current')).resolves.toBeNull();
    await expect(page.getByTestId('nav-notifications').getAttribute('data-active')).resolves.toBeNull();
    await shot('state', 'en');
    await browser.switchLanguage(page, 'ar', true);
    await shot('state', 'ar');
    await browser.switchLanguage(page, 'en', true);
  });

  it('mark all read empties the bell and turns itself off', async () => {
    await page.goto(`${baseUrl}/notifications`);
    await page.getByTestId('notification-list').waitFor();
    // Other journeys leave this focal point notifications of their own: read them all here.
    if (!(await page.getByTestId('mark-all-read').isDisabled())) await page.getByTestId('mark-all-read').click();
    await expect.poll(async () => page.getByTestId('bell').getAttribute('aria-label')).toBe('Notifications');
    await expect(page.getByTestId('mark-all-read').isDisabled()).resolves.toBe(true);
  });
});
