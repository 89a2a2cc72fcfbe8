import { asc, eq, inArray, sql } from 'drizzle-orm';
import { type OrganisationKind, organisations } from '../../db/schema';
import type { Queryable } from '../../platform/db';

export type OrganisationRow = typeof organisations.$inferSelect;

export const listOrganisations = (db: Queryable, kind?: OrganisationKind) =>
  db
    .select()
    .from(organisations)
    .where(kind ? eq(organisations.kind, kind) : undefined)
    .orderBy(asc(organisations.name));

export async function findOrganisationsByIds(db: Queryable, ids: string[]): Promise<OrganisationRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(organisations).where(inArray(organisations.id, ids));
}

export async function findOrganisationByName(db: Queryable, name: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(sql`lower(${organisations.name}) = lower(${name})`);
  return row;
}

export async function insertOrganisation(db: Queryable, values: typeof organisations.$inferInsert): Promise<OrganisationRow> {
  const [row] = await db.insert(organisations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}
