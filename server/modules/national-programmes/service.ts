import { eq } from 'drizzle-orm';
import {
  type EngagementStatus,
  type Locale,
  nationalProgrammeEngagements,
  type ProgrammeStageKind,
  programmeStageKinds,
} from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { type Actor, personalDataScope, stateScopeCondition } from '../../platform/access';
import { type AuditContext, writeAudit, writeAuditBatch } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { loadFile, removeFile, storeFile, type UploadedFile } from '../../platform/files';
import { readerLocale, resolveText } from '../curriculum/localised';
import { ruleViolation } from '../nominations/service';
import * as repo from './repository';
import type {
  AddWorkshopInput,
  CoverageInput,
  CreateEngagementInput,
  EngagementView,
  Overview,
  OverviewItem,
  OverviewQuery,
  StageProgress,
  StageView,
  UpdateEngagementInput,
  UpdateStageInput,
} from './schemas';

/**
 * Rules of national programme support (each violation is a 422 naming the rule; nothing changes):
 *  - state_is_member: an engagement belongs to one of the 54 African UN member states;
 *  - known_resolution / known_pillar: coverage names Security Council resolutions and strategy
 *    pillars of the reference lists only;
 *  - planned_end_after_start, actual_end_after_start: a stage ends on or after it starts, and an
 *    actual end needs an actual start;
 *  - actual_dates_not_in_future: actual dates record what has happened (planned ones may be ahead);
 *  - stage order: request → assessment → drafting workshops (1, 2…) → validation → adoption →
 *    implementation. Stages may overlap (drafting may begin while the assessment is finished), but
 *      stage_starts_after_previous: a stage starts only once the previous stage has started, on or
 *      after that day;
 *      stage_completes_after_previous: a stage is completed only once the previous stage is
 *      completed, on or after that day (so none is completed before the previous one started).
 *    A skipped stage (e.g. no separate validation) is passed over by both rules;
 *  - request_not_skipped: every engagement begins with the state's request;
 *    skipped_stage_undated: a skipped stage has no actual dates;
 *  - responsible_is_office_staff: staff named responsible are active programme officers, M&E
 *    officers or trainers; national counterparts are named persons (personal data);
 *  - completed_needs_adoption: the office closes an engagement as completed only once the
 *    programme is adopted;
 *  - only_extra_workshops_removed / removed_stage_is_empty: the six stages stay; a further drafting
 *    workshop may be removed while it has no actual dates and no documents.
 * Each write checks the whole engagement as it would be after the change, under a lock on the
 * engagement, so that no order of edits can break these rules.
 */

const today = (): string => new Date().toISOString().slice(0, 10);
/** Today somewhere on Earth (UTC+14): an actual date entered in any time zone is not refused as future. */
const latestToday = (): string => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);

const STAGE_RANK = Object.fromEntries(programmeStageKinds.map((k, i) => [k, i])) as Record<ProgrammeStageKind, number>;

/** What the rules look at in a stage. */
export type StageDates = {
  kind: ProgrammeStageKind;
  sequence: number;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  skipped: boolean;
};

export const byStageOrder = (a: StageDates, b: StageDates) => STAGE_RANK[a.kind] - STAGE_RANK[b.kind] || a.sequence - b.sequence;

