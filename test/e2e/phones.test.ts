import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  type Browser,
  baseUrl,
  type Language,
  languages,
  launchBrowser,
  screenshot,
  signIn,
  switchLanguage,
} from './browser';
import {
  type DemoRole,
  demoAccounts,
  demoRoles,
  type InventoryPage,
  type Reader,
  rolePages,
  showPage,
  visitorPages,
} from './pages';

/**
 * Every page at 360 px wide (a small phone), in the four languages: the document never scrolls
 * sideways, no button or field sticks out of the screen (a wide table scrolls inside its own frame),
 * and the navigation opens from the burger. Each reader's pages are walked (pages.ts) in one language,
 * the languages taking turns over the readers; then every distinct page (its route and tab; each
 * role's own home) is shown once more in each language it has not been checked in yet.
 */

const phone = { width: 360, height: 740 };

/** The main pages, photographed in French and Arabic for a person to look at (test-results/screenshots). */
const photographed: { reader: Reader; route: string; tab?: string; name: string }[] = [
  { reader: 'visitor', route: '/sign-in', name: 'sign-in' },
  { reader: 'officer', route: '/', name: 'home-officer' },
  { reader: 'focal', route: '/', name: 'home-focal' },
  { reader: 'officer', route: '/sessions', name: 'sessions' },
  { reader: 'officer', route: '/sessions/$id', name: 'session' },
  { reader: 'officer', route: '/sessions/$id', tab: 'session-tab-nominations', name: 'session-nominations' },
  { reader: 'focal', route: '/sessions/$id', tab: 'session-tab-nominations', name: 'nominations-focal' },
  { reader: 'trainer', route: '/sessions/$id', tab: 'session-tab-delivery', name: 'attendance' },
  { reader: 'officer', route: '/results', name: 'results' },
  { reader: 'participant', route: '/my-trainings', name: 'my-trainings' },
  { reader: 'focal', route: '/library', name: 'library' },
  { reader: 'focal', route: '/notifications', name: 'notifications' },
];

/** One page as the check counts it: the same route and tab read alike whoever opens them, but each role has its own home. */
const distinct = (entry: InventoryPage) =>
  `${entry.route === '/' ? `${entry.reader} ` : ''}${entry.route}${entry.tab ? ` › ${entry.tab}` : ''}`;

type Finding = { language: Language; page: string; problem: string };
const findings: Finding[] = [];
/** Every entry the walks found, and the languages each distinct page was checked in. */
const inventory: InventoryPage[] = [];
const checked = new Map<string, Set<Language>>();
/** The screenshots taken, as `<name>-<language>`. */
const photos = new Set<string>();
const photoLanguages: Language[] = ['fr', 'ar'];
let browser: Browser;
let page: Page;

const photoOf = (entry: InventoryPage) =>
  photographed.find((p) => p.reader === entry.reader && p.route === entry.route && p.tab === entry.tab);
const photoPending = (entry: InventoryPage, language: Language) => {
  const photo = photoOf(entry);
  return photo !== undefined && photoLanguages.includes(language) && !photos.has(`${photo.name}-${language}`);
};

/**
 * What sticks out of a 360 px screen: the document's own width, and every visible button, link
 * styled as a button, tab or field reaching past either edge, unless a frame of its own scrolls
 * sideways (a wide table's container) or it sits in the navigation while that is closed.
 */
const overflowOf = (page: Page) =>
  page.evaluate((width) => {
    const navbar = document.querySelector('.mantine-AppShell-navbar');
    const box = navbar?.getBoundingClientRect();
    const navbarClosed = !box || box.right <= 0 || box.left >= width;
    const insideScrollingFrame = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (/auto|scroll/.test(getComputedStyle(parent).overflowX)) return true;
      }
      return false;
    };
    const controls = document.querySelectorAll(
      'button, input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], a.mantine-Button-root',
    );
    const outside: string[] = [];
    for (const control of controls) {
      const rect = control.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || getComputedStyle(control).visibility === 'hidden') continue;
      if (rect.left >= -1 && rect.right <= width + 1) continue;
      if ((navbarClosed && navbar?.contains(control)) || insideScrollingFrame(control)) continue;
      const name =
        control.getAttribute('data-testid') ?? control.getAttribute('aria-label') ?? control.textContent?.trim().slice(0, 40);
      outside.push(`${control.tagName.toLowerCase()} "${name}" at ${Math.round(rect.left)}…${Math.round(rect.right)} px`);
    }
    return { documentWidth: document.documentElement.scrollWidth, outside };
  }, phone.width);

