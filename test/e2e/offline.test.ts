import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { apiAs, baseUrl, type Language } from './browser';

/**
 * Issue 12, point 3: the trainer opens the session's sheet while online; the network goes; they
 * mark a day for several participants (kept on the device, "3 changes waiting"), reload the page
 * without network (the service worker serves the app and the sheet), come back online, and the
 * server holds every mark exactly once.
 */

const day = browser.dayFromToday;
const officials = [
  { familyName: 'Okonkwo', givenNames: 'Adaeze' },
  { familyName: 'Suleiman', givenNames: 'Musa Garba' },
  { familyName: 'Adeyemi', givenNames: 'Folake' },
];

let session: browser.Browser;
let page: Page;
let sessionId: string;
const nominationIds: string[] = [];

const shot = (language: Language) => browser.screenshot(page, 'offline-waiting', language);

/** A session delivered by the demo trainer, today its last day, with three accepted Nigerian officials. */
async function deliveredSession(): Promise<void> {
  const officer = await apiAs('officer@tadrib.demo');
  const focal = await apiAs('focal.ng@tadrib.demo');
  const { items: courses } = await officer.get<{ items: { id: string }[] }>('/courses');
  const course = courses[0];
  if (!course) throw new Error('no course');
  const { items: trainers } = await officer.get<{ items: { id: string; email: string }[] }>('/sessions/trainers');
  const trainer = trainers.find((t) => t.email === 'trainer@tadrib.demo');
  if (!trainer) throw new Error('no demo trainer');
  const created = await officer.post<{ id: string }>('/sessions', {
    courseId: course.id,
    code: `E2E-OFF-${Date.now().toString(36).toUpperCase()}`,
    startDate: day(7),
    endDate: day(9),
    nominationDeadline: day(3),
    venueCity: 'Accra',
    venueCountry: 'GH',
    modality: 'in_person',
    languages: ['en', 'fr'],
    capacity: 10,
    trainerIds: [trainer.id],
    quotas: [{ stateIso2: 'NG', seats: 3 }],
    days: [day(7), day(8), day(9)],
  });
  sessionId = created.id;
  await officer.post(`/sessions/${sessionId}/status`, { status: 'open' });
  for (const o of officials) {
    const official = await focal.post<{ id: string }>('/officials', { stateIso2: 'NG', ...o, sex: 'female' });
    const nomination = await focal.post<{ id: string }>(`/sessions/${sessionId}/nominations`, { officialId: official.id });
    nominationIds.push(nomination.id);
  }
  for (const id of nominationIds) {
    await officer.call('PUT', `/nominations/${id}/screening`, {
      riskLevel: 'low',
      decision: 'cleared',
      reasons: 'Vetting by the national focal point and open sources: nothing found.',
    });
    await officer.post(`/nominations/${id}/decision`, { decision: 'accepted' });
  }
  // Brought forward to the last three days (as in the delivery journey), then the call closes.
  await officer.patch(`/sessions/${sessionId}`, {
    startDate: day(-2),
    endDate: day(0),
    nominationDeadline: day(-3),
    days: [day(-2), day(-1), day(0)],
  });
  await officer.post(`/sessions/${sessionId}/status`, { status: 'closed' });
}

beforeAll(async () => {
  session = await browser.launchBrowser({ width: 1024, height: 768 });
  page = session.page;
  await deliveredSession();
}, 120_000);

afterAll(async () => {
  await session?.context.setOffline(false);
  await session?.close();
});

describe('attendance at a venue without network', () => {
  it('marks a day offline for three participants, survives a reload offline, and syncs every mark once', async () => {
    await page.context().clearCookies();
    await browser.signIn(page, 'trainer@tadrib.demo');
    if ((await browser.htmlAttributes(page)).lang !== 'en') await browser.switchLanguage(page, 'en', true);
    await page.goto(`${baseUrl}/sessions/${sessionId}/attendance`);
    // The service worker takes the page, then the sheet is read once through it (and kept).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByTestId('attendance-row').first().waitFor();
    await expect(page.getByTestId('attendance-row').count()).resolves.toBe(3);

    await page.context().setOffline(true);
    const rows = page.getByTestId('attendance-row');
    for (let r = 0; r < 3; r += 1) {
      await rows.nth(r).getByTestId('mark-present').click();
      await expect.poll(() => rows.nth(r).getByTestId('mark-present').getAttribute('aria-pressed')).toBe('true');
    }
    await expect.poll(() => page.getByTestId('offline-waiting').textContent()).toBe('3 changes waiting');
    await expect(page.getByTestId('mark-waiting').count()).resolves.toBe(3);
    await shot('en');

    // Without network, a reload still opens the sheet, with the marks kept on the device.
    await page.reload();
    await page.getByTestId('attendance-row').first().waitFor();
    for (let r = 0; r < 3; r += 1) {
      await expect(rows.nth(r).getByTestId('mark-present').getAttribute('aria-pressed')).resolves.toBe('true');
    }
    await expect.poll(() => page.getByTestId('offline-waiting').textContent()).toBe('3 changes waiting');
    for (const language of ['fr', 'ar'] as const) {
      // Offline the choice is not saved on the account; the screen switches all the same.
      await browser.switchLanguage(page, language, false);
      await shot(language);
    }
    await browser.switchLanguage(page, 'en', false);

    await page.context().setOffline(false);
    await page.getByTestId('offline-waiting').waitFor({ state: 'detached', timeout: 30_000 });

    const officer = await apiAs('officer@tadrib.demo');
    const sheet = await officer.get<{ participants: { nominationId: string; attendance: Record<string, boolean> }[] }>(
      `/sessions/${sessionId}/delivery`,
    );
    expect(sheet.participants.map((p) => p.attendance)).toEqual(nominationIds.map(() => ({ [day(0)]: true })));
    const admin = await apiAs('admin@tadrib.demo');
    for (const id of nominationIds) {
      const audit = await admin.get<{ total: number }>(`/audit?action=attendance.record&recordId=${id}`);
      expect(audit.total, `marks recorded for ${id}`).toBe(1);
    }
  }, 180_000);
});
