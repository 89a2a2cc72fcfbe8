import type { recommendationActions } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { loadFile, storeFile, type UploadedFile } from '../../platform/files';
import { ruleViolation } from '../../platform/rules';
import { makesMove, TRANSITIONS } from './policy';
import { dueDateFor, getAction, type OwnerColumns, ownerColumns } from './recommendations';
import * as repo from './repository';
import type { EvidenceInput, StatusChangeInput, UpdateActionInput } from './schemas';

// Changing one action: its owner and due date, its status, its evidence.

/**
 * Locks an action the actor may change: out of their scope (or unknown) is 404; an action carried
 * on to a later edition is frozen.
 */
async function lockForChange(tx: Queryable, actor: Actor, id: string) {
  const visible = await repo.findActionInScope(tx, id, repo.actionScopeCondition(actor));
  if (!visible) throw notFound('Action');
  const action = await repo.findAction(tx, id, true);
  if (!action) throw notFound('Action');
  const carried = await repo.carriedActionOf(tx, id);
  if (carried) {
    throw ruleViolation('recommendation.action_carried');
  }
  const recommendation = await repo.findRecommendation(tx, action.recommendationId);
  const edition = recommendation ? await repo.findEdition(tx, recommendation.editionId) : undefined;
  if (!recommendation || !edition) throw notFound('Action');
  return { action, recommendation, edition };
}

const ownerLabel = (o: OwnerColumns): string =>
  o.ownerKind === 'office' ? 'office' : `${o.ownerKind}:${o.ownerStateIso2 ?? o.ownerAgencyId ?? o.ownerOrganisationId}`;

export async function updateAction(db: Database, audit: AuditContext, actor: Actor, id: string, input: UpdateActionInput) {
  await db.transaction(async (tx) => {
    const { action, edition } = await lockForChange(tx, actor, id);
    const changes: { field: string; before: string | null; after: string | null }[] = [];
    const values: Partial<typeof recommendationActions.$inferInsert> = {};
    if (input.owner !== undefined) {
      const owner = await ownerColumns(tx, input.owner);
      const before = ownerLabel(action);
      if (ownerLabel(owner) !== before) {
        Object.assign(values, owner);
        changes.push({ field: 'owner', before, after: ownerLabel(owner) });
      }
    }
    if (input.dueDate !== undefined) {
      const dueDate = dueDateFor(input.dueDate, edition);
      if (dueDate !== action.dueDate) {
        values.dueDate = dueDate;
        changes.push({ field: 'dueDate', before: action.dueDate, after: dueDate });
      }
    }
    if (input.description !== undefined && JSON.stringify(input.description) !== JSON.stringify(action.description)) {
      values.description = input.description;
      changes.push({
        field: 'description',
        before: Object.values(action.description)[0] ?? null,
        after: Object.values(input.description)[0] ?? null,
      });
    }
    if (changes.length === 0) return;
    await repo.updateAction(tx, id, values);
    await repo.insertEvent(tx, {
      actionId: id,
      kind: 'edited',
      fromStatus: action.status,
      toStatus: action.status,
      reason: input.reason ?? null,
      details: { changes },
      byUserId: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation_action.update',
      recordType: 'recommendation_action',
      recordId: id,
      details: { changes, reason: input.reason ?? null },
    });
  });
  return getAction(db, actor, id);
}

