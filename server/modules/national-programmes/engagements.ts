import { type EngagementStatus, programmeStageKinds } from '../../db/schema';
import { notFound } from '../../errors';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import * as repo from './repository';
import { engagementViolation, latestToday, type StageDates, unique } from './rules';
import type { CoverageInput, CreateEngagementInput, UpdateEngagementInput } from './schemas';

// Creating and updating engagements and their coverage.

async function assertCoverageKnown(db: Queryable, input: CoverageInput): Promise<void> {
  const numbers = unique([...input.resolutions, ...input.parts.flatMap((p) => p.resolutions)]);
  const known = await repo.knownResolutions(db, numbers);
  const unknownNumbers = numbers.filter((n) => !known.has(n));
  if (unknownNumbers.length) {
    throw ruleViolation('reference.resolution_unknown', { resolutions: unknownNumbers.join(', ') }, 'resolutions');
  }
  const codes = unique([...input.pillars, ...input.parts.flatMap((p) => p.pillars)]);
  const pillars = await repo.knownPillars(db, codes);
  const unknownCodes = codes.filter((c) => !pillars.has(c));
  if (unknownCodes.length) {
    throw ruleViolation('reference.pillar_unknown', { pillars: unknownCodes.join(', ') }, 'pillars');
  }
}

export async function assertResponsibleStaff(db: Queryable, ids: string[]): Promise<void> {
  const staff = await repo.activeStaffIds(db, ids);
  const others = ids.filter((id) => !staff.has(id));
  if (others.length) {
    throw ruleViolation('national_programme.responsible_is_office_staff', { ids: others.join(', ') }, 'staffIds');
  }
}

export function assertEngagementRules(stages: StageDates[], status: EngagementStatus): void {
  const problem = engagementViolation(stages, status, latestToday());
  if (problem) throw problem;
}

/** Opens an engagement with its six stages (one drafting workshop); returns its id. */
export async function createEngagement(db: Database, audit: AuditContext, input: CreateEngagementInput): Promise<string> {
  return db.transaction(async (tx) => {
    if (!(await repo.stateExists(tx, input.stateIso2))) {
      throw ruleViolation('reference.state_unknown', { states: input.stateIso2 }, 'stateIso2');
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

export async function lockedEngagement(tx: Queryable, id: string): Promise<repo.EngagementRow> {
  const row = await repo.lockEngagement(tx, id);
  if (!row) throw notFound('Engagement');
  return row;
}

export async function updateEngagement(
  db: Database,
  audit: AuditContext,
  id: string,
  input: UpdateEngagementInput,
): Promise<string> {
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
  return id;
}

export async function replaceCoverage(db: Database, audit: AuditContext, id: string, input: CoverageInput): Promise<string> {
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
  return id;
}
