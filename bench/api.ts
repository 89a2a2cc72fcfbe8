/**
 * Request overhead, registry reads and behaviour under load (issue 14), each figure beside its goal:
 *
 * 1. Registry and list reads at scale 100 on PostgreSQL (one request at a time, p50 of 25): registry
 *    search by a partial name in any spelling filtered by state (≤ 30 ms), across states, a deep page
 *    of the officials list by keyset, a session's nominees and the audit log's first page (≤ 50 ms);
 *    the same search on PGlite over 115,000 officials (≤ 100 ms).
 * 2. The app against a bare Fastify + pg process (bench/api-bare.ts) running exactly the SQL the app
 *    ran for the same request (recorded here through pg), 20 connections, measured in halves in the
 *    order app, bare, bare, app: requests/s of both and the ratio, per endpoint (goal ≥ 0.8), with
 *    the app's statements per request and the CPU time each process spent per request (Linux); then
 *    the sessions list and the kept breakdown as a browser asks (br accepted: the app compresses, the
 *    bare process compresses per request in one call).
 * 3. Two app processes on the one database, the clients split between their ports: no errors, a
 *    sign-out and a role change on one hold on the other at once, summed requests/s.
 * 4. 200 connections: PostgreSQL list reads (p99 ≤ 250 ms, none past 2 s), each beside the bare
 *    process answering the same read at 200 connections (what this machine and database allow);
 *    PGlite with the demo data (p99 ≤ 2 s, none past 10 s); each with the admission queue and, in
 *    the same run, without it.
 *
 * Run: npm run bench:api [-- --quick] [-- --ratios]   (seeds the scale-100 PostgreSQL database
 * tadrib_bench_apispeed, or TADRIB_BENCH_DATABASE, once, bench/scale100.ts; --quick shortens every
 * load run; --ratios stops after parts 1 and 2, for iterating on request overhead; --processes after
 * part 3; --pglite-load runs only part 4's PGlite load, without PostgreSQL; --postgres-load runs
 * parts 1, 2 and part 4's PostgreSQL load).
 * Last line: api-bench min-ratio=<r>
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { users } from '../server/db/schema';
import { DEMO_PASSWORD } from '../server/db/seed/demo';
import { queryRows } from '../server/platform/db';
import { hashPassword } from '../server/platform/passwords';
import { currentWallScope } from '../server/platform/wall';
import type { RecordedEndpoint, RecordedStatement } from './api-bare';
import { benchDatabase, generatePopulation, loadPopulation } from './population';
import { scale100Postgres } from './scale100';

const quick = process.argv.includes('--quick');
const ratiosOnly = process.argv.includes('--ratios');
const upToProcesses = process.argv.includes('--processes');
const pgliteLoadOnly = process.argv.includes('--pglite-load');
const postgresLoadOnly = process.argv.includes('--postgres-load');
const LOAD_SECONDS = quick ? 4 : 10;
const HEAVY_SECONDS = quick ? 10 : 30;
const DATABASE = process.env.TADRIB_BENCH_DATABASE ?? 'tadrib_bench_apispeed';
const out = path.resolve('bench/out');
const CALLS = 25;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const fmt = (n: number, digits = 1) => n.toFixed(digits);

// ---- Recording the SQL the app runs ----

let recording: RecordedStatement[] | null = null;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (recording) {
    // query(text, values) or query({ text, rowMode }, values), as drizzle calls it: the values
    // are the second argument unless the config carries them.
    const [first, second] = args as [string | { text: string; name?: string; values?: unknown[]; rowMode?: string }, unknown];
    const values = (typeof first === 'object' && first.values) || (Array.isArray(second) ? second : []);
    const statement = {
      text: typeof first === 'string' ? first : first.text,
      values,
      ...(typeof first === 'object' && first.rowMode ? { rowMode: first.rowMode } : {}),
      // A named (prepared) statement is replayed under its name: parsed once per connection there too.
      ...(typeof first === 'object' && first.name ? { name: first.name } : {}),
      // The wall scope the app's connection ran it under (platform/db.ts sets it when it changes).
      scope: currentWallScope(),
    };
    recording.push(JSON.parse(JSON.stringify(statement)) as RecordedStatement);
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

// ---- Processes ----

type Server = { url: string; child: ChildProcess; stop(): Promise<void> };

async function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: (url: string) => Promise<boolean>,
  portOf?: (line: string) => number | null,
): Promise<Server> {
  const port = portOf ? 0 : 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let announced: number | null = null;
  child.stdout?.on('data', (d) => {
    output += d;
    announced ??= portOf?.(output) ?? null;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited:\n${output}`);
    const url = `http://127.0.0.1:${portOf ? announced : port}`;
    if ((!portOf || announced) && (await ready(url).catch(() => false))) {
      await settled(child.pid);
      return {
        url,
        child,
        stop: () =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    if (Date.now() > deadline) throw new Error(`not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Waits until a process started has done its start-up work: ready, the server still walks the whole
 * audit chain once (server/main.ts, verifyAuditChain: some seconds of CPU at scale 100, where every
 * benchmark run adds audit rows), and a measure taken meanwhile counted that work as the first
 * endpoint's (the sessions list's CPU per request 6.9 ms against 1.8 ms in one run). Settled: two
 * half-seconds in a row with under 5 % of a core used, or two minutes.
 */
