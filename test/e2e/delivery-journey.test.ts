import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { apiAs, baseUrl, type Language } from './browser';

/**
 * Issue 3's journey of one cohort, in a real browser: the officer opens a session; the focal point
 * of Nigeria nominates three officials; the officer screens them, accepts two and rejects one with
 * a reason; the trainer marks attendance on a tablet and enters the test scores; the admin gives one
 * accepted official a participant account, who fills in the evaluation; the officer sees the cohort
 * completed. Each main screen is photographed in English and Arabic.
 *
 * Time: the rules let a session open only while its nomination deadline is ahead (and the deadline
 * is on or before the first day), yet the evaluation opens on the last day. So the session is
 * planned in the days ahead, and once the nominees are decided the officer moves it to the last
 * three days (an ordinary edit: the rules allow moving an open session's dates), as happens when a
 * session is brought forward. No record is written behind the product's back.
 */

const day = browser.dayFromToday;

const nominees = [
  { familyName: 'Nwachukwu', givenNames: 'Chiamaka Ifeoma', sex: 'female', decision: 'accept' },
  { familyName: 'Abubakar', givenNames: 'Hadiza Binta', sex: 'female', decision: 'accept' },
  { familyName: 'Eze', givenNames: 'Obinna Tochukwu', sex: 'male', decision: 'reject' },
] as const;
const label = (n: (typeof nominees)[number]) => `${n.familyName.toUpperCase()}, ${n.givenNames}`;

let session: browser.Browser;
let page: Page;
let sessionId: string;
let course: { testMaxScore: number | null; postTestPassMark: number | null };
let participantEmail: string;

/** A step that failed may have left someone signed in: every step starts from a fresh sign-in, in English. */
const signIn = (email: string, password?: string) => browser.signInAs(page, { email, password }, 'en');
const signOut = () => browser.signOut(page);
const switchLanguage = (language: Language) => browser.switchLanguage(page, language, true);
const shot = (name: string, language: Language) => browser.screenshot(page, `delivery-${name}`, language);

