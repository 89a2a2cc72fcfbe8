import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import {
  type EngagementKind,
  type EngagementStatus,
  type Locale,
  type LocalisedText,
  nationalProgrammeDocuments,
  nationalProgrammeEngagements,
  nationalProgrammeParts,
  nationalProgrammePillarCoverage,
  nationalProgrammeResolutionCoverage,
  nationalProgrammeStageCounterparts,
  nationalProgrammeStageStaff,
  nationalProgrammeStages,
  programmeStageKinds,
  storedFiles,
  strategyPillars,
  users,
} from '../../db/schema';
import type { Queryable } from '../../platform/db';

export {
  existingPillars as knownPillars,
  existingResolutions as knownResolutions,
  stateExists,
} from '../reference/repository';

export type EngagementRow = typeof nationalProgrammeEngagements.$inferSelect;
export type StageRow = typeof nationalProgrammeStages.$inferSelect;

/** Office staff who may be named responsible for a stage. */
export const RESPONSIBLE_STAFF_ROLES = ['programme_officer', 'me_officer', 'trainer'] as const;

// ---------- engagements

export async function listEngagements(db: Queryable, where: SQL | undefined): Promise<EngagementRow[]> {
  return db
    .select()
    .from(nationalProgrammeEngagements)
    .where(where)
    .orderBy(asc(nationalProgrammeEngagements.stateIso2), asc(nationalProgrammeEngagements.createdAt));
}

export async function findEngagement(db: Queryable, id: string, scope: SQL): Promise<EngagementRow | undefined> {
  const [row] = await db
    .select()
    .from(nationalProgrammeEngagements)
    .where(and(eq(nationalProgrammeEngagements.id, id), scope));
  return row;
}

/** The engagement row, locked for the rest of the transaction: changes to one engagement's stages are serialised. */
export async function lockEngagement(db: Queryable, id: string): Promise<EngagementRow | undefined> {
  const [row] = await db.select().from(nationalProgrammeEngagements).where(eq(nationalProgrammeEngagements.id, id)).for('update');
  return row;
}

export async function insertEngagement(
  db: Queryable,
  values: typeof nationalProgrammeEngagements.$inferInsert,
): Promise<EngagementRow> {
  const [row] = await db.insert(nationalProgrammeEngagements).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateEngagement(
  db: Queryable,
  id: string,
  values: Partial<{ title: LocalisedText; kind: EngagementKind; status: EngagementStatus; notes: string | null }>,
): Promise<void> {
  await db
    .update(nationalProgrammeEngagements)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(nationalProgrammeEngagements.id, id));
}

/** Marks the engagement changed (a stage, coverage or document of it changed). */
export async function touchEngagement(db: Queryable, id: string): Promise<void> {
  await db.update(nationalProgrammeEngagements).set({ updatedAt: new Date() }).where(eq(nationalProgrammeEngagements.id, id));
}

// ---------- stages

const stageOrder = sql`array_position(array[${sql.join(
  programmeStageKinds.map((k) => sql`${k}`),
  sql`, `,
)}]::text[], ${nationalProgrammeStages.kind})`;

/** The stages of these engagements, in stage order. */
export async function stagesOf(db: Queryable, engagementIds: string[]): Promise<StageRow[]> {
  if (engagementIds.length === 0) return [];
  return db
    .select()
    .from(nationalProgrammeStages)
    .where(inArray(nationalProgrammeStages.engagementId, engagementIds))
    .orderBy(asc(nationalProgrammeStages.engagementId), asc(stageOrder), asc(nationalProgrammeStages.sequence));
}

export async function findStage(db: Queryable, id: string): Promise<StageRow | undefined> {
  const [row] = await db.select().from(nationalProgrammeStages).where(eq(nationalProgrammeStages.id, id));
  return row;
}

export async function insertStages(db: Queryable, values: (typeof nationalProgrammeStages.$inferInsert)[]): Promise<StageRow[]> {
  return db.insert(nationalProgrammeStages).values(values).returning();
}

export async function updateStage(
  db: Queryable,
  id: string,
  values: Partial<Pick<StageRow, 'plannedStart' | 'plannedEnd' | 'actualStart' | 'actualEnd' | 'skipped' | 'notes' | 'sequence'>>,
): Promise<void> {
  await db
    .update(nationalProgrammeStages)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(nationalProgrammeStages.id, id));
}

