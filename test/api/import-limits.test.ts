import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officials } from '../../server/db/schema';
import { manyRowsCsv, manyRowsXlsx, sharedStringBomb } from '../hostile-files';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { expectError } from './support';

/**
 * Hostile files on the import routes: each is refused with a 4xx naming the limit, soon, without
 * echoing its content, and the server keeps answering others while it reads them.
 */
/** Loose on purpose (the machine is shared): a stalled event loop shows as seconds. bench/import-limits.ts has the tight figures. */
const HEALTH_BOUND_MS = 2_000;
const HEAVY = 90_000;

describe(`import limits (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
  });
  afterAll(async () => t?.close());

  const officialCount = async () => Number((await t.db.select({ n: count() }).from(officials))[0]?.n ?? 0);

  /**
   * Sends a file to the preview and asks for /api/health every 50 ms meanwhile: the answer, the
   * time it took, and the slowest health answer.
   */
  async function previewWhileProbing(filename: string, content: Buffer) {
    const started = performance.now();
    let done = false;
    const upload = officer
      .post('/api/imports/officials/preview', { filename, contentBase64: content.toString('base64'), stateIso2: 'ML' })
      .finally(() => {
        done = true;
      });
    let slowestHealth = 0;
    let probes = 0;
    while (!done) {
      const asked = performance.now();
      const health = await t.anonymous.get('/api/health');
      expect(health.statusCode).toBe(200);
      slowestHealth = Math.max(slowestHealth, performance.now() - asked);
      probes += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const response = await upload;
    return { response, ms: performance.now() - started, slowestHealth, probes };
  }

  it(
    'refuses an XLSX whose one shared string inflates to 400 MB, at once, echoing nothing of it',
    async () => {
      const bomb = await sharedStringBomb(400);
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const before = await officialCount();
      const { response, ms, slowestHealth } = await previewWhileProbing('bomb.xlsx', bomb);
      const error = expectError(response, 413, 'PAYLOAD_TOO_LARGE');
      expect(error.message).toContain('64 MB');
      expect(response.body.length).toBeLessThan(2_000);
      expect(ms).toBeLessThan(20_000);
      expect(slowestHealth).toBeLessThan(HEALTH_BOUND_MS);
      expect(await officialCount()).toBe(before);
    },
    HEAVY,
  );

  it('refuses a cell longer than the cell limit, naming where it is', async () => {
    const bomb = await sharedStringBomb(1);
    const error = expectError(
      await officer.post('/api/imports/officials/preview', { filename: 'long.xlsx', contentBase64: bomb.toString('base64') }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.message).toContain('more than 4000 characters');
    const longCsv = Buffer.from(`family_name,given_names,sex\n${'B'.repeat(5_000)},Awa,F\n`);
    const csvError = expectError(
      await officer.post('/api/imports/officials/preview', { filename: 'long.csv', contentBase64: longCsv.toString('base64') }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(csvError.message).toContain('line 2, column 1');
  });

  it(
    'refuses an XLSX of 700,000 rows before reading it all, while health keeps answering',
    async () => {
      const file = await manyRowsXlsx(700_000);
      const { response, ms, slowestHealth, probes } = await previewWhileProbing('many.xlsx', file);
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(413);
      expect(response.statusCode).toBeLessThanOrEqual(422);
      expect(response.json().error.message).toMatch(/64 MB|20000 rows/);
      expect(ms).toBeLessThan(20_000);
      expect(probes).toBeGreaterThan(0);
      expect(slowestHealth).toBeLessThan(HEALTH_BOUND_MS);
    },
    HEAVY,
  );

  it(
    'stops reading at the row limit (XLSX of 30,000 rows, CSV of 400,000 rows)',
    async () => {
      for (const [filename, file] of [
        ['rows.xlsx', await manyRowsXlsx(30_000)],
        ['rows.csv', manyRowsCsv(400_000)],
      ] as const) {
        const { response, ms, slowestHealth } = await previewWhileProbing(filename, file);
        const error = expectError(response, 422, 'RULE_VIOLATION');
        expect(error.message).toContain('At most 20000 rows');
        expect(ms).toBeLessThan(20_000);
        expect(slowestHealth).toBeLessThan(HEALTH_BOUND_MS);
      }
    },
    HEAVY,
  );

  it('cuts long values in a preview and in its messages', async () => {
    const agency = 'Z'.repeat(3_000);
    const file = Buffer.from(`family_name,given_names,sex,agency,notes\nTraoré,Awa,F,${agency},${'n'.repeat(3_000)}\n`);
    const response = await officer.post('/api/imports/officials/preview', {
      filename: 'long.csv',
      contentBase64: file.toString('base64'),
      stateIso2: 'ML',
    });
    expect(response.statusCode, response.body).toBe(200);
    const row = response.json().rows[0];
    expect(row.values.notes.length).toBeLessThanOrEqual(201);
    expect(row.values.agency.length).toBeLessThanOrEqual(201);
    for (const e of row.errors) expect(e.message.length).toBeLessThan(300);
    expect(response.body.length).toBeLessThan(3_000);
  });
});
