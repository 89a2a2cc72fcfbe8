import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coursePartners, courses, organisations, trainingSessions, users } from '../../server/db/schema';
import { enrolmentConditions } from '../../server/modules/results/enrolment-repository';
import type { Narrowing } from '../../server/modules/results/facts-sql';
import { queryRows } from '../../server/platform/db';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { enrol, pastSession, person, programmeWithCourse } from './results-fixtures';
import { expectError } from './support';

/**
 * What a partner can work out from any set of its responses (issue 15, finding 1): no figure about
 * 1 to 4 persons, whichever filters, periods and differences it tries (docs/results-definitions.md).
 *
 * The world: programmes A (foundational, in person) and B (advanced, online) funded by the partner,
 * programme C not. In Senegal, 2021, 14 men and 1 woman complete A with both tests; one of the men
 * completes A again in 2023 — the attack of the issue: 15 officials and 16 tests, 14 men and 15 tests.
 * Beside them, 45 officials of NG, GH and SN spread over A and B in 2021–2023 by a fixed pattern.
 */

let t: TestApp;
let partner: Client;
let officer: Client;
const world = {} as Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.db;
  const a = await programmeWithCourse(db, { title: 'Disclosure A', threshold: 0.8, passMark: null, maxScore: 100 });
  const b = await programmeWithCourse(db, {
    title: 'Disclosure B',
    threshold: 0.8,
    passMark: null,
    maxScore: 100,
    level: 'advanced',
  });
  const c = await programmeWithCourse(db, { title: 'Disclosure C', threshold: 0.8, passMark: null, maxScore: 100 });
  await db
    .update(courses)
    .set({ pillars: ['I', 'II'] })
    .where(eq(courses.id, b.courseId));
  Object.assign(world, { programmeA: a.programmeId, programmeB: b.programmeId, programmeC: c.programmeId });
  const days = (year: number, month: string) => [1, 2, 3, 4, 5].map((d) => `${year}-${month}-0${d}`);
  const a2021 = await pastSession(db, a.courseId, days(2021, '03'));
  const a2022 = await pastSession(db, a.courseId, days(2022, '05'));
  const a2023 = await pastSession(db, a.courseId, days(2023, '09'));
  const b2022 = await pastSession(db, b.courseId, days(2022, '10'));
  const b2023 = await pastSession(db, b.courseId, days(2023, '04'));
  const c2022 = await pastSession(db, c.courseId, days(2022, '06'));
  for (const session of [b2022, b2023])
    await db.update(trainingSessions).set({ modality: 'online' }).where(eq(trainingSessions.id, session.id));

  // The attack of the issue.
  for (let i = 0; i < 15; i += 1) {
    const id = await person(db, { state: 'SN', sex: i === 0 ? 'female' : 'male', name: `Attack${i}` });
    await enrol(db, a2021, id, { present: 5, pre: 40, post: i === 0 ? 69 : 60 + (i % 5) });
    if (i === 1) await enrol(db, a2023, id, { present: 5, pre: 50, post: 80 });
  }
  // The background.
  const sessions = [a2021, a2022, a2023, b2022, b2023, c2022];
  for (let i = 0; i < 45; i += 1) {
    const id = await person(db, {
      state: ['NG', 'GH', 'SN'][i % 3] as string,
      // Senegal's women are the attack's one woman only.
      sex: i % 4 === 0 && i % 3 !== 2 ? 'female' : 'male',
      name: `Background${i}`,
    });
    const first = sessions[i % sessions.length] as (typeof sessions)[number];
    const second = sessions[(i * 7 + 3) % sessions.length] as (typeof sessions)[number];
    await enrol(db, first, id, i % 5 === 0 ? { present: 5 } : { present: 5, pre: 30 + (i % 20), post: 60 + (i % 30) });
    if (second !== first && i % 3 !== 1) await enrol(db, second, id, { present: 5, pre: 40, post: 50 + (i % 40) });
  }

  const [organisation] = await db
    .insert(organisations)
    .values({ name: `Disclosure donor ${process.pid}`, kind: 'donor_government' })
    .returning();
  await db.insert(coursePartners).values([
    { courseId: a.courseId, organisationId: organisation?.id as string, role: 'donor' },
    { courseId: b.courseId, organisationId: organisation?.id as string, role: 'donor' },
  ]);
  await db.update(users).set({ organisationId: organisation?.id }).where(eq(users.email, 'partner@tadrib.demo'));
  partner = await t.as('partner');
  officer = await t.as('me_officer');
}, 240_000);

