import { and, eq } from 'drizzle-orm';
import type { EditionStatus } from '../../../contract/enums';
import { meetingDelegations } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import * as events from '../notifications/events';
import { assertState, delegationScope, editionOr404, editionStatus, invalid, refuseIfPast, sameEmailFor } from './editions';
import { delegateCapabilities, delegationCapabilities, editsDelegate, reachesDelegation } from './policy';
import * as repo from './repository';
import type {
  CreateDelegationInput,
  DelegateDecisionInput,
  DelegateView,
  DelegationView,
  RegisterDelegateInput,
  UpdateDelegateInput,
} from './schemas';

// Delegations and their delegates: registration by the office and focal points, the office's decisions.

type DelegateCapabilities = DelegateView['can'];

function toDelegateView(row: repo.DelegateRow, sameEmail: repo.SameEmailRow[] | null, can: DelegateCapabilities): DelegateView {
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
    can,
  };
}

function toDelegationView(
  actor: Actor,
  edition: EditionStatus,
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
    delegates: delegates
      .filter((g) => g.delegationId === d.id)
      .map((g) => toDelegateView(g, sameEmail, delegateCapabilities(actor, edition, d, g))),
    can: delegationCapabilities(actor, edition, d),
  };
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
  const status = editionStatus(edition);
  return { editionStatus: status, items: rows.map((r) => toDelegationView(actor, status, r, delegates, sameEmail)) };
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
  const edition = await editionOr404(db, row.delegation.editionId);
  return toDelegationView(actor, editionStatus(edition), row, delegates, sameEmail);
}

/** Locks the delegation's edition, then the delegation (every writer takes them in that order). */
async function lockDelegation(tx: Queryable, actor: Actor, id: string) {
  const found = await repo.findDelegation(tx, id);
  // A focal point acts on their own state's delegation only; the others do not exist for them.
  if (!found || !reachesDelegation(actor, found)) throw notFound('Delegation');
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
    refuseIfPast(edition);
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
      throw ruleViolation('meeting.role_fits_state', {}, 'role');
    }
    if (organisationId && input.role === 'member') {
      throw ruleViolation('meeting.role_fits_organisation', {}, 'role');
    }
    const existing = await repo.findDelegationOf(
      tx,
      editionId,
      stateIso2 ? { stateIso2 } : { organisationId: organisationId ?? '' },
    );
    if (existing) {
      throw stateIso2
        ? ruleViolation('meeting.one_delegation_per_state', { state: stateIso2 }, 'stateIso2')
        : ruleViolation('meeting.one_delegation_per_organisation', {}, 'organisationId');
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
    refuseIfPast(edition);
    if (delegation.stateIso2 && role === 'international_organisation') {
      throw ruleViolation('meeting.role_fits_state', {}, 'role');
    }
    if (delegation.organisationId && role === 'member') {
      throw ruleViolation('meeting.role_fits_organisation', {}, 'role');
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
    refuseIfPast(edition);
    const delegates = await repo.delegateCount(tx, id);
    if (delegates > 0) {
      throw ruleViolation('meeting.delegation_has_delegates', { delegates });
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
    refuseIfPast(edition);
    if (delegateId) {
      const delegate = await repo.findDelegate(tx, delegateId);
      if (!delegate || delegate.delegationId !== id) {
        throw ruleViolation('meeting.head_in_delegation', {}, 'delegateId');
      }
      if (delegate.status === 'declined') {
        throw ruleViolation('meeting.head_not_declined', {}, 'delegateId');
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
    refuseIfPast(edition);
    // Checked within the delegation only: a clash with another state's delegation would tell a focal
    // point who that state registered. The office sees such namesakes and approves one of them.
    if (await repo.emailInDelegation(tx, delegationId, input.email)) {
      throw ruleViolation('meeting.one_registration_per_delegation', {}, 'email');
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
    const can = delegateCapabilities(actor, editionStatus(edition), delegation, delegate);
    return toDelegateView(delegate, await sameEmailFor(tx, actor, [delegate.id]), can);
  });
}

/** A person registered by two delegations (their sameEmailElsewhere) is approved in one of them only. */
const oneApprovalPerPerson = (path: string) => ruleViolation('meeting.one_approval_per_person', {}, path);

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
    const { edition, delegation, delegate } = await lockDelegate(tx, actor, id);
    refuseIfPast(edition);
    if (!editsDelegate(actor, delegate)) {
      throw ruleViolation('meeting.office_edits_decided_delegates', { status: delegate.status });
    }
    if (input.email && (await repo.emailInDelegation(tx, delegate.delegationId, input.email, id))) {
      throw ruleViolation('meeting.one_registration_per_delegation', {}, 'email');
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
    const can = delegateCapabilities(actor, editionStatus(edition), delegation, updated);
    return toDelegateView(updated, await sameEmailFor(tx, actor, [id]), can);
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
        throw ruleViolation('meeting.delegate_approved_once', {}, 'decision');
      }
      refuseIfPast(edition);
      if (await repo.emailApprovedInEdition(tx, edition.id, delegate.email, id)) throw oneApprovalPerPerson('decision');
    } else {
      if (delegate.status === 'declined') {
        throw ruleViolation('meeting.delegate_declined_once', {}, 'decision');
      }
      refuseIfPast(edition);
      if (delegation.headDelegateId === id) {
        throw ruleViolation('meeting.head_cannot_be_declined', {}, 'decision');
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
    await events.delegateDecided(tx, id);
    const can = delegateCapabilities(actor, editionStatus(edition), delegation, updated);
    return toDelegateView(updated, await sameEmailFor(tx, actor, [id]), can);
  });
}
