import { and, eq } from 'drizzle-orm';
import type { Locale } from '../../db/schema';
import { meetingDelegations } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { type Actor, personalDataScope, stateScopeCondition } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { loadFile, removeFile, storeFile, type UploadedFile } from '../../platform/files';
import { asSystem } from '../../platform/wall';
import { readerLocale, resolveText } from '../curriculum/localised';
import { badgeCsv } from './badges';
import * as repo from './repository';
import {
  type AgendaItemInput,
  type AgendaItemView,
  type BadgeView,
  type CreateDelegationInput,
  type CreateEditionInput,
  type DelegateDecisionInput,
  type DelegateView,
  type DelegationView,
  type DocumentView,
  documentFieldsSchema,
  type EditionStatus,
  type EditionView,
  type RegisterDelegateInput,
  type UpdateDelegateInput,
  type UpdateEditionInput,
} from './schemas';

/** A broken rule of the domain: 422, the message and details naming the rule. */
function ruleViolation(rule: string, message: string, path = 'rule'): AppError {
  return new AppError('RULE_VIOLATION', `${message} (rule: ${rule})`, { details: [{ path, message: rule }] });
}

/** A clash with an existing record: 409, naming the rule it would break. */
function conflict(rule: string, message: string, path: string): AppError {
  return new AppError('CONFLICT', `${message} (rule: ${rule})`, { details: [{ path, message: rule }] });
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `Invalid body: ${path}: ${message}`, { details: [{ path, message }] });

export const today = (): string => new Date().toISOString().slice(0, 10);

/** Upcoming before its first day, ongoing from its first to its last day, past after. */
export function editionStatus(edition: { startDate: string; endDate: string }, on: string = today()): EditionStatus {
  if (on < edition.startDate) return 'upcoming';
  if (on > edition.endDate) return 'past';
  return 'ongoing';
}

function refuseIfPast(edition: repo.EditionRow, what: string): void {
  if (editionStatus(edition) === 'past') {
    throw ruleViolation('edition_past', `Edition ${edition.number} ended on ${edition.endDate}: ${what}`);
  }
}

/**
 * Who may count an edition's delegations and delegates: those who see them all (office staff).
 * Partners see no personal data (docs/product.md); a focal point sees their own state's delegation, and an
 * edition-wide count would show them other states' registrations as they come.
 */
const countsDelegations = (actor: Actor) => personalDataScope(actor).kind === 'all';

/** The delegations an actor may see, as a condition: office staff all, a focal point their state's. */
const delegationScope = (actor: Actor) => stateScopeCondition(personalDataScope(actor), meetingDelegations.stateIso2);

/**
 * For readers of every delegation (office staff), each delegate's namesakes by email in the other
 * delegations of the edition; null for anyone else, to whom the other delegations do not exist.
 */
async function sameEmailFor(db: Queryable, actor: Actor, delegateIds: string[]): Promise<repo.SameEmailRow[] | null> {
  return personalDataScope(actor).kind === 'all' ? repo.sameEmailElsewhere(db, delegateIds) : null;
}

// Editions

function toEditionView(row: { edition: repo.EditionRow; counts: repo.EditionCounts }, actor: Actor, locale: Locale): EditionView {
  const { edition, counts } = row;
  const staffCount = (n: number) => (countsDelegations(actor) ? n : null);
  return {
    id: edition.id,
    number: edition.number,
    startDate: edition.startDate,
    endDate: edition.endDate,
    city: edition.city,
    countryIso2: edition.countryIso2,
    theme: resolveText(edition.theme, locale),
    status: editionStatus(edition),
    counts: {
      delegations: staffCount(counts.delegations),
      delegatesApproved: staffCount(counts.delegatesApproved),
      delegatesPending: staffCount(counts.delegatesPending),
      agendaItems: actor.role === 'partner' ? null : counts.agendaItems,
      documents: counts.documents,
    },
  };
}