async function settled(pid: number | undefined): Promise<void> {
  const deadline = Date.now() + 120_000;
  let quiet = 0;
  let last = cpuMs(pid);
  while (quiet < 2 && last !== null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuMs(pid);
    quiet = now !== null && now - last < 25 ? quiet + 1 : 0;
    last = now;
  }
}

const tadribProcess = (env: Record<string, string>) =>
  startProcess(
    // The young generation `npm start` gives the server (package.json).
    ['--max-semi-space-size=32', '--import', 'tsx', 'server/main.ts'],
    env,
    async (url) => (await fetch(`${url}/api/health/ready`)).status === 200,
  );

async function signIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const cookie = (response.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('tadrib_session='));
  if (response.status !== 200 || !cookie)
    throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
  return cookie;
}

// ---- Load ----

type Load = {
  rps: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  p50: number;
  p99: number;
  max: number;
  over: number;
  total: number;
};

/** What a browser sends: every answer of the app to a browser is compressed. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

async function load(
  url: string,
  cookie: string,
  connections: number,
  seconds: number,
  slowMs = 2000,
  acceptEncoding?: string,
): Promise<Load> {
  let over = 0;
  const headers = { cookie, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, headers, timeout: 30 }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (responseTime > slowMs) over += 1;
    });
  });
  return {
    rps: result.requests.average,
    // autocannon counts a timeout among its errors too.
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    over,
    total: result.requests.total,
  };
}

/**
 * The CPU time (user and system, ms) a process has used, from /proc (Linux; null elsewhere). Per
 * request, it moves less with the machine's load than requests/s do: the app's overhead in it is
 * what the ratio shows, without the share of the cores each process happened to get.
 */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

type Measured = { rps: number; errors: number; non2xx: number; total: number; cpu: number | null };

/**
 * The app and the bare process each loaded for `seconds`, in halves in the order app, bare, bare,
 * app: this machine's speed drifts by some 15 % within a minute, and measured one after the other
 * the second process got all of the drift; in this order a steady drift moves both alike. Each
 * side's requests/s and CPU per request are over both its halves.
 */
