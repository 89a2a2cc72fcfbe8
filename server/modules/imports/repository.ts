import { inArray, sql } from 'drizzle-orm';
import { agencies } from '../../db/schema';
import { type Queryable, queryRows } from '../../platform/db';

export { existingStates } from '../reference/repository';

export type AgencyRef = { id: string; stateIso2: string; name: string; acronym: string | null };

/** The agencies of these states, to match a file's agency names and ids against. */
export async function agenciesOfStates(db: Queryable, iso2s: string[]): Promise<AgencyRef[]> {
  if (iso2s.length === 0) return [];
  return db
    .select({ id: agencies.id, stateIso2: agencies.stateIso2, name: agencies.name, acronym: agencies.acronym })
    .from(agencies)
    .where(inArray(agencies.stateIso2, iso2s));
}

/**
 * Refreshes the planner's statistics of officials after `added` rows, when that many make them
 * stale (migration 0020: autovacuum's rule, for servers without it and for PGlite, which has none).
 * Whether it did.
 */
export async function analyzeOfficialsAfterLoad(db: Queryable, added: number): Promise<boolean> {
  const [row] = await queryRows<{ analysed: boolean }>(db, sql`select analyze_officials_after_load(${added}) as analysed`);
  return Boolean(row?.analysed);
}