/** Screenshots a screen in English, then in Arabic (right to left), and comes back to English. */
async function inEnglishAndArabic(name: string, show: () => Promise<void> = async () => {}): Promise<void> {
  await shot(name, 'en');
  await switchLanguage('ar');
  await expect(browser.htmlAttributes(page)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
  await show();
  await shot(name, 'ar');
  await switchLanguage('en');
}

const nominationRow = (n: (typeof nominees)[number]) => page.getByTestId('nomination-row').filter({ hasText: label(n) });

beforeAll(async () => {
  session = await browser.launchBrowser();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

describe('a cohort from the call for nominations to its completion', () => {
  it('the programme officer plans the session and opens the call', async () => {
    const officer = await apiAs('officer@tadrib.demo');
    // A course with a post-test (a demo one when the database holds the demo history).
    const { items: courses } = await officer.get<{ items: { id: string; level: string }[] }>('/courses');
    let chosen = courses.find((c) => c.level === 'intermediate');
    if (!chosen) {
      const suffix = Date.now().toString(36).toUpperCase();
      const programme = await officer.post<{ id: string }>('/programmes', {
        code: `E2E-CTI-${suffix}`,
        title: { en: 'Specialized Training on CT Investigations', ar: 'تدريب متخصص في التحقيقات في قضايا الإرهاب' },
        thematicArea: 'investigations',
      });
      chosen = await officer.post<{ id: string; level: string }>('/courses', {
        programmeId: programme.id,
        code: `E2E-FIN-${suffix}`,
        title: { en: 'Financial investigations', ar: 'التحقيقات المالية' },
        level: 'intermediate',
        hours: 24,
        thematicArea: 'investigations',
        attendanceThreshold: 0.8,
        testMaxScore: 100,
        postTestPassMark: 60,
      });
    }
    course = await officer.get(`/courses/${chosen.id}`);
    const { items: trainers } = await officer.get<{ items: { id: string; email: string }[] }>('/sessions/trainers');
    const trainer = trainers.find((t) => t.email === 'trainer@tadrib.demo');
    if (!trainer) throw new Error('no demo trainer');
    const created = await officer.post<{ id: string }>('/sessions', {
      courseId: chosen.id,
      code: `E2E-${Date.now().toString(36).toUpperCase()}`,
      startDate: day(7),
      endDate: day(9),
      nominationDeadline: day(3),
      venueCity: 'Rabat',
      venueCountry: 'MA',
      modality: 'in_person',
      languages: ['en', 'ar'],
      capacity: 10,
      trainerIds: [trainer.id],
      quotas: [{ stateIso2: 'NG', seats: 3 }],
      days: [day(7), day(8), day(9)],
    });
    sessionId = created.id;

    // Opening the call is the officer's click.
    await signIn('officer@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${sessionId}`);
    await page.getByTestId('session-to-open').click();
    await page.getByTestId('session-confirm').click();
    await page.getByTestId('session-to-closed').waitFor();
    await signOut();
  }, 60_000);

  it('the focal point of Nigeria nominates three of their officials', async () => {
    const focal = await apiAs('focal.ng@tadrib.demo');
    for (const n of nominees) {
      await focal.post('/officials', { stateIso2: 'NG', familyName: n.familyName, givenNames: n.givenNames, sex: n.sex });
    }
    await signIn('focal.ng@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${sessionId}/nominations`);
    await page.getByTestId('nominate-panel').waitFor();
    for (const [i, n] of nominees.entries()) {
      await page.getByTestId('candidate-search').fill(`${n.givenNames} ${n.familyName}`);
      const candidate = page.getByTestId('candidate-row').filter({ hasText: label(n) });
      await candidate.waitFor();
      await candidate.getByTestId('candidate-nominate').click();
      await expect.poll(() => page.getByTestId('nomination-row').count()).toBe(i + 1);
    }
    await page.getByTestId('candidate-search').fill('');
    await expect(page.getByTestId('quota-row').textContent()).resolves.toContain('NG');
    await inEnglishAndArabic('nominations');
    await signOut();
  }, 90_000);

  it('the officer screens all three, accepts two and rejects one with a reason', async () => {
    await signIn('officer@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${sessionId}/nominations`);
    for (const [i, n] of nominees.entries()) {
      // The second screening is done in Arabic, for its screenshot.
      if (i === 1) await switchLanguage('ar');
      await nominationRow(n).getByTestId('nomination-screen').click();
      if (n.decision === 'reject') {
        await page.getByTestId('risk-high').click();
        await page.getByTestId('screening-not_cleared').click();
        await page.getByTestId('screening-reasons').fill('Named in a credible report of abuses during detentions in 2023.');
      } else {
        await page.getByTestId('risk-low').click();
        await page.getByTestId('screening-cleared').click();
        await page.getByTestId('screening-reasons').fill('Vetting by the national focal point and open sources: nothing found.');
      }
      if (i === 0) await shot('screening', 'en');
      if (i === 1) await shot('screening', 'ar');
      await page.getByTestId('action-confirm').click();
      await page.getByTestId('action-confirm').waitFor({ state: 'detached' });
      if (i === 1) await switchLanguage('en');
    }
    for (const n of nominees) {
      await nominationRow(n).getByTestId(`nomination-${n.decision}`).click();
      if (n.decision === 'reject') {
        await page.getByTestId('action-reason').fill('Human-rights due diligence not cleared (see the screening).');
      }
      await page.getByTestId('action-confirm').click();
      await page.getByTestId('action-confirm').waitFor({ state: 'detached' });
      const expected = n.decision === 'accept' ? 'Accepted' : 'Rejected';
      await expect.poll(() => nominationRow(n).getByTestId('nomination-status').textContent()).toBe(expected);
    }
    await expect(nominationRow(nominees[2]).textContent()).resolves.toContain('Human-rights due diligence not cleared');
    await inEnglishAndArabic('decisions');

    // The session is brought forward to the last three days (see the note at the top), then the call closes.
    const officer = await apiAs('officer@tadrib.demo');
    await officer.patch(`/sessions/${sessionId}`, {
      startDate: day(-2),
      endDate: day(0),
      nominationDeadline: day(-3),
      days: [day(-2), day(-1), day(0)],
    });
    await page.goto(`${baseUrl}/sessions/${sessionId}`);
    await page.getByTestId('session-to-closed').click();
    await page.getByTestId('session-confirm').click();
    await page.getByTestId('session-to-completed').waitFor();
    await signOut();
  }, 120_000);

  it('the trainer marks attendance for every day on a tablet and enters the scores', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await signIn('trainer@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${sessionId}/attendance`);
    await page.getByTestId('day-picker').waitFor();
    await expect(page.getByTestId('attendance-row').count()).resolves.toBe(2);
    await expect(page.getByTestId('day-chip').count()).resolves.toBe(3);
    // The chip's input is hidden; its label is what a finger presses.
    const days = page.getByTestId('day-picker').locator('label');
    for (let d = 0; d < 3; d += 1) {
      await days.nth(d).click();
      const rows = page.getByTestId('attendance-row');
      for (let r = 0; r < 2; r += 1) {
        const saved = page.waitForResponse((res) => res.url().endsWith('/attendance') && res.request().method() === 'PUT');
        await rows.nth(r).getByTestId('mark-present').click();
        expect((await saved).status()).toBe(200);
      }
      await expect.poll(() => page.getByTestId('present-count').textContent()).toMatch(/2.*2/);
      if (d === 0) await shot('attendance', 'en');
    }
    await switchLanguage('ar');
    await shot('attendance', 'ar');
    await switchLanguage('en');

    if (course.testMaxScore !== null) {
      const max = course.testMaxScore;
      const pass = course.postTestPassMark ?? 0;
      await page.getByTestId('tab-scores').click();
      await page.getByTestId('scores-table').waitFor();
      for (const kind of ['pre', 'post'] as const) {
        const inputs = page.getByTestId(`score-${kind}`);
        for (let r = 0; r < 2; r += 1) {
          const score = kind === 'pre' ? Math.round(max * 0.4) : Math.min(max, Math.ceil(pass + (max - pass) / 2) + r);
          const saved = page.waitForResponse((res) => res.url().endsWith('/scores') && res.request().method() === 'PUT');
          await inputs.nth(r).fill(String(score));
          await inputs.nth(r).blur();
          expect((await saved).status()).toBe(200);
        }
      }
      await inEnglishAndArabic('scores', async () => {
        await page.getByTestId('tab-scores').click();
      });
    }
    await signOut();
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 120_000);

  it('the admin gives an accepted official a participant account linked to their record', async () => {
    await signIn('admin@tadrib.demo');
    await page.goto(`${baseUrl}/admin/users`);
    participantEmail = `chiamaka.${Date.now().toString(36)}@tadrib.test`;
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-email').fill(participantEmail);
    await page.getByTestId('user-form-name').fill('Chiamaka Nwachukwu');
    await page.getByTestId('user-form-role').click();
    await page.getByRole('option', { name: 'Participant' }).click();
    await page.getByTestId('user-form-state').click();
    await page.getByTestId('user-form-state').fill('(NG)');
    await page.getByRole('option', { name: /\(NG\)/ }).click();
    await page.getByTestId('user-form-official').click();
    await page.getByTestId('user-form-official').fill('chiamaka nwachukwu');
    const option = page.getByRole('option', { name: new RegExp(label(nominees[0])) });
    await option.waitFor();
    await option.click();
    await expect(page.getByTestId('user-form-official').inputValue()).resolves.toContain(label(nominees[0]));
    await shot('user-link', 'en');
    const created = page.waitForResponse(
      (res) => new URL(res.url()).pathname === '/api/users' && res.request().method() === 'POST',
    );
    await page.getByTestId('user-form-submit').click();
    const body = (await (await created).json()) as { user: { officialId: string | null }; invitationSentTo: string };
    expect(body.user.officialId).not.toBeNull();
    // No password passes through the admin: the participant is mailed a link to choose theirs.
    await expect(page.getByTestId('user-invited').textContent()).resolves.toContain(participantEmail);
    await shot('user-invited', 'en');
    await page.getByTestId('user-created-done').click();

    // The same form in Arabic, for its screenshot (not submitted).
    await switchLanguage('ar');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-role').click();
    await page.getByRole('option').nth(5).click();
    await page.getByTestId('user-form-state').click();
    await page.getByTestId('user-form-state').fill('(NG)');
    await page.getByRole('option', { name: /\(NG\)/ }).click();
    await page.getByTestId('user-form-official').click();
    await page.getByTestId('user-form-official').fill('abubakar');
    await page.getByRole('option', { name: new RegExp(label(nominees[1])) }).waitFor();
    await shot('user-link', 'ar');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await switchLanguage('en');
    await signOut();
  }, 90_000);

  it('the participant chooses a password from the invitation and fills in the end-of-session evaluation', async () => {
    // No mail server in the browser tests: the admin's Outbox holds the message that would have gone.
    const admin = await apiAs('admin@tadrib.demo');
    const sent = await admin.get<{ items: { id: string; kind: string }[] }>(
      `/outbox?recipient=${encodeURIComponent(participantEmail)}`,
    );
    expect(sent.items.map((m) => m.kind)).toEqual(['account.invitation']);
    const message = await admin.get<{ textBody: string }>(`/outbox/${sent.items[0]?.id}`);
    const link = /(https?:\/\/\S+\/set-password#token=[A-Za-z0-9_-]+)/.exec(message.textBody)?.[1] ?? '';
    await page.context().clearCookies();
    await page.goto(link);
    const ownPassword = 'Kenitra-cohort-lantern-7';
    await page.getByTestId('set-password-next').fill(ownPassword);
    await page.getByTestId('set-password-repeat').fill(ownPassword);
    await page.getByTestId('set-password-submit').click();
    await page.getByTestId('set-password-sign-in').click();
    await page.getByTestId('sign-in-email').fill(participantEmail);
    await page.getByTestId('sign-in-password').fill(ownPassword);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('nav-home').waitFor();
    await page.goto(`${baseUrl}/my-trainings`);
    const form = page.getByTestId('evaluation-form');
    await form.waitFor();
    await expect(page.getByTestId('my-completion').textContent()).resolves.toBe('Completed');
    const questions = ['relevance', 'content', 'trainers', 'materials', 'organisation', 'overall'];
    for (const [i, q] of questions.entries()) {
      await page
        .getByTestId(`rating-${q}`)
        .locator('label')
        .nth(i % 2 === 0 ? 4 : 3)
        .click();
    }
    await page.getByLabel('Comments (optional)').fill('Practical case studies; more time on financial investigations next time.');
    await inEnglishAndArabic('evaluation');
    await page.getByTestId('evaluation-submit').click();
    await page.getByTestId('evaluation-submitted').waitFor();
    await shot('evaluation-submitted', 'en');
    await signOut();
  }, 90_000);

  it('the officer sees the cohort completed', async () => {
    await signIn('officer@tadrib.demo');
    await page.goto(`${baseUrl}/sessions/${sessionId}/attendance`);
    await page.getByTestId('tab-completion').click();
    await page.getByTestId('completion-table').waitFor();
    await expect(page.getByTestId('completed-count').textContent()).resolves.toMatch(/2.*2/);
    const badges = await page.getByTestId('completion-badge').allTextContents();
    expect(badges).toEqual(['Completed', 'Completed']);
    await inEnglishAndArabic('completion', async () => {
      await page.getByTestId('tab-completion').click();
    });
    await signOut();
  }, 60_000);
});