export async function listEditions(db: Database, actor: Actor): Promise<{ items: EditionView[] }> {
  const locale = readerLocale(actor);
  const rows = await repo.listEditions(db);
  return { items: rows.map((r) => toEditionView(r, actor, locale)) };
}

export async function getEdition(db: Queryable, actor: Actor, id: string): Promise<EditionView> {
  const row = await repo.findEditionWithCounts(db, id);
  if (!row) throw notFound('Edition');
  return toEditionView(row, actor, readerLocale(actor));
}

async function assertState(db: Queryable, iso2: string, path: string): Promise<void> {
  if (!(await repo.stateExists(db, iso2))) throw invalid(path, 'Not one of the 54 African member states');
}

export async function createEdition(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  input: CreateEditionInput,
): Promise<EditionView> {
  return db.transaction(async (tx) => {
    await assertState(tx, input.countryIso2, 'countryIso2');
    if (await repo.editionNumberTaken(tx, input.number)) {
      throw conflict('edition_number_unique', `There is already an edition number ${input.number}`, 'number');
    }
    const edition = await repo.insertEdition(tx, input);
    await writeAudit(tx, audit, {
      action: 'meeting_edition.create',
      recordType: 'meeting_edition',
      recordId: edition.id,
      details: { ...input },
    });
    return getEdition(tx, actor, edition.id);
  });
}

export async function updateEdition(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: UpdateEditionInput,
): Promise<EditionView> {
  return db.transaction(async (tx) => {
    const before = await repo.findEdition(tx, id, true);
    if (!before) throw notFound('Edition');
    const startDate = input.startDate ?? before.startDate;
    const endDate = input.endDate ?? before.endDate;
    if (endDate < startDate) throw invalid('endDate', 'The end date is before the start date');
    if (input.countryIso2) await assertState(tx, input.countryIso2, 'countryIso2');
    if (input.number !== undefined && (await repo.editionNumberTaken(tx, input.number, id))) {
      throw conflict('edition_number_unique', `There is already an edition number ${input.number}`, 'number');
    }
    const outside = await repo.agendaItemsOutside(tx, id, startDate, endDate);
    if (outside > 0) {
      throw ruleViolation(
        'agenda_within_edition',
        `${outside} agenda item(s) would fall outside ${startDate} – ${endDate}: move them first`,
        'startDate',
      );
    }
    await repo.updateEdition(tx, id, input);
    const changed = Object.keys(input) as (keyof UpdateEditionInput)[];
    await writeAudit(tx, audit, {
      action: 'meeting_edition.update',
      recordType: 'meeting_edition',
      recordId: id,
      details: {
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: input,
      },
    });
    return getEdition(tx, actor, id);
  });
}

// Delegations and delegates

function toDelegateView(row: repo.DelegateRow, sameEmail: repo.SameEmailRow[] | null): DelegateView {
  return {
    id: row.id,
    delegationId: row.delegationId,
    title: row.title,
    givenNames: row.givenNames,
    familyName: row.familyName,
    function: row.function,
    email: row.email,
    status: row.status,
    decisionReason: row.decisionReason,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    registeredAt: row.registeredAt.toISOString(),
    sameEmailElsewhere: sameEmail?.filter((m) => m.of === row.id).map(({ of: _, ...match }) => match) ?? null,
  };
}

function toDelegationView(
  row: repo.DelegationWithParty,
  delegates: repo.DelegateRow[],
  sameEmail: repo.SameEmailRow[] | null,
): DelegationView {
  const d = row.delegation;
  return {
    id: d.id,
    editionId: d.editionId,
    role: d.role,
    stateIso2: d.stateIso2,
    agency: d.agencyId && row.agencyName ? { id: d.agencyId, name: row.agencyName, acronym: row.agencyAcronym } : null,
    organisation:
      d.organisationId && row.organisationName
        ? { id: d.organisationId, name: row.organisationName, acronym: row.organisationAcronym }
        : null,
    headDelegateId: d.headDelegateId,
    delegates: delegates.filter((g) => g.delegationId === d.id).map((g) => toDelegateView(g, sameEmail)),
  };
}

