import { and, eq, inArray } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { Queryable } from '../../platform/db';

/** Who is told what: the active accounts behind each event's roles. Users are outside the state wall (0014). */

/** The active focal points of each of `states`. */
export async function focalPointsOf(db: Queryable, states: string[]): Promise<{ id: string; stateIso2: string }[]> {
  if (states.length === 0) return [];
  const rows = await db
    .select({ id: users.id, stateIso2: users.stateIso2 })
    .from(users)
    .where(and(eq(users.role, 'focal_point'), eq(users.active, true), inArray(users.stateIso2, states)));
  return rows.flatMap((r) => (r.stateIso2 ? [{ id: r.id, stateIso2: r.stateIso2 }] : []));
}

/** The participant accounts of these officials (a participant's own record, users.official_id). */
export async function accountsOfOfficials(db: Queryable, officialIds: string[]): Promise<Map<string, string>> {
  if (officialIds.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, officialId: users.officialId })
    .from(users)
    .where(and(eq(users.role, 'participant'), eq(users.active, true), inArray(users.officialId, officialIds)));
  return new Map(rows.flatMap((r) => (r.officialId ? [[r.officialId, r.id] as const] : [])));
}

/** The office's programme officers: told of what no state owns. */
export async function programmeOfficers(db: Queryable): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'programme_officer'), eq(users.active, true)));
  return rows.map((r) => r.id);
}

/** Groups rows by a key, keeping the order they came in. */
export function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
