import { and, asc, eq, inArray, ne, type SQL } from 'drizzle-orm';
import { type CourseLevel, coursePartners, courses, organisations, programmes, strategyPillars } from '../../db/schema';
import type { Queryable } from '../../platform/db';

export { existingPillars, existingResolutions, stateExists } from '../reference/repository';

export type ProgrammeRow = typeof programmes.$inferSelect;
export type CourseRow = typeof courses.$inferSelect;
export type PartnerRole = 'donor' | 'delivering_partner';

export const listProgrammes = (db: Queryable) => db.select().from(programmes).orderBy(asc(programmes.code));

export async function findProgramme(db: Queryable, id: string): Promise<ProgrammeRow | undefined> {
  const [row] = await db.select().from(programmes).where(eq(programmes.id, id));
  return row;
}

export async function programmeCodeTaken(db: Queryable, code: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: programmes.id })
    .from(programmes)
    .where(and(eq(programmes.code, code), exceptId ? ne(programmes.id, exceptId) : undefined));
  return Boolean(row);
}

export async function insertProgramme(db: Queryable, values: typeof programmes.$inferInsert): Promise<ProgrammeRow> {
  const [row] = await db.insert(programmes).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateProgramme(db: Queryable, id: string, values: Partial<typeof programmes.$inferInsert>) {
  const [row] = await db
    .update(programmes)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(programmes.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

export function listCourses(db: Queryable, filter: { programmeIds?: string[]; level?: CourseLevel } = {}) {
  const conditions: SQL[] = [];
  if (filter.programmeIds) {
    if (filter.programmeIds.length === 0) return Promise.resolve([] as CourseRow[]);
    conditions.push(inArray(courses.programmeId, filter.programmeIds));
  }
  if (filter.level) conditions.push(eq(courses.level, filter.level));
  return db
    .select()
    .from(courses)
    .where(and(...conditions))
    .orderBy(asc(courses.code));
}

export async function findCourse(db: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(courses).where(eq(courses.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function courseCodeTaken(db: Queryable, code: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: courses.id })
    .from(courses)
    .where(and(eq(courses.code, code), exceptId ? ne(courses.id, exceptId) : undefined));
  return Boolean(row);
}

export async function insertCourse(db: Queryable, values: typeof courses.$inferInsert): Promise<CourseRow> {
  const [row] = await db.insert(courses).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateCourse(db: Queryable, id: string, values: Partial<typeof courses.$inferInsert>) {
  const [row] = await db
    .update(courses)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(courses.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

export function partnersOfCourse(db: Queryable, courseId: string) {
  return db
    .select({
      role: coursePartners.role,
      id: organisations.id,
      name: organisations.name,
      acronym: organisations.acronym,
      kind: organisations.kind,
    })
    .from(coursePartners)
    .innerJoin(organisations, eq(organisations.id, coursePartners.organisationId))
    .where(eq(coursePartners.courseId, courseId))
    .orderBy(asc(organisations.name));
}

export async function replacePartnersOfRole(db: Queryable, courseId: string, role: PartnerRole, organisationIds: string[]) {
  await db.delete(coursePartners).where(and(eq(coursePartners.courseId, courseId), eq(coursePartners.role, role)));
  if (organisationIds.length > 0) {
    await db.insert(coursePartners).values(organisationIds.map((organisationId) => ({ courseId, organisationId, role })));
  }
}

// ---------- reference checks

export async function existingOrganisations(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, ids));
  return new Set(rows.map((r) => r.id));
}

export const pillarOrder = (db: Queryable) =>
  db.select({ code: strategyPillars.code }).from(strategyPillars).orderBy(asc(strategyPillars.position));
