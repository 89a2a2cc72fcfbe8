import { and, asc, count, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  agencies,
  type Locale,
  meetingAgendaItems,
  meetingAgendaSpeakers,
  meetingDelegates,
  meetingDelegations,
  meetingDocuments,
  meetingEditions,
  memberStates,
  organisations,
  storedFiles,
} from '../../db/schema';
import type { Queryable } from '../../platform/db';

export { stateExists } from '../reference/repository';

export type EditionRow = typeof meetingEditions.$inferSelect;
export type DelegationRow = typeof meetingDelegations.$inferSelect;
export type DelegateRow = typeof meetingDelegates.$inferSelect;

// Editions

export type EditionCounts = {
  delegations: number;
  delegatesApproved: number;
  delegatesPending: number;
  agendaItems: number;
  documents: number;
};

// Correlated on the outer row by its qualified name: drizzle writes a column of the only table
// of a query without its table, which inside these subqueries would name their own column.
const editionCounts = {
  delegations: sql<number>`(select count(*) from meeting_delegations d where d.edition_id = meeting_editions.id)`,
  delegatesApproved: sql<number>`(select count(*) from meeting_delegates g where g.edition_id = meeting_editions.id and g.status = 'approved')`,
  delegatesPending: sql<number>`(select count(*) from meeting_delegates g where g.edition_id = meeting_editions.id and g.status = 'pending')`,
  agendaItems: sql<number>`(select count(*) from meeting_agenda_items a where a.edition_id = meeting_editions.id)`,
  documents: sql<number>`(select count(*) from meeting_documents m where m.edition_id = meeting_editions.id)`,
};

function withNumericCounts<T extends { edition: EditionRow } & Record<keyof EditionCounts, unknown>>(row: T) {
  return {
    edition: row.edition,
    counts: {
      delegations: Number(row.delegations),
      delegatesApproved: Number(row.delegatesApproved),
      delegatesPending: Number(row.delegatesPending),
      agendaItems: Number(row.agendaItems),
      documents: Number(row.documents),
    } satisfies EditionCounts,
  };
}

export async function listEditions(db: Queryable) {
  const rows = await db
    .select({ edition: meetingEditions, ...editionCounts })
    .from(meetingEditions)
    .orderBy(desc(meetingEditions.number));
  return rows.map(withNumericCounts);
}

export async function findEditionWithCounts(db: Queryable, id: string) {
  const [row] = await db
    .select({ edition: meetingEditions, ...editionCounts })
    .from(meetingEditions)
    .where(eq(meetingEditions.id, id));
  return row ? withNumericCounts(row) : undefined;
}

/** The edition row; locked when `lock`, which serialises every change to the edition's delegations and agenda. */
export async function findEdition(db: Queryable, id: string, lock = false): Promise<EditionRow | undefined> {
  const query = db.select().from(meetingEditions).where(eq(meetingEditions.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function editionNumberTaken(db: Queryable, number: number, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: meetingEditions.id })
    .from(meetingEditions)
    .where(and(eq(meetingEditions.number, number), exceptId ? ne(meetingEditions.id, exceptId) : undefined));
  return Boolean(row);
}

export async function insertEdition(db: Queryable, values: typeof meetingEditions.$inferInsert): Promise<EditionRow> {
  const [row] = await db.insert(meetingEditions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateEdition(db: Queryable, id: string, values: Partial<typeof meetingEditions.$inferInsert>) {
  await db
    .update(meetingEditions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(meetingEditions.id, id));
}

/** Agenda items of an edition that fall outside the given dates. */
export async function agendaItemsOutside(db: Queryable, editionId: string, startDate: string, endDate: string) {
  const [row] = await db
    .select({ n: count() })
    .from(meetingAgendaItems)
    .where(
      and(
        eq(meetingAgendaItems.editionId, editionId),
        sql`(${meetingAgendaItems.day} < ${startDate} or ${meetingAgendaItems.day} > ${endDate})`,
      ),
    );
  return Number(row?.n ?? 0);
}

// Delegations

export async function findAgency(db: Queryable, id: string) {
  const [row] = await db
    .select({ id: agencies.id, stateIso2: agencies.stateIso2, name: agencies.name, acronym: agencies.acronym })
    .from(agencies)
    .where(eq(agencies.id, id));
  return row;
}

export async function findOrganisation(db: Queryable, id: string) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name, acronym: organisations.acronym })
    .from(organisations)
    .where(eq(organisations.id, id));
  return row;
}

