import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../server/modules/results/schemas';
import * as browser from './browser';
import { baseUrl, type Language, languages } from './browser';

/**
 * Issue 4's dashboard in a real browser, on the demo history (seeded by the e2e global setup):
 * the M&E officer reads the headline figures (checked against the API), the map of Africa (54
 * states; hovering one shows its name in the reader's language and its figure) and the records
 * behind a figure (as many as the figure says), in each of the four languages; a partner sees
 * small figures withheld and no records.
 */

/** The Intl locales of the web app (web/src/i18n/format.ts), to read figures as the reader does. */
const intlLocales: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', ar: 'ar-u-nu-latn', pt: 'pt-PT' };

let session: browser.Browser;
let page: Page;

async function apiGet<T>(path: string): Promise<T> {
  // The page's own request context: the same session cookie as the browser.
  const response = await page.request.get(`${baseUrl}/api${path}`);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

/** Signs in and picks the language on the home page, before the heavier results page loads. */
const signInAs = (email: string, language: Language) => browser.signInAs(page, { email }, language);

/**
 * Moves the mouse onto a state of the map: a point inside its shape (not the middle of its box,
 * which for a coast or an archipelago may be the sea), where it is the shape under the pointer.
 */
async function pointAtState(iso2: string, action: 'hover' | 'click' = 'hover') {
  const shape = page.locator(`[data-testid="map-state"][data-iso2="${iso2}"]`);
  await shape.scrollIntoViewIfNeeded();
  const point = await shape.evaluate((path: SVGPathElement) => {
    const svg = path.ownerSVGElement;
    const toScreen = path.getScreenCTM();
    if (!svg || !toScreen) return null;
    const box = path.getBBox();
    for (let i = 1; i < 20; i++) {
      for (let j = 1; j < 20; j++) {
        const inner = svg.createSVGPoint();
        inner.x = box.x + (box.width * i) / 20;
        inner.y = box.y + (box.height * j) / 20;
        if (!path.isPointInFill(inner)) continue;
        const screen = inner.matrixTransform(toScreen);
        if (document.elementFromPoint(screen.x, screen.y) === path) return { x: screen.x, y: screen.y };
      }
    }
    return null;
  });
  if (!point) throw new Error(`no point of ${iso2} to point at`);
  if (action === 'click') await page.mouse.click(point.x, point.y);
  else await page.mouse.move(point.x, point.y);
}

async function openResults() {
  await page.goto(`${baseUrl}/results`);
  await page.getByTestId('figure-value-officials_trained').waitFor();
  await page.getByTestId('map-state').first().waitFor();
}

beforeAll(async () => {
  session = await browser.launchBrowser({ width: 1366, height: 900 });
  page = session.page;
  // The results page draws 54 shapes and several tables: on a busy machine it needs more than 15 s.
  page.setDefaultTimeout(60_000);
});
afterAll(async () => session?.close());

describe('results dashboard and map', () => {
  it.each(languages)(
    'the M&E officer reads the figures, the map and the records behind them (%s)',
    { timeout: 240_000 },
    async (language) => {
      await signInAs('me@tadrib.demo', language);
      await openResults();
      const dashboard = await apiGet<Dashboard>(`/results/dashboard?lang=${language}`);
      const number = new Intl.NumberFormat(intlLocales[language]);

      // Headline figures: the page shows the API's numbers, each with its definition.
      const officials = dashboard.headline.find((f) => f.code === 'officials_trained');
      expect(officials?.value).toBeGreaterThan(0);
      for (const figure of dashboard.headline) {
        const value = page.getByTestId(`figure-value-${figure.code}`);
        await expect.poll(() => value.getAttribute('data-value')).toBe(figure.value === null ? '' : String(figure.value));
      }
      await expect
        .poll(() => page.getByTestId('figure-value-officials_trained').textContent())
        .toBe(number.format(officials?.value ?? 0));
      const definitions = await page.getByTestId('figure-officials_trained').textContent();
      const indicators = await apiGet<{ code: string; definition: string }[]>(`/results/indicators?lang=${language}`);
      expect(definitions).toContain(indicators.find((i) => i.code === 'officials_trained')?.definition);

      // The map: 54 member states; hovering the state with the most officials shows its name and figure.
      expect(await page.getByTestId('map-state').count()).toBe(54);
      const top = [...dashboard.byState].sort((a, b) => (b.officialsTrained ?? 0) - (a.officialsTrained ?? 0))[0];
      if (!top) throw new Error('no state has figures');
      const states = await apiGet<{ items: { iso2: string; names: Record<Language, string> }[] }>('/states');
      const localName = states.items.find((s) => s.iso2 === top.key)?.names[language];
      await pointAtState(top.key);
      await expect.poll(() => page.getByTestId('map-tip-name').textContent()).toBe(localName);
      await expect
        .poll(() => page.getByTestId('map-tip-officials').getAttribute('data-value'))
        .toBe(String(top.officialsTrained));
      expect(await page.getByTestId('map-tip-officials').textContent()).toContain(number.format(top.officialsTrained ?? 0));
      await page.mouse.move(1, 1);

      // The page and the map read right to left in Arabic.
      expect((await browser.htmlAttributes(page)).dir).toBe(language === 'ar' ? 'rtl' : 'ltr');
      await browser.screenshot(page, 'results', language);

      // A headline figure opens the records it counts: as many as the figure says.
      await page.getByTestId('figure-records-officials_trained').click();
      await page.getByTestId('records-total').waitFor();
      await expect.poll(() => page.getByTestId('records-total').getAttribute('data-value')).toBe(String(officials?.value));
      expect(await page.getByTestId('records-identities').getAttribute('data-identities')).toBe('false');
    },
  );

  it('a state with few officials opens exactly its records, one row each', async () => {
    await signInAs('officer@tadrib.demo', 'en');
    await openResults();
    const dashboard = await apiGet<Dashboard>('/results/dashboard?lang=en');
    const small = dashboard.byState.find((row) => (row.officialsTrained ?? 0) > 0 && (row.officialsTrained ?? 0) <= 50);
    if (!small) throw new Error('no state with 1 to 50 officials trained in the demo history');
    // Through the map: a click on the state opens its records.
    await pointAtState(small.key, 'click');
    await page.getByTestId('records-total').waitFor();
    await expect.poll(() => page.getByTestId('records-total').getAttribute('data-value')).toBe(String(small.officialsTrained));
    await expect.poll(() => page.getByTestId('records-row').count()).toBe(small.officialsTrained);
    // A programme officer sees the names (and the look is audited); the M&E officer sees pseudonyms.
    expect(await page.getByTestId('records-identities').getAttribute('data-identities')).toBe('true');

    // The knowledge gain opens the paired tests it is the mean of: as many as its basis says.
    const gain = dashboard.headline.find((f) => f.code === 'knowledge_gain');
    await page.getByTestId('records-back').click();
    await page.getByTestId('figure-records-knowledge_gain').click();
    await expect.poll(() => page.getByTestId('records-total').getAttribute('data-value')).toBe(String(gain?.basis));
    await browser.screenshot(page, 'results-records', 'en');
  });

  it.each(['en', 'ar'] as const)(
    'a partner sees small figures withheld, and no records (%s)',
    { timeout: 240_000 },
    async (language) => {
      await signInAs('partner@tadrib.demo', language);
      await openResults();
      const dashboard = await apiGet<Dashboard>(`/results/dashboard?lang=${language}`);
      expect(dashboard.scope.kind).toBe('partner');
      expect(dashboard.scope.suppression.applied).toBe(true);
      // A state with a withheld cell (fewer than 5 officials, or fewer than 5 women) shows "<5", never a figure.
      const withheld = dashboard.byState.find((row) => row.suppressed);
      if (!withheld) throw new Error('no withheld cell among the states');
      await pointAtState(withheld.key);
      await expect.poll(() => page.getByTestId('map-tip').textContent()).toContain('<5');
      const hidden = [withheld.officialsTrained, withheld.participations, withheld.women].filter((v) => v === null);
      expect(hidden.length).toBeGreaterThan(0);
      // Every count shown is a multiple of 5 (docs/results-definitions.md).
      const counts = dashboard.byState.flatMap((row) => [row.officialsTrained, row.participations, row.women]);
      expect(counts.filter((v) => v !== null && v % 5 !== 0)).toEqual([]);
      const catalogue = (await import(`../../web/src/i18n/${language}.json`)).default;
      await page.getByTestId('chart-view-state').getByText(catalogue.results.charts.table).click();
      await expect.poll(() => page.getByTestId('chart-table-state').textContent()).toContain('<5');
      expect(await page.getByTestId('figure-records-officials_trained').count()).toBe(0);
      // Whole calendar years only: no custom dates offered.
      expect(await page.getByTestId('results-custom-period').count()).toBe(0);
      await page.mouse.move(1, 1);
      await browser.screenshot(page, 'results-partner', language);

      // A link with a span of days is refused, and the page says why in the reader's language.
      await page.goto(`${baseUrl}/results?from=2024-03-01&to=2024-12-31`);
      const refusal = page.getByRole('alert');
      await refusal.waitFor();
      await expect.poll(() => refusal.textContent()).toContain(catalogue.rules.results.period_whole_years);
      await browser.screenshot(page, 'results-partner-refused', language);
    },
  );
});
