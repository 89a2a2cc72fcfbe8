import { eq, sql } from 'drizzle-orm';
import {
  attendance,
  completionOverrides,
  courses,
  evaluationResponses,
  followUps,
  hrScreenings,
  type NominationStatus,
  nominations,
  officials,
  programmes,
  sessionDays,
  testScores,
  trainingSessions,
} from '../../server/db/schema';
import { storedNameKeys } from '../../server/modules/registry/names';
import type { Database } from '../../server/platform/db';

/**
 * A small world for the results tests, written straight into the tables with absolute dates, so
 * that each figure can be worked out by hand from what is written here.
 */

let counter = 0;
const unique = (prefix: string) => {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
};

export async function programmeWithCourse(
  db: Database,
  o: {
    title: string;
    threshold: number;
    passMark: number | null;
    maxScore: number | null;
    level?: 'foundational' | 'advanced';
    pillars?: string[];
  },
) {
  const [programme] = await db
    .insert(programmes)
    .values({ code: unique('PRG'), title: { en: o.title, fr: `${o.title} (fr)` }, thematicArea: 'investigations' })
    .returning();
  const [course] = await db
    .insert(courses)
    .values({
      programmeId: programme?.id as string,
      code: unique('CRS'),
      title: { en: `${o.title} course` },
      level: o.level ?? 'foundational',
      hours: 20,
      thematicArea: 'investigations',
      pillars: o.pillars ?? ['II', 'IV'],
      attendanceThreshold: o.threshold,
      testMaxScore: o.maxScore,
      postTestPassMark: o.passMark,
    })
    .returning();
  return { programmeId: programme?.id as string, courseId: course?.id as string };
}

/** A finished session with the given teaching days (YYYY-MM-DD); it ends on the last one. */
export async function pastSession(db: Database, courseId: string, days: string[]) {
  const sorted = [...days].sort();
  const [session] = await db
    .insert(trainingSessions)
    .values({
      courseId,
      code: unique('SES'),
      startDate: sorted[0] as string,
      endDate: sorted[sorted.length - 1] as string,
      venueCity: 'Rabat',
      venueCountry: 'MA',
      modality: 'in_person',
      languages: ['en'],
      capacity: 20,
      nominationDeadline: sorted[0] as string,
      status: 'completed',
    })
    .returning();
  await db.insert(sessionDays).values(sorted.map((day) => ({ sessionId: session?.id as string, day })));
  return { id: session?.id as string, days: sorted };
}

export async function person(db: Database, o: { state: string; sex: 'female' | 'male'; name: string; mergedIntoId?: string }) {
  const [row] = await db
    .insert(officials)
    .values({
      stateIso2: o.state,
      familyName: o.name,
      givenNames: 'Test',
      sex: o.sex,
      nameKeys: storedNameKeys(o.name, 'Test'),
      mergedIntoId: o.mergedIntoId ?? null,
      mergedAt: o.mergedIntoId ? new Date() : null,
    })
    .returning();
  return row?.id as string;
}

/** An enrolment: accepted (or another status), present on the first `present` days, with scores. */
export async function enrol(
  db: Database,
  session: { id: string; days: string[] },
  officialId: string,
  o: { present: number; pre?: number; post?: number; status?: NominationStatus } = { present: 0 },
) {
  const [row] = await db
    .insert(nominations)
    .values({ sessionId: session.id, officialId, status: o.status ?? 'accepted', decidedAt: new Date() })
    .returning();
  const id = row?.id as string;
  await db.insert(hrScreenings).values({ nominationId: id, riskLevel: 'low', decision: 'cleared', reasons: 'fixture' });
  if (session.days.length)
    await db.insert(attendance).values(session.days.map((day, i) => ({ nominationId: id, day, present: i < o.present })));
  if (o.pre !== undefined) await db.insert(testScores).values({ nominationId: id, kind: 'pre', score: o.pre });
  if (o.post !== undefined) await db.insert(testScores).values({ nominationId: id, kind: 'post', score: o.post });
  return id;
}

export async function override(db: Database, nominationId: string, completed: boolean, reason: string) {
  await db.insert(completionOverrides).values({ nominationId, completed, reason });
}

export async function followUp(db: Database, nominationId: string, applied: boolean | null) {
  await db.insert(followUps).values({
    nominationId,
    respondedAt: applied === null ? null : new Date(),
    applied,
  });
}

export async function evaluation(db: Database, sessionId: string, overall: number, on: string) {
  await db.insert(evaluationResponses).values({ sessionId, ratings: { overall, relevance: overall }, submittedOn: on });
}

export async function setStatus(db: Database, nominationId: string, status: NominationStatus) {
  await db.update(nominations).set({ status }).where(eq(nominations.id, nominationId));
}

/** A merge as the registry does it: the absorbed record's nominations move to the survivor. */
export async function merge(db: Database, survivorId: string, absorbedId: string) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set constraints nominations_session_official_key deferred`);
    await tx.update(nominations).set({ officialId: survivorId }).where(eq(nominations.officialId, absorbedId));
    await tx.update(officials).set({ mergedIntoId: survivorId, mergedAt: new Date() }).where(eq(officials.id, absorbedId));
  });
}
