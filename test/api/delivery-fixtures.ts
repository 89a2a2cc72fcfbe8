import { eq } from 'drizzle-orm';
import {
  attendance,
  type CourseLevel,
  courses,
  hrScreenings,
  type NominationStatus,
  nominations,
  officials,
  programmes,
  type SessionStatus,
  sessionDays,
  sessionQuotas,
  sessionTrainers,
  testScores,
  trainingSessions,
  users,
} from '../../server/db/schema';
import { storedNameKeys } from '../../server/modules/registry/names';
import type { Database } from '../../server/platform/db';

/**
 * Programmes, courses, sessions, officials and nominations written straight into the database,
 * so that the nomination and delivery tests do not depend on the modules that create them.
 */

let counter = 0;
const unique = (prefix: string) => {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
};

/** A day relative to today, as YYYY-MM-DD (UTC, as the server counts days). */
export function dayFromToday(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

export async function userIdOf(db: Database, email: string): Promise<string> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

export async function createCourse(
  db: Database,
  options: {
    level?: CourseLevel;
    attendanceThreshold?: number;
    testMaxScore?: number | null;
    postTestPassMark?: number | null;
  } = {},
) {
  const [programme] = await db
    .insert(programmes)
    .values({
      code: unique('PRG'),
      title: { en: 'CT Investigations', fr: 'Enquêtes antiterroristes' },
      thematicArea: 'investigations',
    })
    .returning();
  if (!programme) throw new Error('no programme');
  const [course] = await db
    .insert(courses)
    .values({
      programmeId: programme.id,
      code: unique('CRS'),
      title: { en: 'Financial investigations', fr: 'Enquêtes financières', ar: 'التحقيقات المالية' },
      level: options.level ?? 'intermediate',
      hours: 30,
      thematicArea: 'investigations',
      attendanceThreshold: options.attendanceThreshold ?? 0.8,
      testMaxScore: options.testMaxScore === undefined ? 100 : options.testMaxScore,
      postTestPassMark: options.postTestPassMark === undefined ? 60 : options.postTestPassMark,
    })
    .returning();
  if (!course) throw new Error('no course');
  return course;
}

export type SessionOptions = {
  courseId: string;
  status?: SessionStatus;
  capacity?: number;
  /** Relative to today. */
  deadline?: number;
  start?: number;
  end?: number;
  /** Teaching days, relative to today; default: every day from start to end. */
  days?: number[];
  quotas?: Record<string, number>;
  trainerIds?: string[];
};

export async function createSession(db: Database, o: SessionOptions) {
  const start = o.start ?? 20;
  const end = o.end ?? start + 4;
  const [session] = await db
    .insert(trainingSessions)
    .values({
      courseId: o.courseId,
      code: unique('SES'),
      startDate: dayFromToday(start),
      endDate: dayFromToday(end),
      venueCity: 'Rabat',
      venueCountry: 'MA',
      modality: 'in_person',
      languages: ['en', 'fr'],
      capacity: o.capacity ?? 10,
      nominationDeadline: dayFromToday(o.deadline ?? Math.min(10, start)),
      status: o.status ?? 'open',
    })
    .returning();
  if (!session) throw new Error('no session');
  const days = o.days ?? Array.from({ length: end - start + 1 }, (_, i) => start + i);
  if (days.length) await db.insert(sessionDays).values(days.map((d) => ({ sessionId: session.id, day: dayFromToday(d) })));
  const quotas = Object.entries(o.quotas ?? { NG: 3, GH: 3 });
  if (quotas.length)
    await db.insert(sessionQuotas).values(quotas.map(([stateIso2, seats]) => ({ sessionId: session.id, stateIso2, seats })));
  if (o.trainerIds?.length)
    await db.insert(sessionTrainers).values(o.trainerIds.map((userId) => ({ sessionId: session.id, userId })));
  return session;
}

export async function createOfficial(
  db: Database,
  o: { stateIso2?: string; familyName?: string; givenNames?: string; sex?: 'female' | 'male'; mergedIntoId?: string } = {},
) {
  const familyName = o.familyName ?? unique('Bello').replace(/-/g, '');
  const givenNames = o.givenNames ?? 'Aisha';
  const [row] = await db
    .insert(officials)
    .values({
      stateIso2: o.stateIso2 ?? 'NG',
      familyName,
      givenNames,
      sex: o.sex ?? 'female',
      nameKeys: storedNameKeys(familyName, givenNames),
      mergedIntoId: o.mergedIntoId ?? null,
      mergedAt: o.mergedIntoId ? new Date() : null,
    })
    .returning();
  if (!row) throw new Error('no official');
  return row;
}

/** A nomination in a given state, written directly (with a cleared screening when accepted or waitlisted). */
export async function createNomination(
  db: Database,
  sessionId: string,
  officialId: string,
  status: NominationStatus = 'accepted',
  waitlistRank: number | null = null,
) {
  const [row] = await db
    .insert(nominations)
    .values({
      sessionId,
      officialId,
      status,
      waitlistRank,
      decisionReason: status === 'rejected' ? 'fixture' : null,
      decidedAt: status === 'nominated' ? null : new Date(),
    })
    .returning();
  if (!row) throw new Error('no nomination');
  if (status === 'accepted' || status === 'waitlisted') {
    await db.insert(hrScreenings).values({ nominationId: row.id, riskLevel: 'low', decision: 'cleared', reasons: 'fixture' });
  }
  return row;
}

export async function markDays(db: Database, nominationId: string, marks: [dayOffset: number, present: boolean][]) {
  if (marks.length === 0) return;
  await db.insert(attendance).values(marks.map(([d, present]) => ({ nominationId, day: dayFromToday(d), present })));
}

export async function setScores(db: Database, nominationId: string, scores: { pre?: number; post?: number }) {
  if (scores.pre !== undefined) await db.insert(testScores).values({ nominationId, kind: 'pre', score: scores.pre });
  if (scores.post !== undefined) await db.insert(testScores).values({ nominationId, kind: 'post', score: scores.post });
}

export async function linkParticipant(db: Database, email: string, officialId: string | null) {
  await db.update(users).set({ officialId }).where(eq(users.email, email));
}
