import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultDimensions } from '../../contract/enums';
import { attendance, coursePartners, organisations, users } from '../../server/db/schema';
import { type Client, startTestApp, type TestApp } from './harness';
import {
  enrol,
  evaluation,
  followUp,
  merge,
  override,
  pastSession,
  person,
  programmeWithCourse,
  setStatus,
} from './results-fixtures';
import { expectError } from './support';

/**
 * Every indicator against figures worked out by hand on a small world that covers the edges of
 * the definitions (docs/product.md, "Headline indicators"):
 *
 *  Programme A (course: 80 % attendance, post-test pass mark 60 of 100)
 *    S1 ends 2024-03-05 (5 days); S2 ends 2025-05-09 (5 days)
 *  Programme B (course: 50 % attendance, no post-test)
 *    S3 ends 2025-10-10 (4 days)
 *
 *  P1 NG woman  S1 5/5, 40→80 ✓ ; S2 4/5, 50→70 ✓           trained in two years
 *  P2 NG man    S1 3/5 ✗ (attendance under the threshold)
 *  P3 GH woman  S1 5/5, 30→50 ✗ (failed the post-test)
 *  P4 GH man    S2 3/5, 30→50 ✗ by rule, ✓ by an officer's override with a reason
 *  P5 SN woman  S2 5/5, 40→90, then withdrawn ✗
 *  P6 SN man    S2 5/5, 60→90 ✓ ; and his duplicate P6' (merged into P6) S3 2/4 ✓   one person
 *  P7 NG woman  S3 2/4 ✓ (exactly the 50 % threshold)
 *  P8 ML man    S3 1/4 ✗
 *
 *  2025: officials trained P1 P4 P6 P7 = 4; participations 5 (P6 twice); women 2 → 50 %;
 *        states NG GH SN = 3; knowledge gain over S2's completed pairs +20 +20 +30 → 23.33;
 *        normalised (20/50 + 20/70 + 30/40) / 3; follow-ups: P1 applied, P6 did not, P7 silent → 50 %;
 *        ratings of 2025 sessions 4, 5 (S2) and 3 (S3) → 4.0
 *  2024: P1 only → 1 official, 1 participation, 1 state, 100 % women.
 *  2024–2025: 4 officials (P1 counted once), 6 participations.
 */

