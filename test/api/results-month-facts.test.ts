import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendance, courses, trainingSessions } from '../../server/db/schema';
import { breakdownFromEnrolments } from '../../server/modules/results/enrolment-repository';
import type { Narrowing } from '../../server/modules/results/facts-sql';
import {
  breakdownFromMonthFacts,
  breakdownWithTotalFromMonthFacts,
  monthFactsCanAnswer,
} from '../../server/modules/results/month-facts';
import { parsePeriod, previousPeriod } from '../../server/modules/results/period';
import { dimensions } from '../../server/modules/results/schemas';
import { queryRows } from '../../server/platform/db';
import { naiveBreakdown } from '../results-oracles';
import { type Client, startTestApp, type TestApp } from './harness';
import { enrol, merge, pastSession, person, programmeWithCourse, setStatus } from './results-fixtures';

/**
 * Breakdowns over spans of days from the facts by month (server/modules/results/month-facts.ts):
 * equal to those from the enrolments in every measure, under every narrowing they answer, for spans
 * starting on the 1st or mid-month, one day, whole months and across years; equal to the source
 * records after each change; a focal point's within their state; and written by migration 0035
 * itself, with nothing queued for the first read.
 */

let t: TestApp;
let me: Client;
let focal: Client;
let programmes: [string, string];
let sessions: { id: string; days: string[] }[];
let persons: string[];
const enrolments: { id: string; session: number; person: number }[] = [];

beforeAll(async () => {
  t = await startTestApp();
  me = await t.as('me_officer');
  focal = await t.as('focal_point');
  const a = await programmeWithCourse(t.db, { title: 'Months A', threshold: 0.5, passMark: null, maxScore: 100 });
  const b = await programmeWithCourse(t.db, {
    title: 'Months B',
    threshold: 0.5,
    passMark: null,
    maxScore: 100,
    level: 'advanced',
    // Pillars shared with A (IV, at another place in the list) and not (I): persons by pillar differ from persons overall.
    pillars: ['IV', 'I'],
  });
  programmes = [a.programmeId, b.programmeId];
  sessions = [
    await pastSession(t.db, a.courseId, ['2024-02-07', '2024-02-08']),
    await pastSession(t.db, a.courseId, ['2025-06-03', '2025-06-04']),
    await pastSession(t.db, b.courseId, ['2025-06-18', '2025-06-19']),
    await pastSession(t.db, a.courseId, ['2025-11-10', '2025-11-11']),
    await pastSession(t.db, b.courseId, ['2025-12-30', '2025-12-31']),
    await pastSession(t.db, a.courseId, ['2026-03-16', '2026-03-17']),
  ];
  const states = ['NG', 'GH', 'SN'];
  persons = [];
  for (let i = 0; i < 8; i += 1)
    persons.push(await person(t.db, { state: states[i % 3] as string, sex: i % 2 ? 'male' : 'female', name: `Month${i}` }));
  for (let p = 0; p < persons.length; p += 1)
    for (let s = 0; s < sessions.length; s += 1) {
      if ((p + s) % 4 === 0) continue;
      const id = await enrol(t.db, sessions[s] as { id: string; days: string[] }, persons[p] as string, {
        present: 2,
        pre: 40,
        post: 45 + ((p * 11 + s * 5) % 50),
      });
      enrolments.push({ id, session: s, person: p });
    }
  // Two records of one person, in different sessions: merged below.
  for (const [name, sessionsOf] of [
    ['MonthTwin', [1, 3]],
    ['MonthTwin2', [2, 4]],
  ] as const) {
    persons.push(await person(t.db, { state: 'NG', sex: 'female', name }));
    for (const s of sessionsOf)
      enrolments.push({
        id: await enrol(t.db, sessions[s] as { id: string; days: string[] }, persons.at(-1) as string, { present: 2 }),
        session: s,
        person: persons.length - 1,
      });
  }
}, 300_000);

afterAll(async () => {
  await t?.close();
});

const spans: [string, string][] = [
  ['2025-06-03', '2026-03-17'],
  ['2025-06-01', '2025-11-30'],
  ['2025-06-04', '2025-06-04'],
  ['2024-02-08', '2025-12-31'],
  ['2025-01-01', '2026-03-31'],
  ['2025-06-05', '2026-03-20'],
  ['2025-06-10', '2025-12-30'],
];

const periodsOf = (from: string, to: string) => {
  const current = parsePeriod({ from, to }, { firstYear: 2020, currentYear: 2026 });
  return { current, previous: previousPeriod(current) };
};

