import type { StageProgress } from '../../../contract/enums';
import { type EngagementStatus, type ProgrammeStageKind, programmeStageKinds } from '../../db/schema';
import type { AppError } from '../../errors';
import { ruleViolation } from '../../platform/rules';
import type { EngagementView } from './schemas';

// The order and dates of an engagement's stages, and the facts derived from them.

/** Today somewhere on Earth (UTC+14): an actual date entered in any time zone is not refused as future. */
export const latestToday = (): string => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);

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

/**
 * The first rule the stages (in any order) and status of an engagement break, or null. `now` is
 * today's date (YYYY-MM-DD).
 */
export function engagementViolation(stages: StageDates[], status: EngagementStatus, now: string): AppError | null {
  const ordered = [...stages].sort(byStageOrder);
  for (const stage of ordered) {
    const name = stageName(stage);
    if (stage.kind === 'request' && stage.skipped) {
      return ruleViolation('national_programme.request_not_skipped', {}, 'skipped');
    }
    if (stage.skipped && (stage.actualStart || stage.actualEnd)) {
      return ruleViolation('national_programme.skipped_stage_undated', { stage: name }, 'skipped');
    }
    if (stage.plannedStart && stage.plannedEnd && stage.plannedEnd < stage.plannedStart) {
      return ruleViolation(
        'national_programme.planned_end_after_start',
        { stage: name, start: stage.plannedStart, end: stage.plannedEnd },
        'plannedEnd',
      );
    }
    if (stage.actualEnd && !stage.actualStart) {
      return ruleViolation('national_programme.actual_end_needs_start', { stage: name }, 'actualStart');
    }
    if (stage.actualStart && stage.actualEnd && stage.actualEnd < stage.actualStart) {
      return ruleViolation(
        'national_programme.actual_end_after_start',
        { stage: name, start: stage.actualStart, end: stage.actualEnd },
        'actualEnd',
      );
    }
    const future = [stage.actualStart, stage.actualEnd].find((d) => d && d > now);
    if (future) {
      return ruleViolation(
        'national_programme.actual_dates_not_in_future',
        { stage: name, date: future },
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
        'national_programme.stage_starts_after_previous',
        { stage: stageName(stage), previous: stageName(previous) },
        'actualStart',
      );
    }
    if (stage.actualEnd && (!previous.actualEnd || stage.actualEnd < previous.actualEnd)) {
      return ruleViolation(
        'national_programme.stage_completes_after_previous',
        { stage: stageName(stage), previous: stageName(previous) },
        'actualEnd',
      );
    }
  }
  if (status === 'completed' && !adoptedOn(stages)) {
    return ruleViolation('national_programme.completed_needs_adoption', {}, 'status');
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

export const unique = <T>(values: T[]) => [...new Set(values)];
