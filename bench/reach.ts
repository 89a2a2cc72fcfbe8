/**
 * Tadrib on a slow link (issue 12, point 2): the built product on PGlite demo data, read by Chromium
 * over an emulated 3G link (1.6 Mbps down, 750 kbps up, 300 ms round trip). For the sign-in form
 * (English and French) and the focal point's home and results pages, prints the time until the page
 * is usable (the sign-in button enabled, the home's sections or the results' figures drawn: not
 * the load event) on a cold visit (a new browser profile) and on a warm one (the browser started
 * again on that profile: its HTTP cache, and the service worker the first visit installed), the bytes
 * that came over the network, the requests, and the machine's load. Goals: sign-in ≤ 2.0 s cold,
 * every page ≤ 1.0 s warm. These times are network-bound: no baseline ratio.
 *
 * Run: npm run bench:reach [-- --runs 3 --port 3102 --skip-build --keep DIR --waterfall --only NAME]
 * (--keep reuses or creates the data folder DIR, sparing the demo seeding next time; --waterfall
 * prints each visit's requests, when each started and ended, to find what the page waits on;
 * --only measures the scenarios whose name contains NAME).
 * Last line: reach-bench {json}
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumFlags } from '../server/platform/chromium-flags';

/** The issue's 3G link, in CDP's units (bytes per second, milliseconds). */
const LINK = { latency: 300, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 } as const;
const GOAL_COLD_SIGN_IN_MS = 2000;
const GOAL_WARM_MS = 1000;
const FOCAL_POINT = { email: 'focal.ng@tadrib.demo', password: 'Tadrib-Demo-2026' } as const;

type Scenario = {
  name: string;
  path: string;
  language: 'en' | 'fr';
  signedIn: boolean;
  coldGoalMs: number | null;
  /** The page is usable once every one of these is in the document (and `lang` is the scenario's). */
  usableWhen: string[];
};

const signInForm = ['[data-testid="sign-in-password"]', '[data-testid="sign-in-submit"]:not(:disabled)'];

const scenarios: Scenario[] = [
  {
    name: 'sign-in (en)',
    path: '/sign-in',
    language: 'en',
    signedIn: false,
    coldGoalMs: GOAL_COLD_SIGN_IN_MS,
    usableWhen: signInForm,
  },
  {
    name: 'sign-in (fr)',
    path: '/sign-in',
    language: 'fr',
    signedIn: false,
    coldGoalMs: GOAL_COLD_SIGN_IN_MS,
    usableWhen: signInForm,
  },
  {
    name: 'focal home',
    path: '/',
    language: 'en',
    signedIn: true,
    coldGoalMs: null,
    usableWhen: ['[data-testid="home-section-results"]'],
  },
  {
    name: 'focal results',
    path: '/results',
    language: 'en',
    signedIn: true,
    coldGoalMs: null,
    // The headline figures with their values, and the map drawn.
    usableWhen: ['[data-testid="figure-value-officials_trained"]:not([data-value=""])', '[data-testid="map-state"]'],
  },
];

type Visit = { usableMs: number; bytes: number; requests: number; fromCache: number; load: number };

/** One request of a visit, in milliseconds from the navigation's start. */
type Fetch = { url: string; startMs: number; endMs: number | null; bytes: number; source: string };

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: process.env.PORT ?? '3102' },
    'skip-build': { type: 'boolean', default: false },
    keep: { type: 'string' },
    waterfall: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
const port = Number(options.port);
const base = `http://127.0.0.1:${port}`;

const load1 = () => os.loadavg()[0] ?? 0;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const kilobytes = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The built server, on its own data folder; resolves once it is ready (the demo is seeded on a first start). */
async function startServer(dataDir: string, keysDir: string): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['dist/server/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TADRIB_DATA_DIR: dataDir,
      TADRIB_KEYS_DIR: keysDir,
      TADRIB_PUBLIC_URL: base,
      TADRIB_SECURE_COOKIES: 'false',
      TADRIB_DEMO: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    server.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`))),
  );
  const ready = (async () => {
    const deadline = Date.now() + 15 * 60_000;
    while (Date.now() < deadline) {
      const status = await fetch(`${base}/api/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return server;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the server was not ready within 15 minutes');
  })();
  return Promise.race([ready, exited]);
}

