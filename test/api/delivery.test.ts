import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attendance,
  cascadeTrainings,
  completionOverrides,
  evaluationResponses,
  followUps,
  testScores,
} from '../../server/db/schema';
import { completionOf } from '../../server/modules/delivery/completion';
import * as deliveryRepo from '../../server/modules/delivery/repository';
import {
  createCourse,
  createNomination,
  createOfficial,
  createSession,
  dayFromToday,
  markDays,
  setScores,
  userIdOf,
} from './delivery-fixtures';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, detailPaths, expectError } from './support';

type Sheet = {
  days: string[];
  participants: {
    nominationId: string;
    attendance: Record<string, boolean>;
    preScore: number | null;
    postScore: number | null;
    completion: { completed: boolean; byRule: boolean; reason: string; daysPresent: number; override: unknown };
    followUp: unknown;
  }[];
  can: { override: boolean };
};

describe(`attendance, tests and completion (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let trainer: Client;
  let focalNg: Client;
  let me: Client;
  let trainerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    trainer = await t.as('trainer');
    focalNg = await t.as('focal_point');
    me = await t.as('me_officer');
    trainerId = await userIdOf(t.db, demoEmail('trainer'));
  });
  afterAll(async () => t.close());

  /** A five-day session delivered by the demo trainer, with accepted participants. */
  async function deliveredSession(options: Parameters<typeof createCourse>[1] = {}, participants = 2) {
    const course = await createCourse(t.db, options);
    const session = await createSession(t.db, {
      courseId: course.id,
      status: 'closed',
      deadline: -20,
      start: -10,
      end: -6,
      trainerIds: [trainerId],
    });
    const ids: string[] = [];
    for (let i = 0; i < participants; i++) {
      ids.push((await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'accepted')).id);
    }
    return { course, session, ids };
  }

  const attendanceRows = async (nominationId: string) =>
    t.db.select().from(attendance).where(eq(attendance.nominationId, nominationId));

  describe('attendance', () => {
    it('the trainer marks a participant present per day, saved per click and audited; the sheet shows it', async () => {
      const { session, ids } = await deliveredSession();
      const [a] = ids as [string];
      const day = dayFromToday(-10);
      const res = await trainer.put(`/api/nominations/${a}/attendance`, { day, present: true });
      expect(res.statusCode, res.body).toBe(200);
      expect((await trainer.put(`/api/nominations/${a}/attendance`, { day, present: false })).statusCode).toBe(200);
      expect((await attendanceRows(a)).map((r) => r.present)).toEqual([false]);
      expect((await auditRowsOf(t.db, 'attendance.record', a)).length).toBe(2);
      const sheet = (await trainer.get(`/api/sessions/${session.id}/delivery`)).json() as Sheet;
      expect(sheet.days).toHaveLength(5);
      expect(sheet.participants).toHaveLength(2);
      expect(sheet.participants.find((p) => p.nominationId === a)?.attendance).toEqual({ [day]: false });
      expect(sheet.can.override).toBe(false);
      expect((await auditRowsOf(t.db, 'delivery.sheet.read', session.id)).length).toBeGreaterThan(0);
    });

    it('refuses attendance for a session day still to come (422), changing nothing', async () => {
      const course = await createCourse(t.db, {});
      const session = await createSession(t.db, {
        courseId: course.id,
        status: 'closed',
        deadline: -3,
        start: -1,
        end: 3,
        trainerIds: [trainerId],
      });
      const nomination = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'accepted');
      expect(
        (await trainer.put(`/api/nominations/${nomination.id}/attendance`, { day: dayFromToday(-1), present: true })).statusCode,
      ).toBe(200);
      const err = expectError(
        await trainer.put(`/api/nominations/${nomination.id}/attendance`, { day: dayFromToday(2), present: true }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.details?.[0]).toMatchObject({ path: 'day', rule: 'delivery.day_in_future' });
      expect((await attendanceRows(nomination.id)).map((r) => r.day)).toEqual([dayFromToday(-1)]);
    });

    it('refuses a day that is not a session day, and a nominee who is not accepted (422), changing nothing', async () => {
      const { session, ids } = await deliveredSession();
      const err = expectError(
        await trainer.put(`/api/nominations/${ids[0]}/attendance`, { day: dayFromToday(-3), present: true }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.details?.[0]).toMatchObject({ path: 'day', rule: 'delivery.not_a_session_day' });
      for (const status of ['nominated', 'waitlisted', 'rejected', 'withdrawn'] as const) {
        const n = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, status);
        const e = expectError(
          await trainer.put(`/api/nominations/${n.id}/attendance`, { day: dayFromToday(-10), present: true }),
          422,
          'RULE_VIOLATION',
        );
        expect(e.rule).toBe('delivery.nominee_not_accepted');
        expect(await attendanceRows(n.id)).toEqual([]);
      }
      expect(await attendanceRows(ids[0] as string)).toEqual([]);
      expectError(
        await trainer.put(`/api/nominations/${ids[0]}/attendance`, { day: 'monday', present: 'yes' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('a trainer of another session gets 404; focal points and M&E are refused with 403; officers may record', async () => {
      const course = await createCourse(t.db);
      const other = await createSession(t.db, { courseId: course.id, status: 'closed', deadline: -20, start: -10, end: -6 });
      const n = await createNomination(t.db, other.id, (await createOfficial(t.db)).id, 'accepted');
      const body = { day: dayFromToday(-10), present: true };
      expectError(await trainer.put(`/api/nominations/${n.id}/attendance`, body), 404, 'NOT_FOUND');
      expectError(await trainer.get(`/api/sessions/${other.id}/delivery`), 404, 'NOT_FOUND');
      expectError(await focalNg.put(`/api/nominations/${n.id}/attendance`, body), 403, 'FORBIDDEN');
      expectError(await me.put(`/api/nominations/${n.id}/attendance`, body), 403, 'FORBIDDEN');
      expect(await attendanceRows(n.id)).toEqual([]);
      expect((await officer.put(`/api/nominations/${n.id}/attendance`, body)).statusCode).toBe(200);
      expect((await officer.get(`/api/sessions/${other.id}/delivery`)).json().can.override).toBe(true);
    });
  });

  describe('test scores', () => {
    it('records pre and post scores within 0..max; out of range is 422; null clears', async () => {
      const { ids } = await deliveredSession({ testMaxScore: 50, postTestPassMark: 30 });
      const [a] = ids as [string];
      expect((await trainer.put(`/api/nominations/${a}/scores`, { kind: 'pre', score: 20.5 })).statusCode).toBe(200);
      expect((await trainer.put(`/api/nominations/${a}/scores`, { kind: 'post', score: 50 })).statusCode).toBe(200);
      const over = expectError(
        await trainer.put(`/api/nominations/${a}/scores`, { kind: 'post', score: 50.01 }),
        422,
        'RULE_VIOLATION',
      );
      expect(over.details?.[0]).toMatchObject({ path: 'score', rule: 'delivery.score_out_of_range' });
      expect(
        detailPaths(
          expectError(await trainer.put(`/api/nominations/${a}/scores`, { kind: 'post', score: -1 }), 400, 'VALIDATION_FAILED'),
        ),
      ).toEqual(['score']);
      expectError(await trainer.put(`/api/nominations/${a}/scores`, { kind: 'mid', score: 1 }), 400, 'VALIDATION_FAILED');
      const rows = await t.db.select().from(testScores).where(eq(testScores.nominationId, a));
      expect(Object.fromEntries(rows.map((r) => [r.kind, r.score]))).toEqual({ pre: 20.5, post: 50 });
      expect((await trainer.put(`/api/nominations/${a}/scores`, { kind: 'pre', score: null })).statusCode).toBe(200);
      expect((await t.db.select().from(testScores).where(eq(testScores.nominationId, a))).map((r) => r.kind)).toEqual(['post']);
      expect((await auditRowsOf(t.db, 'test_score.record', a)).length).toBe(3);
    });

    it('refuses scores for a course without a test', async () => {
      const { ids } = await deliveredSession({ testMaxScore: null, postTestPassMark: null });
      const err = expectError(
        await trainer.put(`/api/nominations/${ids[0]}/scores`, { kind: 'pre', score: 1 }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('delivery.course_has_no_test');
    });

    it('imports scores from CSV: a preview with errors per row, then all rows or none', async () => {
      const { session, ids } = await deliveredSession({ testMaxScore: 100 }, 3);
      const officials = (await trainer.get(`/api/sessions/${session.id}/delivery`)).json().participants as {
        nominationId: string;
        official: { id: string };
      }[];
      const off = (i: number) => officials.find((p) => p.nominationId === ids[i])?.official.id;
      const bad = `official_id,name,pre,post\n${off(0)},A,40,75\n${off(1)},B,abc,101\n${crypto.randomUUID()},C,10,20\n${off(0)},A,1,2\n`;
      const preview = await trainer.post(`/api/sessions/${session.id}/scores/import`, { csv: bad });
      expect(preview.statusCode, preview.body).toBe(200);
      const p = preview.json();
      expect(p).toMatchObject({ valid: 1, invalid: 3, committed: false });
      expect(p.rows[1].errors).toHaveLength(2);
      expect(p.rows[2].errors[0]).toContain('not an accepted participant');
      expect(p.rows[3].errors[0]).toContain('more than one row');
      const refused = expectError(
        await trainer.post(`/api/sessions/${session.id}/scores/import`, { csv: bad, commit: true }),
        422,
        'RULE_VIOLATION',
      );
      expect(refused.rule).toBe('delivery.import_has_errors');
      for (const id of ids) expect(await t.db.select().from(testScores).where(eq(testScores.nominationId, id))).toEqual([]);

      const good = `Official ID;Pre-test;Post-test\n${off(0)};40;75,5\n${off(1)};55;\n`.replaceAll(';', '\t');
      // Tab-separated is not CSV: the header is not recognised.
      expectError(
        await trainer.post(`/api/sessions/${session.id}/scores/import`, { csv: good, commit: true }),
        400,
        'VALIDATION_FAILED',
      );
      const csv = `Official ID,Pre-test,Post-test\n${off(0)},40,"75,5"\n${off(1)},55,\n`;
      const done = await trainer.post(`/api/sessions/${session.id}/scores/import`, { csv, commit: true });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ valid: 2, invalid: 0, committed: true });
      const rows = await t.db
        .select()
        .from(testScores)
        .where(eq(testScores.nominationId, ids[0] as string));
      expect(Object.fromEntries(rows.map((r) => [r.kind, r.score]))).toEqual({ pre: 40, post: 75.5 });
      expect((await auditRowsOf(t.db, 'test_score.import', session.id)).length).toBe(1);
      expectError(
        await trainer.post(`/api/sessions/${session.id}/scores/import`, { csv: '"unclosed\n' }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('completion', () => {
    it('follows the rule: 4 of 5 days at 80 % and a passed post-test complete; 3 days or a failed test do not', async () => {
      const { session, ids } = await deliveredSession({ attendanceThreshold: 0.8, testMaxScore: 100, postTestPassMark: 60 }, 4);
      const [full, four, three, failed] = ids as [string, string, string, string];
      await markDays(t.db, full, [
        [-10, true],
        [-9, true],
        [-8, true],
        [-7, true],
        [-6, true],
      ]);
      await markDays(t.db, four, [
        [-10, true],
        [-9, true],
        [-8, false],
        [-7, true],
        [-6, true],
      ]);
      await markDays(t.db, three, [
        [-10, true],
        [-9, true],
        [-8, true],
      ]);
      await markDays(t.db, failed, [
        [-10, true],
        [-9, true],
        [-8, true],
        [-7, true],
        [-6, true],
      ]);
      await setScores(t.db, full, { pre: 30, post: 60 });
      await setScores(t.db, four, { post: 90 });
      await setScores(t.db, three, { post: 90 });
      await setScores(t.db, failed, { post: 59.99 });
      const sheet = (await officer.get(`/api/sessions/${session.id}/delivery`)).json() as Sheet;
      const c = (id: string) => sheet.participants.find((p) => p.nominationId === id)?.completion;
      expect(c(full)).toMatchObject({ completed: true, reason: 'met', daysPresent: 5 });
      expect(c(four)).toMatchObject({ completed: true, reason: 'met', daysPresent: 4 });
      expect(c(three)).toMatchObject({ completed: false, reason: 'attendance_below_threshold' });
      expect(c(failed)).toMatchObject({ completed: false, reason: 'post_test_failed' });
    });

    it('an officer overrides with a reason (audited); the trainer cannot; clearing restores the rule', async () => {
      const { ids } = await deliveredSession();
      const [a] = ids as [string];
      expectError(
        await trainer.put(`/api/nominations/${a}/completion-override`, { completed: true, reason: 'x' }),
        403,
        'FORBIDDEN',
      );
      expect(
        detailPaths(
          expectError(
            await officer.put(`/api/nominations/${a}/completion-override`, { completed: true }),
            400,
            'VALIDATION_FAILED',
          ),
        ),
      ).toEqual(['reason']);
      expect(await t.db.select().from(completionOverrides).where(eq(completionOverrides.nominationId, a))).toEqual([]);
      const res = await officer.put(`/api/nominations/${a}/completion-override`, {
        completed: true,
        reason: 'Missed one day for a documented medical emergency; caught up with the trainer',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ completed: true, byRule: false, reason: 'override' });
      expect((await auditRowsOf(t.db, 'completion.override', a)).length).toBe(1);
      const cleared = await officer.delete(`/api/nominations/${a}/completion-override`);
      expect(cleared.json()).toMatchObject({ completed: false, override: null });
      expect((await auditRowsOf(t.db, 'completion.override.clear', a)).length).toBe(1);
      expectError(await officer.delete(`/api/nominations/${a}/completion-override`), 404, 'NOT_FOUND');
    });

    it('refuses an override for a nominee who is not accepted', async () => {
      const { session } = await deliveredSession({}, 0);
      const n = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'rejected');
      const err = expectError(
        await officer.put(`/api/nominations/${n.id}/completion-override`, { completed: true, reason: 'x' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('delivery.nominee_not_accepted');
    });

    it('the SQL definition and the TypeScript rule agree on random enrolments', async () => {
      const course = await createCourse(t.db, { attendanceThreshold: 0.7, testMaxScore: 20, postTestPassMark: 12.5 });
      const session = await createSession(t.db, { courseId: course.id, status: 'closed', deadline: -20, start: -12, end: -3 });
      const statuses = ['accepted', 'accepted', 'accepted', 'nominated', 'withdrawn', 'rejected'] as const;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...statuses),
          fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
          fc.option(
            fc.integer({ min: 0, max: 2000 }).map((n) => n / 100),
            { nil: null },
          ),
          fc.option(fc.boolean(), { nil: null }),
          async (status, marks, post, override) => {
            const n = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, status);
            await markDays(
              t.db,
              n.id,
              marks.map((present, i) => [-12 + i, present] as [number, boolean]),
            );
            if (post !== null) await setScores(t.db, n.id, { post });
            if (override !== null)
              await t.db.insert(completionOverrides).values({ nominationId: n.id, completed: override, reason: 'test' });
            const [row] = await deliveryRepo.completionRows(t.db, sql`n.id = ${n.id}`);
            const expected = completionOf({
              status,
              sessionDays: 10,
              daysPresent: marks.filter(Boolean).length,
              attendanceThreshold: 0.7,
              postTestPassMark: 12.5,
              postScore: post,
              override,
            });
            expect(row?.completed).toBe(expected.completed);
            expect(row?.completedByRule).toBe(expected.byRule);
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe('evaluations and follow-ups', () => {
    it('reports evaluation aggregates only, and nothing below three answers', async () => {
      const { session } = await deliveredSession({}, 0);
      const res = await officer.get(`/api/sessions/${session.id}/evaluations`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ responses: 0, shown: false, comments: [] });
      // Trainers read those of their own sessions; the M&E officer every session's.
      const untrained = await createSession(t.db, { courseId: (await createCourse(t.db)).id, quotas: { SN: 2 } });
      expectError(await trainer.get(`/api/sessions/${untrained.id}/evaluations`), 404, 'NOT_FOUND');
      expect((await trainer.get(`/api/sessions/${session.id}/evaluations`)).statusCode).toBe(200);
      expect((await me.get(`/api/sessions/${session.id}/evaluations`)).statusCode).toBe(200);
    });

    it('a focal point reads no evaluation: the anonymous answers (and comments) of every state’s participants are not theirs', async () => {
      const { session } = await deliveredSession({}, 0);
      await t.db.insert(evaluationResponses).values(
        ['Useful for our unit', 'Our Ghanaian team learned a lot', 'More practice'].map((comment) => ({
          sessionId: session.id,
          ratings: { relevance: 4 },
          comment,
          submittedOn: dayFromToday(-5),
        })),
      );
      expect((await officer.get(`/api/sessions/${session.id}/evaluations`)).json().comments).toHaveLength(3);
      // Invited (NG holds a quota) or not, the answer is the same refusal, and names no comment.
      const refused = await focalNg.get(`/api/sessions/${session.id}/evaluations`);
      expectError(refused, 403, 'FORBIDDEN');
      expect(refused.body).not.toContain('Ghanaian');
    });

    it('an officer requests follow-ups for the completed participants of a finished session only', async () => {
      const { session, ids } = await deliveredSession({ postTestPassMark: null }, 2);
      const [done, notDone] = ids as [string, string];
      await markDays(t.db, done, [
        [-10, true],
        [-9, true],
        [-8, true],
        [-7, true],
        [-6, true],
      ]);
      await markDays(t.db, notDone, [[-10, true]]);
      expectError(await trainer.post(`/api/sessions/${session.id}/follow-ups`), 403, 'FORBIDDEN');
      const res = await officer.post(`/api/sessions/${session.id}/follow-ups`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ requested: 1, alreadyRequested: 0 });
      expect((await officer.post(`/api/sessions/${session.id}/follow-ups`)).json()).toEqual({
        requested: 0,
        alreadyRequested: 1,
      });
      expect(await t.db.select().from(followUps).where(eq(followUps.nominationId, notDone))).toEqual([]);
      const future = await createSession(t.db, { courseId: (await createCourse(t.db)).id, status: 'open' });
      const err = expectError(await officer.post(`/api/sessions/${future.id}/follow-ups`), 422, 'RULE_VIOLATION');
      expect(err.rule).toBe('delivery.session_not_ended');
    });

    it('an officer records a cascade for a training-of-trainers graduate; not for others', async () => {
      const tot = await deliveredSession({ level: 'training_of_trainers', postTestPassMark: null }, 2);
      const [grad, dropout] = tot.ids as [string, string];
      await markDays(t.db, grad, [
        [-10, true],
        [-9, true],
        [-8, true],
        [-7, true],
        [-6, true],
      ]);
      const body = { heldOn: dayFromToday(-2), location: 'Abuja police college', colleaguesTrained: 24, womenTrained: 6 };
      const res = await officer.post(`/api/nominations/${grad}/cascades`, body);
      expect(res.statusCode, res.body).toBe(201);
      expect((await auditRowsOf(t.db, 'cascade.record', grad)).length).toBe(1);
      expect(expectError(await officer.post(`/api/nominations/${dropout}/cascades`, body), 422, 'RULE_VIOLATION').rule).toBe(
        'delivery.not_completed',
      );
      expect(
        detailPaths(
          expectError(
            await officer.post(`/api/nominations/${grad}/cascades`, { ...body, womenTrained: 25 }),
            400,
            'VALIDATION_FAILED',
          ),
        ),
      ).toEqual(['womenTrained']);
      const basic = await deliveredSession({ postTestPassMark: null }, 1);
      await markDays(t.db, basic.ids[0] as string, [
        [-10, true],
        [-9, true],
        [-8, true],
        [-7, true],
        [-6, true],
      ]);
      expect(expectError(await officer.post(`/api/nominations/${basic.ids[0]}/cascades`, body), 422, 'RULE_VIOLATION').rule).toBe(
        'delivery.not_training_of_trainers',
      );
      expect(await t.db.select().from(cascadeTrainings).where(eq(cascadeTrainings.nominationId, dropout))).toEqual([]);
    });
  });
});
