import { inArray } from 'drizzle-orm';
import { agencies, memberStates } from '../../db/schema';
import type { Queryable } from '../../platform/db';

export async function existingStates(db: Queryable, iso2s: string[]): Promise<Set<string>> {
  if (iso2s.length === 0) return new Set();
  const rows = await db.select({ iso2: memberStates.iso2 }).from(memberStates).where(inArray(memberStates.iso2, iso2s));
  return new Set(rows.map((r) => r.iso2));
}

export type AgencyRef = { id: string; stateIso2: string; name: string; acronym: string | null };

/** The agencies of these states, to match a file's agency names and ids against. */
export async function agenciesOfStates(db: Queryable, iso2s: string[]): Promise<AgencyRef[]> {
  if (iso2s.length === 0) return [];
  return db
    .select({ id: agencies.id, stateIso2: agencies.stateIso2, name: agencies.name, acronym: agencies.acronym })
    .from(agencies)
    .where(inArray(agencies.stateIso2, iso2s));
}
