import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { baseUrl } from './browser';

/**
 * The officials list pages by keyset (issue 14): the next page is asked for with the cursor the
 * page before ended on (`after`), and shows the rows the API gives for that cursor, the same as by
 * offset. In English and in Arabic.
 */

type OfficialPage = { items: { id: string }[]; total: number; nextCursor: string | null };

let session: browser.Browser;
let page: Page;

const PAGE_SIZE = 25;
const nextLabel = { en: 'Next page', ar: 'الصفحة التالية' } as const;
const pageLabel = { en: 'Page 3', ar: 'الصفحة 3' } as const;

const shownIds = async () =>
  (
    await page.locator('[data-testid^="official-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))
  ).map((id) => (id ?? '').replace('official-row-', ''));

/** Waits for the list's request for `pageNumber` and the rows drawn from its answer; returns the request's query. */
async function pageShown(pageNumber: number, action: () => Promise<void>): Promise<{ query: URLSearchParams; ids: string[] }> {
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/officials' && new URL(r.url()).searchParams.get('page') === String(pageNumber),
  );
  await action();
  const response = await answered;
  expect(response.status()).toBe(200);
  const body = (await response.json()) as OfficialPage;
  const expected = body.items.map((o) => o.id);
  await page.waitForFunction((first) => Boolean(document.querySelector(`[data-testid="official-row-${first}"]`)), expected[0]);
  expect(await shownIds()).toEqual(expected);
  return { query: new URL(response.url()).searchParams, ids: expected };
}

beforeAll(async () => {
  session = await browser.launchBrowser();
  page = session.page;
  page.setDefaultTimeout(30_000);
});
afterAll(async () => session?.close());

describe('officials list paging', () => {
  it.each(['en', 'ar'] as const)('goes to the next page by the cursor the page before gave (%s)', async (language) => {
    await browser.signInAs(page, 'officer', language);
    const api = await browser.apiAs('officer@tadrib.demo');
    const first = await api.get<OfficialPage>(`/officials?pageSize=${PAGE_SIZE}&page=1`);
    expect(first.total, 'the demo registry has more than two pages').toBeGreaterThan(PAGE_SIZE * 2);

    const one = await pageShown(1, async () => {
      await page.goto(`${baseUrl}/officials`);
    });
    expect(one.ids).toEqual(first.items.map((o) => o.id));
    expect(one.query.get('after')).toBeNull();

    // Next: asked with page 1's cursor; the rows are the API's page after that cursor.
    const two = await pageShown(2, () => page.getByRole('button', { name: nextLabel[language] }).click());
    expect(two.query.get('after')).toBe(first.nextCursor);
    const second = await api.get<OfficialPage>(
      `/officials?pageSize=${PAGE_SIZE}&page=2&after=${encodeURIComponent(first.nextCursor ?? '')}`,
    );
    expect(two.ids).toEqual(second.items.map((o) => o.id));
    expect(two.ids.some((id) => one.ids.includes(id))).toBe(false);
    await expect.poll(() => page.getByTestId('officials-count').textContent()).toContain(String(PAGE_SIZE + 1));
    await browser.screenshot(page, 'officials-page-2', language);

    // Page 3 picked by its number: read from page 2's cursor, the same rows as page 3 by offset.
    const three = await pageShown(3, () => page.getByRole('button', { name: pageLabel[language], exact: true }).click());
    expect(three.query.get('after')).toBe(second.nextCursor);
    const byOffset = await api.get<OfficialPage>(`/officials?pageSize=${PAGE_SIZE}&page=3`);
    expect(three.ids).toEqual(byOffset.items.map((o) => o.id));
  });
});