/** A stage's name in messages: "drafting workshop 2", "validation". */
export function stageName(stage: Pick<StageDates, 'kind' | 'sequence'>): string {
  return stage.kind === 'drafting_workshop' ? `drafting workshop ${stage.sequence}` : stage.kind.replace('_', ' ');
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The first rule the stages (in any order) and status of an engagement break, or null. `now` is
 * today's date (YYYY-MM-DD).
 */
export function engagementViolation(stages: StageDates[], status: EngagementStatus, now: string): AppError | null {
  const ordered = [...stages].sort(byStageOrder);
  for (const stage of ordered) {
    const name = stageName(stage);
    if (stage.kind === 'request' && stage.skipped) {
      return ruleViolation('request_not_skipped', 'Every engagement begins with the request: it cannot be skipped', 'skipped');
    }
    if (stage.skipped && (stage.actualStart || stage.actualEnd)) {
      return ruleViolation(
        'skipped_stage_undated',
        `${capitalised(name)} is skipped: clear its actual dates, or do not skip it`,
        'skipped',
      );
    }
    if (stage.plannedStart && stage.plannedEnd && stage.plannedEnd < stage.plannedStart) {
      return ruleViolation(
        'planned_end_after_start',
        `The planned end of ${name} (${stage.plannedEnd}) is before its planned start (${stage.plannedStart})`,
        'plannedEnd',
      );
    }
    if (stage.actualEnd && !stage.actualStart) {
      return ruleViolation(
        'actual_end_after_start',
        `${capitalised(name)} cannot have ended without a start date`,
        'actualStart',
      );
    }
    if (stage.actualStart && stage.actualEnd && stage.actualEnd < stage.actualStart) {
      return ruleViolation(
        'actual_end_after_start',
        `${capitalised(name)} cannot end (${stage.actualEnd}) before it started (${stage.actualStart})`,
        'actualEnd',
      );
    }
    const future = [stage.actualStart, stage.actualEnd].find((d) => d && d > now);
    if (future) {
      return ruleViolation(
        'actual_dates_not_in_future',
        `Actual dates record what has happened: ${future} (${name}) is after today; give it as a planned date`,
        stage.actualEnd === future ? 'actualEnd' : 'actualStart',
      );
    }
  }
  const held = ordered.filter((s) => !s.skipped);
  for (let i = 1; i < held.length; i += 1) {
    const previous = held[i - 1] as StageDates;
    const stage = held[i] as StageDates;
    if (stage.actualStart && (!previous.actualStart || stage.actualStart < previous.actualStart)) {
      return ruleViolation(
        'stage_starts_after_previous',
        previous.actualStart
          ? `${capitalised(stageName(stage))} cannot start (${stage.actualStart}) before ${stageName(previous)} started (${previous.actualStart})`
          : `${capitalised(stageName(stage))} cannot start before ${stageName(previous)} has started`,
        'actualStart',
      );
    }
    if (stage.actualEnd && (!previous.actualEnd || stage.actualEnd < previous.actualEnd)) {
      return ruleViolation(
        'stage_completes_after_previous',
        previous.actualEnd
          ? `${capitalised(stageName(stage))} cannot be completed (${stage.actualEnd}) before ${stageName(previous)} was (${previous.actualEnd})`
          : `${capitalised(stageName(stage))} cannot be completed before ${stageName(previous)} is`,
        'actualEnd',
      );
    }
  }
  if (status === 'completed' && !adoptedOn(stages)) {
    return ruleViolation(
      'completed_needs_adoption',
      'An engagement is completed once the programme is adopted: record the end of the adoption stage first',
      'status',
    );
  }
  return null;
}

// ---------- derived facts

export function progressOf(stage: StageDates): StageProgress {
  if (stage.skipped) return 'skipped';
  if (stage.actualEnd) return 'completed';
  if (stage.actualStart) return 'in_progress';
  return 'not_started';
}

/** The planned start (or end) has passed and the stage has not started (or ended). */
export function behindPlan(stage: StageDates, now: string): boolean {
  if (stage.skipped) return false;
  return Boolean(
    (stage.plannedStart && stage.plannedStart < now && !stage.actualStart) ||
      (stage.plannedEnd && stage.plannedEnd < now && !stage.actualEnd),
  );
}

/** The last stage, in order, that has started; null before any has. */
export function currentStageOf(stages: StageDates[]): EngagementView['currentStage'] {
  const started = [...stages].sort(byStageOrder).filter((s) => !s.skipped && s.actualStart);
  const last = started.at(-1);
  return last ? { kind: last.kind, sequence: last.sequence, progress: progressOf(last) } : null;
}

/** The day the programme was adopted: the end of the adoption stage. */
export function adoptedOn(stages: StageDates[]): string | null {
  const adoption = stages.find((s) => s.kind === 'adoption' && !s.skipped);
  return adoption?.actualEnd ?? null;
}

const unique = <T>(values: T[]) => [...new Set(values)];

// ---------- views

/** Engagements with their stages, responsible persons, documents and coverage, as the reader sees them. */
async function engagementViews(db: Queryable, rows: repo.EngagementRow[], locale: Locale): Promise<EngagementView[]> {
  const ids = rows.map((r) => r.id);
  const stages = await repo.stagesOf(db, ids);
  const stageIds = stages.map((s) => s.id);
  const [staff, counterparts, documents, parts, resolutions, pillars] = await Promise.all([
    repo.staffOf(db, stageIds),
    repo.counterpartsOf(db, stageIds),
    repo.documentsOf(db, stageIds),
    repo.partsOf(db, ids),
    repo.resolutionCoverageOf(db, ids),
    repo.pillarCoverageOf(db, ids),
  ]);
  const now = today();
  return rows.map((row) => {
    const own = stages.filter((s) => s.engagementId === row.id);
    const stageViews: StageView[] = own.map((s) => ({
      id: s.id,
      kind: s.kind,
      sequence: s.sequence,
      plannedStart: s.plannedStart,
      plannedEnd: s.plannedEnd,
      actualStart: s.actualStart,
      actualEnd: s.actualEnd,
      skipped: s.skipped,
      notes: s.notes,
      progress: progressOf(s),
      behindPlan: behindPlan(s, now),
      staff: staff.filter((x) => x.stageId === s.id).map(({ id, displayName }) => ({ id, displayName })),
      counterparts: counterparts
        .filter((x) => x.stageId === s.id)
        .map((c) => ({ name: c.name, function: c.function, organisation: c.organisation })),
      documents: documents
        .filter((d) => d.stageId === s.id)
        .map((d) => ({
          id: d.id,
          name: d.name,
          mediaType: d.mediaType,
          size: d.size,
          language: d.language,
          uploadedAt: d.uploadedAt.toISOString(),
        })),
    }));
    const ownResolutions = resolutions.filter((r) => r.engagementId === row.id);
    const ownPillars = pillars.filter((p) => p.engagementId === row.id);
    return {
      id: row.id,
      stateIso2: row.stateIso2,
      title: resolveText(row.title, locale),
      kind: row.kind,
      status: row.status,
      notes: row.notes,
      currentStage: currentStageOf(own),
      adoptedOn: adoptedOn(own),
      stages: stageViews,
      coverage: {
        resolutions: ownResolutions.filter((r) => r.partId === null).map((r) => r.number),
        pillars: ownPillars.filter((p) => p.partId === null).map((p) => p.code),
        parts: parts
          .filter((p) => p.engagementId === row.id)
          .map((p) => ({
            id: p.id,
            position: p.position,
            title: resolveText(p.title, locale),
            resolutions: ownResolutions.filter((r) => r.partId === p.id).map((r) => r.number),
            pillars: ownPillars.filter((x) => x.partId === p.id).map((x) => x.code),
          })),
        covered: {
          resolutions: unique(ownResolutions.map((r) => r.number)).sort((a, b) => a - b),
          pillars: unique(ownPillars.map((p) => p.code)),
        },
      },
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  });
}

const scopeOf = (actor: Actor) => stateScopeCondition(personalDataScope(actor), nationalProgrammeEngagements.stateIso2);

/** Reads that return national counterparts' names (personal data) are recorded. */
async function auditCounterpartReads(db: Queryable, audit: AuditContext, views: EngagementView[]): Promise<void> {
  const read = views.filter((v) => v.stages.some((s) => s.counterparts.length > 0));
  await writeAuditBatch(
    db,
    audit,
    read.map((v) => ({
      action: 'national_programme.read',
      recordType: 'national_programme',
      recordId: v.id,
      details: { stateIso2: v.stateIso2, counterparts: v.stages.reduce((n, s) => n + s.counterparts.length, 0) },
    })),
  );
}

/** One engagement as the actor may see it (a focal point: their state's only); otherwise 404. */
export async function getEngagement(db: Database, actor: Actor, audit: AuditContext, id: string): Promise<EngagementView> {
  const view = await engagementView(db, actor, id);
  await auditCounterpartReads(db, audit, [view]);
  return view;
}

/** The engagement after a write, for its author (the write itself is in the audit log). */
export async function engagementView(db: Queryable, actor: Actor, id: string): Promise<EngagementView> {
  const row = await repo.findEngagement(db, id, scopeOf(actor));
  if (!row) throw notFound('Engagement');
  const [view] = await engagementViews(db, [row], readerLocale(actor));
  return view as EngagementView;
}

/** A state's engagements, oldest first: the timeline of its national programme support. */
export async function stateProgramme(db: Database, actor: Actor, audit: AuditContext, iso2: string) {
  const scope = personalDataScope(actor);
  if (!(await repo.stateExists(db, iso2)) || (scope.kind === 'state' && scope.iso2 !== iso2) || scope.kind === 'none') {
    throw notFound('Member state');
  }
  const rows = await repo.listEngagements(db, eq(nationalProgrammeEngagements.stateIso2, iso2));
  const views = await engagementViews(db, rows, readerLocale(actor));
  await auditCounterpartReads(db, audit, views);
  return { stateIso2: iso2, engagements: views };
}

/**
 * Every engagement across states with its current stage and coverage counts, and headline counts.
 * No personal data: no responsible persons, notes or documents.
 */
export async function overview(db: Queryable, actor: Actor, query: OverviewQuery): Promise<Overview> {
  const locale = readerLocale(actor);
  const rows = await repo.listEngagements(db, undefined);
  const ids = rows.map((r) => r.id);
  const [stages, resolutions, pillars] = await Promise.all([
    repo.stagesOf(db, ids),
    repo.resolutionCoverageOf(db, ids),
    repo.pillarCoverageOf(db, ids),
  ]);
  const all: OverviewItem[] = rows.map((row) => {
    const own = stages.filter((s) => s.engagementId === row.id);
    const request = own.find((s) => s.kind === 'request');
    return {
      id: row.id,
      stateIso2: row.stateIso2,
      title: resolveText(row.title, locale),
      kind: row.kind,
      status: row.status,
      currentStage: currentStageOf(own),
      stages: programmeStageKinds.map((kind) => {
        const ofKind = own.filter((s) => s.kind === kind);
        return {
          kind,
          total: ofKind.length,
          started: ofKind.filter((s) => s.actualStart).length,
          completed: ofKind.filter((s) => s.actualEnd).length,
          skipped: ofKind.filter((s) => s.skipped).length,
        };
      }),
      resolutionsCovered: new Set(resolutions.filter((r) => r.engagementId === row.id).map((r) => r.number)).size,
      pillarsCovered: new Set(pillars.filter((p) => p.engagementId === row.id).map((p) => p.code)).size,
      requestedOn: request?.actualStart ?? null,
      adoptedOn: adoptedOn(own),
    };
  });
  const adoptedStates = (kind: 'strategy' | 'action_plan') =>
    new Set(all.filter((i) => i.kind === kind && i.adoptedOn).map((i) => i.stateIso2)).size;
  const byCurrentStage: Record<string, number> = { none: 0, ...Object.fromEntries(programmeStageKinds.map((k) => [k, 0])) };
  for (const item of all) {
    const key = item.currentStage?.kind ?? 'none';
    byCurrentStage[key] = (byCurrentStage[key] ?? 0) + 1;
  }
  return {
    summary: {
      statesEngaged: new Set(all.map((i) => i.stateIso2)).size,
      engagements: all.length,
      statesWithAdoptedStrategy: adoptedStates('strategy'),
      statesWithAdoptedActionPlan: adoptedStates('action_plan'),
      byCurrentStage,
    },
    items: all.filter(
      (i) =>
        (!query.stage || i.currentStage?.kind === query.stage) &&
        (!query.kind || i.kind === query.kind) &&
        (!query.status || i.status === query.status) &&
        (query.adopted === undefined || Boolean(i.adoptedOn) === query.adopted),
    ),
  };
}

export async function listStaff(db: Queryable) {
  return { items: await repo.listStaff(db) };
}

// ---------- writes

async function assertCoverageKnown(db: Queryable, input: CoverageInput): Promise<void> {
  const numbers = unique([...input.resolutions, ...input.parts.flatMap((p) => p.resolutions)]);
  const known = await repo.knownResolutions(db, numbers);
  const unknownNumbers = numbers.filter((n) => !known.has(n));
  if (unknownNumbers.length) {
    throw ruleViolation(
      'known_resolution',
      `Not a Security Council resolution of the reference list: ${unknownNumbers.join(', ')}`,
      'resolutions',
    );
  }
  const codes = unique([...input.pillars, ...input.parts.flatMap((p) => p.pillars)]);
  const pillars = await repo.knownPillars(db, codes);
  const unknownCodes = codes.filter((c) => !pillars.has(c));
  if (unknownCodes.length) {
    throw ruleViolation('known_pillar', `Not a strategy pillar (I, II, III or IV): ${unknownCodes.join(', ')}`, 'pillars');
  }
}

async function assertResponsibleStaff(db: Queryable, ids: string[]): Promise<void> {
  const staff = await repo.activeStaffIds(db, ids);
  const others = ids.filter((id) => !staff.has(id));
  if (others.length) {
    throw ruleViolation(
      'responsible_is_office_staff',
      `Not an active programme officer, M&E officer or trainer: ${others.join(', ')}`,
      'staffIds',
    );
  }
}

function assertEngagementRules(stages: StageDates[], status: EngagementStatus): void {
  const problem = engagementViolation(stages, status, latestToday());
  if (problem) throw problem;
}

/** Opens an engagement with its six stages (one drafting workshop); returns its id. */
export async function createEngagement(db: Database, audit: AuditContext, input: CreateEngagementInput): Promise<string> {
  return db.transaction(async (tx) => {
    if (!(await repo.stateExists(tx, input.stateIso2))) {
      throw ruleViolation('state_is_member', `${input.stateIso2} is not one of the 54 African UN member states`, 'stateIso2');
    }
    const stages: StageDates[] = programmeStageKinds.map((kind) => ({
      kind,
      sequence: 1,
      plannedStart: null,
      plannedEnd: null,
      actualStart: kind === 'request' ? (input.requestedOn ?? null) : null,
      actualEnd: null,
      skipped: false,
    }));
    assertEngagementRules(stages, 'active');
    const row = await repo.insertEngagement(tx, {
      stateIso2: input.stateIso2,
      title: input.title,
      kind: input.kind,
      notes: input.notes ?? null,
      createdBy: audit.actorUserId,
    });
    await repo.insertStages(
      tx,
      stages.map((s) => ({ ...s, engagementId: row.id })),
    );
    await writeAudit(tx, audit, {
      action: 'national_programme.create',
      recordType: 'national_programme',
      recordId: row.id,
      details: { stateIso2: row.stateIso2, kind: row.kind, requestedOn: input.requestedOn ?? null },
    });
    return row.id;
  });
}

async function lockedEngagement(tx: Queryable, id: string): Promise<repo.EngagementRow> {
  const row = await repo.lockEngagement(tx, id);
  if (!row) throw notFound('Engagement');
  return row;
}

export async function updateEngagement(
  db: Database,
  audit: AuditContext,
  id: string,
  input: UpdateEngagementInput,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockedEngagement(tx, id);
    const status = input.status ?? before.status;
    assertEngagementRules(await repo.stagesOf(tx, [id]), status);
    await repo.updateEngagement(tx, id, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
    });
    await writeAudit(tx, audit, {
      action: 'national_programme.update',
      recordType: 'national_programme',
      recordId: id,
      details: {
        fields: Object.keys(input),
        ...(input.status !== undefined && input.status !== before.status ? { from: before.status, to: input.status } : {}),
      },
    });
  });
}

