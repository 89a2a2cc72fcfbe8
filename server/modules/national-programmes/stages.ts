import { notFound } from '../../errors';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import { assertEngagementRules, assertResponsibleStaff, lockedEngagement } from './engagements';
import { stageRemovalRule } from './policy';
import * as repo from './repository';
import { type StageDates, stageName, unique } from './rules';
import type { AddWorkshopInput, UpdateStageInput } from './schemas';

// Stages: dates, responsible staff, extra drafting workshops.

type StageChanges = Partial<Pick<StageDates, 'plannedStart' | 'plannedEnd' | 'actualStart' | 'actualEnd' | 'skipped'>> & {
  notes?: string | null;
};

/** The date and flag fields given in an input (null clears a date; absent leaves it). */
function stageChangesOf(input: UpdateStageInput | AddWorkshopInput): StageChanges {
  const changes: StageChanges = {};
  for (const field of ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd', 'notes'] as const) {
    const value = input[field];
    if (value !== undefined) changes[field] = value;
  }
  if ('skipped' in input && input.skipped !== undefined) changes.skipped = input.skipped;
  return changes;
}

async function replaceResponsibles(tx: Queryable, stageId: string, input: UpdateStageInput | AddWorkshopInput) {
  if (input.staffIds !== undefined) {
    const ids = unique(input.staffIds);
    await assertResponsibleStaff(tx, ids);
    await repo.replaceStaff(tx, stageId, ids);
  }
  if (input.counterparts !== undefined) await repo.replaceCounterparts(tx, stageId, input.counterparts);
}

/** Adds a drafting workshop after the last one; returns the engagement id. */
export async function addWorkshop(db: Database, audit: AuditContext, engagementId: string, input: AddWorkshopInput) {
  return db.transaction(async (tx) => {
    const engagement = await lockedEngagement(tx, engagementId);
    const stages = await repo.stagesOf(tx, [engagementId]);
    const sequence = Math.max(0, ...stages.filter((s) => s.kind === 'drafting_workshop').map((s) => s.sequence)) + 1;
    const workshop: StageDates = {
      kind: 'drafting_workshop',
      sequence,
      plannedStart: null,
      plannedEnd: null,
      actualStart: null,
      actualEnd: null,
      skipped: false,
      ...stageChangesOf(input),
    };
    assertEngagementRules([...stages, workshop], engagement.status);
    const [row] = await repo.insertStages(tx, [{ ...workshop, notes: input.notes ?? null, engagementId }]);
    if (!row) throw new Error('insert returned no row');
    await replaceResponsibles(tx, row.id, input);
    await repo.touchEngagement(tx, engagementId);
    await writeAudit(tx, audit, {
      action: 'national_programme.stage.add',
      recordType: 'national_programme_stage',
      recordId: row.id,
      details: { engagementId, kind: row.kind, sequence },
    });
    return engagementId;
  });
}

/** Changes a stage's dates, notes, skipping or responsible persons; returns the engagement id. */
export async function updateStage(db: Database, audit: AuditContext, stageId: string, input: UpdateStageInput) {
  return db.transaction(async (tx) => {
    const stage = await repo.findStage(tx, stageId);
    if (!stage) throw notFound('Stage');
    const engagement = await lockedEngagement(tx, stage.engagementId);
    const stages = await repo.stagesOf(tx, [engagement.id]);
    const changes = stageChangesOf(input);
    const after = stages.map((s) => (s.id === stageId ? { ...s, ...changes } : s));
    assertEngagementRules(after, engagement.status);
    if (Object.keys(changes).length) await repo.updateStage(tx, stageId, changes);
    await replaceResponsibles(tx, stageId, input);
    await repo.touchEngagement(tx, engagement.id);
    await writeAudit(tx, audit, {
      action: 'national_programme.stage.update',
      recordType: 'national_programme_stage',
      recordId: stageId,
      details: {
        engagementId: engagement.id,
        stage: stageName(stage),
        changes,
        ...(input.staffIds !== undefined ? { staffIds: unique(input.staffIds) } : {}),
        ...(input.counterparts !== undefined ? { counterparts: input.counterparts.length } : {}),
      },
    });
    return engagement.id;
  });
}

/** Removes a further drafting workshop that holds nothing yet; returns the engagement id. */
export async function removeStage(db: Database, audit: AuditContext, stageId: string) {
  return db.transaction(async (tx) => {
    const stage = await repo.findStage(tx, stageId);
    if (!stage) throw notFound('Stage');
    const engagement = await lockedEngagement(tx, stage.engagementId);
    const stages = await repo.stagesOf(tx, [engagement.id]);
    const workshops = stages.filter((s) => s.kind === 'drafting_workshop');
    const broken = stageRemovalRule(stage, workshops.length, await repo.documentCount(tx, stageId));
    if (broken) throw ruleViolation(broken, { stage: stageName(stage) }, 'stage');
    const remaining = stages.filter((s) => s.id !== stageId);
    assertEngagementRules(remaining, engagement.status);
    await repo.deleteStage(tx, stageId);
    // The workshops after it move up: workshops stay numbered 1, 2, 3…
    const later = workshops.filter((w) => w.sequence > stage.sequence).sort((a, b) => a.sequence - b.sequence);
    for (const w of later) await repo.updateStage(tx, w.id, { sequence: w.sequence - 1 });
    await repo.touchEngagement(tx, engagement.id);
    await writeAudit(tx, audit, {
      action: 'national_programme.stage.remove',
      recordType: 'national_programme_stage',
      recordId: stageId,
      details: { engagementId: engagement.id, stage: stageName(stage) },
    });
    return engagement.id;
  });
}
