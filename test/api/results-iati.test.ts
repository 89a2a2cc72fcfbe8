import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { coursePartners, organisations, programmes } from '../../server/db/schema';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { enrol, evaluation, followUp, pastSession, person, programmeWithCourse } from './results-fixtures';
import { expectError } from './support';

/**
 * IATI activity XML, validated against the IATI 2.03 activity schema (the published schema files in test/fixtures) with
 * libxml2 compiled to WebAssembly (xmllint-wasm: no native build).
 *
 *  Programme A: S1 ends 2024-06-14 (NG: 5 women, 6 men complete), S2 ends 2025-03-07 (NG: 1 woman,
 *  GH: 6 men, SN: 2 men complete); a donor government funds it, UNODC co-delivers it. Four S1
 *  graduates answer the follow-up: 3 applied, 1 did not. Programme B has no session yet.
 *  The file is published: counts of 1 to 4 persons are left out and the others rounded to base 5;
 *  means only where no cell containing their records has 1 to 4 more (docs/results-definitions.md).
 */

/** The published IATI 2.03 schema files, kept in the repository so that any clone can run the test. */
const schemaDir = new URL('../fixtures/iati-2.03/', import.meta.url);

async function validate(xml: string) {
  const file = (name: string) => ({ fileName: name, contents: readFileSync(new URL(name, schemaDir), 'utf8') });
  return validateXML({
    xml: [{ fileName: 'activities.xml', contents: xml }],
    schema: [file('iati-activities-schema.xsd')],
    preload: [file('iati-common.xsd'), file('xml.xsd')],
  });
}

let t: TestApp;
let me: Client;
let xml: string;
const world = {} as Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.db;
  const a = await programmeWithCourse(db, {
    title: 'CT Investigations & <Prosecutions>',
    threshold: 0.8,
    passMark: null,
    maxScore: 100,
  });
  world.programmeA = a.programmeId;
  await db
    .update(programmes)
    .set({ title: { en: 'CT Investigations & <Prosecutions>', ar: 'التحقيقات في قضايا الإرهاب' } })
    .where(eq(programmes.id, a.programmeId));
  const [programmeA] = await db.select({ code: programmes.code }).from(programmes).where(eq(programmes.id, a.programmeId));
  world.codeA = programmeA?.code as string;
  const s1 = await pastSession(db, a.courseId, ['2024-06-10', '2024-06-11', '2024-06-12', '2024-06-13', '2024-06-14']);
  const s2 = await pastSession(db, a.courseId, ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07']);
  const cohorts: [typeof s1, string, 'female' | 'male', number][] = [
    [s1, 'NG', 'female', 5],
    [s1, 'NG', 'male', 6],
    [s2, 'NG', 'female', 1],
    [s2, 'GH', 'male', 6],
    [s2, 'SN', 'male', 2],
  ];
  let n = 0;
  for (const [session, state, sex, count] of cohorts) {
    for (let i = 0; i < count; i += 1) {
      n += 1;
      const id = await person(db, { state, sex, name: `Iati${n}` });
      const nomination = await enrol(db, session, id, { present: 5, pre: 40, post: 70 });
      if (session === s1 && i < 2) await followUp(db, nomination, sex === 'male' ? i === 0 : true);
    }
  }
  await evaluation(db, s1.id, 4, '2024-06-14');
  const [donor] = await db
    .insert(organisations)
    .values({ name: `Donor government ${process.pid}`, kind: 'donor_government' })
    .returning();
  const [unodc] = await db
    .insert(organisations)
    .values({ name: `United Nations Office on Drugs and Crime ${process.pid}`, acronym: 'UNODC', kind: 'un_entity' })
    .returning();
  await db.insert(coursePartners).values([
    { courseId: a.courseId, organisationId: donor?.id as string, role: 'donor' },
    { courseId: a.courseId, organisationId: unodc?.id as string, role: 'delivering_partner' },
  ]);
  const b = await programmeWithCourse(db, { title: 'Border security', threshold: 0.8, passMark: null, maxScore: null });
  const [programmeB] = await db.select({ code: programmes.code }).from(programmes).where(eq(programmes.id, b.programmeId));
  world.codeB = programmeB?.code as string;
  me = await t.as('me_officer');
  const response = await me.get('/api/results/iati.xml?from=2024&to=2025');
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
  expect(response.headers['content-disposition']).toBe('attachment; filename="tadrib-iati-activities-2024-2025.xml"');
  xml = response.body;
}, 180_000);

