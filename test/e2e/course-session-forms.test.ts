import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { baseUrl, dayFromToday } from './browser';

/**
 * The course and session forms (web/src/components/forms/useSchemaForm.ts): the officer meets the
 * server's own rules in French before sending anything, writes a course with a learning objective,
 * then plans a session of it in Arabic with a quota of seats, both read back from the API.
 */

let session: browser.Browser;
let page: Page;
const code = `FRM-${Date.now().toString(36).toUpperCase()}`;

async function choose(testId: string, typed: string, option: RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

beforeAll(async () => {
  session = await browser.openSession('officer');
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

describe('the course and session forms', () => {
  it('refuses an empty course in French, then saves one with an objective', async () => {
    await browser.switchLanguage(page, 'fr', true);
    await page.goto(`${baseUrl}/curriculum`);
    await page.locator('[data-testid^="course-create-"]').first().click();
    const dialog = page.getByRole('dialog');
    await page.getByTestId('course-add-objective').click();
    await page.getByTestId('course-save').click();
    // Nothing is sent: the schema's required fields and the form's own rule speak French.
    await expect(dialog.getByText('Obligatoire').first().isVisible()).resolves.toBe(true);
    await expect(dialog.getByRole('alert').first().textContent()).resolves.toBe(
      'Chaque objectif d’apprentissage doit être rédigé dans au moins une langue.',
    );
    await browser.screenshot(page, 'course-form-errors', 'fr');

    await page.getByTestId('course-code').fill(code);
    await page.getByTestId('course-title-fr').fill('Cours du formulaire');
    await page.getByTestId('course-objective-0-fr').fill('Connaître la Stratégie');
    await page.getByTestId('course-level').click();
    await page.getByRole('option').first().click();
    await page.getByTestId('course-hours').fill('12');
    await choose('course-thematic', '', /./);
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/courses' && r.request().method() === 'POST');
    await page.getByTestId('course-save').click();
    const body = (await (await saved).json()) as { code: string; learningObjectives: unknown[]; hours: number };
    expect(body).toMatchObject({ code, hours: 12 });
    expect(body.learningObjectives).toHaveLength(1);
  });

  it('plans a session of it in Arabic, with a quota edited in place', async () => {
    await browser.switchLanguage(page, 'ar', true);
    await page.goto(`${baseUrl}/sessions`);
    await page.getByTestId('session-create').click();
    await choose('session-course', code, new RegExp(code));
    await page.getByTestId('session-code').fill(`${code}-S1`);
    await page.getByTestId('session-start').fill(dayFromToday(60));
    await page.getByTestId('session-end').fill(dayFromToday(64));
    // A deadline after the start breaks the form's own rule.
    await page.getByTestId('session-deadline').fill(dayFromToday(61));
    await page.getByTestId('quota-add').click();
    await choose('quota-state-0', '', /./);
    await page.getByTestId('session-save').click();
    await expect(page.getByRole('dialog').getByRole('alert').count()).resolves.toBe(0);
    await expect(page.getByText('لا يمكن أن يكون آخر أجل بعد تاريخ البدء.').isVisible()).resolves.toBe(true);
    await browser.screenshot(page, 'session-form', 'ar');

    await page.getByTestId('session-deadline').fill(dayFromToday(30));
    await page.getByTestId('session-city').fill('Rabat');
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/sessions' && r.request().method() === 'POST');
    await page.getByTestId('session-save').click();
    const body = (await (await saved).json()) as { code: string; quotas: { stateIso2: string; seats: number }[] };
    expect(body.code).toBe(`${code}-S1`);
    expect(body.quotas).toEqual([expect.objectContaining({ seats: 2 })]);
    await browser.switchLanguage(page, 'en', true);
  });
});
