import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import * as browser from './browser';
import { apiAs, baseUrl, type Language } from './browser';

/**
 * The main journeys with the keyboard alone (Tab, Enter, Space, arrows; no click anywhere): the
 * focal point of Nigeria signs in and nominates the demo participant's record to a new session,
 * the officer screens and accepts them, the trainer marks the three days present, the participant
 * fills in the evaluation, and the focal point reads the results and opens the records behind a bar.
 * Every modal form and sheet met on the way is checked by axe-core as it is shown; the skip link
 * and the focus ring are photographed in English and Arabic. The session is set up and moved in
 * time through the API, as in delivery-journey.test.ts (see its note on dates).
 */

const day = browser.dayFromToday;
let session: browser.Browser;
let page: Page;
let sessionId: string;
let sessionCode: string;
let nominee: { familyName: string; givenNames: string };
const findings: string[] = [];

/** Presses Tab (or Shift+Tab) until the target, or an element inside it, has the focus. */
async function tabTo(target: Locator, { backwards = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i <= max; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${max} presses of Tab never reached ${target}`);
}

/** Presses an arrow key until the target has the focus (radio groups, segmented controls, chips). */
async function arrowTo(target: Locator, key: 'ArrowRight' | 'ArrowLeft' | 'ArrowDown', max = 10): Promise<void> {
  for (let i = 0; i <= max; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${target}`);
}

/** The focused element shows a ring: an outline, or (Mantine inputs) a border in the primary colour. */
async function expectFocusRing(): Promise<void> {
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'nothing focused';
    const style = getComputedStyle(el);
    if (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2) return 'ring';
    const input = el.closest('.mantine-Input-wrapper, .mantine-InputWrapper-root')?.querySelector('.mantine-Input-input');
    if (input && getComputedStyle(input).borderColor !== getComputedStyle(document.body).color) return 'ring';
    return `no ring on ${el.outerHTML.slice(0, 120)}`;
  });
  expect(ring).toBe('ring');
}

async function checkScreen(name: string): Promise<void> {
  findings.push(...describeViolations(name, await seriousViolations(page)));
}

