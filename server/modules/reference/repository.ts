import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { agencyTypes, memberStates, securityCouncilResolutions, strategyPillars, users } from '../../db/schema';
import { type PersonalDataScope, stateScopeCondition } from '../../platform/access';
import type { Queryable } from '../../platform/db';

// Existence checks of reference data, for the modules that validate codes given to them.

export async function stateExists(db: Queryable, iso2: string): Promise<boolean> {
  const [row] = await db.select({ iso2: memberStates.iso2 }).from(memberStates).where(eq(memberStates.iso2, iso2));
  return Boolean(row);
}

/** Which of these member-state codes exist. */
export async function existingStates(db: Queryable, iso2s: string[]): Promise<Set<string>> {
  if (iso2s.length === 0) return new Set();
  const rows = await db.select({ iso2: memberStates.iso2 }).from(memberStates).where(inArray(memberStates.iso2, iso2s));
  return new Set(rows.map((r) => r.iso2));
}

export async function existingPillars(db: Queryable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: strategyPillars.code }).from(strategyPillars).where(inArray(strategyPillars.code, codes));
  return new Set(rows.map((r) => r.code));
}

export async function existingResolutions(db: Queryable, numbers: number[]): Promise<Set<number>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .select({ number: securityCouncilResolutions.number })
    .from(securityCouncilResolutions)
    .where(inArray(securityCouncilResolutions.number, numbers));
  return new Set(rows.map((r) => r.number));
}

export const listStates = (db: Queryable) => db.select().from(memberStates).orderBy(asc(memberStates.nameEn));

export async function findState(db: Queryable, iso2: string) {
  const [row] = await db.select().from(memberStates).where(eq(memberStates.iso2, iso2));
  return row;
}

export const listPillars = (db: Queryable) => db.select().from(strategyPillars).orderBy(asc(strategyPillars.position));
export const listResolutions = (db: Queryable) =>
  db.select().from(securityCouncilResolutions).orderBy(asc(securityCouncilResolutions.number));
export const listAgencyTypes = (db: Queryable) => db.select().from(agencyTypes).orderBy(asc(agencyTypes.position));

/** Active focal points of a state, limited to what the reader's scope allows. */
export function stateContacts(db: Queryable, iso2: string, scope: PersonalDataScope) {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.stateIso2, iso2),
        eq(users.role, 'focal_point'),
        eq(users.active, true),
        stateScopeCondition(scope, users.stateIso2),
      ),
    )
    .orderBy(asc(users.displayName));
}

export async function stateUserCounts(db: Queryable, iso2: string) {
  const [row] = await db
    .select({
      focalPoints: count(sql`case when ${users.role} = 'focal_point' then 1 end`),
      participants: count(sql`case when ${users.role} = 'participant' then 1 end`),
    })
    .from(users)
    .where(and(eq(users.stateIso2, iso2), eq(users.active, true)));
  return { focalPoints: Number(row?.focalPoints ?? 0), participants: Number(row?.participants ?? 0) };
}
