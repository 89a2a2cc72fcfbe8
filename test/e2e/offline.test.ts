import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { apiAs, baseUrl, type Language } from './browser';

/**
 * Issue 12, point 3: the trainer opens the session's sheet while online; the network goes; they
 * mark a day for several participants (kept on the device, "3 changes waiting"), reload the page
 * without network (the service worker serves the app and the sheet), come back online, and the
 * server holds every mark exactly once. The same for the test scores on the trainer's sheet, and for a
 * participant's end-of-session evaluation on their trainings page.
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
const officialIds: string[] = [];

const shot = (language: Language) => browser.screenshot(page, 'offline-waiting', language);

/** Opens a page once the service worker controls it, so that what it reads is kept for offline use. */
async function openThroughServiceWorker(route: string): Promise<void> {
  await page.goto(`${baseUrl}${route}`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The network returns; the waiting changes are sent. */
async function backOnline(): Promise<void> {
  await page.context().setOffline(false);
  await page.getByTestId('offline-waiting').waitFor({ state: 'detached', timeout: 30_000 });
}

/** A session delivered by the demo trainer, today its last day, with three accepted Nigerian officials. */
async function deliveredSession(): Promise<void> {
  const officer = await apiAs('officer@tadrib.demo');
  const focal = await apiAs('focal.ng@tadrib.demo');
  // A course with a test, so that the scores sheet opens.
  const { items: courses } = await officer.get<{ items: { id: string; testMaxScore: number | null }[] }>('/courses');
  const course = courses.find((c) => c.testMaxScore !== null);
  if (!course) throw new Error('no course with a test');
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
    officialIds.push(official.id);
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
  session = await browser.launchBrowser({ width: 1024, height: 768 }, { serviceWorkers: 'allow' });
  page = session.page;
  await deliveredSession();
}, 120_000);

afterAll(async () => {
  await session?.context.setOffline(false);
  await session?.close();
});

describe('attendance at a venue without network', () => {
  it('marks a day offline for three participants, survives a reload offline, and syncs every mark once', async () => {
    await browser.signInAs(page, 'trainer', 'en');
    await openThroughServiceWorker(`/sessions/${sessionId}/attendance`);
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

    await backOnline();

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

describe('scores at a venue without network', () => {
  it('records pre- and post-test scores offline, survives a reload offline, and syncs every score once', async () => {
    await browser.signInAs(page, 'trainer', 'en');
    await openThroughServiceWorker(`/sessions/${sessionId}/attendance`);
    await page.getByTestId('tab-scores').click();
    await page.getByTestId('scores-table').waitFor();

    await page.context().setOffline(true);
    const typed = [
      { pre: '41', post: '78.5' },
      { pre: '55', post: '90' },
      { pre: '38', post: '61' },
    ];
    for (const [r, values] of typed.entries()) {
      for (const kind of ['pre', 'post'] as const) {
        const input = page.getByTestId(`score-${kind}`).nth(r);
        await input.fill(values[kind]);
        await input.press('Tab');
      }
    }
    await expect.poll(() => page.getByTestId('offline-waiting').textContent()).toBe('6 changes waiting');

    await page.reload();
    await page.getByTestId('tab-scores').click();
    await page.getByTestId('scores-table').waitFor();
    await expect.poll(() => page.getByTestId('offline-waiting').textContent()).toBe('6 changes waiting');
    await expect(page.getByTestId('mark-waiting').count()).resolves.toBe(6);
    for (const language of ['fr', 'ar'] as const) {
      await browser.switchLanguage(page, language, false);
      await browser.screenshot(page, 'offline-scores-waiting', language);
    }
    await browser.switchLanguage(page, 'en', false);

    await backOnline();

    const trainer = await apiAs('trainer@tadrib.demo');
    const sheet = await trainer.get<{
      participants: { nominationId: string; preScore: number | null; postScore: number | null }[];
    }>(`/sessions/${sessionId}/delivery`);
    // The sheet lists the participants in the order the page shows them.
    expect(sheet.participants.map((p) => ({ pre: p.preScore, post: p.postScore }))).toEqual(
      typed.map((v) => ({ pre: Number(v.pre), post: Number(v.post) })),
    );
    const admin = await apiAs('admin@tadrib.demo');
    for (const id of nominationIds) {
      const audit = await admin.get<{ total: number }>(`/audit?action=test_score.record&recordId=${id}`);
      expect(audit.total, `scores recorded for ${id}`).toBe(2);
    }
  }, 180_000);
});

/** The page counts the evaluation kept on the device as filled in, not among the forms waiting for the participant. */
async function formsKeptOnDevice(): Promise<void> {
  await expect
    .poll(() => page.getByTestId('kept-forms').textContent())
    .toBe('Forms filled in and kept on this device, to be sent when the network returns: 1');
  await expect(page.getByTestId('pending-forms').count()).resolves.toBe(0);
}

describe('an evaluation filled in without network', () => {
  it('keeps the submitted evaluation on the device through a reload offline and sends it once', async () => {
    // A participant account linked to the first official; the password is chosen with the invitation link.
    const admin = await apiAs('admin@tadrib.demo');
    const email = `offline.${Date.now().toString(36)}@tadrib.test`;
    await admin.post('/users', {
      email,
      displayName: `${officials[0]?.givenNames} ${officials[0]?.familyName}`,
      role: 'participant',
      stateIso2: 'NG',
      officialId: officialIds[0],
    });
    const sent = await admin.get<{ items: { id: string }[] }>(`/outbox?recipient=${encodeURIComponent(email)}`);
    const message = await admin.get<{ textBody: string }>(`/outbox/${sent.items[0]?.id}`);
    const token = /set-password#token=([A-Za-z0-9_-]+)/.exec(message.textBody)?.[1] ?? '';
    const password = 'Lagos-lantern-harbour-42';
    const chosen = await fetch(`${baseUrl}/api/auth/set-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password }),
    });
    expect(chosen.status).toBe(200);

    await browser.signInAs(page, { email, password }, 'en');
    await openThroughServiceWorker('/my-trainings');
    const form = page.getByTestId('evaluation-form');
    await form.waitFor();

    await page.context().setOffline(true);
    for (const q of ['relevance', 'content', 'trainers', 'materials', 'organisation', 'overall']) {
      await page.getByTestId(`rating-${q}`).locator('label').nth(3).click();
    }
    await page.getByLabel('Comments (optional)').fill('Filled in at the venue without network.');
    await page.getByTestId('evaluation-submit').click();
    await page.getByTestId('evaluation-waiting').waitFor();
    await expect.poll(() => page.getByTestId('offline-waiting').textContent()).toBe('1 change waiting');
    await formsKeptOnDevice();

    await page.reload();
    await page.getByTestId('evaluation-waiting').waitFor();
    await expect(form.count()).resolves.toBe(0);
    await formsKeptOnDevice();
    for (const language of ['fr', 'ar'] as const) {
      await browser.switchLanguage(page, language, false);
      await browser.screenshot(page, 'offline-evaluation-waiting', language);
    }
    await browser.switchLanguage(page, 'en', false);

    await backOnline();

    const participant = await apiAs(email, password);
    const mine = await participant.get<{ items: { nominationId: string; evaluation: string }[] }>('/participation/trainings');
    expect(mine.items.find((i) => i.nominationId === nominationIds[0])?.evaluation).toBe('submitted');
    const officer = await apiAs('officer@tadrib.demo');
    const summary = await officer.get<{ responses: number }>(`/sessions/${sessionId}/evaluations`);
    expect(summary.responses).toBe(1);
    const audit = await admin.get<{ total: number }>(`/audit?action=evaluation.submit&recordId=${nominationIds[0]}`);
    expect(audit.total).toBe(1);
  }, 180_000);
});