async function launch(profileDir: string, language: Scenario['language']): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [...chromiumFlags],
  });
  // The language a visitor chose before (web/src/i18n/index.ts reads it before anything is drawn).
  await context.addInitScript((lang) => localStorage.setItem('tadrib.language', lang), language);
  return context;
}

/** One visit over the 3G link: from navigation start to usable, and what came over the network meanwhile. */
async function visit(context: BrowserContext, scenario: Scenario): Promise<Visit> {
  // A repeat visit keeps the session of the first one (its cookie is in the profile).
  const signedIn = (await context.request.get(`${base}/api/auth/session`)).status() === 200;
  if (scenario.signedIn && !signedIn) {
    // Through the API, so that signing in fills no cache.
    const login = await context.request.post(`${base}/api/auth/login`, { data: FOCAL_POINT });
    if (login.status() !== 200) throw new Error(`focal point sign-in: ${login.status()} ${await login.text()}`);
  }
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
  let bytes = 0;
  let requests = 0;
  let fromCache = 0;
  // CDP's timestamps are seconds on a clock of its own: the document's request sets its zero.
  let zero: number | null = null;
  const fetches = new Map<string, Fetch>();
  cdp.on('Network.requestWillBeSent', (event) => {
    zero ??= event.timestamp;
    fetches.set(event.requestId, {
      url: event.request.url.replace(base, ''),
      startMs: (event.timestamp - zero) * 1000,
      endMs: null,
      bytes: 0,
      source: 'network',
    });
  });
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    const fetched = fetches.get(event.requestId);
    if (fetched && zero !== null)
      Object.assign(fetched, { endMs: (event.timestamp - zero) * 1000, bytes: event.encodedDataLength });
  });
  cdp.on('Network.responseReceived', (event) => {
    const cached = event.response.fromDiskCache || event.response.fromServiceWorker || event.response.fromPrefetchCache;
    if (cached) fromCache++;
    else requests++;
    const fetched = fetches.get(event.requestId);
    if (fetched && cached) fetched.source = event.response.fromServiceWorker ? 'service worker' : 'cache';
  });
  const load = load1();
  await page.goto(`${base}${scenario.path}`, { waitUntil: 'commit', timeout: 60_000 });
  // performance.now() counts from the navigation's start.
  const usable = await page.waitForFunction(
    ({ selectors, lang }) =>
      document.documentElement.lang === lang && selectors.every((selector) => document.querySelector(selector))
        ? performance.now()
        : 0,
    { selectors: scenario.usableWhen, lang: scenario.language },
    { polling: 'raf', timeout: 60_000 },
  );
  const usableMs = Number(await usable.jsonValue());
  // Counted until the page has fetched all it asks for, not just up to the moment it is usable.
  await page.waitForLoadState('networkidle');
  // A reader comes back after the app has installed its offline copy (the service worker, registered
  // once the page is idle): the visit lasts until then, or the repeat visit would measure a half-installed one.
  const installed = await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000)),
    ]),
  );
  if (!installed) throw new Error(`${scenario.name}: the service worker was not installed within a minute`);
  await page.close();
  if (options.waterfall) {
    console.log(`  ${scenario.name}: usable at ${usableMs.toFixed(0)} ms`);
    for (const f of [...fetches.values()].sort((a, b) => a.startMs - b.startMs)) {
      const end = f.endMs === null ? '—' : f.endMs.toFixed(0);
      console.log(
        `    ${f.startMs.toFixed(0).padStart(6)} → ${end.padStart(6)} ms ${kilobytes(f.bytes).padStart(9)}  ${f.source.padEnd(14)} ${f.url}`,
      );
    }
  }
  return { usableMs, bytes, requests, fromCache, load };
}