async function check(language: Language, entry: InventoryPage): Promise<void> {
  const languagesChecked = checked.get(distinct(entry)) ?? new Set<Language>();
  checked.set(distinct(entry), languagesChecked);
  if (languagesChecked.has(language) && !photoPending(entry, language)) return;
  languagesChecked.add(language);
  const { documentWidth, outside } = await overflowOf(page);
  if (documentWidth > phone.width) {
    findings.push({ language, page: entry.name, problem: `the page is ${documentWidth} px wide` });
  }
  for (const control of outside) findings.push({ language, page: entry.name, problem: `${control} sticks out` });
  const photo = photoOf(entry);
  if (photo && photoPending(entry, language)) {
    await screenshot(page, `phone-${photo.name}`, language);
    photos.add(`${photo.name}-${language}`);
  }
}

/** The burger opens the navigation inside the screen, and its last entry (the account) leads there. */
async function checkNavigation(language: Language, reader: DemoRole): Promise<void> {
  await page.locator('header .mantine-Burger-root').click();
  const account = page.getByTestId('nav-account');
  await account.scrollIntoViewIfNeeded();
  const box = await account.boundingBox();
  if (!box || box.x < 0 || box.x + box.width > phone.width || box.y + box.height > phone.height) {
    findings.push({
      language,
      page: `${reader} navigation`,
      problem: `the account entry is not on screen: ${JSON.stringify(box)}`,
    });
  }
  await account.click();
  await page.waitForURL((url) => url.pathname === '/account');
  // Following an entry closes the navigation again.
  await expect
    .poll(() => account.evaluate((el) => el.getBoundingClientRect().right <= 0 || el.getBoundingClientRect().left >= innerWidth))
    .toBe(true);
}

/** Sets the account's language before signing in: the signed-in frame takes it from the session. */
const chooseLanguage = async (reader: DemoRole, language: Language) =>
  (await apiAs(demoAccounts[reader])).patch('/me', { locale: language });

const report = (list: Finding[]) => list.map((f) => `${f.language} ${f.page}: ${f.problem}`);

beforeAll(async () => {
  browser = await launchBrowser(phone, { isMobile: true, hasTouch: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
});

describe('every page on a 360 px phone, in the four languages', () => {
  const readers: Reader[] = ['visitor', ...demoRoles];
  readers.forEach((reader, i) => {
    const language = languages[i % languages.length] as Language;
    it(`walks the pages of ${reader} in ${language}`, async () => {
      const before = findings.length;
      if (reader === 'visitor') {
        await page.context().clearCookies();
        await page.goto(`${baseUrl}/sign-in`);
        await switchLanguage(page, language, false);
        inventory.push(...(await visitorPages(page, { onPage: (_, entry) => check(language, entry) })));
      } else {
        await chooseLanguage(reader, language);
        inventory.push(...(await rolePages(page, reader, { onPage: (_, entry) => check(language, entry) })));
        await checkNavigation(language, reader);
      }
      expect(report(findings.slice(before))).toEqual([]);
    }, 300_000);
  });

  it('shows every distinct page in the other languages', async () => {
    const before = findings.length;
    // For each language, the first entry of each distinct page not checked in it yet, and the
    // photographed pages; shown reader by reader, each signed in once and switching language.
    const plan = languages.flatMap((language) =>
      inventory
        .filter(
          (entry, i) =>
            photoPending(entry, language) ||
            (!checked.get(distinct(entry))?.has(language) && inventory.findIndex((e) => distinct(e) === distinct(entry)) === i),
        )
        .map((entry) => ({ language, entry })),
    );
    for (const reader of new Set(plan.map(({ entry }) => entry.reader))) {
      await page.context().clearCookies();
      if (reader === 'visitor') await page.goto(`${baseUrl}/sign-in`);
      else await signIn(page, demoAccounts[reader]);
      for (const language of languages) {
        const shown = plan.filter((p) => p.entry.reader === reader && p.language === language);
        if (shown.length === 0) continue;
        await switchLanguage(page, language, reader !== 'visitor');
        for (const { entry } of shown) {
          await showPage(page, entry);
          await check(language, entry);
        }
      }
    }
    expect(report(findings.slice(before))).toEqual([]);
    const expected = photographed.flatMap((p) => photoLanguages.map((language) => `${p.name}-${language}`));
    expect(expected.filter((photo) => !photos.has(photo))).toEqual([]);
  }, 600_000);
});
