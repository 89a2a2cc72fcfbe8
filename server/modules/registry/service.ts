import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { agencies, type LocalisedText, trainingSessions } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { type Actor, type OfficialScope, officialScope, sessionScopeCondition, stateScopeCondition } from '../../platform/access';
import { type AuditContext, writeAudit, writeAuditBatch } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import { nameKeysOf, storedNameKeys } from './names';
import * as repo from './repository';
import type {
  AgencyInput,
  AgencyUpdate,
  AgencyView,
  OfficialInput,
  OfficialListQuery,
  OfficialSummary,
  OfficialView,
} from './schemas';

// ---- Who may write what ----

/** The one state an actor may write registry records for, or null for any state (office staff). */
function writableState(actor: Actor): { kind: 'any' } | { kind: 'state'; iso2: string } {
  if (actor.role === 'programme_officer') return { kind: 'any' };
  if (actor.role === 'focal_point' && actor.stateIso2) return { kind: 'state', iso2: actor.stateIso2 };
  throw new AppError('FORBIDDEN', 'Your role does not allow changing the registry');
}

/**
 * Agencies are not personal data, but each reader keeps to their own scope: office staff all; a
 * focal point or participant their own state's; a trainer the agencies of the participants they
 * see. An agency outside it is absent, the same as one that does not exist.
 */
function agencyReadScope(actor: Actor): SQL {
  switch (actor.role) {
    case 'programme_officer':
    case 'me_officer':
      return sql`true`;
    case 'focal_point':
    case 'participant':
      return actor.stateIso2 ? stateScopeCondition({ kind: 'state', iso2: actor.stateIso2 }, agencies.stateIso2) : sql`false`;
    case 'trainer':
      return repo.agencyOfOfficialsIn(officialScope(actor));
    default:
      return sql`false`;
  }
}

/**
 * An agency's official count covers only the officials the reader may see; the M&E officer, who
 * sees no identities, still counts them all (a count names no one).
 */
const agencyOfficialScope = (actor: Actor): OfficialScope =>
  actor.role === 'me_officer' ? { kind: 'all' } : officialScope(actor);

// ---- Agencies ----