async function editionOr404(db: Queryable, id: string, lock = false): Promise<repo.EditionRow> {
  const edition = await repo.findEdition(db, id, lock);
  if (!edition) throw notFound('Edition');
  return edition;
}

/** Delegations of an edition with their delegates, as far as the actor may see them; the read is audited. */
export async function listDelegations(db: Database, audit: AuditContext, actor: Actor, editionId: string) {
  const edition = await editionOr404(db, editionId);
  const rows = await repo.listDelegations(db, and(eq(meetingDelegations.editionId, editionId), delegationScope(actor)));
  const delegates = await repo.delegatesOf(
    db,
    rows.map((r) => r.delegation.id),
  );
  await writeAudit(db, audit, {
    action: 'meeting_delegate.list',
    recordType: 'meeting_edition',
    recordId: editionId,
    details: { delegateIds: delegates.map((d) => d.id) },
  });
  const sameEmail = await sameEmailFor(
    db,
    actor,
    delegates.map((d) => d.id),
  );
  return { editionStatus: editionStatus(edition), items: rows.map((r) => toDelegationView(r, delegates, sameEmail)) };
}

/** One delegation with its delegates, as the actor sees it (after a change). */
async function delegationView(db: Queryable, actor: Actor, id: string): Promise<DelegationView> {
  const [row] = await repo.listDelegations(db, and(eq(meetingDelegations.id, id), delegationScope(actor)));
  if (!row) throw notFound('Delegation');
  const delegates = await repo.delegatesOf(db, [id]);
  const sameEmail = await sameEmailFor(
    db,
    actor,
    delegates.map((d) => d.id),
  );
  return toDelegationView(row, delegates, sameEmail);
}

/** Locks the delegation's edition, then the delegation (every writer takes them in that order). */
async function lockDelegation(tx: Queryable, actor: Actor, id: string) {
  const found = await repo.findDelegation(tx, id);
  // A focal point acts on their own state's delegation only; the others do not exist for them.
  if (!found || (actor.role === 'focal_point' && found.stateIso2 !== actor.stateIso2)) throw notFound('Delegation');
  const edition = await editionOr404(tx, found.editionId, true);
  const delegation = await repo.findDelegation(tx, id, true);
  if (!delegation) throw notFound('Delegation');
  return { edition, delegation };
}

export async function createDelegation(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  editionId: string,
  input: CreateDelegationInput,
): Promise<DelegationView> {
  return db.transaction(async (tx) => {
    const edition = await editionOr404(tx, editionId, true);
    refuseIfPast(edition, 'its delegations can no longer change');
    let stateIso2: string | null = null;
    let organisationId: string | null = null;
    if (input.stateIso2) {
      await assertState(tx, input.stateIso2, 'stateIso2');
      stateIso2 = input.stateIso2;
    } else if (input.agencyId) {
      const agency = await repo.findAgency(tx, input.agencyId);
      if (!agency) throw invalid('agencyId', 'No such agency');
      stateIso2 = agency.stateIso2;
    } else if (input.organisationId) {
      if (!(await repo.findOrganisation(tx, input.organisationId))) throw invalid('organisationId', 'No such organisation');
      organisationId = input.organisationId;
    }
    if (stateIso2 && input.role === 'international_organisation') {
      throw ruleViolation('role_fits_party', 'A state or agency delegation is a member or an observer', 'role');
    }
    if (organisationId && input.role === 'member') {
      throw ruleViolation('role_fits_party', 'An organisation attends as an international organisation or an observer', 'role');
    }
    const existing = await repo.findDelegationOf(
      tx,
      editionId,
      stateIso2 ? { stateIso2 } : { organisationId: organisationId ?? '' },
    );
    if (existing) {
      throw stateIso2
        ? ruleViolation('one_delegation_per_state', `${stateIso2} already has a delegation at this edition`, 'stateIso2')
        : ruleViolation(
            'one_delegation_per_organisation',
            'This organisation already has a delegation at this edition',
            'organisationId',
          );
    }
    const delegation = await repo.insertDelegation(tx, {
      editionId,
      stateIso2,
      agencyId: input.agencyId ?? null,
      organisationId,
      role: input.role,
    });
    await writeAudit(tx, audit, {
      action: 'meeting_delegation.create',
      recordType: 'meeting_delegation',
      recordId: delegation.id,
      details: { editionId, stateIso2, agencyId: delegation.agencyId, organisationId, role: input.role },
    });
    return delegationView(tx, actor, delegation.id);
  });
}