export async function replaceCoverage(db: Database, audit: AuditContext, id: string, input: CoverageInput): Promise<void> {
  await db.transaction(async (tx) => {
    await lockedEngagement(tx, id);
    await assertCoverageKnown(tx, input);
    const coverage = {
      resolutions: unique(input.resolutions),
      pillars: unique(input.pillars),
      parts: input.parts.map((p) => ({ title: p.title, resolutions: unique(p.resolutions), pillars: unique(p.pillars) })),
    };
    await repo.replaceCoverage(tx, id, coverage);
    await repo.touchEngagement(tx, id);
    await writeAudit(tx, audit, {
      action: 'national_programme.coverage',
      recordType: 'national_programme',
      recordId: id,
      details: {
        resolutions: coverage.resolutions,
        pillars: coverage.pillars,
        parts: coverage.parts.map((p) => ({ resolutions: p.resolutions, pillars: p.pillars })),
      },
    });
  });
}

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
    if (stage.kind !== 'drafting_workshop' || workshops.length < 2) {
      throw ruleViolation(
        'only_extra_workshops_removed',
        'The stages of an engagement stay (skip one that does not apply); only a further drafting workshop can be removed',
        'stage',
      );
    }
    if (stage.actualStart || stage.actualEnd || (await repo.documentCount(tx, stageId)) > 0) {
      throw ruleViolation(
        'removed_stage_is_empty',
        `${capitalised(stageName(stage))} has actual dates or documents: clear them before removing it`,
        'stage',
      );
    }
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