async function sideBySide(
  app: { pid: number | undefined; url: string; cookie: string },
  bare: { pid: number | undefined; url: string },
  seconds: number,
  acceptEncoding?: string,
): Promise<{ app: Measured; bare: Measured }> {
  const half = seconds / 2;
  const runs: Record<'app' | 'bare', { load: Load; cpu: number | null }[]> = { app: [], bare: [] };
  for (const side of ['app', 'bare', 'bare', 'app'] as const) {
    const target = side === 'app' ? app : { ...bare, cookie: '' };
    const before = cpuMs(target.pid);
    const result = await load(target.url, target.cookie, 20, half, 2000, acceptEncoding);
    const after = cpuMs(target.pid);
    runs[side].push({ load: result, cpu: before === null || after === null ? null : after - before });
  }
  const over = (halves: { load: Load; cpu: number | null }[]): Measured => {
    const total = halves.reduce((sum, h) => sum + h.load.total, 0);
    const cpu = halves.every((h) => h.cpu !== null) ? halves.reduce((sum, h) => sum + (h.cpu ?? 0), 0) : null;
    return {
      rps: total / seconds,
      errors: halves.reduce((sum, h) => sum + h.load.errors, 0),
      non2xx: halves.reduce((sum, h) => sum + h.load.non2xx, 0),
      total,
      cpu: cpu === null || total === 0 ? null : cpu / total,
    };
  };
  return { app: over(runs.app), bare: over(runs.bare) };
}

// ---- 200 connections ----

const heavy = async (label: string, url: string, cookie: string, goals: { p99: number; limit: number }) => {
  const result = await load(url, cookie, 200, HEAVY_SECONDS, goals.limit);
  const ok = result.total > 0 && result.p99 <= goals.p99 && result.over === 0 && result.errors === 0 && result.non2xx === 0;
  console.log(
    `${label.padEnd(52)} ${fmt(result.rps).padStart(7)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  max ${result.max} ms  ` +
      `past ${goals.limit / 1000} s ${result.over}  errors ${result.errors + result.non2xx} (${result.timeouts} timed out, ${result.non2xx} non-2xx)  (goal p99 ≤ ${goals.p99} ms, none past ${goals.limit / 1000} s) ${verdict(ok)}  load ${fmt(loadavg()[0] ?? 0, 2)}`,
  );
};

/** PGlite: the embedded default with the demo data, a folder of its own, with the queue and without it. */
async function heavyPglite(): Promise<void> {
  const demoDir = path.join(out, 'pglite-demo');
  for (const [label, queue] of [
    ['', {}],
    [', no queue', { TADRIB_READS_AT_ONCE: '0' }],
  ] as const) {
    const pglite = await tadribProcess({
      TADRIB_DATA_DIR: demoDir,
      TADRIB_KEYS_DIR: path.join(out, 'keys-pglite-demo'),
      TADRIB_DEMO: 'true',
      ...queue,
    });
    const demoCookie = await signIn(pglite.url, 'officer@tadrib.demo');
    for (const read of ['/api/officials?pageSize=50', '/api/results/dashboard'])
      await heavy(`[pglite${label}] GET ${read}`, `${pglite.url}${read}`, demoCookie, { p99: 2000, limit: 10_000 });
    await pglite.stop();
  }
}

// --pglite-load: only the PGlite part of the 200 connections, without the scale-100 PostgreSQL database.
if (pgliteLoadOnly) {
  console.log(`-- 200 connections for ${HEAVY_SECONDS} s, PGlite demo data --`);
  await heavyPglite();
  process.exit(0);
}

// ---- The run ----

const { handle, keys } = await scale100Postgres(DATABASE);
const keysDir = path.resolve(`bench/out/keys-${DATABASE}`);
const env = { DATABASE_URL: (await import('./scale100')).databaseUrl(DATABASE), TADRIB_KEYS_DIR: keysDir, TADRIB_DEMO: 'false' };

const config = loadConfig({ TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'silent' });
const app = await buildApp({ config, db: handle.db, databaseKind: handle.kind, keys, serveWeb: false, logger: false });
await app.ready();
const injectSignIn = async (email: string) => {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
  const cookie = response.cookies.find((c) => c.name === 'tadrib_session');
  if (!cookie) throw new Error(`sign-in of ${email} failed: ${response.body}`);
  return `tadrib_session=${cookie.value}`;
};
const officerCookie = await injectSignIn('officer@tadrib.demo');
const adminCookie = await injectSignIn('admin@tadrib.demo');
const [session] = await queryRows<{ id: string; n: number }>(
  handle.db,
  sql`select session_id as id, count(*)::int as n from nominations group by session_id order by count(*) desc limit 1`,
);
if (!session) throw new Error('no session with nominees');

