import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  attendance,
  cascadeTrainings,
  completionOverrides,
  courses,
  deliveryChangeKeys,
  evaluationResponses,
  followUps,
  type NominationStatus,
  nominations,
  officials,
  overriddenMarks,
  sessionDays,
  testScores,
  trainingSessions,
  users,
} from '../../db/schema';
import { type Actor, type OfficialScope, officialScopeCondition, sessionScopeCondition } from '../../platform/access';
import type { Queryable } from '../../platform/db';
import { type CompletionInput, completionSql } from './completion';

export { daysOf } from '../sessions/repository';

export type SessionWithCourse = {
  session: typeof trainingSessions.$inferSelect;
  course: typeof courses.$inferSelect;
};

export async function findSessionWithCourse(db: Queryable, sessionId: string): Promise<SessionWithCourse | undefined> {
  const [row] = await db
    .select({ session: trainingSessions, course: courses })
    .from(trainingSessions)
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .where(eq(trainingSessions.id, sessionId));
  return row;
}

/** Raw rows of `db.execute`, the same on node-postgres and PGlite. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** What the SQL definition read of one nomination (the same inputs `completionOf` takes) and what it decided. */
export type CompletionRow = CompletionInput & {
  nominationId: string;
  sessionId: string;
  officialId: string;
  completedByRule: boolean;
  completed: boolean;
};

/** Completion of the nominations matching `where` (alias n), by the one SQL definition. */
export async function completionRows(db: Queryable, where: SQL): Promise<CompletionRow[]> {
  const result = await db.execute(completionSql(where));
  return rowsOf(result).map((r) => ({
    nominationId: String(r.nomination_id),
    sessionId: String(r.session_id),
    officialId: String(r.official_id),
    status: String(r.status) as NominationStatus,
    sessionDays: Number(r.session_days),
    daysPresent: Number(r.days_present),
    attendanceThreshold: Number(r.attendance_threshold),
    postTestPassMark: num(r.post_test_pass_mark),
    postScore: num(r.post_score),
    override: r.override === null || r.override === undefined ? null : Boolean(r.override),
    completedByRule: Boolean(r.completed_by_rule),
    completed: Boolean(r.completed),
  }));
}

/** The accepted participants of a session, limited to the actor's official scope in SQL. */
export async function rosterOf(db: Queryable, scope: OfficialScope, sessionId: string) {
  return db
    .select({
      nominationId: nominations.id,
      official: {
        id: officials.id,
        familyName: officials.familyName,
        givenNames: officials.givenNames,
        sex: officials.sex,
        stateIso2: officials.stateIso2,
      },
    })
    .from(nominations)
    .innerJoin(officials, eq(officials.id, nominations.officialId))
    .where(
      and(
        eq(nominations.sessionId, sessionId),
        eq(nominations.status, 'accepted'),
        officialScopeCondition(scope, { officialId: officials.id, stateIso2: officials.stateIso2 }),
      ),
    )
    .orderBy(asc(officials.familyName), asc(officials.givenNames));
}

export async function attendanceOf(db: Queryable, nominationIds: string[]) {
  if (nominationIds.length === 0) return [];
  return db.select().from(attendance).where(inArray(attendance.nominationId, nominationIds));
}

export async function scoresOf(db: Queryable, nominationIds: string[]) {
  if (nominationIds.length === 0) return [];
  return db.select().from(testScores).where(inArray(testScores.nominationId, nominationIds));
}

export async function overridesOf(db: Queryable, nominationIds: string[]) {
  if (nominationIds.length === 0) return [];
  return db.select().from(completionOverrides).where(inArray(completionOverrides.nominationId, nominationIds));
}

export async function followUpsOf(db: Queryable, nominationIds: string[]) {
  if (nominationIds.length === 0) return [];
  return db.select().from(followUps).where(inArray(followUps.nominationId, nominationIds));
}

export async function cascadesOf(db: Queryable, nominationIds: string[]) {
  if (nominationIds.length === 0) return [];
  return db
    .select()
    .from(cascadeTrainings)
    .where(inArray(cascadeTrainings.nominationId, nominationIds))
    .orderBy(asc(cascadeTrainings.heldOn));
}

/** recordedAt is when the mark was made: now, or on the device for a mark sent from the offline queue. */
export async function upsertAttendance(db: Queryable, values: typeof attendance.$inferInsert & { recordedAt: Date }) {
  await db
    .insert(attendance)
    .values(values)
    .onConflictDoUpdate({
      target: [attendance.nominationId, attendance.day],
      set: { present: values.present, recordedBy: values.recordedBy, recordedAt: values.recordedAt },
    });
}

/** The mark of one person and day, locked until the transaction ends (two trainers may mark it at once). */
export async function findAttendance(db: Queryable, nominationId: string, day: string) {
  const [row] = await db
    .select()
    .from(attendance)
    .where(and(eq(attendance.nominationId, nominationId), eq(attendance.day, day)))
    .for('update');
  return row;
}

export async function insertOverriddenMark(db: Queryable, values: typeof overriddenMarks.$inferInsert) {
  await db.insert(overriddenMarks).values(values);
}

