/**
 * `npm test`: every suite that this machine can run, and a clear word on the ones it cannot.
 * Unit tests; API tests on PGlite, then on PostgreSQL when a server answers; browser journeys
 * when chromium is installed. Ends with one line: `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

type Suite = { name: string; project: string; env?: Record<string, string>; skip?: string };
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

function runSuite(suite: Suite): Counts {
  const report = path.join(outDir, `${suite.name}.json`);
  rmSync(report, { force: true });
  console.log(`\n=== ${suite.name} ===`);
  const result = spawnSync(
    'npx',
    ['vitest', 'run', '--project', suite.project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: 'inherit', env: { ...process.env, ...suite.env, TADRIB_TEST_RUN: `${process.pid}-${suite.name}` } },
  );
  if (!existsSync(report)) {
    console.log(`${suite.name}: the runner produced no report (exit ${result.status}); counted as one failure`);
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
const allSuites: Suite[] = [
  { name: 'unit', project: 'unit' },
  { name: 'api-pglite', project: 'api', env: { TADRIB_TEST_DB: 'pglite' } },
  {
    name: 'api-postgres',
    project: 'api',
    env: { TADRIB_TEST_DB: 'postgres', TADRIB_TEST_POSTGRES_URL: postgresUrl },
    skip: (await postgresReachable()) ?? undefined,
  },
  {
    name: 'e2e',
    project: 'e2e',
    env: { CHROMIUM_PATH: chromium },
    skip: existsSync(chromium) ? undefined : `no chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`,
  },
];
const suites = allSuites.filter((s) => only.length === 0 || only.includes(s.name));

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
for (const suite of suites) {
  if (suite.skip) {
    lines.push(`${suite.name.padEnd(13)} SKIPPED: ${suite.skip}`);
    continue;
  }
  const counts = runSuite(suite);
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