function toAgencyView(row: repo.AgencyListRow): AgencyView {
  const a = row.agency;
  return {
    id: a.id,
    stateIso2: a.stateIso2,
    name: a.name,
    acronym: a.acronym,
    type: a.type,
    parentId: a.parentId,
    parentName: row.parentName,
    officialCount: Number(row.officialCount ?? 0),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export async function listAgencies(db: Database, actor: Actor, filter: repo.AgencyFilter): Promise<{ items: AgencyView[] }> {
  const rows = await repo.listAgencies(db, filter, agencyReadScope(actor), agencyOfficialScope(actor));
  return { items: rows.map(toAgencyView) };
}

export async function getAgency(db: Queryable, actor: Actor, id: string): Promise<AgencyView> {
  const row = await repo.findAgency(db, id, agencyReadScope(actor), agencyOfficialScope(actor));
  if (!row) throw notFound('Agency');
  return toAgencyView(row);
}

async function assertAgencyFields(
  tx: Queryable,
  actor: Actor,
  fields: { id?: string; stateIso2: string; name: string; type: string; parentId: string | null },
): Promise<void> {
  if (!(await repo.agencyTypeExists(tx, fields.type))) {
    throw ruleViolation('registry.agency_type_unknown', { type: fields.type }, 'type');
  }
  const sameName = await repo.findAgencyByName(tx, fields.stateIso2, fields.name);
  if (sameName && sameName.id !== fields.id) {
    throw ruleViolation('registry.agency_name_taken', { state: fields.stateIso2, name: sameName.name }, 'name');
  }
  if (fields.parentId) {
    const states = await repo.agencyStates(tx, [fields.parentId], agencyReadScope(actor));
    const parentState = states.get(fields.parentId);
    if (!parentState) throw ruleViolation('reference.agency_unknown', {}, 'parentId');
    if (parentState !== fields.stateIso2) {
      throw ruleViolation('registry.parent_other_state', {}, 'parentId');
    }
    if (fields.id && (await repo.isSelfOrDescendant(tx, fields.id, fields.parentId))) {
      throw ruleViolation('registry.parent_cycle', {}, 'parentId');
    }
  }
}

export async function createAgency(db: Database, actor: Actor, audit: AuditContext, input: AgencyInput): Promise<AgencyView> {
  const writable = writableState(actor);
  if (writable.kind === 'state' && input.stateIso2 !== writable.iso2) {
    throw ruleViolation('registry.agency_other_state', { state: writable.iso2 }, 'stateIso2');
  }
  return db.transaction(async (tx) => {
    if (!(await repo.existingStates(tx, [input.stateIso2])).has(input.stateIso2)) {
      throw ruleViolation('reference.state_unknown', { states: input.stateIso2 }, 'stateIso2');
    }
    const parentId = input.parentId ?? null;
    await assertAgencyFields(tx, actor, { stateIso2: input.stateIso2, name: input.name, type: input.type, parentId });
    const row = await repo.insertAgency(tx, {
      stateIso2: input.stateIso2,
      name: input.name,
      acronym: input.acronym ?? null,
      type: input.type,
      parentId,
    });
    await writeAudit(tx, audit, {
      action: 'agency.create',
      recordType: 'agency',
      recordId: row.id,
      details: { stateIso2: row.stateIso2, name: row.name, type: row.type, parentId },
    });
    return getAgency(tx, actor, row.id);
  });
}

export async function updateAgency(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  id: string,
  changes: AgencyUpdate,
): Promise<AgencyView> {
  const writable = writableState(actor);
  return db.transaction(async (tx) => {
    const existing = await repo.findAgency(tx, id, agencyReadScope(actor), agencyOfficialScope(actor));
    // Another state's agency is not the focal point's to see, so it is not found.
    if (!existing || (writable.kind === 'state' && existing.agency.stateIso2 !== writable.iso2)) throw notFound('Agency');
    const before = existing.agency;
    const after = {
      name: changes.name ?? before.name,
      acronym: changes.acronym !== undefined ? changes.acronym : before.acronym,
      type: changes.type ?? before.type,
      parentId: changes.parentId !== undefined ? changes.parentId : before.parentId,
    };
    await assertAgencyFields(tx, actor, { id, stateIso2: before.stateIso2, ...after });
    await repo.updateAgency(tx, id, after);
    await writeAudit(tx, audit, {
      action: 'agency.update',
      recordType: 'agency',
      recordId: id,
      details: {
        before: { name: before.name, acronym: before.acronym, type: before.type, parentId: before.parentId },
        after,
      },
    });
    return getAgency(tx, actor, id);
  });
}

// ---- Officials ----

/** What a list shows of an official (the registry's summary, the duplicates' cards): their identity and agency. */
export function officialIdentity(
  o: Omit<repo.ListedOfficial, 'mergedIntoId'>,
  agency: { name: string | null; acronym: string | null },
): Omit<OfficialSummary, 'mergedIntoId'> {
  return {
    id: o.id,
    stateIso2: o.stateIso2,
    agency: o.agencyId && agency.name ? { id: o.agencyId, name: agency.name, acronym: agency.acronym } : null,
    familyName: o.familyName,
    givenNames: o.givenNames,
    nameOriginal: o.nameOriginal,
    sex: o.sex,
    birthDate: o.birthDate,
    rank: o.rank,
    position: o.position,
    email: o.email,
  };
}

function toSummary(row: repo.ListedOfficialWithAgency): OfficialSummary {
  const o = row.official;
  // The identity's literal given one more field, not spread into another: each spread summary got a
  // hidden class of its own, and the answer's writer missed its caches on every field of every row.
  return Object.assign(officialIdentity(o, { name: row.agencyName, acronym: row.agencyAcronym }), {
    mergedIntoId: o.mergedIntoId,
  });
}

export async function listOfficials(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  query: OfficialListQuery,
): Promise<{ items: OfficialSummary[]; total: number | null; page: number; pageSize: number; nextCursor: string | null }> {
  const { page, pageSize, q, includeMerged, after, ...filters } = query;
  const filter: repo.OfficialFilter = {
    ...filters,
    includeMerged: includeMerged === 'true',
    ...(q ? { text: q, keys: nameKeysOf(q) } : {}),
  };
  const { rows, total } = await repo.listOfficials(db, officialScope(actor), filter, {
    offset: (page - 1) * pageSize,
    limit: pageSize,
    ...(after ? { after: officialCursorOf(after) } : {}),
  });
  const items = rows.map(toSummary);
  await writeAudit(db, audit, {
    action: 'official.list',
    recordType: 'official',
    details: { filter: { q, includeMerged, ...filters }, page, pageSize, total, ids: items.map((i) => i.id) },
  });
  const last = rows.length === pageSize ? rows[rows.length - 1]?.official : undefined;
  const nextCursor = last ? cursorText({ familyName: last.familyName, givenNames: last.givenNames, id: last.id }) : null;
  return { items, total, page, pageSize, nextCursor };
}

/** A keyset cursor as the API hands it out: opaque to clients, which only send it back. */
function cursorText(cursor: repo.OfficialCursor): string {
  return Buffer.from(JSON.stringify([cursor.familyName, cursor.givenNames, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function officialCursorOf(text: string): repo.OfficialCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const [familyName, givenNames, id] = Array.isArray(parsed) && parsed.length === 3 ? parsed : [];
  if (typeof familyName !== 'string' || typeof givenNames !== 'string' || typeof id !== 'string' || !UUID.test(id)) {
    throw new AppError('VALIDATION_FAILED', 'Invalid querystring: after: Not a cursor this list gave', {
      details: [{ path: 'after', message: 'Not a cursor this list gave' }],
    });
  }
  return { familyName, givenNames, id };
}

/**
 * An official's record. `visibleSessions` limits the nominations listed: a trainer sees the
 * trainings they deliver, not the rest of their participant's history.
 */
async function officialView(
  db: Queryable,
  row: repo.OfficialWithAgency,
  visibleSessions: SQL = sql`true`,
): Promise<OfficialView> {
  const o = row.official;
  const nominations = await repo.nominationsOf(db, o.id, visibleSessions);
  return {
    ...toSummary(row),
    languages: o.languages,
    phone: o.phone,
    notes: o.notes,
    mergedAt: o.mergedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    nominations: nominations.map((n) => ({ ...n, courseTitle: n.courseTitle as LocalisedText })),
  };
}

/** One official's identity, when the actor's scope holds it (else 404: its existence is sensitive); audited. */
export async function getOfficial(db: Database, actor: Actor, audit: AuditContext, id: string): Promise<OfficialView> {
  const row = await repo.findOfficial(db, officialScope(actor), id);
  if (!row) throw notFound('Official');
  const view = await officialView(
    db,
    row,
    actor.role === 'trainer' ? sessionScopeCondition(actor, trainingSessions.id) : sql`true`,
  );
  await writeAudit(db, audit, { action: 'official.read', recordType: 'official', recordId: id });
  return view;
}

/** A participant's own registry record. */
export async function getOwnOfficial(db: Database, actor: Actor, audit: AuditContext): Promise<OfficialView> {
  if (!actor.officialId) throw new AppError('NOT_FOUND', 'Your account is not linked to a registry record');
  return getOfficial(db, actor, audit, actor.officialId);
}

function officialValues(input: OfficialInput) {
  return {
    stateIso2: input.stateIso2,
    agencyId: input.agencyId ?? null,
    familyName: input.familyName,
    givenNames: input.givenNames,
    nameOriginal: input.nameOriginal ?? null,
    sex: input.sex,
    birthDate: input.birthDate ?? null,
    rank: input.rank ?? null,
    position: input.position ?? null,
    languages: input.languages ?? [],
    email: input.email ?? null,
    phone: input.phone ?? null,
    notes: input.notes ?? null,
    nameKeys: storedNameKeys(input.familyName, input.givenNames, input.nameOriginal),
  };
}

/**
 * Checks a batch of officials against the actor's scope and the registry (state exists, agency of
 * the same state). With several inputs, the refused field's path starts with the input's index ("1.agencyId").
 */
async function assertOfficialInputs(tx: Queryable, actor: Actor, inputs: OfficialInput[]): Promise<void> {
  const writable = writableState(actor);
  const where = (i: number) => (inputs.length > 1 ? `${i}.` : '');
  inputs.forEach((input, i) => {
    if (writable.kind === 'state' && input.stateIso2 !== writable.iso2) {
      throw ruleViolation('registry.official_other_state', { state: writable.iso2 }, `${where(i)}stateIso2`);
    }
  });
  const states = await repo.existingStates(tx, [...new Set(inputs.map((i) => i.stateIso2))]);
  const agencyIds = [...new Set(inputs.flatMap((i) => (i.agencyId ? [i.agencyId] : [])))];
  const agencyStates = await repo.agencyStates(tx, agencyIds, agencyReadScope(actor));
  inputs.forEach((input, i) => {
    if (!states.has(input.stateIso2)) {
      throw ruleViolation('reference.state_unknown', { states: input.stateIso2 }, `${where(i)}stateIso2`);
    }
    if (input.agencyId) {
      const agencyState = agencyStates.get(input.agencyId);
      if (!agencyState) throw ruleViolation('reference.agency_unknown', {}, `${where(i)}agencyId`);
      if (agencyState !== input.stateIso2) {
        throw ruleViolation(
          'registry.official_agency_other_state',
          { agencyState, state: input.stateIso2 },
          `${where(i)}agencyId`,
        );
      }
    }
  });
}

/**
 * Creates officials within the caller's transaction: each checked against the actor's scope (a
 * focal point records only their own state's officials) and its agency's state, inserted with its
 * name keys, and audited one row per official. Used by the single-create route and by imports.
 */
export async function createOfficials(
  tx: Queryable,
  actor: Actor,
  audit: AuditContext,
  inputs: OfficialInput[],
): Promise<{ id: string }[]> {
  if (inputs.length === 0) return [];
  await assertOfficialInputs(tx, actor, inputs);
  const rows = inputs.map((input) => ({ id: randomUUID(), ...officialValues(input), createdBy: actor.userId }));
  await repo.insertOfficials(tx, rows);
  await writeAuditBatch(
    tx,
    audit,
    rows.map((r) => ({
      action: 'official.create',
      recordType: 'official',
      recordId: r.id,
      details: { stateIso2: r.stateIso2, agencyId: r.agencyId },
    })),
  );
  return rows.map((r) => ({ id: r.id }));
}

export async function createOfficial(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  input: OfficialInput,
): Promise<OfficialView> {
  return db.transaction(async (tx) => {
    const [created] = await createOfficials(tx, actor, audit, [input]);
    const row = created && (await repo.findOfficial(tx, { kind: 'all' }, created.id));
    if (!row) throw new Error('created official not found');
    return officialView(tx, row);
  });
}

const editableFields = [
  'stateIso2',
  'agencyId',
  'familyName',
  'givenNames',
  'nameOriginal',
  'sex',
  'birthDate',
  'rank',
  'position',
  'languages',
  'email',
  'phone',
  'notes',
] as const;

/** Replaces an official's fields; a focal point edits only their state's officials and cannot move one out of it. */
export async function updateOfficial(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: OfficialInput,
): Promise<OfficialView> {
  const writable = writableState(actor);
  return db.transaction(async (tx) => {
    const before = await repo.findOfficialForUpdate(tx, officialScope(actor), id);
    if (!before) throw notFound('Official');
    if (before.mergedIntoId) {
      throw ruleViolation('registry.official_merged', { mergedInto: before.mergedIntoId }, 'id');
    }
    if (writable.kind === 'state' && before.stateIso2 !== writable.iso2) throw notFound('Official');
    await assertOfficialInputs(tx, actor, [input]);
    const values = officialValues(input);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of editableFields) {
      const from = before[field];
      const to = values[field];
      if (JSON.stringify(from) !== JSON.stringify(to)) changed[field] = { from, to };
    }
    await repo.updateOfficial(tx, id, values);
    await writeAudit(tx, audit, {
      action: 'official.update',
      recordType: 'official',
      recordId: id,
      details: { changed: Object.keys(changed), stateIso2: values.stateIso2 },
    });
    const row = await repo.findOfficial(tx, { kind: 'all' }, id);
    if (!row) throw new Error('updated official not found');
    return officialView(tx, row);
  });
}
