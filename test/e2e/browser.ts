import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/** The browser, sign-in and screenshot helpers shared by the browser journeys. */

export const baseUrl = process.env.TADRIB_E2E_URL ?? inject('e2eUrl');
export const PASSWORD = 'Tadrib-Demo-2026';
export const screenshotDir = path.resolve('test-results/screenshots');
export const languages = ['en', 'fr', 'ar', 'pt'] as const;
export type Language = (typeof languages)[number];

export type Browser = { context: BrowserContext; page: Page; close: () => Promise<void> };

/** The system Chromium (never a downloaded one), headless, in a throw-away profile. */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-e2e-browser-'));
  // playwright refuses --user-data-dir among the args: a persistent context takes the directory itself.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
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