const endpoints = [
  { name: 'sessions list', path: '/api/sessions', cookie: officerCookie },
  { name: 'officials search', path: '/api/officials?q=mohamed&stateIso2=MR&pageSize=50', cookie: officerCookie },
  { name: "a session's nominees", path: `/api/sessions/${session.id}/nominations`, cookie: officerCookie },
  // Answered from the answer kept in memory (results/answer-cache.ts), written once
  // (platform/serializer.ts), after a version check: the bare process then answers the same text,
  // which it keeps too, beside the rows it read.
  { name: 'results breakdown', path: '/api/results/breakdown?dimension=state', cookie: officerCookie, kept: true },
  { name: 'audit log first page', path: '/api/audit?pageSize=50', cookie: adminCookie },
];

const timed = async (url: string, cookie: string) => {
  const start = performance.now();
  const response = await app.inject({ method: 'GET', url, headers: { cookie } });
  if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  return { ms: performance.now() - start, body: response.json() as Record<string, unknown>, text: response.body };
};
const p50Of = async (url: string, cookie: string) => {
  await timed(url, cookie);
  const times: number[] = [];
  for (let i = 0; i < CALLS; i += 1) times.push((await timed(url, cookie)).ms);
  return median(times);
};

console.log(`[postgres] scale 100: ${session.n} nominees in the largest session`);
console.log('-- registry and list reads, one at a time (p50 of 25 through the API) --');
const reads: { name: string; url: string; cookie: string; goal: number }[] = [
  {
    name: 'search q=mohamed stateIso2=MR',
    url: '/api/officials?q=mohamed&stateIso2=MR&pageSize=50',
    cookie: officerCookie,
    goal: 30,
  },
  {
    name: 'search q=mouhamad stateIso2=MR',
    url: '/api/officials?q=mouhamad&stateIso2=MR&pageSize=50',
    cookie: officerCookie,
    goal: 30,
  },
  { name: 'search q=wld ahmed, all states', url: '/api/officials?q=wld%20ahmed&pageSize=50', cookie: officerCookie, goal: 30 },
  { name: 'officials first page', url: '/api/officials?pageSize=50', cookie: officerCookie, goal: 50 },
  { name: "a session's nominees", url: `/api/sessions/${session.id}/nominations`, cookie: officerCookie, goal: 50 },
  { name: 'audit log first page', url: '/api/audit?pageSize=50', cookie: adminCookie, goal: 50 },
];
// Page 200 of the officials list, reached by keyset from page 199's cursor.
let cursor: string | null = null;
let seq: number | null = null;
{
  // Walked in pages of 200 (a cursor holds whatever the page size), then three of 50: rows 9,951–10,000.
  let url = '/api/officials?pageSize=200';
  for (let step = 1; step <= 52; step += 1) {
    const body = (await timed(url, officerCookie)).body as { nextCursor: string | null };
    cursor = body.nextCursor;
    const size = step < 49 ? 200 : 50;
    url = `/api/officials?pageSize=${size}&page=${step < 49 ? step + 1 : 200 - (52 - step)}&after=${encodeURIComponent(cursor ?? '')}`;
  }
  reads.push({ name: 'officials page 200 (keyset)', url, cookie: officerCookie, goal: 50 });
  const auditPage = (await timed('/api/audit?pageSize=50&page=1', adminCookie)).body as { nextBeforeSeq: number | null };
  seq = auditPage.nextBeforeSeq;
  if (seq)
    reads.push({
      name: 'audit log page 2 (keyset)',
      url: `/api/audit?pageSize=50&page=2&beforeSeq=${seq}`,
      cookie: adminCookie,
      goal: 50,
    });
}
for (const read of reads) {
  // A search that finds no one measures nothing: the population's names must match it.
  const { body } = await timed(read.url, read.cookie);
  if (read.url.includes('q=') && !(body.items as unknown[] | undefined)?.length)
    throw new Error(`${read.url} found no one at scale 100: choose a search the population matches`);
  const p50 = await p50Of(read.url, read.cookie);
  console.log(
    `[postgres] ${read.name.padEnd(34)} p50 ${fmt(p50).padStart(7)} ms   goal ≤ ${read.goal} ms  ${verdict(p50 <= read.goal)}`,
  );
}

