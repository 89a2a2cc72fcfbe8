import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nationalProgrammeSpecs } from '../../server/db/seed/demo-national-programmes';
import * as browser from './browser';
import { apiAs, baseUrl, type Language } from './browser';

/**
 * National programme support in a real browser. The officer records, through the API, three of the
 * demo engagements (Nigeria's adopted strategy, Kenya's in validation, Ghana's just requested);
 * then reads the overview across states and Nigeria's timeline in French and Arabic (in Arabic time
 * runs from right to left), records a stage in the form, meets a rule in their language and attaches
 * a document; the focal point of Nigeria reads their own state's programme and not Ghana's; a partner
 * sees the overview only.
 */

const today = new Date().toISOString().slice(0, 10);

type Engagement = { id: string; stages: { id: string; kind: string; sequence: number }[] };

/** Records a demo engagement through the API, stage by stage, as an officer would. */
async function record(call: browser.Api['call'], stateIso2: string, kind: string): Promise<string> {
  const spec = nationalProgrammeSpecs.find((s) => s.stateIso2 === stateIso2 && s.kind === kind);
  if (!spec) throw new Error(`no demo engagement ${stateIso2} ${kind}`);
  const { items: staff } = await call<{ items: { id: string; email: string }[] }>('GET', '/national-programmes/staff');
  const staffId = (email: string) => staff.find((u) => u.email === email)?.id;
  let engagement = await call<Engagement>('POST', '/national-programmes/engagements', {
    stateIso2,
    kind,
    title: spec.title,
    ...(spec.notes ? { notes: spec.notes } : {}),
  });
  for (const stage of spec.stages) {
    const body = {
      plannedStart: stage.planned?.[0] ?? null,
      plannedEnd: stage.planned?.[1] ?? null,
      actualStart: stage.actual?.[0] ?? null,
      actualEnd: stage.actual?.[1] ?? null,
      ...(stage.notes ? { notes: stage.notes } : {}),
      staffIds: (stage.staff ?? []).map(staffId),
      counterparts: stage.counterparts ?? [],
    };
    const sequence = stage.sequence ?? 1;
    if (sequence > 1) {
      engagement = await call<Engagement>('POST', `/national-programmes/engagements/${engagement.id}/workshops`, body);
      continue;
    }
    const id = engagement.stages.find((s) => s.kind === stage.kind && s.sequence === 1)?.id;
    engagement = await call<Engagement>('PATCH', `/national-programmes/stages/${id}`, {
      ...body,
      ...(stage.skipped ? { skipped: true } : {}),
    });
  }
  await call('PUT', `/national-programmes/engagements/${engagement.id}/coverage`, {
    resolutions: spec.coverage.resolutions,
    pillars: spec.coverage.pillars,
    parts: spec.coverage.parts ?? [],
  });
  if (spec.status) await call('PATCH', `/national-programmes/engagements/${engagement.id}`, { status: spec.status });
  return engagement.id;
}

let session: browser.Browser;
let page: Page;
const ids: Record<'NG' | 'KE' | 'GH', string> = { NG: '', KE: '', GH: '' };

const signIn = (email: string) => browser.signInAs(page, { email });
const inLanguage = async (language: Language) => {
  if ((await browser.htmlAttributes(page)).lang !== language) await browser.switchLanguage(page, language, true);
};
const card = (iso2: keyof typeof ids) => page.getByTestId(`engagement-${ids[iso2]}`);
/** The horizontal middle of a stage's actual bar on the timeline. */
async function barCentre(engagement: Locator, testId: string): Promise<number> {
  const box = await engagement.getByTestId(testId).getByRole('img').last().boundingBox();
  if (!box) throw new Error(`no bar in ${testId}`);
  return box.x + box.width / 2;
}

beforeAll(async () => {
  const officer = (await apiAs('officer@tadrib.demo')).call;
  ids.NG = await record(officer, 'NG', 'strategy');
  ids.KE = await record(officer, 'KE', 'strategy');
  ids.GH = await record(officer, 'GH', 'strategy');
  session = await browser.launchBrowser({ width: 1366, height: 900 });
  page = session.page;
});
afterAll(async () => session?.close());