const delegationColumns = {
  delegation: meetingDelegations,
  agencyName: agencies.name,
  agencyAcronym: agencies.acronym,
  organisationName: organisations.name,
  organisationAcronym: organisations.acronym,
  stateName: memberStates.nameEn,
};
export type DelegationWithParty = {
  delegation: DelegationRow;
  agencyName: string | null;
  agencyAcronym: string | null;
  organisationName: string | null;
  organisationAcronym: string | null;
  stateName: string | null;
};

/** Delegations of an edition within `scope`, states (by English name) first, then organisations. */
export async function listDelegations(db: Queryable, where: SQL | undefined): Promise<DelegationWithParty[]> {
  return db
    .select(delegationColumns)
    .from(meetingDelegations)
    .leftJoin(agencies, eq(agencies.id, meetingDelegations.agencyId))
    .leftJoin(organisations, eq(organisations.id, meetingDelegations.organisationId))
    .leftJoin(memberStates, eq(memberStates.iso2, meetingDelegations.stateIso2))
    .where(where)
    .orderBy(sql`${memberStates.nameEn} asc nulls last`, asc(organisations.name));
}

export async function findDelegation(db: Queryable, id: string, lock = false): Promise<DelegationRow | undefined> {
  const query = db.select().from(meetingDelegations).where(eq(meetingDelegations.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** The delegation of a state (or of an organisation) at an edition, if there is one. */
export async function findDelegationOf(
  db: Queryable,
  editionId: string,
  party: { stateIso2: string } | { organisationId: string },
) {
  const [row] = await db
    .select({ id: meetingDelegations.id })
    .from(meetingDelegations)
    .where(
      and(
        eq(meetingDelegations.editionId, editionId),
        'stateIso2' in party
          ? eq(meetingDelegations.stateIso2, party.stateIso2)
          : eq(meetingDelegations.organisationId, party.organisationId),
      ),
    );
  return row;
}

export async function insertDelegation(db: Queryable, values: typeof meetingDelegations.$inferInsert): Promise<DelegationRow> {
  const [row] = await db.insert(meetingDelegations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateDelegation(db: Queryable, id: string, values: Partial<typeof meetingDelegations.$inferInsert>) {
  await db
    .update(meetingDelegations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(meetingDelegations.id, id));
}

export async function deleteDelegation(db: Queryable, id: string) {
  await db.delete(meetingDelegations).where(eq(meetingDelegations.id, id));
}

export async function delegateCount(db: Queryable, delegationId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(meetingDelegates).where(eq(meetingDelegates.delegationId, delegationId));
  return Number(row?.n ?? 0);
}

// Delegates

export async function delegatesOf(db: Queryable, delegationIds: string[]): Promise<DelegateRow[]> {
  if (delegationIds.length === 0) return [];
  return db
    .select()
    .from(meetingDelegates)
    .where(inArray(meetingDelegates.delegationId, delegationIds))
    .orderBy(asc(meetingDelegates.familyName), asc(meetingDelegates.givenNames));
}

export async function findDelegate(db: Queryable, id: string, lock = false): Promise<DelegateRow | undefined> {
  const query = db.select().from(meetingDelegates).where(eq(meetingDelegates.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Whether the delegation already has a delegate with this email (any case), other than `exceptId`. */
export async function emailInDelegation(db: Queryable, delegationId: string, email: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: meetingDelegates.id })
    .from(meetingDelegates)
    .where(
      and(
        eq(meetingDelegates.delegationId, delegationId),
        sql`lower(${meetingDelegates.email}) = ${email.toLowerCase()}`,
        exceptId ? ne(meetingDelegates.id, exceptId) : undefined,
      ),
    );
  return Boolean(row);
}

/** Whether someone with this email (any case) is approved in any delegation of the edition, other than `exceptId`. */
export async function emailApprovedInEdition(
  db: Queryable,
  editionId: string,
  email: string,
  exceptId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: meetingDelegates.id })
    .from(meetingDelegates)
    .where(
      and(
        eq(meetingDelegates.editionId, editionId),
        eq(meetingDelegates.status, 'approved'),
        sql`lower(${meetingDelegates.email}) = ${email.toLowerCase()}`,
        ne(meetingDelegates.id, exceptId),
      ),
    );
  return Boolean(row);
}

const sameEmail = alias(meetingDelegates, 'same_email_delegate');

export type SameEmailRow = Awaited<ReturnType<typeof sameEmailElsewhere>>[number];

/** For each of `delegateIds` (`of`), the delegates with the same email (any case) in the other delegations of its edition. */
export async function sameEmailElsewhere(db: Queryable, delegateIds: string[]) {
  if (delegateIds.length === 0) return [];
  return db
    .select({
      of: meetingDelegates.id,
      delegateId: sameEmail.id,
      delegationId: sameEmail.delegationId,
      stateIso2: meetingDelegations.stateIso2,
      organisationName: organisations.name,
      status: sameEmail.status,
    })
    .from(meetingDelegates)
    .innerJoin(
      sameEmail,
      and(
        eq(sameEmail.editionId, meetingDelegates.editionId),
        sql`lower(${sameEmail.email}) = lower(${meetingDelegates.email})`,
        ne(sameEmail.delegationId, meetingDelegates.delegationId),
      ),
    )
    .innerJoin(meetingDelegations, eq(meetingDelegations.id, sameEmail.delegationId))
    .leftJoin(organisations, eq(organisations.id, meetingDelegations.organisationId))
    .where(inArray(meetingDelegates.id, delegateIds))
    .orderBy(sql`${meetingDelegations.stateIso2} asc nulls last`, asc(organisations.name), asc(sameEmail.registeredAt));
}

export async function insertDelegate(db: Queryable, values: typeof meetingDelegates.$inferInsert): Promise<DelegateRow> {
  const [row] = await db.insert(meetingDelegates).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateDelegate(db: Queryable, id: string, values: Partial<typeof meetingDelegates.$inferInsert>) {
  const [row] = await db
    .update(meetingDelegates)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(meetingDelegates.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

/** Approved delegates of an edition with their delegation, for badges. */
export async function approvedDelegates(db: Queryable, editionId: string) {
  return db
    .select({
      delegate: meetingDelegates,
      delegation: meetingDelegations,
      agencyName: agencies.name,
      organisationName: organisations.name,
      stateName: memberStates.nameEn,
    })
    .from(meetingDelegates)
    .innerJoin(meetingDelegations, eq(meetingDelegations.id, meetingDelegates.delegationId))
    .leftJoin(agencies, eq(agencies.id, meetingDelegations.agencyId))
    .leftJoin(organisations, eq(organisations.id, meetingDelegations.organisationId))
    .leftJoin(memberStates, eq(memberStates.iso2, meetingDelegations.stateIso2))
    .where(and(eq(meetingDelegates.editionId, editionId), eq(meetingDelegates.status, 'approved')))
    .orderBy(
      sql`${memberStates.nameEn} asc nulls last`,
      asc(organisations.name),
      sql`(${meetingDelegations.headDelegateId} = ${meetingDelegates.id}) desc nulls last`,
      asc(meetingDelegates.familyName),
      asc(meetingDelegates.givenNames),
    );
}

// Agenda

export type AgendaItemRow = typeof meetingAgendaItems.$inferSelect;

export async function agendaOf(db: Queryable, editionId: string): Promise<AgendaItemRow[]> {
  return db
    .select()
    .from(meetingAgendaItems)
    .where(eq(meetingAgendaItems.editionId, editionId))
    .orderBy(asc(meetingAgendaItems.day), asc(meetingAgendaItems.startsAt), asc(meetingAgendaItems.endsAt));
}

export async function speakersOf(db: Queryable, itemIds: string[]) {
  if (itemIds.length === 0) return [];
  return db
    .select({
      speaker: meetingAgendaSpeakers,
      title: meetingDelegates.title,
      givenNames: meetingDelegates.givenNames,
      familyName: meetingDelegates.familyName,
      stateIso2: meetingDelegations.stateIso2,
      organisationName: organisations.name,
      organisationAcronym: organisations.acronym,
    })
    .from(meetingAgendaSpeakers)
    .leftJoin(meetingDelegates, eq(meetingDelegates.id, meetingAgendaSpeakers.delegateId))
    .leftJoin(meetingDelegations, eq(meetingDelegations.id, meetingDelegates.delegationId))
    .leftJoin(organisations, eq(organisations.id, meetingDelegations.organisationId))
    .where(inArray(meetingAgendaSpeakers.agendaItemId, itemIds))
    .orderBy(asc(meetingAgendaSpeakers.agendaItemId), asc(meetingAgendaSpeakers.position));
}

export async function findAgendaItem(db: Queryable, id: string): Promise<AgendaItemRow | undefined> {
  const [row] = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.id, id));
  return row;
}

export async function insertAgendaItem(db: Queryable, values: typeof meetingAgendaItems.$inferInsert): Promise<AgendaItemRow> {
  const [row] = await db.insert(meetingAgendaItems).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateAgendaItem(db: Queryable, id: string, values: Partial<typeof meetingAgendaItems.$inferInsert>) {
  await db
    .update(meetingAgendaItems)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(meetingAgendaItems.id, id));
}

export async function deleteAgendaItem(db: Queryable, id: string) {
  await db.delete(meetingAgendaItems).where(eq(meetingAgendaItems.id, id));
}

export async function replaceSpeakers(
  db: Queryable,
  agendaItemId: string,
  speakers: { delegateId: string | null; name: string | null; part: string | null }[],
) {
  await db.delete(meetingAgendaSpeakers).where(eq(meetingAgendaSpeakers.agendaItemId, agendaItemId));
  if (speakers.length === 0) return;
  await db.insert(meetingAgendaSpeakers).values(speakers.map((s, position) => ({ ...s, agendaItemId, position })));
}

/** Of the given delegate ids, those registered at this edition and not declined. */
export async function speakableDelegates(db: Queryable, editionId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: meetingDelegates.id })
    .from(meetingDelegates)
    .where(
      and(eq(meetingDelegates.editionId, editionId), inArray(meetingDelegates.id, ids), ne(meetingDelegates.status, 'declined')),
    );
  return new Set(rows.map((r) => r.id));
}

// Documents

const documentColumns = {
  document: meetingDocuments,
  fileName: storedFiles.name,
  mediaType: storedFiles.mediaType,
  size: storedFiles.size,
};

export async function documentsOf(db: Queryable, editionId: string) {
  return db
    .select(documentColumns)
    .from(meetingDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, meetingDocuments.fileId))
    .where(eq(meetingDocuments.editionId, editionId))
    .orderBy(
      sql`case ${meetingDocuments.kind} when 'outcome' then 0 else 1 end`,
      asc(meetingDocuments.kind),
      asc(meetingDocuments.language),
      asc(meetingDocuments.title),
    );
}

export async function findDocument(db: Queryable, id: string) {
  const [row] = await db
    .select(documentColumns)
    .from(meetingDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, meetingDocuments.fileId))
    .where(eq(meetingDocuments.id, id));
  return row;
}

export async function outcomeExists(db: Queryable, editionId: string, language: Locale): Promise<boolean> {
  const [row] = await db
    .select({ id: meetingDocuments.id })
    .from(meetingDocuments)
    .where(
      and(
        eq(meetingDocuments.editionId, editionId),
        eq(meetingDocuments.kind, 'outcome'),
        eq(meetingDocuments.language, language),
      ),
    );
  return Boolean(row);
}

export async function insertDocument(db: Queryable, values: typeof meetingDocuments.$inferInsert) {
  const [row] = await db.insert(meetingDocuments).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function deleteDocument(db: Queryable, id: string) {
  await db.delete(meetingDocuments).where(eq(meetingDocuments.id, id));
}