export async function deleteStage(db: Queryable, id: string): Promise<void> {
  await db.delete(nationalProgrammeStages).where(eq(nationalProgrammeStages.id, id));
}

export async function staffOf(db: Queryable, stageIds: string[]) {
  if (stageIds.length === 0) return [];
  return db
    .select({ stageId: nationalProgrammeStageStaff.stageId, id: users.id, displayName: users.displayName })
    .from(nationalProgrammeStageStaff)
    .innerJoin(users, eq(users.id, nationalProgrammeStageStaff.userId))
    .where(inArray(nationalProgrammeStageStaff.stageId, stageIds))
    .orderBy(asc(users.displayName));
}

export async function counterpartsOf(db: Queryable, stageIds: string[]) {
  if (stageIds.length === 0) return [];
  return db
    .select({
      stageId: nationalProgrammeStageCounterparts.stageId,
      name: nationalProgrammeStageCounterparts.name,
      function: nationalProgrammeStageCounterparts.function,
      organisation: nationalProgrammeStageCounterparts.organisation,
    })
    .from(nationalProgrammeStageCounterparts)
    .where(inArray(nationalProgrammeStageCounterparts.stageId, stageIds))
    .orderBy(asc(nationalProgrammeStageCounterparts.position));
}

export async function replaceStaff(db: Queryable, stageId: string, userIds: string[]): Promise<void> {
  await db.delete(nationalProgrammeStageStaff).where(eq(nationalProgrammeStageStaff.stageId, stageId));
  if (userIds.length) await db.insert(nationalProgrammeStageStaff).values(userIds.map((userId) => ({ stageId, userId })));
}

export async function replaceCounterparts(
  db: Queryable,
  stageId: string,
  counterparts: { name: string; function?: string | null; organisation?: string | null }[],
): Promise<void> {
  await db.delete(nationalProgrammeStageCounterparts).where(eq(nationalProgrammeStageCounterparts.stageId, stageId));
  if (counterparts.length) {
    await db.insert(nationalProgrammeStageCounterparts).values(
      counterparts.map((c, i) => ({
        stageId,
        position: i + 1,
        name: c.name,
        function: c.function ?? null,
        organisation: c.organisation ?? null,
      })),
    );
  }
}

/** Of these user ids, those of active office staff who may be responsible for a stage. */
export async function activeStaffIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), inArray(users.role, [...RESPONSIBLE_STAFF_ROLES]), eq(users.active, true)));
  return new Set(rows.map((r) => r.id));
}

export const listStaff = (db: Queryable) =>
  db
    .select({ id: users.id, displayName: users.displayName, email: users.email, role: users.role })
    .from(users)
    .where(and(inArray(users.role, [...RESPONSIBLE_STAFF_ROLES]), eq(users.active, true)))
    .orderBy(asc(users.displayName));

// ---------- documents

const documentColumns = {
  id: nationalProgrammeDocuments.id,
  stageId: nationalProgrammeDocuments.stageId,
  fileId: nationalProgrammeDocuments.fileId,
  language: nationalProgrammeDocuments.language,
  uploadedAt: nationalProgrammeDocuments.uploadedAt,
  name: storedFiles.name,
  mediaType: storedFiles.mediaType,
  size: storedFiles.size,
};

export async function documentsOf(db: Queryable, stageIds: string[]) {
  if (stageIds.length === 0) return [];
  return db
    .select(documentColumns)
    .from(nationalProgrammeDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, nationalProgrammeDocuments.fileId))
    .where(inArray(nationalProgrammeDocuments.stageId, stageIds))
    .orderBy(asc(nationalProgrammeDocuments.uploadedAt), asc(storedFiles.name));
}

/** A document with the engagement (and so the state) it belongs to. */
export async function findDocument(db: Queryable, id: string) {
  const [row] = await db
    .select({ ...documentColumns, engagementId: nationalProgrammeStages.engagementId })
    .from(nationalProgrammeDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, nationalProgrammeDocuments.fileId))
    .innerJoin(nationalProgrammeStages, eq(nationalProgrammeStages.id, nationalProgrammeDocuments.stageId))
    .where(eq(nationalProgrammeDocuments.id, id));
  return row;
}

