import { existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { coursePartners, organisations, users } from '../../server/db/schema';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { enrol, pastSession, person, programmeWithCourse } from './results-fixtures';
import { expectError } from './support';

/**
 * The exports of the results, read back as a user's spreadsheet program would read them:
 *
 *  Programme A (title written like a formula, with markup in it), course at 80 % attendance, no post-test.
 *    S1 ends 2024-06-14: 5 Nigerians complete (3 men, 2 women).
 *    S2 ends 2025-03-07: 8 Nigerians (6 men, 2 women) and 3 Ghanaian men complete; a Ghanaian woman does not.
 *  2024–2025: 16 officials (NG 13, GH 3), 4 women; 2025: 11 officials (NG 8, GH 3), previous year 5.
 *  A partner funding programme A sees 2025 with every cell of 1 to 4 persons written "<5", the others rounded to base 5.
 */

const TITLE = '=HYPERLINK("http://example.org") <script>alert("x")</script> Investigations';

let t: TestApp;
let officer: Client;
let world: { programmeId: string; courseId: string };

beforeAll(async () => {
  t = await startTestApp();
  const db = t.db;
  world = await programmeWithCourse(db, { title: TITLE, threshold: 0.8, passMark: null, maxScore: 100 });
  const s1 = await pastSession(db, world.courseId, ['2024-06-10', '2024-06-11', '2024-06-12', '2024-06-13', '2024-06-14']);
  const s2 = await pastSession(db, world.courseId, ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07']);
  const cohorts: [typeof s1, string, 'female' | 'male', number][] = [
    [s1, 'NG', 'male', 3],
    [s1, 'NG', 'female', 2],
    [s2, 'NG', 'male', 6],
    [s2, 'NG', 'female', 2],
    [s2, 'GH', 'male', 3],
  ];
  let n = 0;
  for (const [session, state, sex, count] of cohorts) {
    for (let i = 0; i < count; i += 1) {
      n += 1;
      const id = await person(db, { state, sex, name: `Export${n}` });
      await enrol(db, session, id, { present: 5, pre: 50, post: 80 });
    }
  }
  const absent = await person(db, { state: 'GH', sex: 'female', name: 'ExportAbsent' });
  await enrol(db, s2, absent, { present: 2 });
  officer = await t.as('programme_officer');
}, 180_000);

afterAll(async () => {
  await t?.close();
});

function ok(response: LightMyRequestResponse, type: RegExp): LightMyRequestResponse {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toMatch(type);
  expect(response.headers['cache-control']).toBe('no-store');
  return response;
}

/** The CSV as rows of cells, the byte-order mark checked and removed. */
function csvRows(response: LightMyRequestResponse): string[][] {
  const bytes = response.rawPayload;
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8'), { relax_column_count: true, skip_empty_lines: false }) as string[][];
}

/** The rows of the table titled `title`: its header, then its body up to the blank line. */
function tableUnder(rows: string[][], title: string): { header: string[]; body: string[][] } {
  const at = rows.findIndex((r) => r.length === 1 && r[0] === title);
  expect(at, `a table titled ${title}`).toBeGreaterThan(-1);
  const end = rows.findIndex((r, i) => i > at && r.every((c) => c === ''));
  return { header: rows[at + 1] as string[], body: rows.slice(at + 2, end === -1 ? undefined : end) };
}

const fact = (rows: string[][], label: string) => rows.find((r) => r[0] === label)?.[1];

async function workbook(response: LightMyRequestResponse): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  return book;
}

/** The values of a sheet, row by row (1-based rows dropped to arrays from column 1). */
function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe(`results exports (${testDatabaseKind})`, () => {
  it('writes every table of the dashboard in one CSV, period and scope on top, formulas defused', async () => {
    const response = ok(
      await officer.get('/api/results/export?table=dashboard&format=csv&from=2024&to=2025&lang=en'),
      /^text\/csv/,
    );
    expect(response.headers['content-disposition']).toBe('attachment; filename="tadrib-results-2024-2025.csv"');
    const rows = csvRows(response);
    expect(rows[0]).toEqual(['Tadrib — Training results']);
    expect(fact(rows, 'Period')).toBe('2024–2025');
    expect(fact(rows, 'Previous period')).toBe('2022–2023');
    expect(fact(rows, 'Scope')).toBe('All member states and programmes');
    expect(fact(rows, 'Filters')).toBe('None');

    const headline = tableUnder(rows, 'Headline figures');
    expect(headline.header).toEqual([
      'Indicator',
      'Value',
      'Previous period',
      '95 % confidence interval, lower bound',
      '95 % confidence interval, upper bound',
      'Records the figure rests on',
      'Definition',
    ]);
    const officials = headline.body.find((r) => r[0] === 'Officials trained') as string[];
    expect(officials.slice(1, 3)).toEqual(['16', '0']);
    expect(officials[6]).toMatch(/^Distinct persons, after duplicate records are merged/);
    expect(headline.body.find((r) => r[0] === 'Women')?.[1]).toBe('25.0%');
    expect(headline.body.find((r) => r[0] === 'Knowledge gain')?.[1]).toBe('30.0');

    expect(tableUnder(rows, 'By year').body).toEqual([
      ['2024', '5', '5', '2'],
      ['2025', '11', '11', '2'],
    ]);
    const byState = tableUnder(rows, 'By member state');
    expect(byState.header).toEqual(['Member state', 'Officials trained', 'Participations', 'Women']);
    expect(byState.body).toEqual([
      ['Nigeria', '13', '13', '4'],
      ['Ghana', '3', '3', '0'],
    ]);
    const byProgramme = tableUnder(rows, 'By programme');
    // The title starts like a formula: the spreadsheet gets it as text, with an apostrophe in front.
    expect(byProgramme.body).toEqual([[`'${TITLE}`, '16', '16', '4']]);
    for (const title of ['By sex', 'By agency type']) expect(tableUnder(rows, title).body.length).toBeGreaterThan(0);
  });

  it('writes headers, names and figures in the language asked', async () => {
    const rows = csvRows(
      ok(await officer.get('/api/results/export?table=dashboard&format=csv&from=2024&to=2025&lang=fr&state=NG'), /^text\/csv/),
    );
    expect(rows[0]).toEqual(['Tadrib — Résultats de la formation']);
    expect(fact(rows, 'Période')).toBe('2024–2025');
    expect(fact(rows, 'Filtres')).toBe('État membre : Nigéria');
    const byState = tableUnder(rows, 'Par État membre');
    expect(byState.header).toEqual(['État membre', 'Agents formés', 'Participations', 'Femmes']);
    expect(byState.body).toEqual([['Nigéria', '13', '13', '4']]);
  });

  it('writes one breakdown with every measure and the previous period, then its total', async () => {
    const response = ok(
      await officer.get('/api/results/export?table=breakdown&dimension=state&format=csv&from=2025&to=2025&lang=en'),
      /^text\/csv/,
    );
    expect(response.headers['content-disposition']).toBe('attachment; filename="tadrib-results-state-2025.csv"');
    const rows = csvRows(response);
    const { header, body } = tableUnder(rows, 'Breakdown: Member state');
    expect(header).toEqual([
      'Member state',
      'Officials trained',
      'Participations',
      'Women',
      'Women (share)',
      'States reached',
      'Knowledge gain',
      'Normalised gain',
      'Application rate',
      'Satisfaction',
      'Officials trained, previous period',
      'Participations, previous period',
    ]);
    const row = (label: string) => body.find((r) => r[0] === label) as string[];
    expect(row('Nigeria')).toEqual(['Nigeria', '8', '8', '2', '25.0%', '1', '30.0', '60.0%', '', '', '5', '5']);
    expect(row('Ghana').slice(0, 5)).toEqual(['Ghana', '3', '3', '0', '0.0%']);
    expect(body[body.length - 1]).toEqual(['Total', '11', '11', '2', '18.2%', '2', '30.0', '60.0%', '', '', '5', '5']);
  });

  it('writes a workbook with one sheet per table, figures as numbers, right to left in Arabic', async () => {
    const response = ok(
      await officer.get('/api/results/export?table=dashboard&format=xlsx&from=2024&to=2025&lang=ar'),
      /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/,
    );
    expect(response.headers['content-disposition']).toBe('attachment; filename="tadrib-results-2024-2025.xlsx"');
    const book = await workbook(response);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'الأرقام الرئيسية',
      'حسب السنة',
      'حسب الدولة العضو',
      'حسب الجنس',
      'حسب البرنامج',
      'حسب نوع الجهاز',
    ]);
    const states = book.getWorksheet('حسب الدولة العضو') as ExcelJS.Worksheet;
    expect(states.views[0]).toMatchObject({ rightToLeft: true, state: 'frozen' });
    const rows = sheetRows(states);
    expect(rows[0]).toEqual(['تدريب — نتائج التدريب']);
    expect(rows.find((r) => r[0] === 'الفترة')?.[1]).toBe('2024–2025');
    const header = rows.findIndex((r) => r[0] === 'الدولة العضو');
    expect(rows[header]).toEqual(['الدولة العضو', 'الموظفون المدرَّبون', 'المشاركات', 'النساء']);
    expect(rows[header + 1]).toEqual(['نيجيريا', 13, 13, 4]);
    expect(states.getRow(header + 2).getCell(2).numFmt).toBe('#,##0');
  });

  it('answers bad requests with 4xx and changes nothing', async () => {
    const base = '/api/results/export?from=2024&to=2025';
    const missing = expectError(await officer.get(`${base}&table=breakdown&format=csv`), 400, 'VALIDATION_FAILED');
    expect(missing.details).toEqual([{ path: 'dimension', message: 'Required when table is breakdown' }]);
    expectError(await officer.get(`${base}&table=dashboard&dimension=state&format=csv`), 400, 'VALIDATION_FAILED');
    expectError(await officer.get(`${base}&table=breakdown&dimension=colour&format=csv`), 400, 'VALIDATION_FAILED');
    expectError(await officer.get(`${base}&table=dashboard&format=pdf`), 400, 'VALIDATION_FAILED');
    expectError(await officer.get(`${base}&table=everything&format=csv`), 400, 'VALIDATION_FAILED');
    expectError(await officer.get(`${base}&table=dashboard&format=csv&lang=de`), 400, 'VALIDATION_FAILED');
    expectError(await officer.get('/api/results/export?table=dashboard&format=csv&from=2025&to=2024'), 400, 'VALIDATION_FAILED');
    expectError(await officer.get('/api/results/export?table=dashboard&format=csv&from=24'), 400, 'VALIDATION_FAILED');
    expectError(await officer.get('/api/results/report.html?programme=not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectError(await officer.get('/api/results/report.pdf?from=2024-02-30'), 400, 'VALIDATION_FAILED');
    const focal = await t.as('focal_point');
    expectError(await focal.get(`${base}&table=dashboard&format=csv&state=GH`), 403, 'FORBIDDEN');
    expectError(await (await t.as('trainer')).get(`${base}&table=dashboard&format=csv`), 403, 'FORBIDDEN');
    expectError(await t.anonymous.get(`${base}&table=dashboard&format=csv`), 401, 'UNAUTHENTICATED');
  });

  it("gives a focal point their own state's figures only", async () => {
    const focal = await t.as('focal_point');
    const rows = csvRows(
      ok(await focal.get('/api/results/export?table=dashboard&format=csv&from=2024&to=2025&lang=en'), /^text\/csv/),
    );
    expect(fact(rows, 'Scope')).toBe('Nigeria only');
    expect(tableUnder(rows, 'By member state').body).toEqual([['Nigeria', '13', '13', '4']]);
  });

  describe('a partner', () => {
    let partner: Client;

    beforeAll(async () => {
      const [organisation] = await t.db
        .insert(organisations)
        .values({ name: `Export donor ${process.pid}`, kind: 'donor_government' })
        .returning();
      await t.db.update(users).set({ organisationId: organisation?.id }).where(eq(users.email, 'partner@tadrib.demo'));
      await t.db
        .insert(coursePartners)
        .values({ courseId: world.courseId, organisationId: organisation?.id as string, role: 'donor' });
      partner = await t.as('partner');
    });

    it('reads "<5" where 1 to 4 persons would show, every other count a multiple of 5', async () => {
      const rows = csvRows(
        ok(await partner.get('/api/results/export?table=dashboard&format=csv&from=2025&to=2025&lang=en'), /^text\/csv/),
      );
      expect(fact(rows, 'Scope')).toBe(`Programmes your organisation funds or co-delivers: ${TITLE}`);
      expect(fact(rows, '<5')).toMatch(/^Withheld to protect the persons counted: 1 to 4 persons, .* rounded to the nearest 5/);
      expect(tableUnder(rows, 'Headline figures').body.find((r) => r[0] === 'Officials trained')?.[1]).toBe('10');
      // Ghana's 3 are withheld; Nigeria's 8 are published as 10 (10 − 10 gives nothing away), its 2 women withheld.
      expect(tableUnder(rows, 'By member state').body).toEqual([
        ['Nigeria', '10', '10', '<5'],
        ['Ghana', '<5', '<5', '<5'],
      ]);
      const bySex = tableUnder(rows, 'By sex').body;
      expect(bySex.map((r) => r[1])).toEqual(['<5', '10']);
      const splits = ['By year', 'By member state', 'By sex', 'By programme', 'By agency type'].flatMap(
        (title) => tableUnder(rows, title).body,
      );
      const counts = splits.flatMap((r) => r.slice(1)).filter((cell) => /^\d+$/.test(cell));
      expect(counts.filter((cell) => Number(cell) % 5 !== 0)).toEqual([]);
    });

    it('gets "<5" as text in the workbook and in a breakdown', async () => {
      const book = await workbook(
        ok(
          await partner.get('/api/results/export?table=breakdown&dimension=sex&format=xlsx&from=2025&to=2025&lang=en'),
          /spreadsheetml/,
        ),
      );
      expect(book.worksheets).toHaveLength(1);
      const rows = sheetRows(book.worksheets[0] as ExcelJS.Worksheet);
      const women = rows.find((r) => r[0] === 'Woman') as unknown[];
      expect(women.slice(1, 4)).toEqual(['<5', '<5', '<5']);
      const total = rows[rows.length - 1] as unknown[];
      expect(total.slice(0, 3)).toEqual(['Total', 10, 10]);
    });
  });

  describe('results report', () => {
    it('is an HTML page in the language asked, every text escaped, loading nothing', async () => {
      const html = ok(await officer.get('/api/results/report.html?from=2024&to=2025&lang=ar'), /^text\/html/).body;
      expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
      );
      expect(html).toContain('تقرير النتائج');
      expect(html).toContain('مُتمّ: مقبول');
      expect(html).not.toContain('<script');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      // The map: Nigeria coloured, a state with nobody trained left pale.
      expect(html).toMatch(/<path d="[^"]+" fill="#[0-9a-f]{6}" stroke="#6f7a88" stroke-width="0.4"><title>NG<\/title>/);
      expect(html).toMatch(/fill="#f7f7f7" stroke="#6f7a88" stroke-width="0.4"><title>ML<\/title>/);
      for (const section of ['headline', 'map', 'byYear', 'byState', 'bySex', 'byProgramme', 'byAgencyType', 'definitions'])
        expect(html).toContain(`<section id="${section}"`);
    });

    it('withholds small cells in the report of a partner too', async () => {
      const partner = await t.as('partner');
      const html = ok(await partner.get('/api/results/report.html?from=2025&to=2025&lang=en'), /^text\/html/).body;
      expect(html).toContain('<td class="num">&lt;5</td>');
      expect(html).toContain('url(#withheld)');
    });

    it('answers 503 with what to install when no Chromium can print it', async () => {
      const without = await startTestApp({ TADRIB_CHROMIUM_PATH: '/nonexistent/chromium' });
      try {
        const response = await (await without.as('me_officer')).get('/api/results/report.pdf?from=2024&to=2025');
        const error = expectError(response, 503, 'PDF_RENDERER_UNAVAILABLE');
        expect(error.message).toMatch(/No Chromium at \/nonexistent\/chromium.*apt-get install chromium.*TADRIB_CHROMIUM_PATH/);
      } finally {
        await without.close();
      }
    });

    const chromium = loadConfig({}).chromiumPath;
    const printing = existsSync(chromium) ? it : it.skip;
    printing(
      existsSync(chromium)
        ? 'prints to PDF in English and Arabic'
        : `prints to PDF — SKIPPED: no Chromium at ${chromium} (apt-get install chromium fonts-noto-core)`,
      { timeout: 240_000 },
      async () => {
        for (const lang of ['en', 'ar']) {
          const response = ok(await officer.get(`/api/results/report.pdf?from=2024&to=2025&lang=${lang}`), /^application\/pdf/);
          expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          expect(response.rawPayload.length).toBeGreaterThan(20_000);
          expect(response.headers['content-disposition']).toBe(`inline; filename="tadrib-results-report-2024-2025-${lang}.pdf"`);
        }
      },
    );
  });
});
