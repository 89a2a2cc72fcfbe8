import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations, type Violation } from './axe';
import { type Browser, type Language, launchBrowser, switchLanguage } from './browser';
import { type DemoRole, demoRoles, type InventoryPage, rolePages, showPage, uncoveredRoutes, visitorPages } from './pages';

/**
 * Every page of every role, in English and Arabic, through axe-core (WCAG 2.0 and 2.1, A and AA):
 * no serious or critical violation. Each role's pages are walked once in English (which finds them,
 * see pages.ts) and shown again in Arabic; the language menu and the first menu of each page are
 * opened and checked too. The
 * modal forms of the main journeys are checked by keyboard-journey.test.ts as it opens them.
 */

type Finding = Violation & { language: Language; page: string };

const findings: Finding[] = [];
const inventory: InventoryPage[] = [];
/** The versions of pages already checked, per language (see `pageVersion`). */
const checked = new Set<string>();
const timing = { pages: 0, checks: 0, axeMs: 0 };
let browser: Browser;
let page: Page;

/**
 * What makes two pages the same version for an accessibility check: their route and tab, and the
 * distinct kinds of element in the content and in any open menu or dialog (tag, classes, role,
 * test id without its ids, colours named in the style), ignoring texts and how often a kind
 * repeats. A page a role sees with other buttons, badges or colours is another version; the same
 * content shown to two roles is one (each role's header and menu are checked with its other pages).
 */
const pageVersion = (language: Language, entry: InventoryPage) =>
  page.evaluate(
    (key) => {
      const kinds = new Set<string>();
      for (const el of document.querySelectorAll('main *, [role="menu"] *, [role="dialog"] *')) {
        const testId = (el.getAttribute('data-testid') ?? '').replace(/[0-9a-f-]{8,}|\d+|\b[A-Z]{2}\b/g, '#');
        const colours = (el.getAttribute('style') ?? '').match(/--mantine-color-[a-z0-9-]+/g) ?? [];
        kinds.add([el.tagName, el.getAttribute('class'), el.getAttribute('role'), testId, ...colours].join('|'));
      }
      return `${key}\n${[...kinds].sort().join('\n')}`;
    },
    `${language} ${entry.route} ${entry.tab ?? ''}`,
  );

async function check(language: Language, entry: Pick<InventoryPage, 'name' | 'route' | 'tab'>): Promise<void> {
  timing.pages++;
  const version = await pageVersion(language, entry as InventoryPage);
  if (checked.has(version)) return;
  checked.add(version);
  timing.checks++;
  const started = Date.now();
  for (const v of await seriousViolations(page)) findings.push({ language, page: entry.name, ...v });
  timing.axeMs += Date.now() - started;
}

/** Opens a menu, checks what it shows, and closes it. */
async function checkMenu(language: Language, trigger: ReturnType<Page['locator']>, name: string, route: string) {
  await trigger.click();
  await page.locator('[role="menu"]').waitFor();
  await check(language, { name, route });
  await page.keyboard.press('Escape');
  await page.locator('[role="menu"]').waitFor({ state: 'detached' });
}

/** A page, then the first menu its content opens (a user's actions, a certificate's languages), if any. */
async function checkPage(language: Language, entry: InventoryPage): Promise<void> {
  await check(language, entry);
  const menu = page.locator('main [aria-haspopup="menu"]').first();
  if ((await menu.count()) > 0) await checkMenu(language, menu, `${entry.name} › menu`, `${entry.route} menu`);
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  const elements = findings.reduce((sum, f) => sum + f.targets.length, 0);
  console.log(
    `accessibility: ${timing.pages} pages shown, ${timing.checks} versions checked by axe in ${Math.round(timing.axeMs / 1000)} s; ` +
      `${findings.length} serious or critical violations on ${elements} elements`,
  );
  await browser?.close();
});

async function walk(reader: DemoRole | 'visitor') {
  const before = findings.length;
  const signedIn = reader !== 'visitor';
  const onPage = (_: Page, entry: InventoryPage) => checkPage('en', entry);
  const pages = signedIn ? await rolePages(page, reader, { onPage }) : await visitorPages(page, { onPage });
  inventory.push(...pages);
  if (signedIn) await checkMenu('en', page.getByTestId('language-switch'), `${reader} language menu`, 'language menu');
  // Each file starts on the data as seeded (browser.ts): the account may stay in Arabic.
  await switchLanguage(page, 'ar', signedIn);
  for (const entry of pages) {
    await showPage(page, entry);
    await checkPage('ar', entry);
  }
  if (signedIn) await checkMenu('ar', page.getByTestId('language-switch'), `${reader} language menu`, 'language menu');
  const report = findings.slice(before).flatMap((f) => describeViolations(`${f.language} ${f.page}`, [f]));
  expect(report, `${reader}: ${pages.length} pages`).toEqual([]);
}

describe('accessibility of every page (axe-core, WCAG 2.1 AA), English and Arabic', () => {
  it('the public pages', () => walk('visitor'), 300_000);
  for (const role of demoRoles) it(`the pages of ${role}`, () => walk(role), 300_000);
  it('every page route of the app is in the inventory', () => {
    expect(uncoveredRoutes(inventory)).toEqual([]);
  });
});
