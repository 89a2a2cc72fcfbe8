import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { beforeAll, expect, inject } from 'vitest';
import { chromiumFlags } from '../../server/platform/chromium-flags';

/** The browser, sign-in and screenshot helpers shared by the browser journeys. */

export const baseUrl = process.env.TADRIB_E2E_URL ?? inject('e2eUrl');
const controlUrl = process.env.TADRIB_E2E_CONTROL_URL ?? inject('e2eControlUrl');
export const PASSWORD = 'Tadrib-Demo-2026';

/** The demo accounts (server/db/seed), one per role. */
export const demoAccounts = {
  admin: 'admin@tadrib.demo',
  officer: 'officer@tadrib.demo',
  me: 'me@tadrib.demo',
  trainer: 'trainer@tadrib.demo',
  focal: 'focal.ng@tadrib.demo',
  participant: 'participant.ng@tadrib.demo',
  partner: 'partner@tadrib.demo',
} as const;
export type DemoRole = keyof typeof demoAccounts;
export const demoRoles = Object.keys(demoAccounts) as DemoRole[];
/** Who signs in: a demo role, or an account a test created. */
export type Account = DemoRole | { email: string; password?: string };

/**
 * Serves the data as seeded again (test/e2e/global-setup.ts): what a test file sees does not
 * depend on the files that ran before it. Registered before every file that imports this one.
 */
export async function resetDemoData(): Promise<void> {
  if (!controlUrl) return;
  const response = await fetch(`${controlUrl}/reset`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`resetting the e2e server: ${response.status} ${await response.text()}`);
}
beforeAll(resetDemoData);
export const screenshotDir = path.resolve('test-results/screenshots');
export const languages = ['en', 'fr', 'ar', 'pt'] as const;
export type Language = (typeof languages)[number];

export type Browser = { context: BrowserContext; page: Page; close: () => Promise<void> };

/** A day counted from today (negative: in the past), as YYYY-MM-DD. */
export const dayFromToday = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A signed-in API client (the same HTTP API the web app uses), for setup and checks of scope. */
export type Api = {
  /** The answer of a request that must succeed (status below 300), parsed. */
  call: <T>(method: string, url: string, body?: unknown) => Promise<T>;
  /** The status of a request that may be refused. */
  status: (method: string, url: string, body?: unknown) => Promise<number>;
  get: <T>(url: string) => Promise<T>;
  post: <T>(url: string, body?: unknown) => Promise<T>;
  patch: <T>(url: string, body: unknown) => Promise<T>;
};

export async function apiAs(email: string, password = PASSWORD): Promise<Api> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const send = (method: string, url: string, body?: unknown) =>
    fetch(`${baseUrl}/api${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await send(method, url, body);
    const text = await res.text();
    expect(res.status, `${method} ${url}: ${text}`).toBeLessThan(300);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    call,
    status: async (method, url, body) => (await send(method, url, body)).status,
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body),
    patch: (url, body) => call('PATCH', url, body),
  };
}

/**
 * The system Chromium (never a downloaded one), headless, in a throw-away profile. `device` makes
 * it a phone: `isMobile` honours the page's viewport meta tag, `hasTouch` gives it a touch screen.
 * Service workers are blocked unless `serviceWorkers: 'allow'` (the offline journeys): each fresh
 * profile would otherwise download the whole app for offline use (84 files, 4 MB) beside the
 * journey, and answer the journey's pages from what it kept.
 */
export async function launchBrowser(
  viewport = { width: 1280, height: 900 },
  device: { isMobile?: boolean; hasTouch?: boolean; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-e2e-browser-'));
  // playwright refuses --user-data-dir among the args: a persistent context takes the directory itself.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    serviceWorkers: 'block',
    ...device,
    args: [...chromiumFlags],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export const htmlAttributes = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-home').waitFor();
}

/**
 * A fresh sign-in of `account` (cookies of anyone signed in before are dropped), then the
 * language switch when the account's saved language is not `language`. The one way the journeys
 * sign in.
 */
export async function signInAs(page: Page, account: Account, language?: Language): Promise<void> {
  const { email, password = PASSWORD } = typeof account === 'string' ? { email: demoAccounts[account] } : account;
  await page.context().clearCookies();
  await signIn(page, email, password);
  if (language && (await htmlAttributes(page)).lang !== language) await switchLanguage(page, language, true);
}

/** A browser on a fresh profile, signed in as `account` in `language` (see `launchBrowser`, `signInAs`). */
export async function openSession(
  account: Account,
  language: Language = 'en',
  viewport?: Parameters<typeof launchBrowser>[0],
  device?: Parameters<typeof launchBrowser>[1],
): Promise<Browser> {
  const session = await launchBrowser(viewport, device);
  await signInAs(session.page, account, language);
  return session;
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-email').waitFor();
  expect(new URL(page.url()).pathname).toBe('/sign-in');
}

/** Uses the language switch; when signed in, waits until the choice is saved on the account. */
export async function switchLanguage(page: Page, language: Language, signedIn: boolean): Promise<void> {
  const saved = signedIn
    ? page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me' && r.request().method() === 'PATCH')
    : null;
  const item = page.getByTestId(`language-${language}`);
  // Right after a page loads on a busy machine, the header may be drawn again once the page's code
  // and session arrive: a menu opened before then is gone with it, and is opened again.
  for (let attempt = 1; ; attempt++) {
    if (!(await item.isVisible())) await page.getByTestId('language-switch').click();
    try {
      await item.click({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  if (saved) expect((await saved).status()).toBe(200);
}

/**
 * Waits until no transition or animation is running (a dialog or menu fading in would be measured
 * or photographed half transparent); loaders spin for ever and do not count.
 */
export const transitionsEnded = (page: Page) =>
  page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
    undefined,
    { polling: 'raf' },
  );

/** A full-page screenshot, once the screen has settled: test-results/screenshots/<name>-<language>.png. */
export async function screenshot(page: Page, name: string, language: Language): Promise<void> {
  await page.waitForLoadState('networkidle');
  // From the top (a fixed header is drawn where the page was scrolled to), once transitions end.
  await page.evaluate(() => window.scrollTo(0, 0));
  await transitionsEnded(page);
  await page.screenshot({
    path: path.join(screenshotDir, `${name}-${language}.png`),
    fullPage: true,
    // Passing notifications would hide the screen under review.
    style: '.mantine-Notifications-root { display: none !important; }',
  });
}

/** Chooses a text file of the given name and content in the page's file input (its only one). */
export async function chooseTextFile(page: Page, name: string, text: string): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}