describe('national programme support', () => {
  it.each(['fr', 'ar'] as const)('the officer reads the overview and a state’s timeline (%s)', async (language) => {
    await signIn('officer@tadrib.demo');
    await inLanguage(language);
    await page.getByTestId('nav-national-programmes').click();
    // The first visit of a screen loads its code: on a busy machine that takes longer than a click.
    await page.getByTestId('overview-table').waitFor({ timeout: 30_000 });
    const nigeria = page.getByTestId('overview-row-NG').filter({ has: page.getByTestId('current-stage') });
    await expect.poll(() => nigeria.count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('summary-adopted-strategy').textContent()).not.toBe('0');
    await browser.screenshot(page, 'national-programmes-overview', language);

    // An empty engagement form is refused in the browser, field by field, before anything is sent.
    await page.getByTestId('engagement-create').click();
    await page.getByTestId('engagement-save').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('.mantine-InputWrapper-error').count()).toBeGreaterThanOrEqual(2);
    await browser.screenshot(page, 'national-programmes-engagement-form', language);
    await dialog.getByRole('button', { name: language === 'fr' ? 'Annuler' : 'إلغاء' }).click();

    await page.goto(`${baseUrl}/national-programmes/states/NG`);
    const strategy = card('NG');
    await strategy.getByTestId('stage-timeline').waitFor({ timeout: 30_000 });
    await expect.poll(() => strategy.getByTestId('engagement-adopted').count()).toBe(1);
    // Time runs the way the page reads: the request sits before the implementation.
    const request = await barCentre(strategy, 'timeline-request-1');
    const implementation = await barCentre(strategy, 'timeline-implementation-1');
    if (language === 'ar') {
      await expect(browser.htmlAttributes(page)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
      expect(request).toBeGreaterThan(implementation);
    } else {
      expect(request).toBeLessThan(implementation);
    }
    await expect.poll(() => strategy.getByTestId('coverage-resolutions-count').textContent()).toMatch(/\d/);
    await browser.screenshot(page, 'national-programmes-timeline', language);
  });

  it('the officer records the start of an assessment; a stage out of order is refused in their language', async () => {
    await signIn('officer@tadrib.demo');
    await inLanguage('fr');
    await page.goto(`${baseUrl}/national-programmes/states/GH`);
    const ghana = card('GH');
    await ghana.getByTestId('stage-edit-adoption-1').click();
    await page.getByTestId('stage-actual-start').fill(today);
    await page.getByTestId('stage-save').click();
    const alert = page.getByRole('dialog').getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Une étape ne commence qu’une fois la précédente commencée');
    await browser.screenshot(page, 'national-programmes-rule', 'fr');
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();

    await ghana.getByTestId('stage-edit-assessment-1').click();
    await page.getByTestId('stage-actual-start').fill(today);
    await page.getByTestId('stage-save').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => ghana.getByTestId('stage-row-assessment-1').textContent()).toContain('En cours');
    await expect.poll(() => ghana.getByTestId('engagement-current-stage').textContent()).toContain('Évaluation');

    // The state's request letter, attached to the request stage from the browser.
    await ghana.getByTestId('document-upload-request-1').click();
    await browser.chooseTextFile(page, 'lettre-de-demande.txt', 'Demande d’appui à la révision du cadre national.\n');
    await page.getByTestId('document-save').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => ghana.getByTestId('stage-row-request-1').textContent()).toContain('lettre-de-demande.txt');
  });

  it('the focal point of Nigeria reads their own state’s programme, not Ghana’s, and changes nothing', async () => {
    await signIn('focal.ng@tadrib.demo');
    await inLanguage('ar');
    await page.getByTestId('nav-national-programmes').click();
    await card('NG').getByTestId('stage-timeline').waitFor();
    expect(new URL(page.url()).pathname).toBe('/national-programmes/states/NG');
    await expect.poll(() => card('NG').textContent()).toContain('Aminu Danjuma');
    expect(await page.getByTestId('engagement-create').count()).toBe(0);
    expect(await card('NG').getByTestId('stage-edit-request-1').count()).toBe(0);
    await browser.screenshot(page, 'national-programmes-focal-point', 'ar');
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/national-programmes/states/GH');
    await page.goto(`${baseUrl}/national-programmes/states/GH`);
    expect((await refused).status()).toBe(404);
    expect(await page.getByTestId(`engagement-${ids.GH}`).count()).toBe(0);
  });

  it('a partner sees the overview across states, without names of persons', async () => {
    await signIn('partner@tadrib.demo');
    await inLanguage('en');
    await page.getByTestId('nav-national-programmes').click();
    await page.getByTestId('overview-table').waitFor();
    await expect.poll(() => page.getByTestId('overview-row-KE').count()).toBeGreaterThan(0);
    const text = (await page.getByTestId('overview-table').textContent()) ?? '';
    expect(text).not.toContain('Aminu Danjuma');
    expect(await page.getByTestId('overview-row-KE').getByRole('link').count()).toBe(0);
  });
});