async function expectMonthFactsEqualEnrolments(from: string, to: string): Promise<void> {
  await me.get('/api/results/dashboard'); // brings the facts up to date
  const periods = periodsOf(from, to);
  const narrowings: Narrowing[] = [{}, { state: 'NG', sex: 'female' }, { programmes: [programmes[1]] }];
  for (const narrowing of narrowings) {
    const [total] = await breakdownFromEnrolments(t.db, periods, narrowing, null);
    for (const dimension of [...dimensions, null]) {
      if (!monthFactsCanAnswer(narrowing, dimension)) continue;
      const fast = await breakdownFromMonthFacts(t.db, periods, narrowing, dimension);
      const slow = await breakdownFromEnrolments(t.db, periods, narrowing, dimension);
      const label = `${from}–${to} ${dimension} ${JSON.stringify(narrowing)}`;
      expect(fast, label).toEqual(slow);
      // The rows and the total read in one statement: each as read alone.
      if (dimension === null || dimension === 'year') continue;
      expect(await breakdownWithTotalFromMonthFacts(t.db, periods, narrowing, dimension), `${label} with the total`).toEqual({
        rows: slow,
        total,
      });
    }
  }
}

type Row = { key: string; officialsTrained: number | null; participations: number | null };
const byKey = (rows: Row[]) =>
  Object.fromEntries(rows.filter((r) => (r.participations ?? 0) > 0).map((r) => [r.key, [r.officialsTrained, r.participations]]));
const naiveByKey = (map: Map<string, { officials: number; participations: number }>) =>
  Object.fromEntries([...map].map(([k, v]) => [k, [v.officials, v.participations]]));

