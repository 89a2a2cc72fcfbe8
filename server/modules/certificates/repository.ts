import { and, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import {
  certificates,
  courses,
  credentialStatusLists,
  credentialVerificationFailures,
  officials,
  strategyPillars,
  trainingSessions,
  users,
} from '../../db/schema';
import { type OfficialScope, officialScopeCondition } from '../../platform/access';
import type { Queryable } from '../../platform/db';
import { STATUS_LIST_SIZE } from './credential';

export type CertificateRow = Awaited<ReturnType<typeof listCertificates>>[number];

/** Certificates with their official, session and course, limited to the reader's official scope in SQL. */
export async function listCertificates(db: Queryable, scope: OfficialScope, where: SQL = sql`true`) {
  return db
    .select({
      certificate: certificates,
      official: {
        id: officials.id,
        familyName: officials.familyName,
        givenNames: officials.givenNames,
        stateIso2: officials.stateIso2,
      },
      session: {
        id: trainingSessions.id,
        code: trainingSessions.code,
        startDate: trainingSessions.startDate,
        endDate: trainingSessions.endDate,
      },
      course: { code: courses.code, title: courses.title },
    })
    .from(certificates)
    .innerJoin(officials, eq(officials.id, certificates.officialId))
    .innerJoin(trainingSessions, eq(trainingSessions.id, certificates.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .where(and(officialScopeCondition(scope, { officialId: certificates.officialId, stateIso2: officials.stateIso2 }), where))
    .orderBy(desc(certificates.issuedAt), certificates.id);
}

export const validOnly = isNull(certificates.revokedAt);
export const revokedOnly = isNotNull(certificates.revokedAt);

/** The certificates of some nominations, valid ones only. */
export async function validCertificatesOf(db: Queryable, nominationIds: string[]) {
  if (nominationIds.length === 0) return [];
  return db
    .select()
    .from(certificates)
    .where(and(inArray(certificates.nominationId, nominationIds), isNull(certificates.revokedAt)));
}

/** The latest certificate (valid or revoked) of each of some nominations. */
export async function latestCertificatesOf(db: Queryable, nominationIds: string[]) {
  if (nominationIds.length === 0) return [];
  return db
    .selectDistinctOn([certificates.nominationId])
    .from(certificates)
    .where(inArray(certificates.nominationId, nominationIds))
    .orderBy(certificates.nominationId, desc(certificates.issuedAt), desc(certificates.id));
}

/** The identity facts a certificate's hash covers, and the participant's language when they have an account. */
export async function holdersOf(db: Queryable, officialIds: string[]) {
  if (officialIds.length === 0) return [];
  return db
    .select({
      id: officials.id,
      familyName: officials.familyName,
      givenNames: officials.givenNames,
      stateIso2: officials.stateIso2,
      birthDate: officials.birthDate,
      email: officials.email,
      locale: sql<
        string | null
      >`(select u.locale from ${users} u where u.official_id = ${officials.id} order by u.created_at limit 1)`,
    })
    .from(officials)
    .where(inArray(officials.id, officialIds));
}

export async function pillarsOf(db: Queryable, codes: string[]) {
  if (codes.length === 0) return [];
  return db.select().from(strategyPillars).where(inArray(strategyPillars.code, codes)).orderBy(strategyPillars.position);
}

/**
 * `n` free slots of the status lists, at random places (so that an index says nothing about when a
 * certificate was issued). The newest list is locked until the transaction ends, so that two
 * issuings never take the same slot; a full list is followed by a new one.
 */
export async function allocateSlots(tx: Queryable, n: number): Promise<{ listId: number; index: number }[]> {
  const slots: { listId: number; index: number }[] = [];
  while (slots.length < n) {
    let [list] = await tx.select().from(credentialStatusLists).orderBy(desc(credentialStatusLists.id)).limit(1).for('update');
    const used = list
      ? new Set(
          (
            await tx.select({ index: certificates.statusIndex }).from(certificates).where(eq(certificates.statusListId, list.id))
          ).map((r) => r.index),
        )
      : new Set<number>();
    for (const s of slots) if (s.listId === list?.id) used.add(s.index);
    if (!list || used.size >= list.size) {
      [list] = await tx
        .insert(credentialStatusLists)
        .values({ id: (list?.id ?? 0) + 1, size: STATUS_LIST_SIZE })
        .returning();
      used.clear();
    }
    const current = list as typeof credentialStatusLists.$inferSelect;
    while (slots.length < n && used.size < current.size) {
      const index = Math.floor(Math.random() * current.size);
      if (used.has(index)) continue;
      used.add(index);
      slots.push({ listId: current.id, index });
    }
  }
  return slots;
}

export async function insertCertificate(tx: Queryable, values: typeof certificates.$inferInsert) {
  const [row] = await tx.insert(certificates).values(values).returning();
  return row as typeof certificates.$inferSelect;
}

export async function revokeCertificate(
  tx: Queryable,
  id: string,
  values: { revokedBy: string | null; reason: (typeof certificates.$inferSelect)['revocationReason']; note: string | null },
) {
  const [row] = await tx
    .update(certificates)
    .set({ revokedAt: new Date(), revokedBy: values.revokedBy, revocationReason: values.reason, revocationNote: values.note })
    .where(and(eq(certificates.id, id), isNull(certificates.revokedAt)))
    .returning();
  return row;
}

/** The revoked certificates of a nomination not yet replaced: a new certificate supersedes them. */
export async function markSuperseded(tx: Queryable, nominationId: string, newId: string) {
  await tx
    .update(certificates)
    .set({ supersededBy: newId })
    .where(
      and(
        eq(certificates.nominationId, nominationId),
        isNotNull(certificates.revokedAt),
        isNull(certificates.supersededBy),
        sql`${certificates.id} <> ${newId}`,
      ),
    );
}

export async function statusList(db: Queryable, listId: number) {
  const [list] = await db.select().from(credentialStatusLists).where(eq(credentialStatusLists.id, listId));
  if (!list) return null;
  const revoked = await db
    .select({ index: certificates.statusIndex })
    .from(certificates)
    .where(and(eq(certificates.statusListId, listId), isNotNull(certificates.revokedAt)));
  return { list, revokedIndexes: revoked.map((r) => r.index) };
}

/** A certificate with what a public answer may say about it (no name), by a condition on certificates. */
export async function publicFacts(db: Queryable, where: SQL) {
  const [row] = await db
    .select({
      certificate: certificates,
      session: { startDate: trainingSessions.startDate, endDate: trainingSessions.endDate },
      course: { code: courses.code, title: courses.title, hours: courses.hours },
    })
    .from(certificates)
    .innerJoin(trainingSessions, eq(trainingSessions.id, certificates.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .where(where);
  return row;
}

export const bySlot = (listId: number, index: number) =>
  and(eq(certificates.statusListId, listId), eq(certificates.statusIndex, index)) as SQL;
export const byCode = (code: string) => eq(certificates.verificationCode, code);

export async function recordVerificationFailure(db: Queryable, address: string) {
  await db.insert(credentialVerificationFailures).values({ address });
}

export async function verificationFailures(db: Queryable, address: string, since: Date) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, last: sql<string | null>`max(${credentialVerificationFailures.at})` })
    .from(credentialVerificationFailures)
    .where(and(eq(credentialVerificationFailures.address, address), sql`${credentialVerificationFailures.at} > ${since}`));
  return { n: Number(row?.n ?? 0), last: row?.last ? new Date(row.last).getTime() : 0 };
}

/** What the paper certificate prints besides the certificate's own fields: the course and the venue. */
export async function paperFacts(db: Queryable, id: string) {
  const [row] = await db
    .select({
      course: { title: courses.title, hours: courses.hours },
      session: {
        venueCity: trainingSessions.venueCity,
        venueCountry: trainingSessions.venueCountry,
        modality: trainingSessions.modality,
      },
    })
    .from(certificates)
    .innerJoin(trainingSessions, eq(trainingSessions.id, certificates.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .where(eq(certificates.id, id));
  return row;
}