/** Signs in with the keyboard: the skip link comes first, then the email, the password and Enter. */
async function keyboardSignIn(email: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByTestId('sign-in-email').waitFor();
  await page.keyboard.press('Tab');
  await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('skip-link');
  await tabTo(page.getByTestId('sign-in-email'));
  await page.keyboard.type(email);
  await tabTo(page.getByTestId('sign-in-password'));
  await page.keyboard.type(browser.PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('nav-home').waitFor();
  // Accounts keep the language they last chose: the journey runs in English.
  if ((await browser.htmlAttributes(page)).lang !== 'en') await keyboardLanguage('en');
}

/** Chooses a language from the header's menu with the keyboard. */
async function keyboardLanguage(language: Language): Promise<void> {
  await tabTo(page.getByTestId('language-switch'));
  await page.keyboard.press('Enter');
  const option = page.getByTestId(`language-${language}`);
  await option.waitFor();
  await arrowTo(option, 'ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
}

async function signOut(): Promise<void> {
  // Backwards from the content: through the menu to the header.
  await tabTo(page.getByTestId('sign-out'), { backwards: true, max: 150 });
  await page.keyboard.press('Enter');
  await page.getByTestId('sign-in-email').waitFor();
}

const nomineeRow = () => page.getByTestId('nomination-row').filter({ hasText: nominee.familyName.toUpperCase() });

beforeAll(async () => {
  session = await browser.launchBrowser();
  page = session.page;
  const participant = await apiAs('participant.ng@tadrib.demo');
  nominee = await participant.get<{ familyName: string; givenNames: string }>('/officials/me');
  const officer = await apiAs('officer@tadrib.demo');
  const { items: courses } = await officer.get<{ items: { id: string }[] }>('/courses');
  const { items: trainers } = await officer.get<{ items: { id: string; email: string }[] }>('/sessions/trainers');
  const trainer = trainers.find((t) => t.email === 'trainer@tadrib.demo');
  if (!courses[0] || !trainer) throw new Error('the demo has no course or no demo trainer');
  sessionCode = `KBD-${Date.now().toString(36).toUpperCase()}`;
  const created = await officer.post<{ id: string }>('/sessions', {
    courseId: courses[0].id,
    code: sessionCode,
    startDate: day(7),
    endDate: day(9),
    nominationDeadline: day(3),
    venueCity: 'Rabat',
    venueCountry: 'MA',
    modality: 'in_person',
    languages: ['en', 'ar'],
    capacity: 10,
    trainerIds: [trainer.id],
    quotas: [{ stateIso2: 'NG', seats: 2 }],
    days: [day(7), day(8), day(9)],
  });
  sessionId = created.id;
  await officer.post(`/sessions/${sessionId}/status`, { status: 'open' });
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('the main journeys with the keyboard alone', () => {
  it('sign-in errors are announced: a missing email is marked invalid and described, a refusal is an alert', async () => {
    await page.context().clearCookies();
    await page.goto(`${baseUrl}/sign-in`);
    await tabTo(page.getByTestId('sign-in-submit'));
    await expectFocusRing();
    await page.keyboard.press('Enter');
    const email = page.getByTestId('sign-in-email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const descriptions = await page.evaluate(
      (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
      describedBy.split(' ').filter(Boolean),
    );
    expect(descriptions).toContain('Required');
    await tabTo(email, { backwards: true });
    await page.keyboard.type('nobody@tadrib.demo');
    await tabTo(page.getByTestId('sign-in-password'));
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').first().textContent()).resolves.not.toBe('');
    await checkScreen('sign-in with errors');
  }, 60_000);

  it('the skip link comes first and moves to the content; the focus ring shows (en, ar)', async () => {
    await keyboardSignIn('focal.ng@tadrib.demo');
    for (const language of ['en', 'ar'] as const) {
      if (language === 'ar') await keyboardLanguage('ar');
      await page.goto(`${baseUrl}/`);
      await page.locator('main h1').waitFor();
      await page.keyboard.press('Tab');
      const skip = page.getByTestId('skip-link');
      await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('skip-link');
      const box = await skip.boundingBox();
      expect(box && box.y >= 0 && box.height > 0).toBe(true);
      await browser.screenshot(page, 'keyboard-skip-link', language);
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main-content');
      await page.keyboard.press('Tab');
      // The first thing in the content, not the header or the menu.
      await expect(page.evaluate(() => Boolean(document.activeElement?.closest('main')))).resolves.toBe(true);
      await expectFocusRing();
      await browser.screenshot(page, 'keyboard-focus-ring', language);
    }
    await keyboardLanguage('en');
    await signOut();
  }, 90_000);

  it('the focal point nominates an official', async () => {
    await keyboardSignIn('focal.ng@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${sessionId}/nominations`);
    await page.getByTestId('nominate-panel').waitFor();
    await tabTo(page.getByTestId('candidate-search'));
    await page.keyboard.type(`${nominee.givenNames} ${nominee.familyName}`);
    const candidate = page.getByTestId('candidate-row').filter({ hasText: nominee.familyName.toUpperCase() });
    await candidate.waitFor();
    await checkScreen('nominate');
    await tabTo(candidate.getByTestId('candidate-nominate'));
    await expectFocusRing();
    await page.keyboard.press('Enter');
    await nomineeRow().waitFor();
    await signOut();
  }, 90_000);

  it('the officer screens the nominee and accepts them', async () => {
    await keyboardSignIn('officer@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${sessionId}/nominations`);
    await tabTo(nomineeRow().getByTestId('nomination-screen'));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Radio groups: Tab reaches the group, the arrows choose within it.
    await tabTo(dialog.locator('input[type="radio"]').first());
    await arrowTo(page.getByTestId('risk-low'), 'ArrowDown');
    await page.keyboard.press('Space');
    await tabTo(page.getByTestId('screening-cleared').locator('xpath=ancestor-or-self::*[@role="radiogroup"][1]'));
    await arrowTo(page.getByTestId('screening-cleared'), 'ArrowDown');
    await page.keyboard.press('Space');
    await tabTo(page.getByTestId('screening-reasons'));
    await page.keyboard.type('Vetting by the national focal point and open sources: nothing found.');
    await checkScreen('screening form');
    await tabTo(page.getByTestId('action-confirm'));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    await tabTo(nomineeRow().getByTestId('nomination-accept'));
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await checkScreen('decision form');
    await tabTo(page.getByTestId('action-confirm'));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => nomineeRow().getByTestId('nomination-status').textContent()).toBe('Accepted');
    await signOut();

    // Brought forward to the last three days, then the call closes (delivery-journey.test.ts).
    const officer = await apiAs('officer@tadrib.demo');
    await officer.patch(`/sessions/${sessionId}`, {
      startDate: day(-2),
      endDate: day(0),
      nominationDeadline: day(-3),
      days: [day(-2), day(-1), day(0)],
    });
    await officer.post(`/sessions/${sessionId}/status`, { status: 'closed' });
  }, 120_000);

  it('the trainer marks the three days present', async () => {
    await keyboardSignIn('trainer@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${sessionId}/attendance`);
    await page.getByTestId('day-picker').waitFor();
    await checkScreen('attendance sheet');
    const days = page.getByTestId('day-picker').locator('input');
    for (let d = 0; d < 3; d++) {
      // Tab reaches the chosen day of the group; the arrows choose another.
      await tabTo(page.getByTestId('day-picker'), { backwards: d > 0 });
      await arrowTo(days.nth(d), 'ArrowRight');
      await page.keyboard.press('Space');
      await expect.poll(() => days.nth(d).isChecked()).toBe(true);
      const saved = page.waitForResponse((res) => res.url().endsWith('/attendance') && res.request().method() === 'PUT');
      await tabTo(page.getByTestId('attendance-row').first().getByTestId('mark-present'));
      await expectFocusRing();
      await page.keyboard.press('Enter');
      expect((await saved).status()).toBe(200);
    }
    await signOut();
  }, 120_000);

  it('the participant fills in the evaluation', async () => {
    await keyboardSignIn('participant.ng@tadrib.demo');
    await page.goto(`${baseUrl}/my-trainings`);
    const card = page.getByTestId('training-card').filter({ hasText: sessionCode });
    const form = card.getByTestId('evaluation-form');
    await form.waitFor();
    await checkScreen('evaluation form');
    const ratings = form.locator('[data-testid^="rating-"]');
    for (let q = 0; q < (await ratings.count()); q++) {
      const options = ratings.nth(q).locator('input');
      await tabTo(options.first());
      // The fourth answer ("good"): the arrows move the choice along the scale.
      await arrowTo(options.nth(3), 'ArrowRight');
      await page.keyboard.press('Space');
      await expect.poll(() => options.nth(3).isChecked()).toBe(true);
    }
    await tabTo(form.locator('textarea').first());
    await page.keyboard.type('Clear case studies, done without a mouse.');
    await tabTo(form.getByTestId('evaluation-submit'));
    await page.keyboard.press('Enter');
    await card.getByTestId('evaluation-submitted').waitFor();
    await signOut();
  }, 120_000);

  it('the focal point reads the results and opens the records behind a bar', async () => {
    await keyboardSignIn('focal.ng@tadrib.demo');
    await tabTo(page.getByTestId('nav-results'));
    await page.keyboard.press('Enter');
    const bar = page.locator('a[data-testid^="bar-"]').first();
    await bar.waitFor();
    // Past the filters and the map's states, one stop each.
    await tabTo(bar, { max: 250 });
    await expectFocusRing();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/results/records');
    await page.locator('main h1').waitFor();
    await signOut();
  }, 90_000);

  it('no serious or critical axe-core violation on the forms and sheets met on the way', () => {
    expect(findings).toEqual([]);
  });
});