/** The API's span breakdowns (as this reader) equal the source records, narrowed as given. */
async function expectSpanEqualsNaive(reader: Client, from: string, to: string, narrowing: Narrowing = {}): Promise<void> {
  const period = periodsOf(from, to).current;
  for (const dimension of ['year', 'state', 'sex', 'programme', 'course_level', 'pillar'] as const) {
    const response = await reader.get(`/api/results/breakdown?dimension=${dimension}&from=${from}&to=${to}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(byKey(response.json().rows), `${from}–${to} ${dimension}`).toEqual(
      naiveByKey(await naiveBreakdown(t.db, period, dimension, narrowing)),
    );
  }
}

/**
 * Narrowed to a pillar (the enrolments, counting each person by their previous day with that pillar),
 * the API's span breakdowns equal the source records; with a state too, as a focal point's would be.
 */
async function expectPillarFilterEqualsNaive(from: string, to: string): Promise<void> {
  const period = periodsOf(from, to).current;
  const narrowings: Record<string, string>[] = [{ pillar: 'I' }, { pillar: 'IV' }, { pillar: 'II', state: 'NG' }];
  for (const narrowing of narrowings)
    for (const dimension of ['year', 'state', 'sex', 'agency_type', 'programme', 'pillar'] as const) {
      const query = new URLSearchParams({ dimension, from, to, ...narrowing });
      const response = await me.get(`/api/results/breakdown?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(byKey(response.json().rows), `${query}`).toEqual(
        naiveByKey(await naiveBreakdown(t.db, period, dimension, narrowing as Narrowing)),
      );
    }
}

describe('breakdowns over spans of days from the facts by month', () => {
  it('equal those from the enrolments, every measure, for every kind of span', async () => {
    for (const [from, to] of spans) await expectMonthFactsEqualEnrolments(from, to);
  }, 300_000);

  it('by pillar equal the source records, rows by pillar and narrowed to a pillar, for every kind of span', async () => {
    expect(monthFactsCanAnswer({}, 'pillar')).toBe(true);
    for (const [from, to] of spans) {
      await expectSpanEqualsNaive(me, from, to);
      await expectPillarFilterEqualsNaive(from, to);
    }
  }, 300_000);

  it('follow each change at the next answer', async () => {
    const [from, to] = ['2025-06-10', '2026-03-17'];
    const first = enrolments.find((e) => e.session === 3) as { id: string };
    // Attendance: an enrolment no longer completed.
    await t.db.update(attendance).set({ present: false }).where(eq(attendance.nominationId, first.id));
    await expectSpanEqualsNaive(me, from, to);
    // A merge of two officials.
    await merge(t.db, persons.at(-2) as string, persons.at(-1) as string);
    await expectSpanEqualsNaive(me, from, to);
    // A session's dates moved (into the previous month: from a whole month of the span to its partial first month).
    await t.db
      .update(trainingSessions)
      .set({ startDate: '2025-06-20', endDate: '2025-06-21', nominationDeadline: '2025-06-20' })
      .where(eq(trainingSessions.id, (sessions[4] as { id: string }).id));
    await expectSpanEqualsNaive(me, from, to);
    // A nomination withdrawn.
    await setStatus(t.db, (enrolments.find((e) => e.session === 5) as { id: string }).id, 'withdrawn');
    await expectSpanEqualsNaive(me, from, to);
    await expectMonthFactsEqualEnrolments(from, to);
    await expectPillarFilterEqualsNaive(from, to);
    // A course's pillars changed: its enrolments' previous days by pillar follow.
    await t.db
      .update(courses)
      .set({ pillars: ['I', 'II'] })
      .where(eq(courses.programmeId, programmes[1]));
    await expectSpanEqualsNaive(me, from, to);
    await expectMonthFactsEqualEnrolments(from, to);
    await expectPillarFilterEqualsNaive(from, to);
  }, 300_000);

  it("give a focal point their state's figures only", async () => {
    for (const [from, to] of [spans[0], spans[5]] as [string, string][])
      await expectSpanEqualsNaive(focal, from, to, { state: 'NG' });
  }, 300_000);

  it('are written by migration 0035 from the enrolments kept, with no rebuild queued for the first read', async () => {
    await me.get('/api/results/dashboard');
    // The refresh's subtractions may leave zeros at the end of firsts_back (read as zeros beyond it anyway).
    const facts = async () =>
      (
        await queryRows<Record<string, unknown>>(
          t.db,
          sql`select * from result_month_facts order by dimension, programme_id, month, value, state_iso2, sex`,
        )
      ).map((row) => {
        const back = [...(row.firsts_back as number[])];
        while (back.at(-1) === 0) back.pop();
        return { ...row, firsts_back: back };
      });
    const kept = await facts();
    // The database as 0034 left it (no facts by month), then the migration's own statement (every
    // dimension but pillar, whose rows migration 0039 writes: below).
    const migration = readFileSync(path.resolve('server/db/migrations/0035_results_month_facts.sql'), 'utf8');
    const fill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO result_month_facts'));
    await t.db.execute(sql`delete from result_month_facts where dimension <> 'pillar'`);
    await t.db.execute(sql.raw(fill as string));
    const [queued] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from result_dirty_officials`);
    expect(queued?.n).toBe(0);
    expect(await facts()).toEqual(kept);
    await expectMonthFactsEqualEnrolments('2025-06-05', '2026-03-20');
  }, 300_000);

  it('by pillar are written by migration 0039 from the enrolments kept: previous days by pillar and facts by month', async () => {
    await me.get('/api/results/dashboard');
    const days = () =>
      queryRows<Record<string, unknown>>(
        t.db,
        sql`select nomination_id, pillars, previous_in_pillars::text as previous, next_in_pillars::text as next
          from result_enrolments order by 1`,
      );
    const pillarFacts = async () =>
      (
        await queryRows<Record<string, unknown>>(
          t.db,
          sql`select * from result_month_facts where dimension = 'pillar' order by month, value, state_iso2, sex`,
        )
      ).map((row) => {
        const back = [...(row.firsts_back as number[])];
        while (back.at(-1) === 0) back.pop();
        return { ...row, firsts_back: back };
      });
    const keptDays = await days();
    const keptFacts = await pillarFacts();
    expect(keptFacts.length).toBeGreaterThan(0);
    expect(keptDays.some((row) => String(row.previous).includes('20'))).toBe(true);
    expect(keptDays.some((row) => String(row.next).includes('20'))).toBe(true);
    // The database as 0038 left it (no previous or next days by pillar, no facts by month by pillar), then
    // the migration's own fill statements (its CLUSTER aside).
    const migration = readFileSync(path.resolve('server/db/migrations/0039_results_previous_in_pillars.sql'), 'utf8');
    const fills = migration
      .split('--> statement-breakpoint')
      .filter((s) => /^\s*(UPDATE|INSERT)/m.test(s.replace(/^--.*$/gm, '')));
    expect(fills).toHaveLength(3);
    await t.db.execute(sql`update result_enrolments set previous_in_pillars = null, next_in_pillars = null`);
    await t.db.execute(sql`delete from result_month_facts where dimension = 'pillar'`);
    for (const fill of fills) await t.db.execute(sql.raw(fill));
    expect(await days()).toEqual(keptDays);
    expect(await pillarFacts()).toEqual(keptFacts);
    await expectMonthFactsEqualEnrolments('2025-06-05', '2026-03-20');
  }, 300_000);

  it('by day (the total and by pillar) are written by migration 0041 from the enrolments kept', async () => {
    await me.get('/api/results/dashboard');
    // The refresh's subtractions may leave zeros at the end of firsts_back (read as zeros beyond it anyway).
    const dayFacts = async () =>
      (
        await queryRows<Record<string, unknown>>(
          t.db,
          sql`select * from result_day_facts order by dimension, day, value, state_iso2, sex`,
        )
      ).map((row): Record<string, unknown> => {
        const back = [...(row.firsts_back as number[])];
        while (back.at(-1) === 0) back.pop();
        return { ...row, firsts_back: back };
      });
    const kept = await dayFacts();
    expect(new Set(kept.map((row) => row.dimension))).toEqual(new Set(['total', 'pillar']));
    expect(kept.some((row) => (row.firsts_back as number[]).length > 0)).toBe(true);
    const migration = readFileSync(path.resolve('server/db/migrations/0041_results_day_facts.sql'), 'utf8');
    const fill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO result_day_facts'));
    await t.db.execute(sql`delete from result_day_facts`);
    await t.db.execute(sql.raw(fill as string));
    const [queued] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from result_dirty_officials`);
    expect(queued?.n).toBe(0);
    expect(await dayFacts()).toEqual(kept);
    await expectMonthFactsEqualEnrolments('2025-06-05', '2026-03-20');
  }, 300_000);
});
