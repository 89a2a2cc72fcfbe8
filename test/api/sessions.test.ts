import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendance, nominations, officials, trainingSessions, users } from '../../server/db/schema';
import { queryRows } from '../../server/platform/db';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, detailPaths, expectError, login } from './support';

/** A date n days from today (UTC), as YYYY-MM-DD. */
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** The Monday at least n days from today. */
function mondayIn(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const plus = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type Quota = { stateIso2: string; seats: number; nominated: number; seatsLeft: number };

describe(`sessions (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let courseId: string;
  let otherCourseId: string;
  let trainerId: string;
  let officerId: string;
  let otherTrainer: { id: string; email: string; password: string };
  let codeN = 0;
  const start = mondayIn(30);

  const sessionCount = async () => Number((await t.db.select({ n: count() }).from(trainingSessions))[0]?.n ?? 0);
  const statusOf = async (id: string) =>
    (await t.db.select().from(trainingSessions).where(eq(trainingSessions.id, id)))[0]?.status;

  const body = (changes: Record<string, unknown> = {}) => {
    codeN += 1;
    return {
      courseId,
      code: `s-${codeN}-${Math.random().toString(36).slice(2, 6)}`,
      startDate: start,
      endDate: plus(start, 4),
      nominationDeadline: plus(start, -10),
      venueCity: 'Rabat',
      venueCountry: 'MA',
      modality: 'in_person',
      languages: ['fr', 'en'],
      capacity: 20,
      womenTarget: 0.3,
      trainerIds: [trainerId],
      quotas: [
        { stateIso2: 'NG', seats: 4 },
        { stateIso2: 'GH', seats: 3 },
      ],
      ...changes,
    };
  };

  async function create(changes: Record<string, unknown> = {}): Promise<{ id: string } & Record<string, unknown>> {
    const res = await officer.post('/api/sessions', body(changes));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function official(stateIso2: string, familyName: string): Promise<string> {
    const [row] = await t.db
      .insert(officials)
      .values({ stateIso2, familyName, givenNames: 'Test', sex: 'female', nameKeys: familyName.toLowerCase() })
      .returning();
    if (!row) throw new Error('no official');
    return row.id;
  }

  async function nominate(
    sessionId: string,
    officialId: string,
    status: 'nominated' | 'accepted' | 'waitlisted' | 'rejected' | 'withdrawn',
  ) {
    const [row] = await t.db
      .insert(nominations)
      .values({ sessionId, officialId, status, decisionReason: status === 'rejected' ? 'Test' : null })
      .returning();
    if (!row) throw new Error('no nomination');
    return row.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    officerId = (await officer.get('/api/me')).json().id;
    const programme = await officer.post('/api/programmes', {
      code: 'BORDER',
      title: { en: 'Border security and API/PNR' },
      thematicArea: 'border_security',
    });
    const course = await officer.post('/api/courses', {
      programmeId: programme.json().id,
      code: 'BORDER-API',
      title: { en: 'Advance passenger information', fr: 'Informations préalables sur les passagers' },
      level: 'intermediate',
      hours: 35,
      thematicArea: 'border_security',
    });
    expect(course.statusCode, course.body).toBe(201);
    courseId = course.json().id;
    otherCourseId = (
      await officer.post('/api/courses', {
        programmeId: programme.json().id,
        code: 'BORDER-PNR',
        title: { en: 'PNR' },
        level: 'advanced',
        hours: 20,
        thematicArea: 'border_security',
      })
    ).json().id;
    const trainers = await officer.get('/api/sessions/trainers');
    expect(trainers.statusCode).toBe(200);
    trainerId = trainers.json().items.find((u: { email: string }) => u.email === 'trainer@tadrib.demo').id;
    otherTrainer = await createUser(await t.as('admin'), { role: 'trainer' });
  });
  afterAll(async () => t.close());

  describe('creating', () => {
    it('creates a planned session with every weekday as a day, quotas, trainers; audited', async () => {
      const s = await create();
      expect(s).toMatchObject({
        status: 'planned',
        startDate: start,
        endDate: plus(start, 4),
        capacity: 20,
        womenTarget: 0.3,
        modality: 'in_person',
        languages: ['fr', 'en'],
        course: { id: courseId, code: 'BORDER-API', level: 'intermediate', title: { text: 'Advance passenger information' } },
        trainers: [{ id: trainerId, displayName: 'Rachid Ouazzani' }],
        allowedTransitions: ['open', 'cancelled'],
      });
      expect(s.days).toEqual([0, 1, 2, 3, 4].map((n) => plus(start, n)));
      expect(s.quotas).toEqual([
        { stateIso2: 'GH', seats: 3, nominated: 0, seatsLeft: 3 },
        { stateIso2: 'NG', seats: 4, nominated: 0, seatsLeft: 4 },
      ]);
      expect((await auditRowsOf(t.db, 'session.create', s.id)).length).toBe(1);
    });

    it('skips weekends in the default days and accepts chosen days within the dates', async () => {
      const friday = plus(start, 4);
      const s = await create({ startDate: friday, endDate: plus(friday, 3) });
      expect(s.days).toEqual([friday, plus(friday, 3)]);
      const chosen = await create({ days: [plus(start, 2), start, start] });
      expect(chosen.days).toEqual([start, plus(start, 2)]);
    });

    it('lets the quotas add up to more than the capacity (acceptance is what the capacity limits)', async () => {
      const s = await create({
        capacity: 5,
        quotas: [
          { stateIso2: 'NG', seats: 4 },
          { stateIso2: 'KE', seats: 4 },
        ],
      });
      expect((s.quotas as Quota[]).reduce((n, q) => n + q.seats, 0)).toBe(8);
    });

    it('allows an online session without a venue', async () => {
      const s = await create({ modality: 'blended', venueCity: 'Kenitra', venueCountry: 'MA' });
      expect(s.modality).toBe('blended');
      const online = await create({ modality: 'online', venueCity: null, venueCountry: null });
      expect(online.venueCity).toBeNull();
    });

    it('refuses what breaks a rule with 422 naming the field, and writes nothing', async () => {
      const before = await sessionCount();
      const cases: [Record<string, unknown>, string][] = [
        [{ endDate: plus(start, -1), nominationDeadline: plus(start, -20) }, 'endDate'],
        [{ nominationDeadline: plus(start, 1) }, 'nominationDeadline'],
        [{ endDate: plus(start, 400) }, 'endDate'],
        [{ courseId: '00000000-0000-4000-8000-000000000000' }, 'courseId'],
        [{ trainerIds: [officerId] }, 'trainerIds'],
        [{ trainerIds: ['00000000-0000-4000-8000-000000000000'] }, 'trainerIds'],
        [{ quotas: [{ stateIso2: 'FR', seats: 2 }] }, 'quotas'],
        [
          {
            quotas: [
              { stateIso2: 'NG', seats: 2 },
              { stateIso2: 'NG', seats: 1 },
            ],
          },
          'quotas',
        ],
        [{ days: [plus(start, 5)] }, 'days'],
        [{ days: [] }, 'days'],
        [{ startDate: plus(start, 5), endDate: plus(start, 6), nominationDeadline: start }, 'days'],
        [{ venueCity: null }, 'venueCity'],
        [{ modality: 'in_person', venueCountry: null }, 'venueCountry'],
      ];
      for (const [change, path] of cases) {
        const err = expectError(await officer.post('/api/sessions', body(change)), 422, 'RULE_VIOLATION');
        expect(detailPaths(err), JSON.stringify(change)).toEqual([path]);
      }
      expect(await sessionCount()).toBe(before);
    });

    it('names every rule a form breaks at once, each on its field with its values', async () => {
      const err = expectError(
        await officer.post(
          '/api/sessions',
          body({ nominationDeadline: plus(start, 1), quotas: [{ stateIso2: 'FR', seats: 2 }] }),
        ),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('session.deadline_after_start');
      expect(err.details).toEqual([
        {
          path: 'nominationDeadline',
          rule: 'session.deadline_after_start',
          params: {},
          message: 'The nomination deadline cannot be after the start date.',
        },
        {
          path: 'quotas',
          rule: 'reference.state_unknown',
          params: { states: 'FR' },
          message: 'Not one of the 54 African UN member states: FR.',
        },
      ]);
    });

    it('refuses malformed input with 400 naming the field', async () => {
      const before = await sessionCount();
      const cases: [Record<string, unknown>, string][] = [
        [{ quotas: [{ stateIso2: 'NG', seats: 0 }] }, 'quotas.0.seats'],
        [{ womenTarget: 1.5 }, 'womenTarget'],
        [{ capacity: 0 }, 'capacity'],
        [{ modality: 'hybrid' }, 'modality'],
        [{ languages: [] }, 'languages'],
        [{ startDate: '2025-02-30' }, 'startDate'],
        [{ status: 'open' }, 'status'],
      ];
      for (const [change, path] of cases) {
        const err = expectError(await officer.post('/api/sessions', body(change)), 400, 'VALIDATION_FAILED');
        expect(detailPaths(err), JSON.stringify(change)).toEqual([path]);
      }
      expect(await sessionCount()).toBe(before);
    });

    it('refuses a duplicate code with 409', async () => {
      const s = await create();
      const before = await sessionCount();
      const err = expectError(await officer.post('/api/sessions', body({ code: String(s.code).toLowerCase() })), 409, 'CONFLICT');
      expect(detailPaths(err)).toEqual(['code']);
      expect(await sessionCount()).toBe(before);
    });
  });

  describe('status transitions', () => {
    it('goes planned → open → closed → completed, each audited; forbidden steps change nothing', async () => {
      const s = await create();
      const to = (status: string, reason?: string) =>
        officer.post(`/api/sessions/${s.id}/status`, { status, ...(reason ? { reason } : {}) });
      for (const status of ['closed', 'completed']) {
        const err = expectError(await to(status), 422, 'RULE_VIOLATION');
        expect(err.rule).toBe('session.transition_not_allowed');
        expect(err.params).toEqual({ from: 'planned', to: status });
        expect(detailPaths(err)).toEqual(['status']);
        expect(await statusOf(s.id)).toBe('planned');
      }
      const open = await to('open');
      expect(open.statusCode, open.body).toBe(200);
      expect(open.json()).toMatchObject({ status: 'open', allowedTransitions: ['closed', 'cancelled'] });
      expect(detailPaths(expectError(await to('open'), 422, 'RULE_VIOLATION'))).toEqual(['status']);
      expectError(await to('completed'), 422, 'RULE_VIOLATION');
      expect((await to('closed')).json().status).toBe('closed');
      // Not completed before its last day…
      const early = expectError(await to('completed'), 422, 'RULE_VIOLATION');
      expect(detailPaths(early)).toEqual(['endDate']);
      expect(await statusOf(s.id)).toBe('closed');
      // …so move it into the past (a closed session may still be edited), then complete it.
      const moved = await officer.patch(`/api/sessions/${s.id}`, {
        startDate: inDays(-12),
        endDate: inDays(-8),
        nominationDeadline: inDays(-20),
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().days.every((d: string) => d >= inDays(-12) && d <= inDays(-8))).toBe(true);
      const done = await to('completed');
      expect(done.json()).toMatchObject({ status: 'completed', allowedTransitions: [] });
      // Completed is final: no cancellation, no edit.
      expect(detailPaths(expectError(await to('cancelled'), 422, 'RULE_VIOLATION'))).toEqual(['status']);
      expect(
        detailPaths(expectError(await officer.patch(`/api/sessions/${s.id}`, { capacity: 30 }), 422, 'RULE_VIOLATION')),
      ).toEqual(['status']);
      expect(await statusOf(s.id)).toBe('completed');
      const audit = (await auditRowsOf(t.db, 'session.status', s.id)).map((r) => r.details);
      expect(audit).toEqual([
        { from: 'closed', to: 'completed' },
        { from: 'open', to: 'closed' },
        { from: 'planned', to: 'open' },
      ]);
    });

    it('opens only with an invited state and a deadline not yet past', async () => {
      const noQuota = await create({ quotas: [] });
      const err = expectError(
        await officer.post(`/api/sessions/${noQuota.id}/status`, { status: 'open' }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(err)).toEqual(['quotas']);
      const late = await create({ startDate: inDays(3), endDate: inDays(4), nominationDeadline: inDays(-1), days: [inDays(3)] });
      const lateErr = expectError(
        await officer.post(`/api/sessions/${late.id}/status`, { status: 'open' }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(lateErr)).toEqual(['nominationDeadline']);
      expect(await statusOf(noQuota.id)).toBe('planned');
      expect(await statusOf(late.id)).toBe('planned');
    });

    it('cancels from planned, open or closed with a reason kept in the audit; cancelled is final', async () => {
      for (const path of [[], ['open'], ['open', 'closed']]) {
        const s = await create();
        for (const status of path) expect((await officer.post(`/api/sessions/${s.id}/status`, { status })).statusCode).toBe(200);
        const res = await officer.post(`/api/sessions/${s.id}/status`, { status: 'cancelled', reason: 'Venue unavailable' });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().status).toBe('cancelled');
        expect((await auditRowsOf(t.db, 'session.status', s.id))[0]?.details).toMatchObject({
          to: 'cancelled',
          reason: 'Venue unavailable',
        });
        expectError(await officer.post(`/api/sessions/${s.id}/status`, { status: 'open' }), 422, 'RULE_VIOLATION');
        expectError(await officer.patch(`/api/sessions/${s.id}`, { capacity: 3 }), 422, 'RULE_VIOLATION');
        expect(await statusOf(s.id)).toBe('cancelled');
      }
    });

    it('refuses an unknown status (400) and an unknown session (404)', async () => {
      const s = await create();
      expectError(await officer.post(`/api/sessions/${s.id}/status`, { status: 'planned' }), 400, 'VALIDATION_FAILED');
      expectError(
        await officer.post('/api/sessions/00000000-0000-4000-8000-000000000000/status', { status: 'open' }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('editing', () => {
    it('edits fields, replaces trainers, quotas and days; audited', async () => {
      const s = await create();
      const res = await officer.patch(`/api/sessions/${s.id}`, {
        capacity: 25,
        trainerIds: [trainerId, otherTrainer.id],
        quotas: [{ stateIso2: 'SN', seats: 5 }],
        days: [start, plus(start, 1)],
        venueCity: 'Ifrane',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ capacity: 25, venueCity: 'Ifrane', days: [start, plus(start, 1)] });
      expect(
        res
          .json()
          .trainers.map((x: { id: string }) => x.id)
          .sort(),
      ).toEqual([trainerId, otherTrainer.id].sort());
      expect(res.json().quotas).toEqual([{ stateIso2: 'SN', seats: 5, nominated: 0, seatsLeft: 5 }]);
      expect((await auditRowsOf(t.db, 'session.update', s.id)).length).toBe(1);
      // New dates without days: the weekdays of the new dates.
      const moved = await officer.patch(`/api/sessions/${s.id}`, { startDate: plus(start, 7), endDate: plus(start, 8) });
      expect(moved.json().days).toEqual([plus(start, 7), plus(start, 8)]);
      // Rules hold on the merged state.
      expect(
        detailPaths(
          expectError(
            await officer.patch(`/api/sessions/${s.id}`, { nominationDeadline: plus(start, 9) }),
            422,
            'RULE_VIOLATION',
          ),
        ),
      ).toEqual(['nominationDeadline']);
      expect(
        detailPaths(expectError(await officer.patch(`/api/sessions/${s.id}`, { days: [start] }), 422, 'RULE_VIOLATION')),
      ).toEqual(['days']);
      expectError(await officer.patch(`/api/sessions/${s.id}`, {}), 400, 'VALIDATION_FAILED');
    });

    it('keeps what nominations and attendance hold: capacity, quotas, days; course fixed once open', async () => {
      const s = await create();
      const ng = [await official('NG', 'Adeyemi'), await official('NG', 'Okonkwo'), await official('NG', 'Balogun')];
      const accepted = await nominate(s.id, ng[0] as string, 'accepted');
      await nominate(s.id, ng[1] as string, 'accepted');
      await nominate(s.id, ng[2] as string, 'nominated');
      await t.db.insert(attendance).values({ nominationId: accepted, day: plus(start, 1), present: true });
      const refuse = async (change: Record<string, unknown>, path: string) => {
        const err = expectError(await officer.patch(`/api/sessions/${s.id}`, change), 422, 'RULE_VIOLATION');
        expect(detailPaths(err), JSON.stringify(change)).toEqual([path]);
      };
      await refuse({ capacity: 1 }, 'capacity');
      await refuse({ quotas: [{ stateIso2: 'GH', seats: 3 }] }, 'quotas');
      await refuse({ quotas: [{ stateIso2: 'NG', seats: 2 }] }, 'quotas');
      await refuse({ days: [start, plus(start, 2)] }, 'days');
      await refuse({ startDate: plus(start, 2), endDate: plus(start, 4) }, 'days');
      // Nothing changed.
      const now = (await officer.get(`/api/sessions/${s.id}`)).json();
      expect(now.capacity).toBe(20);
      expect(now.days.length).toBe(5);
      expect(now.quotas.find((q: Quota) => q.stateIso2 === 'NG')).toEqual({
        stateIso2: 'NG',
        seats: 4,
        nominated: 3,
        seatsLeft: 1,
      });
      // What remains possible.
      expect(
        (await officer.patch(`/api/sessions/${s.id}`, { capacity: 2, quotas: [{ stateIso2: 'NG', seats: 3 }] })).statusCode,
      ).toBe(200);
      // The course changes only while planned.
      expect((await officer.patch(`/api/sessions/${s.id}`, { courseId: otherCourseId })).json().course.id).toBe(otherCourseId);
      expect((await officer.post(`/api/sessions/${s.id}/status`, { status: 'open' })).statusCode).toBe(200);
      await refuse({ courseId }, 'courseId');
    });
  });

  describe("the officers' total (session_counts, migration 0043)", () => {
    /** Groups where the kept counts and a count of the sessions disagree (none when exact), and groups kept at zero. */
    const disagreements = () =>
      queryRows<{ course: string; status: string; year: number; kept: number | null; counted: number | null }>(
        t.db,
        sql`select coalesce(c.course_id, s.course_id)::text as course, coalesce(c.status, s.status) as status,
              coalesce(c.year, s.year) as year, c.n as kept, s.n as counted
            from session_counts c
            full join (select course_id, status, extract(year from start_date)::int as year, count(*)::int as n
                       from training_sessions group by 1, 2, 3) s
              on c.course_id = s.course_id and c.status = s.status and c.year = s.year
            where c.n is distinct from s.n or c.n <= 0`,
      );
    const counted = async (where?: SQL) =>
      Number((await t.db.select({ n: count() }).from(trainingSessions).where(where))[0]?.n ?? 0);
    const listed = async (reader: Client, query = '') => (await reader.get(`/api/sessions?pageSize=1${query}`)).json().total;
    /** The exact counts, and the officers' totals, unfiltered and by each filter, against a count of the sessions. */
    const expectExact = async () => {
      expect(await disagreements()).toEqual([]);
      const year = Number(start.slice(0, 4));
      const me = await t.as('me_officer');
      for (const [query, where] of [
        ['', undefined],
        ['&status=planned', eq(trainingSessions.status, 'planned')],
        [`&courseId=${courseId}`, eq(trainingSessions.courseId, courseId)],
        [`&year=${year}`, sql`extract(year from ${trainingSessions.startDate}) = ${year}`],
        [
          `&status=cancelled&courseId=${courseId}&year=${year + 1}`,
          and(
            eq(trainingSessions.status, 'cancelled'),
            eq(trainingSessions.courseId, courseId),
            sql`extract(year from ${trainingSessions.startDate}) = ${year + 1}`,
          ),
        ],
      ] as const) {
        const expected = await counted(where);
        expect(await listed(officer, query), query).toBe(expected);
        expect(await listed(me, query), query).toBe(expected);
      }
    };

    it('follow sessions created, moved to another status, course and year, written in bulk and deleted', async () => {
      await expectExact();
      const before = await listed(officer);
      const created = await create();
      await expectExact();
      expect(await listed(officer)).toBe(before + 1);
      expect((await officer.post(`/api/sessions/${created.id}/status`, { status: 'cancelled', reason: 'Test' })).statusCode).toBe(
        200,
      );
      await expectExact();
      // Another course and the next year: two groups change in one statement.
      const nextYear = plus(start, 366);
      await t.db
        .update(trainingSessions)
        .set({ courseId: otherCourseId, startDate: nextYear, endDate: plus(nextYear, 2), nominationDeadline: nextYear })
        .where(eq(trainingSessions.id, created.id));
      await expectExact();
      // A change that moves no session between groups writes nothing, and stays exact.
      await t.db.update(trainingSessions).set({ venueCity: 'Tanger' }).where(eq(trainingSessions.id, created.id));
      await expectExact();
      // Several sessions in one statement, then deleted in one statement.
      const many = await t.db
        .insert(trainingSessions)
        .values(
          [1, 2, 3].map((n) => ({
            courseId,
            code: `bulk-${n}-${Math.random().toString(36).slice(2, 6)}`,
            startDate: plus(start, 366 * (n - 1)),
            endDate: plus(start, 366 * (n - 1) + 1),
            nominationDeadline: plus(start, 366 * (n - 1)),
            modality: 'online' as const,
            capacity: 10,
            status: n === 2 ? ('cancelled' as const) : ('planned' as const),
          })),
        )
        .returning({ id: trainingSessions.id });
      await expectExact();
      expect(await listed(officer)).toBe(before + 4);
      await t.db.delete(trainingSessions).where(
        inArray(
          trainingSessions.id,
          [...many, created].map((row) => row.id),
        ),
      );
      await expectExact();
      expect(await listed(officer)).toBe(before);
    });

    it('are counted again from the sessions by session_counts_recount, and only the owner may write them', async () => {
      await create();
      await t.asOwner((owner) => owner.execute(sql`delete from session_counts`));
      expect((await disagreements()).length).toBeGreaterThan(0);
      await t.asOwner((owner) => owner.execute(sql`select session_counts_recount()`));
      await expectExact();
      // The runtime role reads the counts and writes none of them, nor recounts.
      for (const statement of [
        sql`insert into session_counts (course_id, status, year, n) values (${courseId}, 'planned', 2030, 1000)`,
        sql`update session_counts set n = n + 1`,
        sql`delete from session_counts`,
        sql`select session_counts_recount()`,
      ]) {
        const outcome = await queryRows(t.db, statement).then(
          () => 'done',
          (error: { message?: string; cause?: { message?: string } }) => `${error.message} ${error.cause?.message ?? ''}`,
        );
        expect(outcome).toMatch(/permission denied/);
      }
      await expectExact();
    });
  });

  describe('who sees what', () => {
    let invitedNg: string; // NG and GH invited, trained by the demo trainer
    let ghOnly: string; // GH only, trained by another trainer
    let focal: Client;
    let participantClient: Client;

    beforeAll(async () => {
      invitedNg = (await create()).id;
      ghOnly = (await create({ quotas: [{ stateIso2: 'GH', seats: 2 }], trainerIds: [otherTrainer.id] })).id;
      // NG nominations: three count against the quota (with the participant's below), rejected and withdrawn ones do not.
      const ids = [
        await official('NG', 'Eze'),
        await official('NG', 'Obi'),
        await official('NG', 'Uche'),
        await official('NG', 'Ibe'),
      ];
      await nominate(invitedNg, ids[0] as string, 'nominated');
      await nominate(invitedNg, ids[1] as string, 'waitlisted');
      await nominate(invitedNg, ids[2] as string, 'rejected');
      await nominate(invitedNg, ids[3] as string, 'withdrawn');
      await nominate(invitedNg, await official('GH', 'Mensah'), 'accepted');
      // The demo participant is an official accepted in ghOnly (a GH-invited session) only.
      const self = await official('NG', 'Bello');
      await t.db.update(users).set({ officialId: self }).where(eq(users.email, 'participant.ng@tadrib.demo'));
      await nominate(ghOnly, self, 'accepted');
      await nominate(invitedNg, self, 'waitlisted');
      focal = await t.as('focal_point');
      participantClient = await t.as('participant');
    });

    const idsOf = async (c: Client, query = '') => {
      const res = await c.get(`/api/sessions?pageSize=200${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: string }[]).map((s) => s.id);
    };

    it('officers see every session with every quota', async () => {
      for (const c of [officer, await t.as('me_officer')]) {
        const ids = await idsOf(c);
        expect(ids).toContain(invitedNg);
        expect(ids).toContain(ghOnly);
        const detail = (await c.get(`/api/sessions/${invitedNg}`)).json();
        expect(detail.quotas).toEqual([
          { stateIso2: 'GH', seats: 3, nominated: 1, seatsLeft: 2 },
          { stateIso2: 'NG', seats: 4, nominated: 3, seatsLeft: 1 },
        ]);
      }
      expect((await (await t.as('me_officer')).get(`/api/sessions/${invitedNg}`)).json().allowedTransitions).toEqual([]);
    });

    it('a trainer sees only the sessions they train; others are 404', async () => {
      const trainer = await t.as('trainer');
      const ids = await idsOf(trainer);
      expect(ids).toContain(invitedNg);
      expect(ids).not.toContain(ghOnly);
      expectError(await trainer.get(`/api/sessions/${ghOnly}`), 404, 'NOT_FOUND');
      const other = (await login(t, otherTrainer.email, otherTrainer.password)).client;
      expect(await idsOf(other)).toContain(ghOnly);
      expect(await idsOf(other)).not.toContain(invitedNg);
    });

    it('a focal point sees only sessions their state is invited to, and only their own quota', async () => {
      const ids = await idsOf(focal);
      expect(ids).toContain(invitedNg);
      expect(ids).not.toContain(ghOnly);
      expectError(await focal.get(`/api/sessions/${ghOnly}`), 404, 'NOT_FOUND');
      const detail = (await focal.get(`/api/sessions/${invitedNg}`)).json();
      expect(detail.quotas).toEqual([{ stateIso2: 'NG', seats: 4, nominated: 3, seatsLeft: 1 }]);
      expect(detail.allowedTransitions).toEqual([]);
      // Once NG's invitation is withdrawn, the session is gone for them.
      const s = await create({ quotas: [{ stateIso2: 'NG', seats: 1 }] });
      expect(await idsOf(focal)).toContain(s.id);
      expect((await officer.patch(`/api/sessions/${s.id}`, { quotas: [{ stateIso2: 'GH', seats: 1 }] })).statusCode).toBe(200);
      expectError(await focal.get(`/api/sessions/${s.id}`), 404, 'NOT_FOUND');
    });

    it('a participant sees only sessions they are accepted in, without quotas', async () => {
      expect(await idsOf(participantClient)).toEqual([ghOnly]);
      const detail = (await participantClient.get(`/api/sessions/${ghOnly}`)).json();
      expect(detail.quotas).toEqual([]);
      expectError(await participantClient.get(`/api/sessions/${invitedNg}`), 404, 'NOT_FOUND');
    });

    it('only programme officers write or list trainers; admin and partner do not read', async () => {
      for (const role of ['me_officer', 'trainer', 'focal_point', 'participant', 'admin', 'partner'] as const) {
        const c = await t.as(role);
        expectError(await c.patch(`/api/sessions/${invitedNg}`, { capacity: 2 }), 403, 'FORBIDDEN');
        expectError(await c.post(`/api/sessions/${invitedNg}/status`, { status: 'cancelled' }), 403, 'FORBIDDEN');
        expectError(await c.get('/api/sessions/trainers'), 403, 'FORBIDDEN');
      }
      for (const role of ['admin', 'partner'] as const)
        expectError(await (await t.as(role)).get('/api/sessions'), 403, 'FORBIDDEN');
      expect(await statusOf(invitedNg)).toBe('planned');
    });

    it('filters by status, course and year', async () => {
      const year = Number(start.slice(0, 4));
      const planned = await idsOf(officer, `&status=planned&courseId=${courseId}&year=${year}`);
      expect(planned).toContain(invitedNg);
      expect(await idsOf(officer, '&status=completed')).not.toContain(invitedNg);
      expect(await idsOf(officer, `&courseId=${otherCourseId}`)).not.toContain(invitedNg);
      expect(await idsOf(officer, `&year=${year + 1}`)).not.toContain(invitedNg);
      // A filtered list keeps to the reader's scope, whoever asked the same shape before
      // (the list's statements are prepared once per shape: repository.ts).
      const trainer = await t.as('trainer');
      const other = (await login(t, otherTrainer.email, otherTrainer.password)).client;
      for (const query of [`&year=${year}`, `&courseId=${courseId}&status=planned`]) {
        const mine = await idsOf(trainer, query);
        expect(mine).toContain(invitedNg);
        expect(mine).not.toContain(ghOnly);
        expect(await idsOf(other, query)).not.toContain(invitedNg);
      }
      expectError(await officer.get('/api/sessions?status=draft'), 400, 'VALIDATION_FAILED');
      const page = (await officer.get('/api/sessions?pageSize=2&page=1')).json();
      expect(page.items.length).toBe(2);
      expect(page.total).toBeGreaterThan(2);
      // The count rides on the page's rows (repository.ts); a page past the last counts apart, alike.
      const past = (await officer.get(`/api/sessions?pageSize=2&page=${Math.ceil(page.total / 2) + 1}`)).json();
      expect(past.items).toEqual([]);
      expect(past.total).toBe(page.total);
      // It counts what the reader's scope and filters let through, as the page does.
      for (const [reader, query] of [
        [officer, ''],
        [trainer, ''],
        [other, ''],
        [trainer, `&year=${year}`],
      ] as const) {
        const all = (await reader.get(`/api/sessions?pageSize=200${query}`)).json();
        expect(all.total).toBe(all.items.length);
        const firstOne = (await reader.get(`/api/sessions?pageSize=1${query}`)).json();
        expect(firstOne.total).toBe(all.items.length);
      }
    });
  });
});