afterAll(async () => {
  await t?.close();
});

type Headline = { code: string; value: number | null; basis: number | null; suppressed: boolean };
const figure = (body: { headline: Headline[] }, code: string) => body.headline.find((h) => h.code === code) as Headline;
const small = (n: number) => n >= 1 && n <= 4;

describe(`the reported attack (${testDatabaseKind})`, () => {
  const all = 'from=2020-01-01&to=2026-12-31&state=SN';

  it('gives the office the exact figures the attack subtracts', async () => {
    const sn = (await officer.get(`/api/results/dashboard?${all}&programme=${world.programmeA}`)).json();
    const men = (await officer.get(`/api/results/dashboard?${all}&programme=${world.programmeA}&sex=male`)).json();
    const snA = await queryRows<{ n: number }>(
      t.db,
      sql`select count(distinct official_id)::int as n from result_enrolments where state_iso2 = 'SN' and programme_id = ${world.programmeA}::uuid`,
    );
    expect(figure(sn, 'officials_trained').value).toBe(snA[0]?.n);
    expect(
      (figure(sn, 'officials_trained').value as number) - (figure(men, 'officials_trained').value as number),
    ).toBeGreaterThan(0);
  });

  it('no longer lets a partner subtract a state’s men from the state to find its one woman and her gain', async () => {
    // Over 2020–2026, and in 2021 (which told when).
    for (const year of ['', '&year=2021']) {
      const stateResponse = await partner.get(`/api/results/dashboard?${all}${year}`);
      expect(stateResponse.statusCode, stateResponse.body).toBe(200);
      const state = stateResponse.json();
      const men = (await partner.get(`/api/results/dashboard?${all}${year}&sex=male`)).json();
      const women = (await partner.get(`/api/results/dashboard?${all}${year}&sex=female`)).json();
      expect(figure(women, 'officials_trained').value).toBeNull();
      for (const code of ['officials_trained', 'participations']) {
        const whole = figure(state, code).value;
        const part = figure(men, code).value;
        if (whole !== null && part !== null) expect(small(whole - part), `${code}: ${whole} − ${part}`).toBe(false);
      }
      // Her gain would be mean × tests of the state less mean × tests of its men: never both published.
      const gains = [figure(state, 'knowledge_gain'), figure(men, 'knowledge_gain')];
      expect(gains.filter((g) => g.value !== null).length).toBeLessThan(2);
      // Every count published is a multiple of 5: no difference of them is 1 to 4.
      for (const h of [...state.headline, ...men.headline] as Headline[])
        if (['officials_trained', 'participations'].includes(h.code) && h.value !== null) expect(h.value % 5).toBe(0);
    }
  });

  it('refuses a partner spans of days and more than two filters at once, with the rule', async () => {
    const days = expectError(await partner.get('/api/results/dashboard?from=2021-03-01&to=2021-12-31'), 422, 'RULE_VIOLATION');
    expect(days.details).toMatchObject([{ path: 'from', rule: 'results.period_whole_years' }]);
    const many = expectError(
      await partner.get('/api/results/breakdown?dimension=year&from=2021&to=2023&state=SN&sex=male&modality=in_person'),
      422,
      'RULE_VIOLATION',
    );
    expect(many.details).toMatchObject([{ path: 'filters', rule: 'results.too_many_filters' }]);
    expectError(
      await partner.get('/api/results/export?table=dashboard&format=csv&from=2021-01-02&to=2021-12-31'),
      422,
      'RULE_VIOLATION',
    );
    // The office keeps both.
    expect(
      (await officer.get('/api/results/dashboard?from=2021-03-01&to=2021-12-31&state=SN&sex=male&modality=in_person')).statusCode,
    ).toBe(200);
  });
});

// ---- Random pairs and triples of requests ----

type Request = {
  state?: string;
  sex?: string;
  programme?: 'A' | 'B';
  courseLevel?: string;
  modality?: string;
  pillar?: string;
  agencyType?: string;
  year?: number;
  from: string;
  to: string;
};