export async function updateDelegation(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  role: DelegationView['role'],
): Promise<DelegationView> {
  return db.transaction(async (tx) => {
    const { edition, delegation } = await lockDelegation(tx, actor, id);
    refuseIfPast(edition, 'its delegations can no longer change');
    if (delegation.stateIso2 && role === 'international_organisation') {
      throw ruleViolation('role_fits_party', 'A state or agency delegation is a member or an observer', 'role');
    }
    if (delegation.organisationId && role === 'member') {
      throw ruleViolation('role_fits_party', 'An organisation attends as an international organisation or an observer', 'role');
    }
    await repo.updateDelegation(tx, id, { role });
    await writeAudit(tx, audit, {
      action: 'meeting_delegation.update',
      recordType: 'meeting_delegation',
      recordId: id,
      details: { before: { role: delegation.role }, after: { role } },
    });
    return delegationView(tx, actor, id);
  });
}

export async function deleteDelegation(db: Database, audit: AuditContext, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { edition, delegation } = await lockDelegation(tx, actor, id);
    refuseIfPast(edition, 'its delegations can no longer change');
    const delegates = await repo.delegateCount(tx, id);
    if (delegates > 0) {
      throw ruleViolation(
        'delegation_without_delegates',
        `This delegation has ${delegates} registered delegate(s): decline them rather than delete the delegation`,
      );
    }
    await repo.deleteDelegation(tx, id);
    await writeAudit(tx, audit, {
      action: 'meeting_delegation.delete',
      recordType: 'meeting_delegation',
      recordId: id,
      details: {
        editionId: delegation.editionId,
        stateIso2: delegation.stateIso2,
        organisationId: delegation.organisationId,
        role: delegation.role,
      },
    });
  });
}

/** Names (or clears) the head of a delegation: one of its own delegates, not a declined one. */
export async function setHead(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  delegateId: string | null,
): Promise<DelegationView> {
  return db.transaction(async (tx) => {
    const { edition, delegation } = await lockDelegation(tx, actor, id);
    refuseIfPast(edition, 'its delegations can no longer change');
    if (delegateId) {
      const delegate = await repo.findDelegate(tx, delegateId);
      if (!delegate || delegate.delegationId !== id) {
        throw ruleViolation('head_in_delegation', 'The head of a delegation is one of its own delegates', 'delegateId');
      }
      if (delegate.status === 'declined') {
        throw ruleViolation('head_not_declined', 'A declined delegate cannot head the delegation', 'delegateId');
      }
    }
    await repo.updateDelegation(tx, id, { headDelegateId: delegateId });
    await writeAudit(tx, audit, {
      action: 'meeting_delegation.head',
      recordType: 'meeting_delegation',
      recordId: id,
      details: { before: delegation.headDelegateId, after: delegateId },
    });
    return delegationView(tx, actor, id);
  });
}