afterAll(async () => {
  await t?.close();
});

/** The iati-activity element of a programme, by its code. */
function activity(code: string): string {
  const start = xml.indexOf(`<iati-identifier>XI-TADRIB-OFFICE-${code}</iati-identifier>`);
  expect(start, `activity ${code}`).toBeGreaterThan(-1);
  return xml.slice(xml.lastIndexOf('<iati-activity ', start), xml.indexOf('</iati-activity>', start));
}

/** The indicator whose English title is `title`. */
function indicator(block: string, title: string): string {
  const at = block.indexOf(`<title><narrative xml:lang="en">${title}</narrative>`);
  expect(at, `indicator ${title}`).toBeGreaterThan(-1);
  return block.slice(block.lastIndexOf('<indicator ', at), block.indexOf('</indicator>', at));
}

describe(`IATI activity XML (${testDatabaseKind})`, () => {
  it('validates against the IATI 2.03 activity schema', async () => {
    const result = await validate(xml);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validation fails on a document that breaks the schema', async () => {
    // Elements out of the schema's order, a required one missing, an attribute of the wrong type.
    for (const broken of [
      xml.replace(/<activity-status code="\d"\/>/, ''),
      xml.replace(/(<reporting-org[\s\S]*?<\/reporting-org>)(\s*)(<title>[\s\S]*?<\/title>)/, '$3$2$1'),
      xml.replace(/<period-start iso-date="2024-01-01"\/>/, '<period-start iso-date="2024"/>'),
    ]) {
      expect(broken).not.toBe(xml);
      const result = await validate(broken);
      expect(result.valid).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });

  it('describes each programme: identifier, titles in every language given, partners, status, dates, countries, sector', () => {
    const a = activity(world.codeA as string);
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<iati-activities version="2\.03" generated-datetime="/);
    expect(a).toContain('<reporting-org ref="XI-TADRIB-OFFICE" type="40"><narrative>');
    expect(a).toContain(
      '<title><narrative xml:lang="en">CT Investigations &amp; &lt;Prosecutions&gt;</narrative><narrative xml:lang="ar">التحقيقات في قضايا الإرهاب</narrative></title>',
    );
    // No description written for the programme: the catalogue's, in the four languages.
    for (const lang of ['en', 'fr', 'ar', 'pt'])
      expect(a).toMatch(new RegExp(`<description type="1">.*<narrative xml:lang="${lang}">`));
    expect(a).toContain('<participating-org ref="XI-TADRIB-OFFICE" type="40" role="2">');
    expect(a).toContain(`<participating-org type="10" role="1"><narrative>Donor government ${process.pid}</narrative>`);
    expect(a).toContain(
      `<participating-org type="40" role="4"><narrative>United Nations Office on Drugs and Crime ${process.pid} (UNODC)</narrative>`,
    );
    expect(a).toContain('<activity-status code="3"/>');
    expect(a).toContain('<activity-date type="2" iso-date="2024-06-10"/>');
    expect(a).toContain('<activity-date type="4" iso-date="2025-03-07"/>');
    // Participations in the period: NG 12, GH 6, SN 2, published as 10, 5, withheld (total 20). Senegal
    // is not named: the published total less the named countries makes Africa's regional share.
    expect(a).toContain(
      '<recipient-country code="GH" percentage="25.00"/><recipient-country code="NG" percentage="50.00"/><recipient-region code="298" vocabulary="1" percentage="25.00"/>',
    );
    expect(a).not.toMatch(/<recipient-country code="SN"/);
    expect(a).toContain('<sector vocabulary="1" code="15210" percentage="100">');
    // A programme with nothing delivered yet: pipeline, Africa as the region, no results.
    const b = activity(world.codeB as string);
    expect(b).toContain('<activity-status code="1"/>');
    expect(b).toContain('<recipient-region code="298" vocabulary="1" percentage="100.00"/>');
    expect(b).not.toContain('<result ');
  });

  it('reports the results per year, split by sex and state, with the year before as baseline', () => {
    const a = activity(world.codeA as string);
    expect(a).toContain(
      '<result type="1" aggregation-status="1"><title><narrative xml:lang="en">Officials trained in counter-terrorism</narrative>',
    );
    const officials = indicator(a, 'Officials trained');
    expect(officials).toMatch(/^<indicator measure="1" ascending="1">/);
    expect(officials).toContain('<narrative xml:lang="ar">الموظفون المدرَّبون</narrative>');
    expect(officials).toContain('<baseline year="2023" iso-date="2023-12-31" value="0"/>');
    const period = (block: string, year: number) => {
      const start = block.indexOf(`<period-start iso-date="${year}-01-01"/>`);
      return start === -1 ? null : block.slice(start, block.indexOf('</period>', start));
    };
    const year2024 = period(officials, 2024) as string;
    // 2024: 11 (5 women, 6 men, all Nigerian), rounded to base 5.
    expect(year2024).toContain('<period-end iso-date="2024-12-31"/><actual value="10"/>');
    expect(year2024).toContain('<actual value="5"><dimension name="sex" value="female"/></actual>');
    expect(year2024).toContain('<actual value="5"><dimension name="sex" value="male"/></actual>');
    expect(year2024).toContain('<actual value="10"><dimension name="state" value="NG"/></actual>');
    // 2025: 9 (one woman, 8 men; GH 6, NG 1, SN 2): the woman, Nigeria's one and Senegal's two are not published.
    const year2025 = period(officials, 2025) as string;
    expect(year2025).toContain('<period-end iso-date="2025-12-31"/><actual value="10"/>');
    expect(year2025).toContain('<actual value="5"><dimension name="state" value="GH"/></actual>');
    expect(year2025).toContain('<actual value="10"><dimension name="sex" value="male"/></actual>');
    expect(year2025).not.toContain('value="female"');
    expect(year2025).not.toMatch(/value="(NG|SN)"/);
    const women = indicator(a, 'Women');
    expect(women).toMatch(/^<indicator measure="2"/);
    // From the published counts: 5 of 10.
    expect(period(women, 2024)).toContain('<actual value="50"/>');
    expect(period(women, 2025)).toBeNull();
    const outcomes = a.slice(a.indexOf('<result type="2"'));
    // 2024's 11 tests are all Nigerian, and Nigeria's tests of 2024–2025 are those and one more (its
    // woman of 2025): both means would give her gain away, so the mean of 2024 is withheld.
    const gain = indicator(outcomes, 'Knowledge gain');
    expect(period(gain, 2024)).toBeNull();
    expect(gain).toContain('<period-end iso-date="2025-12-31"/><actual value="30"/>');
    // Four follow-up answers (3 applied) and one rating: too few to publish.
    expect(outcomes).not.toContain('Application rate</narrative>');
    expect(outcomes).not.toContain('Satisfaction</narrative>');
  });

  it('gives nothing about 1 to 4 persons by subtraction (issue 15)', () => {
    const a = activity(world.codeA as string);
    const participations = indicator(a, 'Participations');
    const actual = (year: number, dimension = '') => {
      const start = participations.indexOf(`<period-start iso-date="${year}-01-01"/>`);
      const block = participations.slice(start, participations.indexOf('</period>', start));
      const match = dimension
        ? block.match(new RegExp(`<actual value="(\\d+)"><dimension name="state" value="${dimension}"/>`))
        : block.match(/<period-end iso-date="\d{4}-12-31"\/><actual value="(\d+)"\/>/);
      return match ? Number(match[1]) : null;
    };
    // Nigeria's share of the period's participations, less its published years: nobody left over
    // (the file of main named 60 % of 20 and 11 in 2024: its one participant of 2025).
    const share = Number(a.match(/<recipient-country code="NG" percentage="([\d.]+)"\/>/)?.[1]);
    const total = (actual(2024) ?? 0) + (actual(2025) ?? 0);
    const rest = Math.round((share / 100) * total) - (actual(2024, 'NG') ?? 0) - (actual(2025, 'NG') ?? 0);
    expect(rest < 1 || rest > 4, `NG left over: ${rest}`).toBe(true);
    // A share over four answers is a figure about four persons.
    expect(a).not.toMatch(/<narrative xml:lang="en">Application rate<\/narrative>/);
  });

  it('is for the office officers only, and refuses bad periods', async () => {
    expectError(await (await t.as('partner')).get('/api/results/iati.xml'), 403, 'FORBIDDEN');
    expectError(await (await t.as('focal_point')).get('/api/results/iati.xml'), 403, 'FORBIDDEN');
    expectError(await me.get('/api/results/iati.xml?from=2025&to=2024'), 400, 'VALIDATION_FAILED');
    expectError(await me.get('/api/results/iati.xml?from=last-year'), 400, 'VALIDATION_FAILED');
  });
});