// The list reads of part 4, at 200 connections, on the app and on the bare process.
const heavyReads = [
  { name: 'sessions list', path: '/api/sessions' },
  { name: 'officials first page', path: '/api/officials?pageSize=50' },
];

// Statements per request, recorded through pg: what the bare process replays, the endpoints of
// part 2 and then the reads of part 4 (the bare process serves the nth at /bare/n).
const recorded: RecordedEndpoint[] = [];
for (const endpoint of [...endpoints, ...heavyReads.map((read) => ({ ...read, cookie: officerCookie }))]) {
  await timed(endpoint.path, endpoint.cookie);
  recording = [];
  const { text } = await timed(endpoint.path, endpoint.cookie);
  recorded.push({
    name: endpoint.name,
    statements: recording,
    ...('kept' in endpoint ? { kept: text } : {}),
  });
  recording = null;
}
await app.close();
mkdirSync(out, { recursive: true });
const statementsFile = path.join(out, 'api-statements.json');
writeFileSync(statementsFile, JSON.stringify(recorded, null, 1));

// ---- App against bare ----

console.log(`-- app against bare Fastify + pg, ${LOAD_SECONDS} s at 20 connections per endpoint --`);
const tadrib = await tadribProcess(env);
const bareProcess = () =>
  startProcess(
    ['--import', 'tsx', 'bench/api-bare.ts', statementsFile, env.DATABASE_URL, keysDir],
    {},
    async () => true,
    (text) => Number(/listening (\d+)/.exec(text)?.[1] ?? 0) || null,
  );
const bare = await bareProcess();
const cookieOnProcess = {
  officer: await signIn(tadrib.url, 'officer@tadrib.demo'),
  admin: await signIn(tadrib.url, 'admin@tadrib.demo'),
};
const ratios: number[] = [];
for (const [i, endpoint] of endpoints.entries()) {
  const cookie = endpoint.cookie === adminCookie ? cookieOnProcess.admin : cookieOnProcess.officer;
  const statements = recorded[i]?.statements ?? [];
  // A second of each, not measured: both processes' code for this endpoint is compiled by then.
  await load(`${tadrib.url}${endpoint.path}`, cookie, 20, 1);
  await load(`${bare.url}/bare/${i}`, '', 20, 1);
  const { app: appLoad, bare: bareLoad } = await sideBySide(
    { pid: tadrib.child.pid, url: `${tadrib.url}${endpoint.path}`, cookie },
    { pid: bare.child.pid, url: `${bare.url}/bare/${i}` },
    LOAD_SECONDS,
  );
  const [appCpu, bareCpu] = [appLoad.cpu, bareLoad.cpu];
  // A bare process answering errors is no baseline: its ratio counts as 0.
  const bareErrors = bareLoad.errors + bareLoad.non2xx;
  const ratio = bareErrors === 0 && bareLoad.total > 0 ? appLoad.rps / bareLoad.rps : 0;
  ratios.push(ratio);
  const setConfigs = statements.filter((s) => s.text.includes('set_config')).length;
  console.log(
    `${endpoint.name.padEnd(22)} app ${fmt(appLoad.rps).padStart(7)} req/s  bare ${fmt(bareLoad.rps).padStart(7)} req/s  ratio ${fmt(ratio, 2)} (goal ≥ 0.8 ${verdict(ratio >= 0.8)})  ` +
      `${statements.length} statements/request (${setConfigs} set_config)  errors ${appLoad.errors + appLoad.non2xx}/${bareErrors}` +
      (appCpu !== null && bareCpu !== null ? `  CPU/request ${fmt(appCpu, 2)} / ${fmt(bareCpu, 2)} ms` : ''),
  );
}
// As a browser asks: the app answers compressed (kept answers compressed once), the bare process
// compresses each answer in one call. Printed beside the goal's ratios, not among them.
console.log(`-- as a browser asks (accept-encoding: ${BROWSER_ENCODINGS}), ${LOAD_SECONDS} s at 20 connections --`);
for (const [i, endpoint] of endpoints.entries()) {
  if (endpoint.name !== 'sessions list' && endpoint.name !== 'results breakdown') continue;
  const { app: appLoad, bare: bareLoad } = await sideBySide(
    { pid: tadrib.child.pid, url: `${tadrib.url}${endpoint.path}`, cookie: cookieOnProcess.officer },
    { pid: bare.child.pid, url: `${bare.url}/bare/${i}` },
    LOAD_SECONDS,
    BROWSER_ENCODINGS,
  );
  const [appCpu, bareCpu] = [appLoad.cpu, bareLoad.cpu];
  console.log(
    `${endpoint.name.padEnd(22)} app ${fmt(appLoad.rps).padStart(7)} req/s  bare ${fmt(bareLoad.rps).padStart(7)} req/s  ratio ${fmt(appLoad.rps / bareLoad.rps, 2)}  ` +
      `errors ${appLoad.errors + appLoad.non2xx}/${bareLoad.errors + bareLoad.non2xx}` +
      (appCpu !== null && bareCpu !== null ? `  CPU/request ${fmt(appCpu, 2)} / ${fmt(bareCpu, 2)} ms` : ''),
  );
}
await bare.stop();
if (ratiosOnly) {
  await tadrib.stop();
  await handle.close();
  rmSync(statementsFile, { force: true });
  console.log(`api-bench min-ratio=${fmt(Math.min(...ratios), 2)}`);
  process.exit(0);
}