export async function registerDelegate(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  delegationId: string,
  input: RegisterDelegateInput,
): Promise<DelegateView> {
  return db.transaction(async (tx) => {
    const { edition, delegation } = await lockDelegation(tx, actor, delegationId);
    refuseIfPast(edition, 'registration is closed');
    // Checked within the delegation only: a clash with another state's delegation would tell a focal
    // point who that state registered. The office sees such namesakes and approves one of them.
    if (await repo.emailInDelegation(tx, delegationId, input.email)) {
      throw conflict('one_registration_per_delegation', 'A delegate with this email is already in this delegation', 'email');
    }
    const delegate = await repo.insertDelegate(tx, {
      ...input,
      title: input.title ?? null,
      editionId: edition.id,
      delegationId,
      registeredBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'meeting_delegate.create',
      recordType: 'meeting_delegate',
      recordId: delegate.id,
      details: { editionId: edition.id, delegationId, stateIso2: delegation.stateIso2 },
    });
    return toDelegateView(delegate, await sameEmailFor(tx, actor, [delegate.id]));
  });
}

/** A person registered by two delegations (their sameEmailElsewhere) is approved in one of them only. */
const oneApprovalPerPerson = (path: string) =>
  ruleViolation(
    'one_approval_per_person_and_edition',
    'A delegate with this email is already approved in another delegation of this edition: decline this registration',
    path,
  );

/** Locks the delegate's edition, its delegation, then the delegate; a focal point reaches their state's only. */
async function lockDelegate(tx: Queryable, actor: Actor, id: string) {
  const found = await repo.findDelegate(tx, id);
  if (!found) throw notFound('Delegate');
  const { edition, delegation } = await lockDelegation(tx, actor, found.delegationId).catch((error) => {
    throw error instanceof AppError && error.code === 'NOT_FOUND' ? notFound('Delegate') : error;
  });
  const delegate = await repo.findDelegate(tx, id, true);
  if (!delegate) throw notFound('Delegate');
  return { edition, delegation, delegate };
}

export async function updateDelegate(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: UpdateDelegateInput,
): Promise<DelegateView> {
  return db.transaction(async (tx) => {
    const { edition, delegate } = await lockDelegate(tx, actor, id);
    refuseIfPast(edition, 'its delegates can no longer change');
    if (actor.role === 'focal_point' && delegate.status !== 'pending') {
      throw ruleViolation(
        'office_edits_decided_delegates',
        `This delegate is ${delegate.status}: ask the office to change the record`,
      );
    }
    if (input.email && (await repo.emailInDelegation(tx, delegate.delegationId, input.email, id))) {
      throw conflict('one_registration_per_delegation', 'A delegate with this email is already in this delegation', 'email');
    }
    // Only the office reaches this (a focal point corrects pending registrations only).
    if (input.email && delegate.status === 'approved' && (await repo.emailApprovedInEdition(tx, edition.id, input.email, id))) {
      throw oneApprovalPerPerson('email');
    }
    const values = { ...input, ...(input.title !== undefined ? { title: input.title ?? null } : {}) };
    const updated = await repo.updateDelegate(tx, id, values);
    await writeAudit(tx, audit, {
      action: 'meeting_delegate.update',
      recordType: 'meeting_delegate',
      recordId: id,
      details: { fields: Object.keys(input) },
    });
    return toDelegateView(updated, await sameEmailFor(tx, actor, [id]));
  });
}

/** The office's decision on a registration: approve, or decline with a reason. */
export async function decideDelegate(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: DelegateDecisionInput,
): Promise<DelegateView> {
  return db.transaction(async (tx) => {
    const { edition, delegation, delegate } = await lockDelegate(tx, actor, id);
    if (input.decision === 'approved') {
      if (delegate.status === 'approved') {
        throw ruleViolation('delegate_approved_once', 'This delegate is already approved', 'decision');
      }
      refuseIfPast(edition, 'no delegate can be approved any more');
      if (await repo.emailApprovedInEdition(tx, edition.id, delegate.email, id)) throw oneApprovalPerPerson('decision');
    } else {
      if (delegate.status === 'declined') {
        throw ruleViolation('delegate_declined_once', 'This delegate is already declined', 'decision');
      }
      refuseIfPast(edition, 'its registrations can no longer change');
      if (delegation.headDelegateId === id) {
        throw ruleViolation('head_not_declined', 'This delegate heads the delegation: name another head first', 'decision');
      }
    }
    const updated = await repo.updateDelegate(tx, id, {
      status: input.decision,
      decisionReason: input.reason ?? null,
      decidedAt: new Date(),
      decidedBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: input.decision === 'approved' ? 'meeting_delegate.approve' : 'meeting_delegate.decline',
      recordType: 'meeting_delegate',
      recordId: id,
      details: { editionId: edition.id, delegationId: delegation.id, from: delegate.status, reason: input.reason ?? null },
    });
    return toDelegateView(updated, await sameEmailFor(tx, actor, [id]));
  });
}

