import { count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, officials } from '../../server/db/schema';
import { storedNameKeys } from '../../server/modules/registry/names';
import { queryRows } from '../../server/platform/db';
import type { RuleCode } from '../../server/platform/rules';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, expectError } from './support';

type PreviewRow = {
  line: number;
  values: Record<string, string>;
  errors: { field: string; column: string | null; message: string }[];
  existingDuplicates: { officialId: string; score: number; reasons: string[] }[];
  fileDuplicates: { line: number; score: number }[];
};
type Preview = {
  totalRows: number;
  validRows: number;
  invalidRows: number;
  rowsWithDuplicates: number;
  rows: PreviewRow[];
  fileSha256: string;
};

const csv = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`).toString('base64');

async function xlsx(rows: (string | number | Date)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Officials');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

describe(`imports of officials (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let focal: Client;
  let existingId: string;

  const officialCount = async () => Number((await t.db.select({ n: count() }).from(officials))[0]?.n ?? 0);

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    focal = await t.as('focal_point'); // Nigeria
    await t.db.insert(agencies).values([
      { stateIso2: 'NG', name: 'Nigeria Police Force', acronym: 'NPF', type: 'police' },
      { stateIso2: 'ML', name: 'Police nationale', acronym: 'PN', type: 'police' },
    ]);
    const [row] = await t.db
      .insert(officials)
      .values({
        stateIso2: 'NG',
        familyName: 'Okafor',
        givenNames: 'Chukwuemeka',
        sex: 'male',
        birthDate: '1979-09-09',
        nameKeys: storedNameKeys('Okafor', 'Chukwuemeka'),
      })
      .returning({ id: officials.id });
    existingId = (row as { id: string }).id;
  });
  afterAll(async () => t.close());

  describe('template', () => {
    it('offers CSV and XLSX templates with English or French headers', async () => {
      const en = await focal.get('/api/imports/officials/template?format=csv&lang=en');
      expect(en.statusCode).toBe(200);
      expect(en.headers['content-type']).toMatch(/^text\/csv/);
      expect(en.headers['content-disposition']).toContain('tadrib-officials-en.csv');
      expect(en.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
        'state,family_name,given_names,name_original,sex,birth_date,agency,rank,position,languages,email,phone,notes',
      );
      const fr = await focal.get('/api/imports/officials/template?format=xlsx&lang=fr');
      expect(fr.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(fr.rawPayload as unknown as ArrayBuffer);
      const header = ((workbook.worksheets[0]?.getRow(1).values ?? []) as string[]).slice(1);
      expect(header.slice(0, 5)).toEqual(['etat', 'nom', 'prenoms', 'nom_original', 'sexe']);
      expectError(await focal.get('/api/imports/officials/template?format=pdf'), 400, 'VALIDATION_FAILED');
    });

    it('the template itself previews as one valid row', async () => {
      const file = (await officer.get('/api/imports/officials/template?format=csv&lang=fr')).rawPayload.toString('base64');
      await t.db
        .insert(agencies)
        .values({ stateIso2: 'ML', name: 'Police', acronym: null, type: 'police' })
        .onConflictDoNothing();
      const res = await officer.post('/api/imports/officials/preview', { filename: 'template.csv', contentBase64: file });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ totalRows: 1, validRows: 1 });
    });
  });

  describe('preview', () => {
    const lines = [
      'Nom;Prénoms;Sexe;Date de naissance;Agence;Courriel;Langues',
      'Okafor;Chukwuemeka;M;09/09/1979;NPF;c.okafor@example.org;en; ig', // duplicate of the existing record
      'Adebayo;Funmilayo;F;1988-02-14;Nigeria Police Force;;en',
      ';Nameless;F;;;;', // no family name
      'Bad;Sex;X;1990-01-01;;;',
      'Bad;Date;F;31/02/1990;;;',
      'Unknown;Agency;M;;Ministry of Magic;;',
      'Adebayo;Funmilayo;F;1988-02-14;NPF;;', // duplicate of line 3, within the file
      'Wrong;Email;M;;;not-an-email;',
    ];

    it('shows each row with its errors and likely duplicates, and writes nothing', async () => {
      const before = await officialCount();
      const res = await focal.post('/api/imports/officials/preview', { filename: 'agents.csv', contentBase64: csv(lines) });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as Preview;
      expect(body).toMatchObject({ totalRows: 8, validRows: 3, invalidRows: 5 });
      const row = (line: number) => body.rows.find((r) => r.line === line) as PreviewRow;
      expect(row(2).errors).toEqual([]);
      expect(row(2).existingDuplicates[0]).toMatchObject({ officialId: existingId });
      expect(row(2).existingDuplicates[0]?.reasons).toEqual(expect.arrayContaining(['same_name', 'same_birth_date']));
      expect(row(3).fileDuplicates).toEqual([expect.objectContaining({ line: 8 })]);
      expect(row(8).fileDuplicates).toEqual([expect.objectContaining({ line: 3 })]);
      expect(row(4).errors).toEqual([{ field: 'familyName', column: 'Nom', message: 'Required' }]);
      expect(row(5).errors.map((e) => [e.field, e.column])).toEqual([['sex', 'Sexe']]);
      expect(row(6).errors.map((e) => e.field)).toEqual(['birthDate']);
      expect(row(7).errors).toEqual([{ field: 'agency', column: 'Agence', message: 'No agency "Ministry of Magic" in NG' }]);
      expect(row(9).errors.map((e) => e.field)).toEqual(['email']);
      expect(body.rowsWithDuplicates).toBe(3);
      expect(await officialCount()).toBe(before);
      // Existing identities were shown: the read is audited.
      const [audit] = await auditRowsOf(t.db, 'official.import.preview');
      expect(audit?.details).toMatchObject({ filename: 'agents.csv', rows: 8, valid: 3, matchedOfficialIds: [existingId] });
    });

    it('keeps a focal point to their own state', async () => {
      const err = expectError(
        await focal.post('/api/imports/officials/preview', { filename: 'a.csv', contentBase64: csv(lines), stateIso2: 'ML' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.details?.[0]?.path).toBe('stateIso2');
      const res = await focal.post('/api/imports/officials/preview', {
        filename: 'a.csv',
        contentBase64: csv(['state,family_name,given_names,sex', 'ML,Traoré,Awa,F', 'NG,Musa,Ibrahim,M', 'ZZ,Nowhere,Man,M']),
      });
      const body = res.json() as Preview;
      expect(body.rows[0]?.errors).toEqual([{ field: 'state', column: 'state', message: 'You may only import officials of NG' }]);
      expect(body.rows[1]?.errors).toEqual([]);
      expect(body.rows[2]?.errors[0]?.message).toContain('not an African UN member state');
    });

    it('tells a focal point nothing about another state’s agencies: an existing one reads like an unknown one', async () => {
      const res = await focal.post('/api/imports/officials/preview', {
        filename: 'a.csv',
        contentBase64: csv([
          'state,family_name,given_names,sex,agency',
          'ML,Traoré,Awa,F,Police nationale',
          'ML,Traoré,Awa,F,PN',
          'ML,Traoré,Awa,F,Ministry of Magic',
        ]),
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as Preview;
      for (const row of body.rows) {
        expect(row.errors).toEqual([{ field: 'state', column: 'state', message: 'You may only import officials of NG' }]);
      }
      // The office, who may import for any state, is told which agencies exist.
      const office = (
        await officer.post('/api/imports/officials/preview', {
          filename: 'a.csv',
          contentBase64: csv([
            'state,family_name,given_names,sex,agency',
            'ML,Traoré,Awa,F,PN',
            'ML,Traoré,Awa,F,Ministry of Magic',
          ]),
        })
      ).json() as Preview;
      expect(office.rows.map((r) => r.errors)).toEqual([
        [],
        [{ field: 'agency', column: 'agency', message: 'No agency "Ministry of Magic" in ML' }],
      ]);
    });

    it('asks an officer for the state when the file has none', async () => {
      const file = csv(['family_name,given_names,sex', 'Musa,Ibrahim,M']);
      const none = (
        await officer.post('/api/imports/officials/preview', { filename: 'a.csv', contentBase64: file })
      ).json() as Preview;
      expect(none.rows[0]?.errors).toEqual([
        { field: 'state', column: null, message: 'Give the state in a column or choose one for the file' },
      ]);
      const ng = await officer.post('/api/imports/officials/preview', {
        filename: 'a.csv',
        contentBase64: file,
        stateIso2: 'NG',
      });
      expect(ng.json().validRows).toBe(1);
    });

    it('reads XLSX, with real dates and formulas', async () => {
      const file = await xlsx([
        ['family_name', 'given_names', 'sex', 'birth_date', 'agency'],
        ['Traoré', 'Mohamed', 'male', new Date(Date.UTC(1984, 2, 17)), 'PN'],
        ['Traore', 'Muhammad', 'male', '1984-03-17', 'Police nationale'],
      ]);
      const res = await officer.post('/api/imports/officials/preview', {
        filename: 'mali.XLSX',
        contentBase64: file,
        stateIso2: 'ML',
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as Preview;
      expect(body.validRows).toBe(2);
      expect(body.rows[0]?.values.birthDate).toBe('1984-03-17');
      expect(body.rows[0]?.fileDuplicates[0]?.line).toBe(3);
    });
  });

  describe('rejected files change nothing', () => {
    const cases: [string, () => Promise<{ filename: string; contentBase64: string }>, RuleCode][] = [
      [
        'an unknown column',
        async () => ({ filename: 'a.csv', contentBase64: csv(['family_name,given_names,sex,shoe_size', 'A,B,F,40']) }),
        'import.unknown_columns',
      ],
      [
        'a missing column',
        async () => ({ filename: 'a.csv', contentBase64: csv(['family_name,given_names', 'A,B']) }),
        'import.missing_columns',
      ],
      [
        'a column given twice',
        async () => ({ filename: 'a.csv', contentBase64: csv(['nom,family_name,given_names,sex', 'A,A,B,F']) }),
        'import.duplicate_column',
      ],
      [
        'a header and no rows',
        async () => ({ filename: 'a.csv', contentBase64: csv(['family_name,given_names,sex']) }),
        'import.no_rows',
      ],
      [
        'a damaged workbook',
        async () => ({ filename: 'a.xlsx', contentBase64: Buffer.from('not a zip').toString('base64') }),
        'import.xlsx_damaged',
      ],
      [
        'broken CSV quoting',
        async () => ({ filename: 'a.csv', contentBase64: csv(['family_name,given_names,sex', '"A,B,F']) }),
        'import.csv_unreadable',
      ],
    ];
    for (const [what, file, rule] of cases) {
      it(`refuses ${what} (422) at preview and commit`, async () => {
        const before = await officialCount();
        const body = { ...(await file()), stateIso2: 'NG' };
        const preview = expectError(await officer.post('/api/imports/officials/preview', body), 422, 'RULE_VIOLATION');
        expect(preview.rule).toBe(rule);
        expectError(await officer.post('/api/imports/officials/commit', body), 422, 'RULE_VIOLATION');
        expect(await officialCount()).toBe(before);
      });
    }

    it('refuses a file whose every row is invalid', async () => {
      const before = await officialCount();
      const err = expectError(
        await officer.post('/api/imports/officials/commit', {
          filename: 'a.csv',
          contentBase64: csv(['family_name,given_names,sex', 'A,B,X', ',C,F']),
          stateIso2: 'NG',
        }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.message).toContain('No valid row');
      expect(await officialCount()).toBe(before);
    });

    it('refuses bad requests (400): other extensions, not base64, unknown fields, lines that hold no row', async () => {
      expectError(
        await officer.post('/api/imports/officials/preview', { filename: 'a.pdf', contentBase64: 'QQ==' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await officer.post('/api/imports/officials/preview', { filename: 'a.csv', contentBase64: '@@@' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await officer.post('/api/imports/officials/preview', { filename: 'a.csv', contentBase64: 'QQ==', x: 1 }),
        400,
        'VALIDATION_FAILED',
      );
      const before = await officialCount();
      const err = expectError(
        await officer.post('/api/imports/officials/commit', {
          filename: 'a.csv',
          contentBase64: csv(['family_name,given_names,sex', 'Musa,Ibrahim,M']),
          stateIso2: 'NG',
          skipLines: [99],
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(err.details?.[0]?.path).toBe('skipLines');
      expect(await officialCount()).toBe(before);
    });

    it('accepts a body above the 1 MB default on the import routes, and refuses one above 15 MB (413)', async () => {
      const rows = ['family_name,given_names,sex,notes'];
      for (let i = 0; i < 900; i++) rows.push(`Musa${i},Ibrahim,M,${'x'.repeat(1500)}`);
      const big = csv(rows);
      expect(big.length).toBeGreaterThan(1024 * 1024);
      const ok = await officer.post('/api/imports/officials/preview', {
        filename: 'big.csv',
        contentBase64: big,
        stateIso2: 'NG',
      });
      expect(ok.statusCode, ok.body.slice(0, 200)).toBe(200);
      const huge = 'A'.repeat(16 * 1024 * 1024);
      expectError(
        await officer.post('/api/imports/officials/preview', { filename: 'huge.csv', contentBase64: huge }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });
  });

  describe('commit', () => {
    it('writes every valid row but those skipped, in one transaction, audited', async () => {
      const file = csv([
        'family_name,given_names,sex,birth_date,agency,email',
        'Ibrahim,Hauwa,F,1990-04-04,NPF,h.ibrahim@example.org',
        'Eze,Ngozi,F,,,',
        'Bad,Row,Q,,,',
        'Okafor,Chukwuemeka,M,1979-09-09,,', // the known duplicate: skipped by choice
      ]);
      const before = await officialCount();
      const res = await focal.post('/api/imports/officials/commit', { filename: 'ng.csv', contentBase64: file, skipLines: [5] });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ created: 2, skippedInvalidLines: [4], skippedLines: [5] });
      expect(await officialCount()).toBe(before + 2);
      const [hauwa] = await t.db.select().from(officials).where(eq(officials.id, body.createdIds[0]));
      expect(hauwa).toMatchObject({
        stateIso2: 'NG',
        familyName: 'Ibrahim',
        email: 'h.ibrahim@example.org',
        birthDate: '1990-04-04',
      });
      expect(hauwa?.agencyId).not.toBeNull();
      expect(hauwa?.nameKeys).toBe(storedNameKeys('Ibrahim', 'Hauwa'));
      const [audit] = await auditRowsOf(t.db, 'official.import');
      expect(audit?.details).toMatchObject({ filename: 'ng.csv', created: 2, skippedInvalidLines: [4], skippedLines: [5] });
      expect((await auditRowsOf(t.db, 'official.create', body.createdIds[1])).length).toBe(1);
    });

    it('refreshes the planner’s statistics of officials after a load that makes them stale, not after a few rows', async () => {
      const planned = async () =>
        Number(
          (await queryRows<{ n: number }>(t.db, sql`select reltuples as n from pg_class where relname = 'officials'`))[0]?.n,
        );
      const load = async (rows: number, tag: string) => {
        const lines = Array.from({ length: rows }, (_, i) => `Statson${tag}${i},Ada,F`);
        const res = await focal.post('/api/imports/officials/commit', {
          filename: `${tag}.csv`,
          contentBase64: csv(['family_name,given_names,sex', ...lines]),
        });
        expect(res.statusCode, res.body).toBe(200);
      };
      await load(120 + Math.ceil((await officialCount()) / 10), 'a');
      // Small enough to be read whole: the statistics count every row.
      expect(await planned()).toBe(await officialCount());
      await load(3, 'b');
      expect(await planned()).toBe((await officialCount()) - 3);
    });

    it('is for programme officers and focal points only', async () => {
      const body = { filename: 'a.csv', contentBase64: csv(['family_name,given_names,sex', 'A,B,F']), stateIso2: 'NG' };
      for (const role of ['admin', 'me_officer', 'trainer', 'participant', 'partner'] as const) {
        const c = await t.as(role);
        expectError(await c.post('/api/imports/officials/commit', body), 403, 'FORBIDDEN');
        expectError(await c.post('/api/imports/officials/preview', body), 403, 'FORBIDDEN');
        expectError(await c.get('/api/imports/officials/template'), 403, 'FORBIDDEN');
      }
    });
  });
});
