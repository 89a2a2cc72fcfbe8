import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { chromiumFlags } from '../../server/platform/chromium-flags';

/** The browser, sign-in and screenshot helpers shared by the browser journeys. */

export const baseUrl = process.env.TADRIB_E2E_URL ?? inject('e2eUrl');
export const PASSWORD = 'Tadrib-Demo-2026';
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
 */
export async function launchBrowser(
  viewport = { width: 1280, height: 900 },
  device: { isMobile?: boolean; hasTouch?: boolean } = {},
): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-e2e-browser-'));
  // playwright refuses --user-data-dir among the args: a persistent context takes the directory itself.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport,
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

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-email').waitFor();
  expect(new URL(page.url()).pathname).toBe('/sign-in');
}

/** Uses the language switch; when signed in, waits until the choice is saved on the account. */
export async function switchLanguage(page: Page, language: Language, signedIn: boolean): Promise<void> {
  await page.getByTestId('language-switch').click();
  const saved = signedIn
    ? page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me' && r.request().method() === 'PATCH')
    : null;
  await page.getByTestId(`language-${language}`).click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  if (saved) expect((await saved).status()).toBe(200);
}

/** A full-page screenshot, once the screen has settled: test-results/screenshots/<name>-<language>.png. */
export async function screenshot(page: Page, name: string, language: Language): Promise<void> {
  await page.waitForLoadState('networkidle');
  // From the top (a fixed header is drawn where the page was scrolled to), once transitions end.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({
    path: path.join(screenshotDir, `${name}-${language}.png`),
    fullPage: true,
    // Passing notifications would hide the screen under review.
    style: '.mantine-Notifications-root { display: none !important; }',
  });
}