// Badges

async function badgesOf(db: Queryable, editionId: string): Promise<BadgeView[]> {
  const rows = await repo.approvedDelegates(db, editionId);
  return rows.map((r) => ({
    delegateId: r.delegate.id,
    title: r.delegate.title,
    givenNames: r.delegate.givenNames,
    familyName: r.delegate.familyName,
    function: r.delegate.function,
    headOfDelegation: r.delegation.headDelegateId === r.delegate.id,
    delegationId: r.delegation.id,
    role: r.delegation.role,
    stateIso2: r.delegation.stateIso2,
    agencyName: r.agencyName,
    organisationName: r.organisationName,
  }));
}

/** Approved delegates by delegation, for printing badges; audited as a read of personal data. */
export async function listBadges(db: Database, audit: AuditContext, editionId: string) {
  const edition = await editionOr404(db, editionId);
  const items = await badgesOf(db, editionId);
  await writeAudit(db, audit, {
    action: 'meeting_badges.read',
    recordType: 'meeting_edition',
    recordId: editionId,
    details: { format: 'json', delegateIds: items.map((i) => i.delegateId) },
  });
  const { id, number, city, startDate, endDate } = edition;
  return { edition: { id, number, city, startDate, endDate }, items };
}

export async function badgesCsv(db: Database, audit: AuditContext, actor: Actor, editionId: string) {
  const edition = await editionOr404(db, editionId);
  const items = await badgesOf(db, editionId);
  await writeAudit(db, audit, {
    action: 'meeting_badges.read',
    recordType: 'meeting_edition',
    recordId: editionId,
    details: { format: 'csv', delegateIds: items.map((i) => i.delegateId) },
  });
  const locale = readerLocale(actor);
  return { fileName: `badges-edition-${edition.number}.csv`, csv: await badgeCsv(db, items, locale) };
}

// Agenda

type SpeakerRow = Awaited<ReturnType<typeof repo.speakersOf>>[number];

function speakerView(row: SpeakerRow) {
  const s = row.speaker;
  if (!s.delegateId) return { delegateId: null, name: s.name ?? '', part: s.part, delegationLabel: null };
  const name = [row.title, row.givenNames, row.familyName].filter(Boolean).join(' ');
  return {
    delegateId: s.delegateId,
    name,
    part: s.part,
    delegationLabel: row.stateIso2 ?? row.organisationAcronym ?? row.organisationName ?? null,
  };
}

async function agendaViews(db: Queryable, items: repo.AgendaItemRow[], locale: Locale) {
  // The agenda names its speakers whatever delegation they belong to: read across the database's
  // state wall (a focal point reads the whole agenda). Transactions that come here are the officers'.
  const speakers = await asSystem(() =>
    repo.speakersOf(
      db,
      items.map((i) => i.id),
    ),
  );
  const views: AgendaItemView[] = items.map((item) => ({
    id: item.id,
    editionId: item.editionId,
    day: item.day,
    startsAt: item.startsAt.slice(0, 5),
    endsAt: item.endsAt.slice(0, 5),
    kind: item.kind,
    title: resolveText(item.title, locale),
    room: item.room,
    speakers: speakers.filter((s) => s.speaker.agendaItemId === item.id).map(speakerView),
  }));
  const delegateIds = speakers.flatMap((s) => (s.speaker.delegateId ? [s.speaker.delegateId] : []));
  return { views, delegateIds };
}