export async function documentCount(db: Queryable, stageId: string): Promise<number> {
  const result = (await db.execute(
    sql`select count(*)::int as n from national_programme_documents where stage_id = ${stageId}`,
  )) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0);
}

export async function insertDocument(
  db: Queryable,
  values: { stageId: string; fileId: string; language: Locale | null; uploadedBy: string | null },
): Promise<string> {
  const [row] = await db.insert(nationalProgrammeDocuments).values(values).returning({ id: nationalProgrammeDocuments.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function deleteDocument(db: Queryable, id: string): Promise<void> {
  await db.delete(nationalProgrammeDocuments).where(eq(nationalProgrammeDocuments.id, id));
}

// ---------- coverage

export async function partsOf(db: Queryable, engagementIds: string[]) {
  if (engagementIds.length === 0) return [];
  return db
    .select()
    .from(nationalProgrammeParts)
    .where(inArray(nationalProgrammeParts.engagementId, engagementIds))
    .orderBy(asc(nationalProgrammeParts.position));
}

export async function resolutionCoverageOf(db: Queryable, engagementIds: string[]) {
  if (engagementIds.length === 0) return [];
  return db
    .select({
      engagementId: nationalProgrammeResolutionCoverage.engagementId,
      partId: nationalProgrammeResolutionCoverage.partId,
      number: nationalProgrammeResolutionCoverage.resolutionNumber,
    })
    .from(nationalProgrammeResolutionCoverage)
    .where(inArray(nationalProgrammeResolutionCoverage.engagementId, engagementIds))
    .orderBy(asc(nationalProgrammeResolutionCoverage.resolutionNumber));
}

export async function pillarCoverageOf(db: Queryable, engagementIds: string[]) {
  if (engagementIds.length === 0) return [];
  return db
    .select({
      engagementId: nationalProgrammePillarCoverage.engagementId,
      partId: nationalProgrammePillarCoverage.partId,
      code: nationalProgrammePillarCoverage.pillarCode,
      position: strategyPillars.position,
    })
    .from(nationalProgrammePillarCoverage)
    .innerJoin(strategyPillars, eq(strategyPillars.code, nationalProgrammePillarCoverage.pillarCode))
    .where(inArray(nationalProgrammePillarCoverage.engagementId, engagementIds))
    .orderBy(asc(strategyPillars.position));
}

/** Replaces what an engagement covers, as a whole and per part. */
export async function replaceCoverage(
  db: Queryable,
  engagementId: string,
  coverage: {
    resolutions: number[];
    pillars: string[];
    parts: { title: LocalisedText; resolutions: number[]; pillars: string[] }[];
  },
): Promise<void> {
  await db.delete(nationalProgrammeResolutionCoverage).where(eq(nationalProgrammeResolutionCoverage.engagementId, engagementId));
  await db.delete(nationalProgrammePillarCoverage).where(eq(nationalProgrammePillarCoverage.engagementId, engagementId));
  await db.delete(nationalProgrammeParts).where(eq(nationalProgrammeParts.engagementId, engagementId));
  const resolutionRows: (typeof nationalProgrammeResolutionCoverage.$inferInsert)[] = coverage.resolutions.map((n) => ({
    engagementId,
    resolutionNumber: n,
  }));
  const pillarRows: (typeof nationalProgrammePillarCoverage.$inferInsert)[] = coverage.pillars.map((code) => ({
    engagementId,
    pillarCode: code,
  }));
  for (const [i, part] of coverage.parts.entries()) {
    const [row] = await db
      .insert(nationalProgrammeParts)
      .values({ engagementId, position: i + 1, title: part.title })
      .returning({ id: nationalProgrammeParts.id });
    if (!row) throw new Error('insert returned no row');
    resolutionRows.push(...part.resolutions.map((n) => ({ engagementId, partId: row.id, resolutionNumber: n })));
    pillarRows.push(...part.pillars.map((code) => ({ engagementId, partId: row.id, pillarCode: code })));
  }
  if (resolutionRows.length) await db.insert(nationalProgrammeResolutionCoverage).values(resolutionRows);
  if (pillarRows.length) await db.insert(nationalProgrammePillarCoverage).values(pillarRows);
}