let t: TestApp;
let me: Client;
const world = {} as Record<string, string>;
const sessions = {} as Record<string, { id: string; days: string[] }>;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.db;
  const a = await programmeWithCourse(db, { title: 'Programme A', threshold: 0.8, passMark: 60, maxScore: 100 });
  const b = await programmeWithCourse(db, {
    title: 'Programme B',
    threshold: 0.5,
    passMark: null,
    maxScore: null,
    level: 'advanced',
  });
  world.programmeA = a.programmeId;
  world.courseA = a.courseId;
  world.programmeB = b.programmeId;
  const s1 = await pastSession(db, a.courseId, ['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05']);
  const s2 = await pastSession(db, a.courseId, ['2025-05-05', '2025-05-06', '2025-05-07', '2025-05-08', '2025-05-09']);
  const s3 = await pastSession(db, b.courseId, ['2025-10-07', '2025-10-08', '2025-10-09', '2025-10-10']);
  world.s3 = s3.id;
  sessions.s2 = s2;

  const p1 = await person(db, { state: 'NG', sex: 'female', name: 'One' });
  const p2 = await person(db, { state: 'NG', sex: 'male', name: 'Two' });
  const p3 = await person(db, { state: 'GH', sex: 'female', name: 'Three' });
  const p4 = await person(db, { state: 'GH', sex: 'male', name: 'Four' });
  const p5 = await person(db, { state: 'SN', sex: 'female', name: 'Five' });
  const p6 = await person(db, { state: 'SN', sex: 'male', name: 'Six' });
  const p6bis = await person(db, { state: 'SN', sex: 'male', name: 'Sixx' });
  const p7 = await person(db, { state: 'NG', sex: 'female', name: 'Seven' });
  const p8 = await person(db, { state: 'ML', sex: 'male', name: 'Eight' });
  Object.assign(world, { p1, p4, p6, p7, p8 });

  await enrol(db, s1, p1, { present: 5, pre: 40, post: 80 });
  const p1s2 = await enrol(db, s2, p1, { present: 4, pre: 50, post: 70 });
  await enrol(db, s1, p2, { present: 3, pre: 40, post: 70 });
  await enrol(db, s1, p3, { present: 5, pre: 30, post: 50 });
  const p4s2 = await enrol(db, s2, p4, { present: 3, pre: 30, post: 50 });
  await override(db, p4s2, true, 'Missed two days on an operational call-out; assessed in person by the trainer');
  const p5s2 = await enrol(db, s2, p5, { present: 5, pre: 40, post: 90 });
  await setStatus(db, p5s2, 'withdrawn');
  const p6s2 = await enrol(db, s2, p6, { present: 5, pre: 60, post: 90 });
  await enrol(db, s3, p6bis, { present: 2 });
  await merge(db, p6, p6bis);
  const p7s3 = await enrol(db, s3, p7, { present: 2 });
  world.p7s3 = p7s3;
  const p8s3 = await enrol(db, s3, p8, { present: 1 });
  world.p8s3 = p8s3;
  await followUp(db, p1s2, true);
  await followUp(db, p6s2, false);
  await followUp(db, p7s3, null);
  await evaluation(db, s2.id, 4, '2025-05-09');
  await evaluation(db, s2.id, 5, '2025-05-09');
  await evaluation(db, s3.id, 3, '2025-10-10');
  me = await t.as('me_officer');
}, 180_000);

afterAll(async () => {
  await t?.close();
});

type Headline = {
  code: string;
  value: number | null;
  previous: number | null;
  suppressed: boolean;
  ci95: [number, number] | null;
  basis: number | null;
};
type Row = {
  key: string;
  label: string;
  officialsTrained: number | null;
  participations: number | null;
  women: number | null;
  suppressed: boolean;
};

const figure = (body: { headline: Headline[] }, code: string) => body.headline.find((h) => h.code === code) as Headline;