const makers = alias(users, 'makers');
const overriders = alias(users, 'overriders');

/** The marks of these nominations that lost to later ones, newest first, with the names of both sides. */
export async function overriddenMarksOf(db: Queryable, nominationIds: string[]) {
  if (nominationIds.length === 0) return [];
  return db
    .select({
      nominationId: overriddenMarks.nominationId,
      subject: overriddenMarks.subject,
      day: overriddenMarks.day,
      present: overriddenMarks.present,
      score: overriddenMarks.score,
      madeBy: makers.displayName,
      madeAt: overriddenMarks.madeAt,
      overriddenBy: overriders.displayName,
      overriddenAt: overriddenMarks.overriddenAt,
    })
    .from(overriddenMarks)
    .leftJoin(makers, eq(makers.id, overriddenMarks.madeBy))
    .leftJoin(overriders, eq(overriders.id, overriddenMarks.overriddenBy))
    .where(inArray(overriddenMarks.nominationId, nominationIds))
    .orderBy(desc(overriddenMarks.overriddenAt), desc(overriddenMarks.madeAt));
}

export async function displayNameOf(db: Queryable, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

export async function findChangeKey(db: Queryable, key: string) {
  const [row] = await db.select().from(deliveryChangeKeys).where(eq(deliveryChangeKeys.key, key));
  return row;
}

/** True when this transaction now holds the key; false when it was used before (waits for a concurrent holder). */
export async function claimChangeKey(db: Queryable, values: { key: string; userId: string; nominationId: string }) {
  const claimed = await db
    .insert(deliveryChangeKeys)
    .values({ ...values, answer: {} })
    .onConflictDoNothing()
    .returning({ key: deliveryChangeKeys.key });
  return claimed.length > 0;
}

export async function recordChangeAnswer(db: Queryable, key: string, answer: unknown) {
  await db.update(deliveryChangeKeys).set({ answer }).where(eq(deliveryChangeKeys.key, key));
}

export async function isSessionDay(db: Queryable, sessionId: string, day: string): Promise<boolean> {
  const [row] = await db
    .select({ day: sessionDays.day })
    .from(sessionDays)
    .where(and(eq(sessionDays.sessionId, sessionId), eq(sessionDays.day, day)));
  return Boolean(row);
}

export async function findScore(db: Queryable, nominationId: string, kind: 'pre' | 'post') {
  const [row] = await db
    .select()
    .from(testScores)
    .where(and(eq(testScores.nominationId, nominationId), eq(testScores.kind, kind)))
    .for('update');
  return row;
}

/** `at`: when the score was typed (now, or on the device for one sent from the offline queue). */
export async function setScore(
  db: Queryable,
  nominationId: string,
  kind: 'pre' | 'post',
  score: number | null,
  by: string,
  at: Date = new Date(),
) {
  if (score === null) {
    await db.delete(testScores).where(and(eq(testScores.nominationId, nominationId), eq(testScores.kind, kind)));
    return;
  }
  await db
    .insert(testScores)
    .values({ nominationId, kind, score, recordedBy: by, recordedAt: at })
    .onConflictDoUpdate({
      target: [testScores.nominationId, testScores.kind],
      set: { score, recordedBy: by, recordedAt: at },
    });
}

export async function findOverride(db: Queryable, nominationId: string) {
  const [row] = await db.select().from(completionOverrides).where(eq(completionOverrides.nominationId, nominationId));
  return row;
}

export async function upsertOverride(db: Queryable, values: typeof completionOverrides.$inferInsert) {
  await db
    .insert(completionOverrides)
    .values(values)
    .onConflictDoUpdate({
      target: completionOverrides.nominationId,
      set: { completed: values.completed, reason: values.reason, decidedBy: values.decidedBy, decidedAt: new Date() },
    });
}

export async function deleteOverride(db: Queryable, nominationId: string) {
  await db.delete(completionOverrides).where(eq(completionOverrides.nominationId, nominationId));
}

export async function evaluationRows(db: Queryable, sessionId: string) {
  return db
    .select({ ratings: evaluationResponses.ratings, comment: evaluationResponses.comment })
    .from(evaluationResponses)
    .where(eq(evaluationResponses.sessionId, sessionId));
}

export async function insertFollowUps(db: Queryable, nominationIds: string[]): Promise<number> {
  if (nominationIds.length === 0) return 0;
  const inserted = await db
    .insert(followUps)
    .values(nominationIds.map((nominationId) => ({ nominationId })))
    .onConflictDoNothing()
    .returning({ id: followUps.nominationId });
  return inserted.length;
}

export async function insertCascade(db: Queryable, values: typeof cascadeTrainings.$inferInsert) {
  const [row] = await db.insert(cascadeTrainings).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** The session id when it is in the actor's session scope (platform/access.ts). */
export async function visibleSessionIds(db: Queryable, actor: Actor, sessionId: string) {
  return db
    .select({ id: trainingSessions.id })
    .from(trainingSessions)
    .where(and(eq(trainingSessions.id, sessionId), sessionScopeCondition(actor, trainingSessions.id)));
}
