import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import {
  agencies,
  distinctOfficialPairs,
  type NominationStatus,
  nominationEvents,
  nominations,
  officialMerges,
  officials,
  users,
} from '../../db/schema';
import type { Queryable } from '../../platform/db';

export type OfficialRow = typeof officials.$inferSelect;

/** What duplicate detection reads of every live (not merged) official in scope. */
export type ScoringRow = {
  id: string;
  stateIso2: string;
  agencyId: string | null;
  familyName: string;
  givenNames: string;
  nameOriginal: string | null;
  sex: string;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  nameKeys: string;
};

export async function liveOfficialsForScoring(db: Queryable, scope: SQL, stateIso2s?: string[]): Promise<ScoringRow[]> {
  const conditions: (SQL | undefined)[] = [isNull(officials.mergedIntoId), scope];
  if (stateIso2s) conditions.push(stateIso2s.length ? inArray(officials.stateIso2, stateIso2s) : sql`false`);
  // This reads the whole registry (~110,000 rows at scale 100): one JSON document is about twice
  // as fast to fetch and parse as as many rows, on PGlite as on PostgreSQL.
  const result = await db.execute(
    sql`select coalesce(json_agg(json_build_array(${officials.id}, ${officials.stateIso2}, ${officials.agencyId}, ${officials.familyName},
          ${officials.givenNames}, ${officials.nameOriginal}, ${officials.sex}, ${officials.birthDate}, ${officials.email}, ${officials.phone},
          ${officials.nameKeys})), '[]')::text as "rows"
        from ${officials} where ${and(...conditions)}`,
  );
  const [first] = (result as unknown as { rows: { rows: string }[] }).rows;
  const tuples = JSON.parse(first?.rows ?? '[]') as (string | null)[][];
  return tuples.map((r) => ({
    id: r[0] as string,
    stateIso2: r[1] as string,
    agencyId: r[2] ?? null,
    familyName: r[3] as string,
    givenNames: r[4] as string,
    nameOriginal: r[5] ?? null,
    sex: r[6] as string,
    birthDate: r[7] ?? null,
    email: r[8] ?? null,
    phone: r[9] ?? null,
    nameKeys: r[10] as string,
  }));
}

/** Pairs marked distinct, as "first|second" with first < second. */
export async function distinctPairKeys(db: Queryable): Promise<Set<string>> {
  const rows = await db
    .select({ a: distinctOfficialPairs.firstId, b: distinctOfficialPairs.secondId })
    .from(distinctOfficialPairs);
  return new Set(rows.map((r) => `${r.a}|${r.b}`));
}

export type OfficialCard = OfficialRow & { agencyName: string | null; agencyAcronym: string | null; nominationCount: number };

/** The records shown side by side, within the actor's scope. */
export async function officialCards(db: Queryable, ids: string[], scope: SQL): Promise<OfficialCard[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      official: officials,
      agencyName: agencies.name,
      agencyAcronym: agencies.acronym,
      nominationCount: sql<number>`(select count(*) from nominations n where n.official_id = ${officials.id})`.mapWith(Number),
    })
    .from(officials)
    .leftJoin(agencies, eq(agencies.id, officials.agencyId))
    .where(and(inArray(officials.id, ids), scope));
  return rows.map((r) => ({
    ...r.official,
    agencyName: r.agencyName,
    agencyAcronym: r.agencyAcronym,
    nominationCount: r.nominationCount,
  }));
}

/** Both records of a merge, locked against a concurrent merge or edit, within scope. */
export async function lockOfficials(db: Queryable, ids: string[], scope: SQL): Promise<OfficialRow[]> {
  return db
    .select()
    .from(officials)
    .where(and(inArray(officials.id, ids), scope))
    .orderBy(officials.id)
    .for('update');
}

export async function insertDistinctPair(db: Queryable, firstId: string, secondId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(distinctOfficialPairs)
    .values({ firstId, secondId, decidedBy: userId })
    .onConflictDoNothing()
    .returning({ a: distinctOfficialPairs.firstId });
  return rows.length > 0;
}

export type NominationRef = { id: string; sessionId: string; status: NominationStatus; officialId: string };

export async function nominationsOf(db: Queryable, officialIds: string[]): Promise<NominationRef[]> {
  return db
    .select({
      id: nominations.id,
      sessionId: nominations.sessionId,
      status: nominations.status,
      officialId: nominations.officialId,
    })
    .from(nominations)
    .where(inArray(nominations.officialId, officialIds))
    .for('update');
}

export async function moveNominations(db: Queryable, ids: string[], toOfficialId: string): Promise<void> {
  if (ids.length === 0) return;
  await db.update(nominations).set({ officialId: toOfficialId, updatedAt: new Date() }).where(inArray(nominations.id, ids));
}

/** A nomination set aside by a merge: withdrawn, with the reason, and the transition recorded. */
export async function withdrawDuplicateNomination(
  db: Queryable,
  nomination: NominationRef,
  reason: string,
  userId: string,
): Promise<void> {
  await db
    .update(nominations)
    .set({ status: 'withdrawn', waitlistRank: null, decisionReason: reason, updatedAt: new Date() })
    .where(eq(nominations.id, nomination.id));
  await db.insert(nominationEvents).values({
    nominationId: nomination.id,
    fromStatus: nomination.status,
    toStatus: 'withdrawn',
    reason,
    byUserId: userId,
  });
}

/** Until the transaction commits, a person may briefly hold two nominations of one session (a swap). */
export async function deferNominationUniqueness(db: Queryable): Promise<void> {
  await db.execute(sql`set constraints nominations_session_official_key deferred`);
}

/** The accounts linked to any of these officials. */
export async function linkedAccounts(db: Queryable, officialIds: string[]): Promise<{ id: string }[]> {
  return db.select({ id: users.id }).from(users).where(inArray(users.officialId, officialIds)).for('update');
}

export async function moveUsers(db: Queryable, fromOfficialId: string, toOfficialId: string): Promise<string[]> {
  const rows = await db
    .update(users)
    .set({ officialId: toOfficialId, updatedAt: new Date() })
    .where(eq(users.officialId, fromOfficialId))
    .returning({ id: users.id });
  return rows.map((r) => r.id);
}

export async function markMerged(db: Queryable, absorbedId: string, survivorId: string, at: Date): Promise<void> {
  await db.update(officials).set({ mergedIntoId: survivorId, mergedAt: at, updatedAt: at }).where(eq(officials.id, absorbedId));
  // Anything merged into the absorbed record earlier now points at the survivor (no chains).
  await db.update(officials).set({ mergedIntoId: survivorId, updatedAt: at }).where(eq(officials.mergedIntoId, absorbedId));
}

export async function insertMerge(
  db: Queryable,
  values: {
    survivorId: string;
    absorbedId: string;
    mergedBy: string;
    mergedAt: Date;
    reason: string;
    absorbedSnapshot: Record<string, unknown>;
  },
): Promise<string> {
  const [row] = await db.insert(officialMerges).values(values).returning({ id: officialMerges.id });
  return (row as { id: string }).id;
}