async function dashboard(client: Client, query: string) {
  const response = await client.get(`/api/results/dashboard?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('headline indicators, worked out by hand', () => {
  it('counts 2025: persons once after the merge, overrides in, withdrawals and failures out', async () => {
    const body = await dashboard(me, 'from=2025&to=2025&lang=en');
    expect(body.period).toMatchObject({ from: '2025-01-01', to: '2025-12-31', wholeYears: true, label: '2025' });
    expect(figure(body, 'officials_trained')).toMatchObject({ value: 4, previous: 1 });
    expect(figure(body, 'participations')).toMatchObject({ value: 5, previous: 1 });
    expect(figure(body, 'states_reached')).toMatchObject({ value: 3, previous: 1 });
    expect(figure(body, 'women_share')).toMatchObject({ value: 0.5, previous: 1 });
    const gain = figure(body, 'knowledge_gain');
    expect(gain.value).toBeCloseTo(70 / 3, 10);
    expect(gain.basis).toBe(3);
    // sd of (20, 20, 30) = 5.7735; 1.96 × sd / √3 = 6.5333
    expect(gain.ci95?.[0]).toBeCloseTo(70 / 3 - 6.5333, 3);
    expect(gain.ci95?.[1]).toBeCloseTo(70 / 3 + 6.5333, 3);
    expect(figure(body, 'normalised_gain').value).toBeCloseTo((20 / 50 + 20 / 70 + 30 / 40) / 3, 10);
    expect(figure(body, 'application_rate')).toMatchObject({ value: 0.5, basis: 2 });
    expect(figure(body, 'satisfaction')).toMatchObject({ value: 4, basis: 3 });
  });

  it('counts a person trained in two years once over both', async () => {
    const body = await dashboard(me, 'from=2024&to=2025');
    expect(figure(body, 'officials_trained').value).toBe(4);
    expect(figure(body, 'participations').value).toBe(6);
    const byYear = Object.fromEntries((body.byYear as Row[]).map((r) => [r.key, r.officialsTrained]));
    expect(byYear).toEqual({ '2024': 1, '2025': 4 });
  });

  it('splits by state, sex, programme and agency type', async () => {
    const body = await dashboard(me, 'from=2025&to=2025&lang=fr');
    const byState = Object.fromEntries(
      (body.byState as Row[]).map((r) => [r.key, [r.officialsTrained, r.participations, r.women]]),
    );
    expect(byState).toEqual({ NG: [2, 2, 2], GH: [1, 1, 0], SN: [1, 2, 0] });
    expect((body.byState as Row[]).find((r) => r.key === 'NG')?.label).toBe('Nigéria');
    const bySex = Object.fromEntries((body.bySex as Row[]).map((r) => [r.key, r.officialsTrained]));
    expect(bySex).toEqual({ female: 2, male: 2 });
    const byProgramme = Object.fromEntries(
      (body.byProgramme as Row[]).map((r) => [r.key, [r.officialsTrained, r.participations]]),
    );
    expect(byProgramme).toEqual({ [world.programmeA as string]: [3, 3], [world.programmeB as string]: [2, 2] });
    expect((body.byAgencyType as Row[]).map((r) => [r.key, r.officialsTrained])).toEqual([['unknown', 4]]);
  });

  it('answers a span of days from the enrolments, with the same definitions', async () => {
    const body = await dashboard(me, 'from=2025-05-01&to=2025-06-30');
    expect(body.period.wholeYears).toBe(false);
    expect(figure(body, 'officials_trained').value).toBe(3); // S2 only: P1 P4 P6
    expect(figure(body, 'participations').value).toBe(3);
    expect(figure(body, 'satisfaction').value).toBe(4.5);
  });

  it('gives every breakdown with the same totals as the dashboard', async () => {
    const dash = await dashboard(me, 'from=2025&to=2025');
    for (const dimension of resultDimensions) {
      const response = await me.get(`/api/results/breakdown?dimension=${dimension}&from=2025&to=2025`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.total.officialsTrained).toBe(figure(dash, 'officials_trained').value);
      expect(body.total.participations).toBe(figure(dash, 'participations').value);
      expect(body.total.previousOfficialsTrained).toBe(1);
    }
    const levels = (await me.get('/api/results/breakdown?dimension=course_level&from=2025&to=2025&lang=en')).json();
    expect(levels.rows.map((r: Row) => [r.key, r.label, r.officialsTrained])).toEqual([
      ['advanced', 'Advanced', 2],
      ['foundational', 'Foundational', 3],
    ]);
    // Pillars: every enrolment counts under each pillar of its course.
    const pillars = (await me.get('/api/results/breakdown?dimension=pillar&from=2025&to=2025')).json();
    expect(pillars.rows.map((r: Row) => [r.key, r.participations])).toEqual([
      ['II', 5],
      ['IV', 5],
    ]);
  });

  it('opens the records behind a figure: as many as the figure says', async () => {
    const persons = (await me.get('/api/results/records?measure=officials&from=2025&to=2025')).json();
    expect(persons.total).toBe(4);
    expect(persons.identities).toBe(false);
    expect(
      persons.rows.every(
        (r: { name: string | null; officialId: string | null; pseudonym: string }) =>
          r.name === null && r.officialId === null && /^P-[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(r.pseudonym),
      ),
    ).toBe(true);
    const six = persons.rows.find((r: { participations: number }) => r.participations === 2);
    expect(six.stateIso2).toBe('SN');
    const enrolments = (await me.get('/api/results/records?measure=participations&from=2025&to=2025&state=NG')).json();
    expect(enrolments.total).toBe(2);
    // The records behind knowledge gain, application rate and satisfaction: as many as their basis.
    const tested = (await me.get('/api/results/records?measure=paired_tests&from=2025&to=2025')).json();
    expect(tested.total).toBe(3);
    expect(tested.rows.map((r: { postScore: number; preScore: number }) => r.postScore - r.preScore).sort()).toEqual([
      20, 20, 30,
    ]);
    const answered = (await me.get('/api/results/records?measure=follow_ups&from=2025&to=2025')).json();
    expect(answered.rows.map((r: { applied: boolean }) => r.applied).sort()).toEqual([false, true]);
    const rated = (await me.get('/api/results/records?measure=rated_sessions&from=2025&to=2025')).json();
    expect(rated.rows.map((r: { ratings: number; meanRating: number }) => [r.ratings, r.meanRating])).toEqual([
      [1, 3],
      [2, 4.5],
    ]);

    const officer = await t.as('programme_officer');
    const named = (await officer.get('/api/results/records?measure=officials&from=2025&to=2025&sex=female')).json();
    expect(named.identities).toBe(true);
    expect(named.rows.map((r: { name: string }) => r.name).sort()).toEqual(['One, Test', 'Seven, Test']);
    // The same person has the same pseudonym for every reader.
    expect(new Set(persons.rows.map((r: { pseudonym: string }) => r.pseudonym)).size).toBe(4);
  });
});

describe('fresh at every moment', () => {
  it('moves with attendance, withdrawals and merges as soon as they are recorded', async () => {
    const before = figure(await dashboard(me, 'from=2025&to=2025'), 'officials_trained').value;
    // P8 gets a second day: 2 of 4 meets programme B's 50 %.
    await t.db
      .update(attendance)
      .set({ present: true })
      .where(eq(attendance.nominationId, world.p8s3 as string));
    expect(figure(await dashboard(me, 'from=2025&to=2025'), 'officials_trained').value).toBe((before as number) + 1);
    await setStatus(t.db, world.p8s3 as string, 'withdrawn');
    expect(figure(await dashboard(me, 'from=2025&to=2025'), 'officials_trained').value).toBe(before);
    // P7 turns out to be P1 entered twice: one person fewer, the same participations.
    await merge(t.db, world.p1 as string, world.p7 as string);
    const merged = await dashboard(me, 'from=2025&to=2025');
    expect(figure(merged, 'officials_trained').value).toBe((before as number) - 1);
    expect(figure(merged, 'participations').value).toBe(5);
  });
});

describe('scopes', () => {
  it("shows a focal point their own state's figures and refuses another state", async () => {
    const focal = await t.as('focal_point');
    const body = await dashboard(focal, 'from=2024&to=2025');
    expect(body.scope).toMatchObject({ kind: 'state', stateIso2: 'NG' });
    expect((body.byState as Row[]).map((r) => r.key)).toEqual(['NG']);
    expectError(await focal.get('/api/results/dashboard?state=GH'), 403, 'FORBIDDEN');
    expectError(await focal.get('/api/results/records?measure=officials&state=GH'), 403, 'FORBIDDEN');
    const records = (await focal.get('/api/results/records?measure=officials&from=2024&to=2025')).json();
    expect(records.identities).toBe(true);
    expect(records.rows.every((r: { stateIso2: string }) => r.stateIso2 === 'NG')).toBe(true);
  });

  it('shows a partner only the programmes it supports, aggregates only, small cells withheld', async () => {
    const [organisation] = await t.db
      .insert(organisations)
      .values({ name: `Donor ${process.pid}`, kind: 'donor_government' })
      .returning();
    await t.db.update(users).set({ organisationId: organisation?.id }).where(eq(users.email, 'partner@tadrib.demo'));
    const partner = await t.as('partner');
    // Not yet funding anything: nothing to see (zero names no one).
    const none = await dashboard(partner, 'from=2024&to=2025');
    expect(none.scope).toMatchObject({ kind: 'partner', programmeIds: [], suppression: { applied: true, threshold: 5 } });
    expect(figure(none, 'officials_trained')).toMatchObject({ value: 0, suppressed: false });

    // It funds programme A; six more Nigerian officials (four women) complete S2.
    await t.db
      .insert(coursePartners)
      .values({ courseId: world.courseA as string, organisationId: organisation?.id as string, role: 'donor' });
    for (const [i, sex] of (['female', 'female', 'female', 'female', 'male', 'male'] as const).entries()) {
      const id = await person(t.db, { state: 'NG', sex, name: `Cohort${i}` });
      await enrol(t.db, sessions.s2 as { id: string; days: string[] }, id, { present: 5, pre: 50, post: 80 });
    }
    const body = await dashboard(partner, 'from=2025&to=2025');
    expect(body.scope.programmeIds).toEqual([world.programmeA]);
    // Programme A in 2025: P1, P4, P6 and the six = 9 persons, published rounded to base 5; programme B is not theirs.
    expect(figure(body, 'officials_trained')).toMatchObject({ value: 10, suppressed: false });
    expect((body.byProgramme as Row[]).map((r) => r.key)).toEqual([world.programmeA]);
    // NG 7 shown as 5; GH 1 and SN 1 withheld.
    const byState = Object.fromEntries((body.byState as Row[]).map((r) => [r.key, r.officialsTrained]));
    expect(byState).toEqual({ NG: 5, GH: null, SN: null });
    // Women 5, men 4: the men's cell is withheld; 10 − 5 = 5 says nothing exact (every count is a multiple of 5).
    const bySex = Object.fromEntries((body.bySex as Row[]).map((r) => [r.key, [r.officialsTrained, r.suppressed]]));
    expect(bySex).toEqual({ female: [5, false], male: [null, true] });
    expect(figure(body, 'women_share')).toMatchObject({ value: null, suppressed: true });
    // No count under 5 anywhere in what a partner receives.
    const counts = [...body.byYear, ...body.byState, ...body.bySex, ...body.byProgramme, ...body.byAgencyType].flatMap(
      (r: Row) => [r.officialsTrained, r.participations, r.women],
    );
    expect(counts.filter((n: number | null) => n !== null && n < 5)).toEqual([]);
    // Asking for programme B is refused, never answered with figures.
    expectError(await partner.get(`/api/results/dashboard?programme=${world.programmeB}`), 403, 'FORBIDDEN');
    const breakdown = (await partner.get('/api/results/breakdown?dimension=sex&from=2025&to=2025')).json();
    expect(breakdown.rows.map((r: { officialsTrained: number | null }) => r.officialsTrained)).toEqual([5, null]);
    expect(breakdown.total.officialsTrained).toBe(10);
  });

  it('refuses partners the records', async () => {
    const partner = await t.as('partner');
    expectError(await partner.get('/api/results/records?measure=officials'), 403, 'FORBIDDEN');
  });
});

describe('bad input', () => {
  it('answers 4xx with the reason', async () => {
    expectError(await me.get('/api/results/dashboard?from=2025&to=2024'), 400, 'VALIDATION_FAILED');
    expectError(await me.get('/api/results/dashboard?from=25'), 400, 'VALIDATION_FAILED');
    expectError(await me.get('/api/results/dashboard?from=2025-02-30'), 400, 'VALIDATION_FAILED');
    expectError(await me.get('/api/results/dashboard?programme=nope'), 400, 'VALIDATION_FAILED');
    expectError(await me.get('/api/results/breakdown?dimension=colour'), 400, 'VALIDATION_FAILED');
    expectError(await me.get('/api/results/records?measure=everyone'), 400, 'VALIDATION_FAILED');
    expectError(await me.get('/api/results/records?measure=officials&pageSize=5000'), 400, 'VALIDATION_FAILED');
    expectError(await me.get('/api/results/dashboard?from=1999'), 400, 'VALIDATION_FAILED');
  });
});