/** The agenda of an edition; reading the names of delegates who speak is audited like any delegate read. */
export async function getAgenda(db: Database, audit: AuditContext, actor: Actor, editionId: string) {
  await editionOr404(db, editionId);
  const { views, delegateIds } = await agendaViews(db, await repo.agendaOf(db, editionId), readerLocale(actor));
  if (delegateIds.length > 0) {
    await writeAudit(db, audit, {
      action: 'meeting_delegate.list',
      recordType: 'meeting_edition',
      recordId: editionId,
      details: { purpose: 'agenda speakers', delegateIds: [...new Set(delegateIds)] },
    });
  }
  return { items: views };
}

async function checkAgendaItem(tx: Queryable, edition: repo.EditionRow, input: AgendaItemInput) {
  if (input.day < edition.startDate || input.day > edition.endDate) {
    throw ruleViolation(
      'agenda_within_edition',
      `The edition runs from ${edition.startDate} to ${edition.endDate}; ${input.day} is outside it`,
      'day',
    );
  }
  const delegateIds = input.speakers.flatMap((s) => (s.delegateId ? [s.delegateId] : []));
  const speakable = await repo.speakableDelegates(tx, edition.id, delegateIds);
  const stranger = delegateIds.find((id) => !speakable.has(id));
  if (stranger) {
    throw ruleViolation(
      'speaker_delegate_of_edition',
      'A speaker chosen among delegates must be registered for this edition and not declined',
      'speakers',
    );
  }
}

const speakerValues = (input: AgendaItemInput) =>
  input.speakers.map((s) => ({
    delegateId: s.delegateId ?? null,
    name: s.delegateId ? null : (s.name ?? null),
    part: s.part ?? null,
  }));

async function agendaItemView(tx: Queryable, actor: Actor, id: string): Promise<AgendaItemView> {
  const item = await repo.findAgendaItem(tx, id);
  if (!item) throw notFound('Agenda item');
  const { views } = await agendaViews(tx, [item], readerLocale(actor));
  const [view] = views;
  if (!view) throw notFound('Agenda item');
  return view;
}

export async function addAgendaItem(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  editionId: string,
  input: AgendaItemInput,
): Promise<AgendaItemView> {
  return db.transaction(async (tx) => {
    const edition = await editionOr404(tx, editionId, true);
    await checkAgendaItem(tx, edition, input);
    const item = await repo.insertAgendaItem(tx, {
      editionId,
      day: input.day,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      kind: input.kind,
      title: input.title,
      room: input.room ?? null,
    });
    await repo.replaceSpeakers(tx, item.id, speakerValues(input));
    await writeAudit(tx, audit, {
      action: 'meeting_agenda_item.create',
      recordType: 'meeting_agenda_item',
      recordId: item.id,
      details: { editionId, day: input.day, startsAt: input.startsAt, endsAt: input.endsAt, kind: input.kind },
    });
    return agendaItemView(tx, actor, item.id);
  });
}

export async function replaceAgendaItem(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: AgendaItemInput,
): Promise<AgendaItemView> {
  return db.transaction(async (tx) => {
    const found = await repo.findAgendaItem(tx, id);
    if (!found) throw notFound('Agenda item');
    const edition = await editionOr404(tx, found.editionId, true);
    await checkAgendaItem(tx, edition, input);
    await repo.updateAgendaItem(tx, id, {
      day: input.day,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      kind: input.kind,
      title: input.title,
      room: input.room ?? null,
    });
    await repo.replaceSpeakers(tx, id, speakerValues(input));
    await writeAudit(tx, audit, {
      action: 'meeting_agenda_item.update',
      recordType: 'meeting_agenda_item',
      recordId: id,
      details: {
        before: { day: found.day, startsAt: found.startsAt.slice(0, 5), endsAt: found.endsAt.slice(0, 5), kind: found.kind },
        after: { day: input.day, startsAt: input.startsAt, endsAt: input.endsAt, kind: input.kind },
      },
    });
    return agendaItemView(tx, actor, id);
  });
}