// ---- Two processes on one database ----

async function twoProcesses(): Promise<void> {
  console.log(`-- two Tadrib processes on one PostgreSQL, ${LOAD_SECONDS} s, 20 connections split between the ports --`);
  const second = await tadribProcess(env);
  {
    // A sign-out on one process holds on the other at once; so does a role change.
    const me = (url: string, cookie: string) => fetch(`${url}/api/me`, { headers: { cookie } }).then((r) => r.status);
    const signedIn = await signIn(tadrib.url, 'trainer@tadrib.demo');
    const before = await me(second.url, signedIn);
    const csrf = (await (await fetch(`${tadrib.url}/api/auth/session`, { headers: { cookie: signedIn } })).json()) as {
      csrfToken?: string;
    };
    await fetch(`${tadrib.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: signedIn, 'x-csrf-token': csrf.csrfToken ?? '' },
    });
    const after = await me(second.url, signedIn);
    console.log(
      `sign-out on process 1: /api/me on process 2 answered ${before} before, ${after} after  ${verdict(before === 200 && after === 401)}`,
    );

    const [trainer] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, 'trainer@tadrib.demo'));
    const trainerCookie = await signIn(second.url, 'trainer@tadrib.demo');
    const sessionsBefore = (await fetch(`${second.url}/api/sessions`, { headers: { cookie: trainerCookie } })).status;
    await handle.db
      .update(users)
      .set({ role: 'partner' })
      .where(eq(users.id, trainer?.id ?? ''));
    const sessionsAfter = (await fetch(`${second.url}/api/sessions`, { headers: { cookie: trainerCookie } })).status;
    await handle.db
      .update(users)
      .set({ role: 'trainer' })
      .where(eq(users.id, trainer?.id ?? ''));
    console.log(
      `role change trainer → partner: /api/sessions on process 2 answered ${sessionsBefore} before, ${sessionsAfter} after  ${verdict(sessionsBefore === 200 && sessionsAfter === 403)}`,
    );
  }
  const secondCookie = await signIn(second.url, 'officer@tadrib.demo');
  for (const endpoint of endpoints.slice(0, 2)) {
    const one = await load(`${tadrib.url}${endpoint.path}`, cookieOnProcess.officer, 20, LOAD_SECONDS);
    const [a, b] = await Promise.all([
      load(`${tadrib.url}${endpoint.path}`, cookieOnProcess.officer, 10, LOAD_SECONDS),
      load(`${second.url}${endpoint.path}`, secondCookie, 10, LOAD_SECONDS),
    ]);
    const errors = a.errors + a.non2xx + b.errors + b.non2xx;
    console.log(
      `${endpoint.name.padEnd(22)} one process ${fmt(one.rps).padStart(7)} req/s  two processes ${fmt(a.rps + b.rps).padStart(7)} req/s (${fmt(a.rps)} + ${fmt(b.rps)})  errors ${errors}  ${verdict(errors === 0)}`,
    );
  }
  await second.stop();
}
if (!postgresLoadOnly) await twoProcesses();
if (upToProcesses) {
  await tadrib.stop();
  await handle.close();
  rmSync(statementsFile, { force: true });
  console.log(`api-bench min-ratio=${fmt(Math.min(...ratios), 2)}`);
  process.exit(0);
}

console.log(`-- 200 connections for ${HEAVY_SECONDS} s --`);
// Each with the admission queue (platform/admission.ts, the default) and without it
// (TADRIB_READS_AT_ONCE=0), in the same run: the queue's effect beside its baseline. Each read is
// also answered by the bare process at 200 connections (its pool of 10, no queue), the yardstick:
// 200 clients that ask again once answered wait on average 200 ÷ throughput, whatever serves them.
const heavyPostgres = async (label: string, server: Server, cookie: string, yardstick?: Server) => {
  for (const [i, read] of heavyReads.entries()) {
    await heavy(`[postgres${label}] GET ${read.path}`, `${server.url}${read.path}`, cookie, { p99: 250, limit: 2000 });
    if (yardstick)
      await heavy(`[postgres, bare] GET ${read.path}`, `${yardstick.url}/bare/${endpoints.length + i}`, '', {
        p99: 250,
        limit: 2000,
      });
  }
};
const yardstick = await bareProcess();
await heavyPostgres('', tadrib, cookieOnProcess.officer, yardstick);
await yardstick.stop();
await tadrib.stop();
const unqueued = await tadribProcess({ ...env, TADRIB_READS_AT_ONCE: '0' });
await heavyPostgres(', no queue', unqueued, await signIn(unqueued.url, 'officer@tadrib.demo'));
await unqueued.stop();
await handle.close();
if (postgresLoadOnly) {
  rmSync(statementsFile, { force: true });
  console.log(`api-bench min-ratio=${fmt(Math.min(...ratios), 2)}`);
  process.exit(0);
}

await heavyPglite();

// ---- Registry search on PGlite, 115,000 officials ----

{
  const bench = await benchDatabase();
  await loadPopulation(bench.handle, generatePopulation(115_000));
  await bench.handle.bulk((session) => session.query('analyze'));
  await bench.handle.db.insert(users).values({
    email: 'officer@tadrib.demo',
    displayName: 'Bench officer',
    role: 'programme_officer',
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  const lite = await buildApp({
    config,
    db: bench.handle.db,
    databaseKind: 'pglite',
    keys: bench.keys,
    serveWeb: false,
    logger: false,
  });
  await lite.ready();
  const login = await lite.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'officer@tadrib.demo', password: DEMO_PASSWORD },
  });
  const cookie = `tadrib_session=${login.cookies.find((c) => c.name === 'tadrib_session')?.value}`;
  for (const [name, url] of [
    ['search q=mohamed stateIso2=MR', '/api/officials?q=mohamed&stateIso2=MR&pageSize=50'],
    ['search q=wld ahmed, all states', '/api/officials?q=wld%20ahmed&pageSize=50'],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i <= CALLS; i += 1) {
      const start = performance.now();
      const response = await lite.inject({ method: 'GET', url, headers: { cookie } });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      if (i === 0 && !(response.json() as { items: unknown[] }).items.length) throw new Error(`${url} found no one`);
      if (i > 0) times.push(performance.now() - start);
    }
    const p50 = median(times);
    console.log(`[pglite] ${name.padEnd(34)} p50 ${fmt(p50).padStart(7)} ms   goal ≤ 100 ms  ${verdict(p50 <= 100)}`);
  }
  await lite.close();
  await bench.dispose();
}
rmSync(statementsFile, { force: true });

console.log(`api-bench min-ratio=${fmt(Math.min(...ratios), 2)}`);