async function measure(scenario: Scenario): Promise<{ cold: Visit[]; warm: Visit[] }> {
  const cold: Visit[] = [];
  const warm: Visit[] = [];
  for (let run = 0; run < runs; run++) {
    const profileDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-reach-profile-'));
    try {
      let context = await launch(profileDir, scenario.language);
      cold.push(await visit(context, scenario));
      // A repeat visit: the browser started again on the same profile (its disk cache, its service workers).
      await context.close();
      context = await launch(profileDir, scenario.language);
      warm.push(await visit(context, scenario));
      await context.close();
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  }
  return { cold, warm };
}

async function main(): Promise<void> {
  if (!options['skip-build']) {
    console.log('building (npm run build)…');
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  const keep = options.keep ? path.resolve(options.keep) : null;
  const dataRoot = keep ?? mkdtempSync(path.join(os.tmpdir(), 'tadrib-reach-'));
  const dataDir = path.join(dataRoot, 'data');
  const keysDir = path.join(dataRoot, 'keys');
  mkdirSync(dataRoot, { recursive: true });
  const seeding = !existsSync(dataDir);
  console.log(`${seeding ? 'seeding the demo and starting' : 'starting'} the server on ${base} (data in ${dataRoot})…`);
  const server = await startServer(dataDir, keysDir);
  const results: Record<string, { cold: Visit[]; warm: Visit[] }> = {};
  try {
    console.log(
      `3G: ${LINK.latency} ms round trip, ${(LINK.downloadThroughput * 8) / 1e6} Mbps down, ${(LINK.uploadThroughput * 8) / 1e3} kbps up; ` +
        `median of ${runs} run(s); ${os.cpus().length} CPUs, load ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    console.log(
      `${'page'.padEnd(15)}${'visit'.padEnd(7)}${'usable'.padStart(9)}${'goal'.padStart(10)}  ${'bytes'.padStart(10)}${'requests'.padStart(10)}${'cached'.padStart(8)}${'load'.padStart(7)}`,
    );
    for (const scenario of scenarios.filter((s) => !options.only || s.name.includes(options.only as string))) {
      const result = await measure(scenario);
      results[scenario.name] = result;
      for (const kind of ['cold', 'warm'] as const) {
        const visits = result[kind];
        const usableMs = median(visits.map((v) => v.usableMs));
        const goalMs = kind === 'cold' ? scenario.coldGoalMs : GOAL_WARM_MS;
        const verdict = goalMs === null ? '' : usableMs <= goalMs ? ' met' : ' MISSED';
        console.log(
          `${scenario.name.padEnd(15)}${kind.padEnd(7)}${seconds(usableMs).padStart(9)}${(goalMs === null ? '—' : `≤ ${seconds(goalMs)}`).padStart(10)}  ` +
            `${kilobytes(median(visits.map((v) => v.bytes))).padStart(10)}${String(median(visits.map((v) => v.requests))).padStart(10)}` +
            `${String(median(visits.map((v) => v.fromCache))).padStart(8)}${median(visits.map((v) => v.load))
              .toFixed(2)
              .padStart(7)}${verdict}`,
        );
      }
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    if (!keep) rmSync(dataRoot, { recursive: true, force: true });
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, { cold, warm }]) => [
      name,
      {
        coldMs: Math.round(median(cold.map((v) => v.usableMs))),
        warmMs: Math.round(median(warm.map((v) => v.usableMs))),
        coldBytes: median(cold.map((v) => v.bytes)),
        warmBytes: median(warm.map((v) => v.bytes)),
      },
    ]),
  );
  const coldSignIn = Math.max(
    ...scenarios.flatMap((s) => (s.coldGoalMs !== null && summary[s.name] ? [summary[s.name]?.coldMs ?? 0] : [])),
  );
  const maxWarm = Math.max(...Object.values(summary).map((s) => s.warmMs));
  const met = coldSignIn <= GOAL_COLD_SIGN_IN_MS && maxWarm <= GOAL_WARM_MS;
  console.log(
    `reach-bench ${JSON.stringify({ coldSignInMs: coldSignIn, maxWarmMs: maxWarm, goalsMet: met, load1: Number(load1().toFixed(2)), pages: summary })}`,
  );
}

await main();
