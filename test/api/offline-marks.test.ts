import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attendance,
  deliveryChangeKeys,
  evaluationReceipts,
  evaluationResponses,
  overriddenMarks,
  testScores,
  trainingSessions,
} from '../../server/db/schema';
import {
  createCourse,
  createNomination,
  createOfficial,
  createSession,
  dayFromToday,
  linkParticipant,
  userIdOf,
} from './delivery-fixtures';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, expectError, login } from './support';

/**
 * Marks sent from the offline queue (web/src/offline): an idempotency key makes a resend count
 * once; of two marks of the same person and day the one made later wins, and the other is kept
 * with who and when; a closed sheet or a withdrawn person refuses the mark and changes nothing.
 */
describe(`offline marks: once per key, the later mark wins (${testDatabaseKind})`, () => {
  let t: TestApp;
  let trainer: Client;
  let secondTrainer: Client;
  let otherTrainer: Client;
  let officer: Client;
  let trainerId: string;
  let secondTrainerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    trainer = await t.as('trainer');
    officer = await t.as('programme_officer');
    trainerId = await userIdOf(t.db, demoEmail('trainer'));
    const admin = await t.as('admin');
    const second = await createUser(admin, { role: 'trainer', displayName: 'Second Trainer' });
    secondTrainer = (await login(t, second.email, second.password)).client;
    secondTrainerId = await userIdOf(t.db, second.email);
    const other = await createUser(admin, { role: 'trainer', displayName: 'Other Trainer' });
    otherTrainer = (await login(t, other.email, other.password)).client;
  });
  afterAll(async () => t.close());

  async function sheet(participants = 3) {
    const course = await createCourse(t.db);
    const session = await createSession(t.db, {
      courseId: course.id,
      status: 'closed',
      deadline: -20,
      start: -4,
      end: 0,
      trainerIds: [trainerId, secondTrainerId],
    });
    const ids: string[] = [];
    for (let i = 0; i < participants; i++) {
      ids.push((await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'accepted')).id);
    }
    return { session, ids };
  }

  const marksOf = (nominationId: string) => t.db.select().from(attendance).where(eq(attendance.nominationId, nominationId));
  const overriddenOf = (nominationId: string) =>
    t.db.select().from(overriddenMarks).where(eq(overriddenMarks.nominationId, nominationId));
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

  it('a mark resent with the same key is recorded and audited once, and answered the same', async () => {
    const { ids } = await sheet(1);
    const id = ids[0] as string;
    const body = { day: dayFromToday(-1), present: true, key: crypto.randomUUID(), madeAt: minutesAgo(30) };
    const first = await trainer.put(`/api/nominations/${id}/attendance`, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ present: true, outcome: 'recorded', recordedBy: expect.any(String) });
    const again = await trainer.put(`/api/nominations/${id}/attendance`, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const rows = await marksOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.recordedAt.toISOString()).toBe(new Date(body.madeAt).toISOString());
    expect(await auditRowsOf(t.db, 'attendance.record', id)).toHaveLength(1);
    // The same key for another participant, or from another user, is refused and changes nothing.
    const [other] = (await sheet(1)).ids;
    const reused = expectError(
      await trainer.put(`/api/nominations/${other}/attendance`, { ...body, day: dayFromToday(-2) }),
      409,
      'CONFLICT',
    );
    expect(reused.rule).toBe('delivery.change_key_reused');
    expect(await marksOf(other as string)).toEqual([]);
  });

  it('a score resent with the same key is recorded once', async () => {
    const { ids } = await sheet(1);
    const id = ids[0] as string;
    const body = { kind: 'post', score: 72.5, key: crypto.randomUUID(), madeAt: minutesAgo(5) };
    const first = await trainer.put(`/api/nominations/${id}/scores`, body);
    expect(first.statusCode, first.body).toBe(200);
    expect((await trainer.put(`/api/nominations/${id}/scores`, body)).json()).toEqual(first.json());
    expect(await t.db.select().from(testScores).where(eq(testScores.nominationId, id))).toHaveLength(1);
    expect(await auditRowsOf(t.db, 'test_score.record', id)).toHaveLength(1);
  });

  for (const order of ['earlier mark arrives first', 'later mark arrives first'] as const) {
    it(`two trainers mark the same person and day: the later mark wins (${order}), the other is kept`, async () => {
      const { session, ids } = await sheet(1);
      const id = ids[0] as string;
      const day = dayFromToday(-2);
      const earlier = { client: trainer, body: { day, present: true, key: crypto.randomUUID(), madeAt: minutesAgo(40) } };
      const later = { client: secondTrainer, body: { day, present: false, key: crypto.randomUUID(), madeAt: minutesAgo(10) } };
      const sends = order === 'earlier mark arrives first' ? [earlier, later] : [later, earlier];
      const answers = [];
      for (const s of sends) {
        const res = await s.client.put(`/api/nominations/${id}/attendance`, s.body);
        expect(res.statusCode, res.body).toBe(200);
        answers.push(res.json());
      }
      const rows = await marksOf(id);
      expect(rows.map((r) => [r.present, r.recordedBy])).toEqual([[false, secondTrainerId]]);
      const kept = await overriddenOf(id);
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({
        subject: 'attendance',
        day,
        present: true,
        madeBy: trainerId,
        overriddenBy: secondTrainerId,
      });
      expect(kept[0]?.madeAt.toISOString()).toBe(new Date(earlier.body.madeAt).toISOString());
      if (order === 'later mark arrives first') {
        // The earlier mark, sent last, is told which mark stays, by whom and when.
        expect(answers[1]).toMatchObject({ outcome: 'overridden', present: false, recordedBy: 'Second Trainer' });
      }
      const view = (await trainer.get(`/api/sessions/${session.id}/delivery`)).json();
      expect(view.participants[0].attendance[day]).toBe(false);
      expect(view.participants[0].overridden).toEqual([
        expect.objectContaining({ subject: 'attendance', day, present: true, overriddenBy: 'Second Trainer' }),
      ]);
    });
  }

  it('a mark made on a device whose clock runs fast counts as made now, not in the future', async () => {
    const { ids } = await sheet(1);
    const id = ids[0] as string;
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const res = await trainer.put(`/api/nominations/${id}/attendance`, { day: dayFromToday(-1), present: true, madeAt: future });
    expect(res.statusCode).toBe(200);
    expect((await marksOf(id))[0]?.recordedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('refuses marks for a withdrawn person and on a closed sheet with a rule (4xx), changing nothing', async () => {
    const { session, ids } = await sheet(1);
    const withdrawn = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'withdrawn');
    const body = { day: dayFromToday(-1), present: true, key: crypto.randomUUID(), madeAt: minutesAgo(3) };
    const e = expectError(await trainer.put(`/api/nominations/${withdrawn.id}/attendance`, body), 422, 'RULE_VIOLATION');
    expect(e.rule).toBe('delivery.nominee_not_accepted');
    expect(await marksOf(withdrawn.id)).toEqual([]);
    // Refused: the key is not spent, nothing of it is kept.
    expect(await t.db.select().from(deliveryChangeKeys).where(eq(deliveryChangeKeys.key, body.key))).toEqual([]);

    const id = ids[0] as string;
    await t.db.update(trainingSessions).set({ status: 'completed' }).where(eq(trainingSessions.id, session.id));
    const closed = expectError(await trainer.put(`/api/nominations/${id}/attendance`, body), 422, 'RULE_VIOLATION');
    expect(closed.rule).toBe('delivery.session_completed');
    expectError(await trainer.put(`/api/nominations/${id}/scores`, { kind: 'pre', score: 10 }), 422, 'RULE_VIOLATION');
    expect(await marksOf(id)).toEqual([]);
    expect((await trainer.get(`/api/sessions/${session.id}/delivery`)).json().can.record).toBe(false);
    // The office still corrects a completed session.
    expect((await officer.put(`/api/nominations/${id}/attendance`, { day: body.day, present: false })).statusCode).toBe(200);

    await t.db.update(trainingSessions).set({ status: 'cancelled' }).where(eq(trainingSessions.id, session.id));
    const cancelled = expectError(
      await officer.put(`/api/nominations/${id}/attendance`, { day: body.day, present: true }),
      422,
      'RULE_VIOLATION',
    );
    expect(cancelled.rule).toBe('delivery.session_cancelled');
    expect((await marksOf(id)).map((r) => r.present)).toEqual([false]);
  });

  it('a trainer of another session is refused (404), also with a key, and changes nothing', async () => {
    const { ids } = await sheet(1);
    const id = ids[0] as string;
    const body = { day: dayFromToday(-1), present: true, key: crypto.randomUUID(), madeAt: minutesAgo(1) };
    expectError(await otherTrainer.put(`/api/nominations/${id}/attendance`, body), 404, 'NOT_FOUND');
    expectError(
      await otherTrainer.put(`/api/nominations/${id}/scores`, { kind: 'pre', score: 10, key: body.key }),
      404,
      'NOT_FOUND',
    );
    expect(await marksOf(id)).toEqual([]);
    expect(await t.db.select().from(deliveryChangeKeys).where(eq(deliveryChangeKeys.key, body.key))).toEqual([]);
    expectError(
      await trainer.put(`/api/nominations/${id}/attendance`, { ...body, madeAt: 'yesterday' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await trainer.put(`/api/nominations/${id}/attendance`, { ...body, key: 'k1' }), 400, 'VALIDATION_FAILED');
    expect(await marksOf(id)).toEqual([]);
  });

  it('an evaluation filled offline and sent twice with its key is counted once', async () => {
    const officialId = (await createOfficial(t.db)).id;
    await linkParticipant(t.db, demoEmail('participant'), officialId);
    const participant = await t.as('participant');
    const course = await createCourse(t.db);
    const session = await createSession(t.db, { courseId: course.id, status: 'closed', deadline: -20, start: -8, end: -4 });
    const n = await createNomination(t.db, session.id, officialId, 'accepted');
    const ratings = { relevance: 5, content: 4, trainers: 5, materials: 3, organisation: 4, overall: 5 };
    const key = crypto.randomUUID();
    const url = `/api/participation/trainings/${n.id}/evaluation`;
    expect((await participant.post(url, { ratings, key })).statusCode).toBe(204);
    expect((await participant.post(url, { ratings, key })).statusCode).toBe(204);
    const answers = await t.db
      .select({ n: count() })
      .from(evaluationResponses)
      .where(eq(evaluationResponses.sessionId, session.id));
    expect(answers[0]?.n).toBe(1);
    expect(await t.db.select().from(evaluationReceipts).where(eq(evaluationReceipts.nominationId, n.id))).toHaveLength(1);
    // Another form (another key) is still the second answer it always was.
    expectError(await participant.post(url, { ratings, key: crypto.randomUUID() }), 409, 'CONFLICT');
  });
});