/** Attaches a document to a stage; returns the engagement id. */
export async function addDocument(
  db: Database,
  audit: AuditContext,
  stageId: string,
  upload: { file: UploadedFile; language: Locale | null },
) {
  return db.transaction(async (tx) => {
    const stage = await repo.findStage(tx, stageId);
    if (!stage) throw notFound('Stage');
    await lockedEngagement(tx, stage.engagementId);
    const file = await storeFile(tx, audit, upload.file);
    const id = await repo.insertDocument(tx, {
      stageId,
      fileId: file.id,
      language: upload.language,
      uploadedBy: audit.actorUserId,
    });
    await repo.touchEngagement(tx, stage.engagementId);
    await writeAudit(tx, audit, {
      action: 'national_programme.document.add',
      recordType: 'national_programme_document',
      recordId: id,
      details: { engagementId: stage.engagementId, stage: stageName(stage), fileId: file.id, name: file.name },
    });
    return stage.engagementId;
  });
}

/** Removes a document and its stored file; returns the engagement id. */
export async function removeDocument(db: Database, audit: AuditContext, id: string) {
  return db.transaction(async (tx) => {
    const document = await repo.findDocument(tx, id);
    if (!document) throw notFound('Document');
    await lockedEngagement(tx, document.engagementId);
    await repo.deleteDocument(tx, id);
    await removeFile(tx, audit, document.fileId);
    await repo.touchEngagement(tx, document.engagementId);
    await writeAudit(tx, audit, {
      action: 'national_programme.document.remove',
      recordType: 'national_programme_document',
      recordId: id,
      details: { engagementId: document.engagementId, name: document.name },
    });
    return document.engagementId;
  });
}

/** A document's file, for a reader who may see its engagement (else 404); every download is recorded. */
export async function downloadDocument(db: Database, actor: Actor, audit: AuditContext, id: string) {
  const document = await repo.findDocument(db, id);
  if (!document || !(await repo.findEngagement(db, document.engagementId, scopeOf(actor)))) throw notFound('Document');
  const file = await loadFile(db, document.fileId);
  if (!file) throw notFound('Document');
  await writeAudit(db, audit, {
    action: 'national_programme.document.download',
    recordType: 'national_programme_document',
    recordId: id,
    details: { engagementId: document.engagementId, name: file.name },
  });
  return file;
}

export function missingFile(): AppError {
  return new AppError('VALIDATION_FAILED', 'Attach the document as the "file" part of the form', {
    details: [{ path: 'file', message: 'Required' }],
  });
}
