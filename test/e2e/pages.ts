import { QueryClient } from '@tanstack/react-query';
import type { Page, Request } from 'playwright-core';
import { createAppRouter } from '../../web/src/router';
import { apiAs, baseUrl, type DemoRole, demoAccounts, signIn } from './browser';

/**
 * The inventory of every page each demo role can reach, for the walks that must see them all
 * (accessibility, narrow screens). It is read from the app itself, so that a new page is not
 * silently missed: a role's pages are its navigation entries as the signed-in frame draws them
 * (web/src/components/navigation.ts), then, breadth first, the first link on those pages to each
 * route of web/src/router.tsx not reached yet, and the tabs of every page. `uncoveredRoutes` names
 * the routes no entry reaches, for a test to fail on.
 */

export { type DemoRole, demoAccounts, demoRoles } from './browser';
/** Who reads the public pages: nobody signed in. */
export type Reader = DemoRole | 'visitor';

export type InventoryPage = {
  reader: Reader;
  /** The route of web/src/router.tsx the page is drawn by, as the router writes it ('/sessions/$id'). */
  route: string;
  /** The address opened, with its query and fragment. */
  path: string;
  /** The tab selected after the page has loaded (its data-testid), when the page has tabs. */
  tab?: string;
  /** How reports name it: 'officer /sessions/$id › session-tab-delivery'. */
  name: string;
};

const router = createAppRouter(new QueryClient());

/**
 * Every page route of the app: layout routes (a guard with children, such as /admin) draw no page
 * of their own.
 */
export const pageRoutes: string[] = Object.entries(router.routesByPath)
  .filter(([, route]) => !(route as { children?: unknown }).children)
  .map(([path]) => path);

const publicRoutes = new Set(['/sign-in', '/forgot-password', '/set-password', '/verify']);

const routeMatchers = pageRoutes
  .map((route) => ({
    route,
    params: (route.match(/\$/g) ?? []).length,
    pattern: new RegExp(`^${route.replace(/\$[^/]+/g, '[^/]+')}/?$`),
  }))
  // A fixed segment wins over a parameter: /recommendations/overdue before any /recommendations/$id.
  .sort((a, b) => a.params - b.params);

/** The route that draws an address of the app, or undefined for an address outside it (files, the API). */
export function routeOf(pathname: string): string | undefined {
  if (pathname.startsWith('/api/')) return undefined;
  return routeMatchers.find((m) => m.pattern.test(pathname))?.route;
}

const entry = (reader: Reader, path: string, route: string, tab?: string, variant?: string): InventoryPage => ({
  reader,
  route,
  path,
  tab,
  name: `${reader} ${route}${variant ? ` (${variant})` : ''}${tab ? ` › ${tab}` : ''}`,
});

const verifyPath = (verifyUrl: string) => {
  const url = new URL(verifyUrl);
  return `${url.pathname}${url.search}`;
};

/**
 * Opens a page of the inventory and waits until it is really drawn: its main heading is there and
 * no loader is left on screen (the data of the page has come); then selects its tab, if any, and
 * waits for that tab's data in the same way.
 */
export async function showPage(page: Page, target: Pick<InventoryPage, 'path' | 'tab'>): Promise<void> {
  apiRequestsOf(page);
  if (!(await navigateInApp(page, target.path))) {
    await page.goto(`${baseUrl}${target.path}`);
    await page.evaluate(() => {
      (window as WalkWindow).walkLanguage = document.documentElement.lang;
    });
  }
  await page.locator('main h1, main h2').first().waitFor();
  await settled(page);
  if (target.tab) {
    await page.getByTestId(target.tab).click();
    await page.waitForFunction(
      (testId) => document.querySelector(`[data-testid="${testId}"]`)?.getAttribute('aria-selected') === 'true',
      target.tab,
    );
    await settled(page);
  }
}

type WalkWindow = Window & {
  /** The language the document was loaded in by `showPage`. */
  walkLanguage?: string;
  __TSR_ROUTER__?: { navigate: (to: { href: string }) => Promise<void> };
};

/**
 * Goes to `path` as a link of the app would (TanStack Router's own navigation, no reload) when the
 * document was loaded by `showPage` and is still in the language it was loaded in, and `path` is
 * another address; otherwise answers false and the caller loads the page. A reload after a change
 * of language or reader drops data the app fetched for the language or the reader before.
 */
function navigateInApp(page: Page, path: string): Promise<boolean> {
  return page.evaluate(async (href) => {
    const walkWindow = window as WalkWindow;
    const router = walkWindow.__TSR_ROUTER__;
    const here = `${location.pathname}${location.search}${location.hash}`;
    if (!router || walkWindow.walkLanguage !== document.documentElement.lang || here === href) return false;
    await router.navigate({ href });
    // The new route is drawn in the frames after the navigation resolves.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return true;
  }, path);
}

/**
 * Waits for the page's own signs of being drawn: no request to the API in flight and no loader on
 * screen, still so a frame later (a list's second query starts once the first has answered).
 */
async function settled(page: Page): Promise<void> {
  const pending = apiRequestsOf(page);
  do {
    await Promise.all(
      [...pending].map((request) =>
        request.response().then(
          (response) => response?.finished(),
          () => null,
        ),
      ),
    );
    await page.waitForFunction(
      () => ![...document.querySelectorAll('.mantine-Loader-root')].some((el) => (el as HTMLElement).offsetParent !== null),
      undefined,
      { timeout: 20_000, polling: 'raf' },
    );
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
  } while (pending.size > 0);
}