const request: fc.Arbitrary<Request> = fc
  .record(
    {
      state: fc.constantFrom('NG', 'GH', 'SN'),
      sex: fc.constantFrom('female', 'male'),
      programme: fc.constantFrom('A' as const, 'B' as const),
      courseLevel: fc.constantFrom('foundational', 'advanced'),
      modality: fc.constantFrom('in_person', 'online'),
      pillar: fc.constantFrom('I', 'II', 'IV'),
      agencyType: fc.constant('unknown'),
      year: fc.integer({ min: 2021, max: 2023 }),
      period: fc.oneof(
        fc.tuple(fc.integer({ min: 2020, max: 2023 }), fc.integer({ min: 0, max: 3 })).map(([from, length]) => ({
          from: String(from),
          to: String(Math.min(2024, from + length)),
        })),
        fc
          .tuple(fc.integer({ min: 2021, max: 2023 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
          .map(([year, month, day]) => ({
            from: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
            to: '2023-12-31',
          })),
      ),
    },
    { requiredKeys: ['period'] },
  )
  .map(({ period, ...filters }) => ({ ...filters, ...period }));

const urlOf = (r: Request) => {
  const q = new URLSearchParams({ from: r.from, to: r.to });
  for (const key of ['state', 'sex', 'courseLevel', 'modality', 'pillar', 'agencyType'] as const)
    if (r[key]) q.set(key, r[key] as string);
  if (r.programme) q.set('programme', world[`programme${r.programme}`] as string);
  if (r.year !== undefined) q.set('year', String(r.year));
  return `/api/results/dashboard?${q}`;
};

type Answer = {
  published: { officials: number | null; participations: number | null; gain: number | null; tests: number | null };
  truth: { persons: Set<string>; enrolments: Set<string>; tests: Set<string> };
};

/** The records a request counts, straight from the facts, within the partner's programmes. */
async function truthOf(r: Request): Promise<Answer['truth']> {
  const fromYear = Math.max(Number(r.from.slice(0, 4)), r.year ?? 0);
  const toYear = Math.min(Number(r.to.slice(0, 4)), r.year ?? 9999);
  const narrowing: Narrowing = {
    programmes: r.programme
      ? [world[`programme${r.programme}`] as string]
      : [world.programmeA as string, world.programmeB as string],
    ...(r.state ? { state: r.state } : {}),
    ...(r.sex ? { sex: r.sex } : {}),
    ...(r.agencyType ? { agencyType: r.agencyType } : {}),
    ...(r.courseLevel ? { courseLevel: r.courseLevel } : {}),
    ...(r.modality ? { modality: r.modality } : {}),
    ...(r.pillar ? { pillar: r.pillar } : {}),
  };
  const rows = await queryRows<{ official_id: string; nomination_id: string; paired: boolean }>(
    t.db,
    sql`select e.official_id::text, e.nomination_id::text, (e.pre_score is not null and e.post_score is not null) as paired
      from result_enrolments e where e.year between ${fromYear} and ${toYear} and ${sql.join(
        [sql`true`, ...enrolmentConditions(narrowing)],
        sql` and `,
      )}`,
  );
  return {
    persons: new Set(rows.map((r) => r.official_id)),
    enrolments: new Set(rows.map((r) => r.nomination_id)),
    tests: new Set(rows.filter((r) => r.paired).map((r) => r.nomination_id)),
  };
}

const answers = new Map<string, Answer | 'refused'>();

async function ask(r: Request): Promise<Answer | 'refused'> {
  const url = urlOf(r);
  const known = answers.get(url);
  if (known) return known;
  const response = await partner.get(url);
  const filters = ['state', 'sex', 'programme', 'courseLevel', 'modality', 'pillar', 'agencyType'].filter(
    (k) => r[k as keyof Request] !== undefined,
  );
  // The period asked: from–to, narrowed to the year if one is given.
  const day = (v: string, end: boolean) => (/^\d{4}$/.test(v) ? `${v}-${end ? '12-31' : '01-01'}` : v);
  const from = [day(r.from, false), r.year ? `${r.year}-01-01` : ''].sort()[1] as string;
  const to = [day(r.to, true), r.year ? `${r.year}-12-31` : '9999'].sort()[0] as string;
  const wholeYears = from.endsWith('-01-01') && to.endsWith('-12-31');
  let answer: Answer | 'refused';
  if (from > to) {
    expectError(response, 400, 'VALIDATION_FAILED');
    answer = 'refused';
  } else if (!wholeYears || filters.length > 2) {
    const error = expectError(response, 422, 'RULE_VIOLATION');
    expect(error.rule).toBe(!wholeYears ? 'results.period_whole_years' : 'results.too_many_filters');
    answer = 'refused';
  } else {
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const gain = figure(body, 'knowledge_gain');
    answer = {
      published: {
        officials: figure(body, 'officials_trained').value,
        participations: figure(body, 'participations').value,
        gain: gain.value,
        tests: gain.basis,
      },
      truth: await truthOf(r),
    };
  }
  answers.set(url, answer);
  return answer;
}

const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));
const disjoint = (a: Set<string>, b: Set<string>) => [...a].every((x) => !b.has(x));

/** X ⊇ Y: the difference of what is published about them is about X ∖ Y. */
function checkPair(x: Answer, y: Answer): void {
  for (const [measure, set] of [
    ['officials', 'persons'],
    ['participations', 'enrolments'],
  ] as const) {
    const [big, part] = [x.published[measure], y.published[measure]];
    if (subset(y.truth[set], x.truth[set]) && big !== null && part !== null)
      expect(small(big - part), `${measure}: ${big} − ${part}`).toBe(false);
  }
  if (subset(y.truth.tests, x.truth.tests) && x.published.gain !== null && y.published.gain !== null) {
    // Both means published: the gain of X ∖ Y could be worked out by whoever knows the exact
    // numbers of tests, so those are never 1 to 4 apart — nor the published ones.
    expect(small(x.truth.tests.size - y.truth.tests.size), 'tests apart').toBe(false);
    expect(small((x.published.tests as number) - (y.published.tests as number))).toBe(false);
  }
}

/** Y and Z disjoint within X: X − Y − Z is about the rest of X. */
function checkTriple(x: Answer, y: Answer, z: Answer): void {
  for (const [measure, set] of [
    ['officials', 'persons'],
    ['participations', 'enrolments'],
  ] as const) {
    const values = [x.published[measure], y.published[measure], z.published[measure]];
    const nested = subset(y.truth[set], x.truth[set]) && subset(z.truth[set], x.truth[set]);
    if (nested && disjoint(y.truth[set], z.truth[set]) && values.every((v) => v !== null)) {
      const [a, b, c] = values as [number, number, number];
      expect(small(a - b - c), `${measure}: ${a} − ${b} − ${c}`).toBe(false);
    }
  }
  const tests = [x.published.tests, y.published.tests, z.published.tests];
  const nested = subset(y.truth.tests, x.truth.tests) && subset(z.truth.tests, x.truth.tests);
  if (nested && disjoint(y.truth.tests, z.truth.tests) && [x, y, z].every((a) => a.published.gain !== null)) {
    const [a, b, c] = tests as [number, number, number];
    expect(small(a - b - c), 'tests of the sums').toBe(false);
  }
}

describe(`random pairs and triples of a partner's requests (${testDatabaseKind})`, () => {
  it('never give a figure about 1 to 4 persons by difference', async () => {
    const attack: Request[] = [
      { state: 'SN', from: '2020-01-01', to: '2026-12-31' },
      { state: 'SN', sex: 'male', from: '2020-01-01', to: '2026-12-31' },
      { state: 'SN', sex: 'female', from: '2020-01-01', to: '2026-12-31' },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 2, maxLength: 3 }), async (requests) => {
        // Each new answer against every answer obtained so far, in every role of a pair or triple.
        for (const r of requests) {
          const before = [...answers.values()].filter((a): a is Answer => a !== 'refused');
          const answer = await ask(r);
          if (answer === 'refused' || before.includes(answer)) continue;
          for (const other of before) {
            checkPair(answer, other);
            checkPair(other, answer);
            for (const third of before) {
              if (third === other) continue;
              checkTriple(answer, other, third);
              checkTriple(other, answer, third);
            }
          }
        }
      }),
      { numRuns: 80, examples: [[attack]] },
    );
  }, 600_000);
});