export async function deleteAgendaItem(db: Database, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await repo.findAgendaItem(tx, id);
    if (!found) throw notFound('Agenda item');
    await editionOr404(tx, found.editionId, true);
    await repo.deleteAgendaItem(tx, id);
    await writeAudit(tx, audit, {
      action: 'meeting_agenda_item.delete',
      recordType: 'meeting_agenda_item',
      recordId: id,
      details: { editionId: found.editionId, day: found.day, startsAt: found.startsAt.slice(0, 5), title: found.title },
    });
  });
}

// Documents

type DocumentRow = NonNullable<Awaited<ReturnType<typeof repo.findDocument>>>;

const toDocumentView = (row: DocumentRow): DocumentView => ({
  id: row.document.id,
  editionId: row.document.editionId,
  kind: row.document.kind,
  language: row.document.language,
  title: row.document.title,
  fileName: row.fileName,
  mediaType: row.mediaType,
  size: row.size,
  uploadedAt: row.document.uploadedAt.toISOString(),
});

export async function listDocuments(db: Database, editionId: string): Promise<{ items: DocumentView[] }> {
  await editionOr404(db, editionId);
  return { items: (await repo.documentsOf(db, editionId)).map(toDocumentView) };
}

/** Adds a document from a multipart upload: its fields (kind, language, title) and one file. */
export async function addDocument(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  editionId: string,
  upload: { fields: Record<string, string>; file: UploadedFile | null },
): Promise<DocumentView> {
  const parsed = documentFieldsSchema.safeParse(upload.fields);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.') || 'body',
      message: i.code === 'unrecognized_keys' ? 'Unknown field' : i.message,
    }));
    throw new AppError('VALIDATION_FAILED', `Invalid body: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, {
      details,
    });
  }
  if (!upload.file) throw invalid('file', 'Attach the document file');
  const fields = parsed.data;
  const file = upload.file;
  return db.transaction(async (tx) => {
    await editionOr404(tx, editionId, true);
    if (fields.kind === 'outcome' && (await repo.outcomeExists(tx, editionId, fields.language))) {
      throw ruleViolation(
        'one_outcome_per_language',
        `This edition already has its outcome document in ${fields.language}: delete it first to replace it`,
        'language',
      );
    }
    const stored = await storeFile(tx, audit, file);
    const document = await repo.insertDocument(tx, { editionId, ...fields, fileId: stored.id, uploadedBy: actor.userId });
    await writeAudit(tx, audit, {
      action: 'meeting_document.create',
      recordType: 'meeting_document',
      recordId: document.id,
      details: { editionId, ...fields, fileId: stored.id, sha256: stored.sha256 },
    });
    const row = await repo.findDocument(tx, document.id);
    if (!row) throw notFound('Document');
    return toDocumentView(row);
  });
}

/** A document's file, for download. */
export async function documentFile(db: Database, id: string) {
  const row = await repo.findDocument(db, id);
  if (!row) throw notFound('Document');
  const file = await loadFile(db, row.document.fileId);
  if (!file) throw notFound('Document file');
  return file;
}

export async function deleteDocument(db: Database, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await repo.findDocument(tx, id);
    if (!row) throw notFound('Document');
    await editionOr404(tx, row.document.editionId, true);
    await repo.deleteDocument(tx, id);
    await removeFile(tx, audit, row.document.fileId);
    await writeAudit(tx, audit, {
      action: 'meeting_document.delete',
      recordType: 'meeting_document',
      recordId: id,
      details: {
        editionId: row.document.editionId,
        kind: row.document.kind,
        language: row.document.language,
        title: row.document.title,
      },
    });
  });
}
