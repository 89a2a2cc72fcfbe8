import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationReceipts, evaluationResponses, followUps } from '../../server/db/schema';
import {
  createCourse,
  createNomination,
  createOfficial,
  createSession,
  dayFromToday,
  linkParticipant,
  markDays,
  setScores,
  userIdOf,
} from './delivery-fixtures';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, detailPaths, expectError, login } from './support';

const ratings = { relevance: 5, content: 4, trainers: 5, materials: 3, organisation: 4, overall: 5 };
const FULL: [number, boolean][] = [
  [-10, true],
  [-9, true],
  [-8, true],
  [-7, true],
  [-6, true],
];

type Training = {
  nominationId: string;
  status: string;
  completion: { completed: boolean; attendanceRate: number };
  preScore: number | null;
  postScore: number | null;
  evaluation: string;
  followUp: { status: string; applied: boolean | null };
  cascade: { eligible: boolean; records: unknown[] };
};

describe(`a participant’s own trainings and forms (${testDatabaseKind})`, () => {
  let t: TestApp;
  let participant: Client;
  let officer: Client;
  let officialId: string;
  let other: Client;
  let otherOfficialId: string;

  beforeAll(async () => {
    t = await startTestApp();
    officialId = (await createOfficial(t.db, { familyName: 'Bello', givenNames: 'Aisha' })).id;
    await linkParticipant(t.db, demoEmail('participant'), officialId);
    participant = await t.as('participant');
    officer = await t.as('programme_officer');
    const second = await createUser(await t.as('admin'), { role: 'participant', stateIso2: 'NG' });
    otherOfficialId = (await createOfficial(t.db)).id;
    await linkParticipant(t.db, second.email, otherOfficialId);
    other = (await login(t, second.email, second.password)).client;
    await userIdOf(t.db, demoEmail('participant'));
  });
  afterAll(async () => t.close());

  async function training(
    options: { level?: 'training_of_trainers' | 'intermediate'; end?: number; status?: 'accepted' | 'nominated' } = {},
  ) {
    const course = await createCourse(t.db, { level: options.level ?? 'intermediate', postTestPassMark: 60 });
    const end = options.end ?? -6;
    const session = await createSession(t.db, { courseId: course.id, status: 'closed', deadline: end - 14, start: end - 4, end });
    const n = await createNomination(t.db, session.id, officialId, options.status ?? 'accepted');
    return { course, session, nominationId: n.id };
  }

  const mine = async (): Promise<Training[]> => {
    const res = await participant.get('/api/participation/trainings');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };

  it('shows my trainings with status, attendance, scores, completion and pending forms', async () => {
    const { nominationId } = await training();
    await markDays(t.db, nominationId, FULL.slice(0, 4));
    await setScores(t.db, nominationId, { pre: 40, post: 70 });
    const item = (await mine()).find((i) => i.nominationId === nominationId);
    expect(item).toMatchObject({
      status: 'accepted',
      preScore: 40,
      postScore: 70,
      completion: { completed: true, attendanceRate: 0.8 },
      evaluation: 'pending',
      followUp: { status: 'none' },
      cascade: { eligible: false },
    });
    expect((await auditRowsOf(t.db, 'participation.read', officialId)).length).toBeGreaterThan(0);
    // Another participant does not see it, and cannot act on it.
    expect(
      ((await other.get('/api/participation/trainings')).json().items as Training[]).map((i) => i.nominationId),
    ).not.toContain(nominationId);
    expectError(await other.post(`/api/participation/trainings/${nominationId}/evaluation`, { ratings }), 404, 'NOT_FOUND');
    // Staff cannot use the participant's routes.
    expectError(await officer.get('/api/participation/trainings'), 403, 'FORBIDDEN');
  });

  it('evaluates once, anonymously: the answer has no person link; a second try is 409', async () => {
    const { session, nominationId } = await training();
    const before = Number((await t.db.select({ n: count() }).from(evaluationResponses))[0]?.n);
    const res = await participant.post(`/api/participation/trainings/${nominationId}/evaluation`, {
      ratings,
      comment: 'Very practical',
    });
    expect(res.statusCode, res.body).toBe(204);
    expect(await t.db.select().from(evaluationReceipts).where(eq(evaluationReceipts.nominationId, nominationId))).toHaveLength(1);
    const answers = await t.db.select().from(evaluationResponses).where(eq(evaluationResponses.sessionId, session.id));
    expect(answers).toHaveLength(1);
    expect(Object.keys(answers[0] ?? {}).sort()).toEqual(['comment', 'id', 'ratings', 'sessionId', 'submittedOn']);
    expect(JSON.stringify(answers[0])).not.toContain(nominationId);
    expect(JSON.stringify(answers[0])).not.toContain(officialId);
    // The audit row names the nomination, never the answer.
    const audit = await auditRowsOf(t.db, 'evaluation.submit', nominationId);
    expect(JSON.stringify(audit[0]?.details ?? null)).not.toContain('practical');
    expectError(await participant.post(`/api/participation/trainings/${nominationId}/evaluation`, { ratings }), 409, 'CONFLICT');
    expect(Number((await t.db.select({ n: count() }).from(evaluationResponses))[0]?.n)).toBe(before + 1);
    expect((await mine()).find((i) => i.nominationId === nominationId)?.evaluation).toBe('submitted');
  });

  it('validates ratings 1–5 for every question', async () => {
    const { nominationId } = await training();
    const err = expectError(
      await participant.post(`/api/participation/trainings/${nominationId}/evaluation`, {
        ratings: { ...ratings, overall: 6, content: 0 },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(detailPaths(err).sort()).toEqual(['ratings.content', 'ratings.overall']);
    const { relevance: _, ...missing } = ratings;
    expect(
      detailPaths(
        expectError(
          await participant.post(`/api/participation/trainings/${nominationId}/evaluation`, { ratings: missing }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toEqual(['ratings.relevance']);
    expect(await t.db.select().from(evaluationReceipts).where(eq(evaluationReceipts.nominationId, nominationId))).toEqual([]);
  });

  it('refuses the evaluation before the last day and for a nominee who is not accepted', async () => {
    const future = await training({ end: 5 });
    expect((await mine()).find((i) => i.nominationId === future.nominationId)?.evaluation).toBe('not_available');
    const e1 = expectError(
      await participant.post(`/api/participation/trainings/${future.nominationId}/evaluation`, { ratings }),
      422,
      'RULE_VIOLATION',
    );
    expect(e1.rule).toBe('participation.evaluation_not_open');
    const pending = await training({ status: 'nominated' });
    const e2 = expectError(
      await participant.post(`/api/participation/trainings/${pending.nominationId}/evaluation`, { ratings }),
      422,
      'RULE_VIOLATION',
    );
    expect(e2.rule).toBe('participation.not_accepted');
  });

  it('answers the follow-up once it is requested; once only', async () => {
    const { session, nominationId } = await training();
    await markDays(t.db, nominationId, FULL);
    await setScores(t.db, nominationId, { post: 80 });
    const early = expectError(
      await participant.post(`/api/participation/trainings/${nominationId}/follow-up`, { applied: false }),
      422,
      'RULE_VIOLATION',
    );
    expect(early.rule).toBe('participation.follow_up_not_requested');
    expect((await officer.post(`/api/sessions/${session.id}/follow-ups`)).json().requested).toBe(1);
    expect((await mine()).find((i) => i.nominationId === nominationId)?.followUp.status).toBe('pending');
    expect(
      detailPaths(
        expectError(
          await participant.post(`/api/participation/trainings/${nominationId}/follow-up`, { applied: true }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toEqual(['howApplied']);
    const res = await participant.post(`/api/participation/trainings/${nominationId}/follow-up`, {
      applied: true,
      howApplied: 'Set up a joint financial-intelligence cell with customs',
    });
    expect(res.statusCode, res.body).toBe(204);
    const [row] = await t.db.select().from(followUps).where(eq(followUps.nominationId, nominationId));
    expect(row).toMatchObject({ applied: true, howApplied: 'Set up a joint financial-intelligence cell with customs' });
    expectError(
      await participant.post(`/api/participation/trainings/${nominationId}/follow-up`, { applied: false }),
      409,
      'CONFLICT',
    );
    expect((await mine()).find((i) => i.nominationId === nominationId)?.followUp).toMatchObject({
      status: 'answered',
      applied: true,
    });
    expect((await auditRowsOf(t.db, 'follow_up.answer', nominationId)).length).toBe(1);
  });

  it('a training-of-trainers graduate records colleagues trained at home', async () => {
    const { nominationId } = await training({ level: 'training_of_trainers' });
    await markDays(t.db, nominationId, FULL);
    await setScores(t.db, nominationId, { post: 75 });
    expect((await mine()).find((i) => i.nominationId === nominationId)?.cascade.eligible).toBe(true);
    const body = {
      heldOn: dayFromToday(-1),
      location: 'Kaduna',
      colleaguesTrained: 18,
      womenTrained: 5,
      description: 'Two-day module',
    };
    const res = await participant.post(`/api/participation/trainings/${nominationId}/cascades`, body);
    expect(res.statusCode, res.body).toBe(201);
    expect((await mine()).find((i) => i.nominationId === nominationId)?.cascade.records).toHaveLength(1);
    const future = expectError(
      await participant.post(`/api/participation/trainings/${nominationId}/cascades`, { ...body, heldOn: dayFromToday(3) }),
      422,
      'RULE_VIOLATION',
    );
    expect(future.rule).toBe('delivery.cascade_in_future');
    const before = expectError(
      await participant.post(`/api/participation/trainings/${nominationId}/cascades`, { ...body, heldOn: dayFromToday(-30) }),
      422,
      'RULE_VIOLATION',
    );
    expect(before.rule).toBe('delivery.cascade_before_training');
    expectError(await other.post(`/api/participation/trainings/${nominationId}/cascades`, body), 404, 'NOT_FOUND');
  });

  it('a participant without a registry record sees no trainings', async () => {
    const lone = await createUser(await t.as('admin'), { role: 'participant', stateIso2: 'GH' });
    const c = (await login(t, lone.email, lone.password)).client;
    expect((await c.get('/api/participation/trainings')).json()).toEqual({ items: [] });
    expectError(await c.post(`/api/participation/trainings/${crypto.randomUUID()}/evaluation`, { ratings }), 404, 'NOT_FOUND');
  });

  it('three answers make the session’s aggregates visible, with comments but no names', async () => {
    const course = await createCourse(t.db);
    const session = await createSession(t.db, { courseId: course.id, status: 'closed', deadline: -20, start: -10, end: -6 });
    const n1 = await createNomination(t.db, session.id, officialId, 'accepted');
    const n2 = await createNomination(t.db, session.id, otherOfficialId, 'accepted');
    expect(
      (await participant.post(`/api/participation/trainings/${n1.id}/evaluation`, { ratings, comment: 'Useful' })).statusCode,
    ).toBe(204);
    expect(
      (await other.post(`/api/participation/trainings/${n2.id}/evaluation`, { ratings: { ...ratings, overall: 3 } })).statusCode,
    ).toBe(204);
    let summary = (await officer.get(`/api/sessions/${session.id}/evaluations`)).json();
    expect(summary).toMatchObject({ responses: 2, shown: false, comments: [] });
    const third = await createUser(await t.as('admin'), { role: 'participant', stateIso2: 'NG' });
    const thirdOfficial = (await createOfficial(t.db)).id;
    await linkParticipant(t.db, third.email, thirdOfficial);
    const n3 = await createNomination(t.db, session.id, thirdOfficial, 'accepted');
    const c3 = (await login(t, third.email, third.password)).client;
    expect(
      (
        await c3.post(`/api/participation/trainings/${n3.id}/evaluation`, {
          ratings: { ...ratings, overall: 4 },
          comment: 'More case studies',
        })
      ).statusCode,
    ).toBe(204);
    summary = (await officer.get(`/api/sessions/${session.id}/evaluations`)).json();
    expect(summary.shown).toBe(true);
    expect(summary.questions.find((q: { code: string }) => q.code === 'overall')).toEqual({
      code: 'overall',
      mean: 4,
      distribution: [0, 0, 1, 1, 1],
    });
    expect(summary.comments).toEqual(['More case studies', 'Useful']);
  });
});
