/**
 * `npm test`: every suite that this machine can run, and a clear word on the ones it cannot.
 * Unit tests; API tests on PGlite, then on PostgreSQL when a server answers; browser journeys
 * when chromium is installed. Ends with one line: `N passed, N failed`.
 *
 * The browser journeys run beside the API tests on PostgreSQL, their output kept in a file and
 * printed when they end: run alone they keep under one core busy (the browser waits on the server
 * and the server on the browser), and so do those API tests, so on two cores the two overlap
 * instead of adding 15 minutes one after the other. `TADRIB_TEST_SERIAL=true` runs every suite
 * one after the other.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

type Suite = { name: string; projects: string[]; env?: Record<string, string>; skip?: string };
type Counts = { passed: number; failed: number; skipped: number };

const outDir = path.resolve('test-results');
mkdirSync(outDir, { recursive: true });

const postgresUrl = process.env.TADRIB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `no PostgreSQL reachable at ${postgresUrl.replace(/\/\/[^@]*@/, '//')} (${(error as Error).message}); set TADRIB_TEST_POSTGRES_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

const vitestArguments = (suite: Suite, report: string) => [
  'vitest',
  'run',
  ...suite.projects.flatMap((project) => ['--project', project]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
];
const suiteEnvironment = (suite: Suite) => ({ ...process.env, ...suite.env, TADRIB_TEST_RUN: `${process.pid}-${suite.name}` });

function runSuite(suite: Suite): Counts {
  const report = path.join(outDir, `${suite.name}.json`);
  rmSync(report, { force: true });
  console.log(`\n=== ${suite.name} ===`);
  const result = spawnSync('npx', vitestArguments(suite, report), { stdio: 'inherit', env: suiteEnvironment(suite) });
  return countsOf(suite, report, result.status);
}

/** Starts a suite in the background, its output in test-results/<name>.log; resolves once it ends, after printing that output. */
function startSuite(suite: Suite): Promise<Counts> {
  const report = path.join(outDir, `${suite.name}.json`);
  const logFile = path.join(outDir, `${suite.name}.log`);
  rmSync(report, { force: true });
  console.log(`\n=== ${suite.name}: started beside the other suites, its output follows when it ends ===`);
  const output = openSync(logFile, 'w');
  const child = spawn('npx', vitestArguments(suite, report), {
    stdio: ['ignore', output, output],
    env: { ...suiteEnvironment(suite), FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
  });
  return new Promise((resolve) => {
    child.on('close', (status) => {
      closeSync(output);
      console.log(`\n=== ${suite.name} ===`);
      process.stdout.write(readFileSync(logFile, 'utf8'));
      resolve(countsOf(suite, report, status));
    });
  });
}

function countsOf(suite: Suite, report: string, status: number | null): Counts {
  if (!existsSync(report)) {
    console.log(`${suite.name}: the runner produced no report (exit ${status}); counted as one failure`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  // A file that fails to load has no tests but is a failure all the same.
  const failed = json.numFailedTests + (json.numFailedTests === 0 ? json.numFailedTestSuites : 0);
  return { passed: json.numPassedTests, failed, skipped: json.numPendingTests + json.numTodoTests };
}

const only = process.argv.slice(2);
/** vitest.config.ts: the API tests that share their modules, and the few that replace one. */
const apiProjects = ['api', 'api-mocked'];
const allSuites: Suite[] = [
  { name: 'unit', projects: ['unit'] },
  { name: 'api-pglite', projects: apiProjects, env: { TADRIB_TEST_DB: 'pglite' } },
  {
    name: 'api-postgres',
    projects: apiProjects,
    env: { TADRIB_TEST_DB: 'postgres', TADRIB_TEST_POSTGRES_URL: postgresUrl },
    skip: (await postgresReachable()) ?? undefined,
  },
  {
    name: 'e2e',
    projects: ['e2e'],
    env: { CHROMIUM_PATH: chromium },
    skip: existsSync(chromium) ? undefined : `no chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`,
  },
];
const suites = allSuites.filter((s) => only.length === 0 || only.includes(s.name));

const serial = process.env.TADRIB_TEST_SERIAL === 'true';
const runnable = suites.filter((suite) => !suite.skip);
const e2e = runnable.find((suite) => suite.name === 'e2e');
const apiPostgres = runnable.find((suite) => suite.name === 'api-postgres');
const countsBySuite = new Map<string, Counts>();
let besideCounts: Promise<Counts> | undefined;
for (const suite of runnable) {
  if (suite === e2e && besideCounts) continue;
  // Beside the API tests on PostgreSQL, whose workers wait on the server, and not beside those on
  // PGlite, which keep both cores busy in the workers themselves.
  if (suite === apiPostgres && e2e && !serial) besideCounts = startSuite(e2e);
  countsBySuite.set(suite.name, runSuite(suite));
}
if (e2e && besideCounts) countsBySuite.set(e2e.name, await besideCounts);

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
for (const suite of suites) {
  const counts = countsBySuite.get(suite.name);
  if (!counts) {
    lines.push(`${suite.name.padEnd(13)} SKIPPED: ${suite.skip}`);
    continue;
  }
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  lines.push(
    `${suite.name.padEnd(13)} ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`,
  );
}
console.log(`\n=== summary ===\n${lines.join('\n')}`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
