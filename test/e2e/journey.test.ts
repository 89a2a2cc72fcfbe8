import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../web/src/i18n/ar.json';
import * as browser from './browser';
import { baseUrl, type Language, languages } from './browser';

/**
 * The signed-in journey of every demo role through the built web app, in a real browser:
 * role-dependent navigation, the four languages (Arabic right to left), member-state search,
 * and screenshots of the main screens in each language for review.
 */

type NavKey = 'home' | 'states' | 'my-state' | 'account' | 'users' | 'audit' | 'security';
const allNavKeys: NavKey[] = ['home', 'states', 'my-state', 'account', 'users', 'audit', 'security'];
const arabicNavLabels: Record<NavKey, string> = {
  home: ar.nav.home,
  states: ar.nav.states,
  'my-state': ar.nav.myState,
  account: ar.nav.account,
  users: ar.nav.users,
  audit: ar.nav.audit,
  security: ar.nav.security,
};

const everyone: NavKey[] = ['home', 'states', 'account'];
const demoAccounts: { email: string; nav: NavKey[] }[] = [
  { email: 'admin@tadrib.demo', nav: [...everyone, 'users', 'audit', 'security'] },
  { email: 'officer@tadrib.demo', nav: everyone },
  { email: 'me@tadrib.demo', nav: everyone },
  { email: 'trainer@tadrib.demo', nav: everyone },
  { email: 'focal.ng@tadrib.demo', nav: [...everyone, 'my-state'] },
  { email: 'participant.ng@tadrib.demo', nav: [...everyone, 'my-state'] },
  { email: 'partner@tadrib.demo', nav: everyone },
];

let session: browser.Browser;
let page: Page;

beforeAll(async () => {
  session = await browser.launchBrowser();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

const htmlAttributes = () => browser.htmlAttributes(page);
const signIn = (email: string) => browser.signInAs(page, { email });
const signOut = () => browser.signOut(page);
const switchLanguage = (language: Language, signedIn: boolean) => browser.switchLanguage(page, language, signedIn);
const screenshot = (name: string, language: Language) => browser.screenshot(page, name, language);

describe('signed-in journey', () => {
  it.each(demoAccounts)(
    '$email sees exactly their sections, in Arabic right to left and back in English',
    async ({ email, nav }) => {
      await signIn(email);

      for (const key of allNavKeys) {
        const link = page.getByTestId(`nav-${key}`);
        if (nav.includes(key)) await expect(link.isVisible()).resolves.toBe(true);
        else await expect(link.count()).resolves.toBe(0);
      }

      await switchLanguage('ar', true);
      await expect(htmlAttributes()).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
      for (const key of nav) {
        await expect(page.getByTestId(`nav-${key}`).textContent()).resolves.toBe(arabicNavLabels[key]);
      }

      await switchLanguage('en', true);
      await expect(htmlAttributes()).resolves.toEqual({ lang: 'en', dir: 'ltr' });
      await expect(page.getByTestId('nav-home').textContent()).resolves.toBe('Home');

      await signOut();
    },
    90_000,
  );

  it('finds Morocco by its French name in the French interface and opens its page', async () => {
    await signIn('officer@tadrib.demo');
    await switchLanguage('fr', true);
    await page.getByTestId('nav-states').click();
    await page.getByTestId('states-search').fill('maroc');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="state-row-"]').length === 1);
    const row = page.getByTestId('state-row-MA');
    await expect(row.textContent()).resolves.toContain('Maroc');
    await expect(page.getByTestId('states-count').textContent()).resolves.toBe('1 État membre');

    await row.getByRole('link', { name: 'Maroc' }).click();
    await page.getByTestId('state-name-ar').waitFor();
    expect(new URL(page.url()).pathname).toBe('/states/MA');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Maroc');
    await expect(page.getByTestId('state-name-en').textContent()).resolves.toBe('Morocco');
    await expect(page.getByTestId('state-name-ar').textContent()).resolves.toBe('المغرب');

    await switchLanguage('en', true);
    await signOut();
  }, 60_000);

  it('the admin sees the latest signed checkpoint of the audit log, and that the log agrees with it', async () => {
    await signIn('admin@tadrib.demo');
    await page.goto(`${baseUrl}/admin/audit`);
    const card = page.getByTestId('audit-checkpoint');
    await card.waitFor();
    await expect(card.textContent()).resolves.toMatch(/Latest signed checkpoint.*The log agrees with it.*Checkpoint no\. \d+/s);
    await signOut();
  }, 60_000);

  it.each(languages)(
    'screenshots of the main screens in %s',
    async (language) => {
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByTestId('sign-in-email').waitFor();
      await switchLanguage(language, false);
      await screenshot('sign-in', language);

      await signIn('admin@tadrib.demo');
      await switchLanguage(language, true);
      await expect(htmlAttributes()).resolves.toEqual({ lang: language, dir: language === 'ar' ? 'rtl' : 'ltr' });
      const screens: [string, string][] = [
        ['home', '/'],
        ['states', '/states'],
        ['state-page', '/states/NG'],
        ['users', '/admin/users'],
        ['audit', '/admin/audit'],
      ];
      for (const [name, route] of screens) {
        await page.goto(`${baseUrl}${route}`);
        await page.getByTestId('nav-home').waitFor();
        await screenshot(name, language);
      }
      await signOut();
    },
    90_000,
  );
});

describe('the language switch', () => {
  it('opens when its menu’s code arrives between the press of the pointer and its release', async () => {
    // A browser of its own, which has not loaded the menu's code yet (components/LanguageSwitch.tsx
    // fetches it after the page is drawn): the route below holds that fetch.
    const fresh = await browser.launchBrowser();
    const { page } = fresh;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/LanguageMenu-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    // Mantine's menu target says whether its menu is expanded; the button drawn until the code comes does not.
    const menuButton = page.locator('[data-testid="language-switch"][aria-expanded]');
    try {
      await page.goto(`${baseUrl}/sign-in`);
      const box = await page.getByTestId('language-switch').boundingBox();
      if (!box) throw new Error('the language switch is not on screen');
      expect(await menuButton.count()).toBe(0);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      release();
      await menuButton.waitFor();
      await page.mouse.up();
      await page.getByTestId('language-en').waitFor();
    } finally {
      release();
      await fresh.close();
    }
  });
});