const inFlight = new WeakMap<Page, Set<Request>>();
/** The page's requests to the API not answered yet, followed from the first time it is asked for. */
function apiRequestsOf(page: Page): Set<Request> {
  let pending = inFlight.get(page);
  if (!pending) {
    const requests = new Set<Request>();
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) requests.add(request);
    });
    page.on('requestfinished', (request) => requests.delete(request));
    page.on('requestfailed', (request) => requests.delete(request));
    inFlight.set(page, requests);
    pending = requests;
  }
  return pending;
}

/** The tabs that switch a page's sections (not the language tabs of a form's field). */
const pageTabs = (page: Page) =>
  page.$$eval('main [role="tab"][data-testid]', (tabs) =>
    tabs
      .filter((tab) => !tab.closest('form, [role="dialog"]') && tab.getAttribute('aria-selected') !== 'true')
      .map((tab) => tab.getAttribute('data-testid') as string),
  );

/**
 * Tabs that have a page of their own (the tablet-sized screens of a session's nominations and
 * delivery), reached from the tab's address plus this segment; no link leads to them from the
 * session page, whose tab shows the same thing.
 */
const tabPages: Record<string, string> = {
  'session-tab-nominations': 'nominations',
  'session-tab-delivery': 'attendance',
};

/** The app's addresses the page links to, in document order (same site, not a download). */
const linkedPaths = (page: Page) =>
  page.$$eval('a[href]', (links) =>
    links
      .filter((a) => !a.hasAttribute('download') && a.getAttribute('target') !== '_blank')
      .map((a) => new URL((a as HTMLAnchorElement).href))
      .filter((url) => url.origin === window.location.origin)
      .map((url) => `${url.pathname}${url.search}`),
  );

/** The navigation entries of the signed-in frame, as drawn for the current user. */
export const navigationPaths = (page: Page) =>
  page.$$eval('nav a[data-testid^="nav-"]', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));

export type WalkOptions = {
  /** Called on each page of the inventory while it is on screen (run axe, take a screenshot…). */
  onPage?: (page: Page, entry: InventoryPage) => Promise<void>;
};

/**
 * The pages a signed-out visitor reaches: sign-in, forgot password, set password with a link that
 * is no longer good, the certificate check (empty, and with a real certificate's code) and the
 * library's public items.
 */
export async function visitorPages(page: Page, options: WalkOptions = {}): Promise<InventoryPage[]> {
  const participant = await apiAs(demoAccounts.participant);
  const { items } = await participant.get<{ items: { verifyUrl: string; revokedAt: string | null }[] }>('/certificates');
  const certificate = items.find((c) => c.revokedAt === null);
  const fixed = [
    entry('visitor', '/sign-in', '/sign-in'),
    entry('visitor', '/forgot-password', '/forgot-password'),
    entry('visitor', '/set-password#token=no-longer-good', '/set-password'),
    entry('visitor', '/verify', '/verify'),
    ...(certificate ? [entry('visitor', verifyPath(certificate.verifyUrl), '/verify', undefined, 'a valid code')] : []),
  ];
  await page.context().clearCookies();
  // The document was drawn for whoever was signed in: the visitor's pages are loaded afresh.
  await page.evaluate(() => {
    (window as WalkWindow).walkLanguage = undefined;
  });
  const found: InventoryPage[] = [];
  for (const e of fixed) {
    await showPage(page, e);
    await options.onPage?.(page, e);
    found.push(e);
  }
  return [...found, ...(await crawl(page, 'visitor', ['/library'], options))];
}

/** Signs the role in and walks its pages (see the file's comment). */
export async function rolePages(page: Page, role: DemoRole, options: WalkOptions = {}): Promise<InventoryPage[]> {
  await page.context().clearCookies();
  await signIn(page, demoAccounts[role]);
  return crawl(page, role, await navigationPaths(page), options);
}

async function crawl(page: Page, reader: Reader, start: string[], options: WalkOptions): Promise<InventoryPage[]> {
  const found: InventoryPage[] = [];
  const queue: { path: string; route: string }[] = [];
  const queued = new Set<string>();
  const enqueue = (path: string) => {
    const route = routeOf(new URL(path, baseUrl).pathname);
    if (!route || queued.has(route) || (reader !== 'visitor' && publicRoutes.has(route))) return;
    queued.add(route);
    queue.push({ path, route });
  };
  for (const path of start) enqueue(path);
  while (queue.length > 0) {
    const next = queue.shift() as { path: string; route: string };
    const shown = entry(reader, next.path, next.route);
    await showPage(page, shown);
    await options.onPage?.(page, shown);
    found.push(shown);
    for (const path of await linkedPaths(page)) enqueue(path);
    for (const tab of await pageTabs(page)) {
      if (tab in tabPages) enqueue(`${new URL(next.path, baseUrl).pathname}/${tabPages[tab]}`);
      const section = entry(reader, next.path, next.route, tab);
      await page.getByTestId(tab).click();
      await page.waitForFunction(
        (testId) => document.querySelector(`[data-testid="${testId}"]`)?.getAttribute('aria-selected') === 'true',
        tab,
      );
      await settled(page);
      await options.onPage?.(page, section);
      found.push(section);
      for (const path of await linkedPaths(page)) enqueue(path);
    }
  }
  return found;
}

/** The page routes of the app that no entry of the inventory reaches. */
export function uncoveredRoutes(inventory: InventoryPage[]): string[] {
  const reached = new Set(inventory.map((e) => e.route));
  return pageRoutes.filter((route) => !reached.has(route));
}