export async function changeStatus(db: Database, audit: AuditContext, actor: Actor, id: string, input: StatusChangeInput) {
  await db.transaction(async (tx) => {
    const { action, edition } = await lockForChange(tx, actor, id);
    const to = input.status;
    if (to === action.status) throw ruleViolation('recommendation.status_unchanged', { status: action.status }, 'status');
    const who = TRANSITIONS[action.status][to];
    if (!who) {
      throw ruleViolation('recommendation.transition_not_allowed', { from: action.status, to }, 'status');
    }
    if (!makesMove(actor, who)) {
      throw ruleViolation('recommendation.transition_officers_only', { from: action.status, to }, 'status');
    }
    const reason = input.reason ?? null;
    if (to === 'dropped' && !reason) throw ruleViolation('recommendation.dropped_needs_reason', {}, 'reason');
    let completedOn: string | null = null;
    if (to === 'done') {
      completedOn = input.completedOn ?? today();
      if (completedOn > today()) {
        throw ruleViolation('recommendation.completion_in_future', {}, 'completedOn');
      }
      if (completedOn < edition.startDate) {
        throw ruleViolation('recommendation.completion_before_edition', { startDate: edition.startDate }, 'completedOn');
      }
    }
    await repo.updateAction(tx, id, { status: to, completedOn, dropReason: to === 'dropped' ? reason : null });
    await repo.insertEvent(tx, {
      actionId: id,
      kind: 'status',
      fromStatus: action.status,
      toStatus: to,
      reason,
      completedOn,
      byUserId: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation_action.status',
      recordType: 'recommendation_action',
      recordId: id,
      details: { from: action.status, to, reason, completedOn },
    });
  });
  return getAction(db, actor, id);
}

function isWebLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

const evidenceEmpty = (path: string) => ruleViolation('recommendation.evidence_empty', {}, path);

export async function addEvidence(db: Database, audit: AuditContext, actor: Actor, id: string, input: EvidenceInput) {
  const text = input.text?.trim() ? input.text.trim() : null;
  const url = input.url?.trim() ? input.url.trim() : null;
  if (input.kind === 'text') {
    if (!text) throw evidenceEmpty('text');
    if (url) throw ruleViolation('recommendation.evidence_one_kind', {}, 'url');
  } else {
    if (!url) throw evidenceEmpty('url');
    if (!isWebLink(url)) {
      throw ruleViolation('recommendation.evidence_link_not_http', {}, 'url');
    }
  }
  await db.transaction(async (tx) => {
    await lockForChange(tx, actor, id);
    const row = await repo.insertEvidence(tx, { actionId: id, kind: input.kind, text, url, addedBy: actor.userId });
    await writeAudit(tx, audit, {
      action: 'recommendation_action.evidence',
      recordType: 'recommendation_action',
      recordId: id,
      details: { evidenceId: row.id, kind: input.kind, url },
    });
  });
  return getAction(db, actor, id);
}

/** Evidence as a file: the upload is read first (outside any lock), then stored with its record in one transaction. */
export async function addEvidenceFile(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  upload: { fields: Record<string, string>; file: UploadedFile | null },
) {
  if (!upload.file || upload.file.content.length === 0) throw evidenceEmpty('file');
  const note = upload.fields.note?.trim() ? upload.fields.note.trim().slice(0, 4000) : null;
  const file = upload.file;
  await db.transaction(async (tx) => {
    await lockForChange(tx, actor, id);
    const stored = await storeFile(tx, audit, file);
    const row = await repo.insertEvidence(tx, {
      actionId: id,
      kind: 'file',
      text: note,
      fileId: stored.id,
      addedBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation_action.evidence',
      recordType: 'recommendation_action',
      recordId: id,
      details: { evidenceId: row.id, kind: 'file', fileId: stored.id, name: stored.name, sha256: stored.sha256 },
    });
  });
  return getAction(db, actor, id);
}

/** Checks, before an upload is read, that the actor may add evidence to the action (404 / 422 otherwise). */
export async function assertCanAddEvidence(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockForChange(tx, actor, id);
  });
}

/** The file of a file evidence, under its action's access rule. */
export async function evidenceFile(db: Database, actor: Actor, evidenceId: string) {
  const evidence = await repo.findEvidence(db, evidenceId);
  if (!evidence?.fileId) throw notFound('Evidence file');
  const action = await repo.findActionInScope(db, evidence.actionId, repo.actionScopeCondition(actor));
  if (!action) throw notFound('Evidence file');
  const file = await loadFile(db, evidence.fileId);
  if (!file) throw notFound('Evidence file');
  return file;
}
