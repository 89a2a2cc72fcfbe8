import { eq } from 'drizzle-orm';
import type { Locale } from '../../../contract/enums';
import { nationalProgrammeEngagements, programmeStageKinds } from '../../db/schema';
import { notFound } from '../../errors';
import { type Actor, personalDataScope, stateScopeCondition } from '../../platform/access';
import { type AuditContext, writeAuditBatch } from '../../platform/audit';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale, resolveText } from '../../platform/localised';
import { engagementCapabilities, stageCapabilities } from './policy';
import * as repo from './repository';
import { adoptedOn, behindPlan, currentStageOf, progressOf, type StageDates, unique } from './rules';
import type { EngagementView, Overview, OverviewItem, OverviewQuery, StageView } from './schemas';

// What a reader sees: engagements, a state's programme, the overview across states.

/** Engagements with their stages, responsible persons, documents and coverage, as the reader sees them. */
/** What both the engagement and the overview say of an engagement first. */
function headingOf(row: repo.EngagementRow, own: StageDates[], locale: Locale) {
  return {
    id: row.id,
    stateIso2: row.stateIso2,
    title: resolveText(row.title, locale),
    kind: row.kind,
    status: row.status,
    currentStage: currentStageOf(own),
  };
}

async function engagementViews(db: Queryable, rows: repo.EngagementRow[], actor: Actor): Promise<EngagementView[]> {
  const locale = readerLocale(actor);
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
    const workshops = own.filter((s) => s.kind === 'drafting_workshop').length;
    const stageViews: StageView[] = own.map((s) => {
      const stageDocuments = documents.filter((d) => d.stageId === s.id);
      return {
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
        documents: stageDocuments.map((d) => ({
          id: d.id,
          name: d.name,
          mediaType: d.mediaType,
          size: d.size,
          language: d.language,
          uploadedAt: d.uploadedAt.toISOString(),
        })),
        can: stageCapabilities(actor, s, workshops, stageDocuments.length),
      };
    });
    const ownResolutions = resolutions.filter((r) => r.engagementId === row.id);
    const ownPillars = pillars.filter((p) => p.engagementId === row.id);
    return {
      ...headingOf(row, own, locale),
      notes: row.notes,
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
      can: engagementCapabilities(actor),
    };
  });
}

export const scopeOf = (actor: Actor) => stateScopeCondition(personalDataScope(actor), nationalProgrammeEngagements.stateIso2);

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
  const [view] = await engagementViews(db, [row], actor);
  return view as EngagementView;
}

/** A state's engagements, oldest first: the timeline of its national programme support. */
export async function stateProgramme(db: Database, actor: Actor, audit: AuditContext, iso2: string) {
  const scope = personalDataScope(actor);
  if (!(await repo.stateExists(db, iso2)) || (scope.kind === 'state' && scope.iso2 !== iso2) || scope.kind === 'none') {
    throw notFound('Member state');
  }
  const rows = await repo.listEngagements(db, eq(nationalProgrammeEngagements.stateIso2, iso2));
  const views = await engagementViews(db, rows, actor);
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
      ...headingOf(row, own, locale),
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
