import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { behindPlan, currentStageOf, engagementViolation, type StageDates } from './service';

const NOW = '2026-06-30';

function stages(changes: Partial<Record<string, Partial<StageDates>>> = {}): StageDates[] {
  const base: StageDates[] = ['request', 'assessment', 'drafting_workshop', 'validation', 'adoption', 'implementation'].map(
    (kind) => ({
      kind: kind as StageDates['kind'],
      sequence: 1,
      plannedStart: null,
      plannedEnd: null,
      actualStart: null,
      actualEnd: null,
      skipped: false,
    }),
  );
  return base.map((s) => ({ ...s, ...(changes[s.kind] ?? {}) }));
}

/** The rule named by a violation, or null when the stages keep every rule. */
function ruleOf(list: StageDates[], status: 'active' | 'completed' = 'active'): string | null {
  const problem = engagementViolation(list, status, NOW);
  if (!problem) return null;
  expect(problem).toBeInstanceOf(AppError);
  expect(problem.code).toBe('RULE_VIOLATION');
  return problem.rule ?? null;
}

describe('rules of an engagement’s stages', () => {
  it('accepts stages started in order, overlapping, each completed after the previous one', () => {
    expect(
      ruleOf(
        stages({
          request: { actualStart: '2024-01-10', actualEnd: '2024-02-01' },
          assessment: { actualStart: '2024-01-20', actualEnd: '2024-05-01' },
          drafting_workshop: { actualStart: '2024-04-15' },
        }),
      ),
    ).toBeNull();
  });

  it('refuses a stage that starts before the previous one has started, or earlier than it', () => {
    expect(ruleOf(stages({ assessment: { actualStart: '2024-01-20' } }))).toBe('national_programme.stage_starts_after_previous');
    expect(ruleOf(stages({ request: { actualStart: '2024-01-10' }, assessment: { actualStart: '2024-01-09' } }))).toBe(
      'national_programme.stage_starts_after_previous',
    );
  });

  it('refuses a stage completed before the previous one is, so none before the previous one started', () => {
    expect(
      ruleOf(
        stages({
          request: { actualStart: '2024-01-10' },
          assessment: { actualStart: '2024-01-20', actualEnd: '2024-03-01' },
        }),
      ),
    ).toBe('national_programme.stage_completes_after_previous');
    expect(
      ruleOf(
        stages({
          request: { actualStart: '2024-01-10', actualEnd: '2024-04-01' },
          assessment: { actualStart: '2024-01-20', actualEnd: '2024-03-01' },
        }),
      ),
    ).toBe('national_programme.stage_completes_after_previous');
  });

  it('passes over skipped stages, which carry no actual dates; the request cannot be skipped', () => {
    expect(
      ruleOf(
        stages({
          request: { actualStart: '2024-01-10', actualEnd: '2024-01-20' },
          assessment: { skipped: true },
          drafting_workshop: { actualStart: '2024-02-01' },
        }),
      ),
    ).toBeNull();
    expect(ruleOf(stages({ assessment: { skipped: true, actualStart: '2024-01-01' } }))).toBe(
      'national_programme.skipped_stage_undated',
    );
    expect(ruleOf(stages({ request: { skipped: true } }))).toBe('national_programme.request_not_skipped');
  });

  it('wants ends on or after starts, an actual start before an actual end, and no actual date after today', () => {
    expect(ruleOf(stages({ request: { plannedStart: '2024-02-01', plannedEnd: '2024-01-01' } }))).toBe(
      'national_programme.planned_end_after_start',
    );
    expect(ruleOf(stages({ request: { actualStart: '2024-02-01', actualEnd: '2024-01-01' } }))).toBe(
      'national_programme.actual_end_after_start',
    );
    expect(ruleOf(stages({ request: { actualEnd: '2024-01-01' } }))).toBe('national_programme.actual_end_needs_start');
    expect(ruleOf(stages({ request: { actualStart: '2026-07-01' } }))).toBe('national_programme.actual_dates_not_in_future');
    expect(ruleOf(stages({ request: { actualStart: NOW, plannedEnd: '2027-01-01' } }))).toBeNull();
  });

  it('closes an engagement as completed only once the programme is adopted', () => {
    expect(ruleOf(stages({ request: { actualStart: '2024-01-10' } }), 'completed')).toBe(
      'national_programme.completed_needs_adoption',
    );
    const adopted = stages(
      Object.fromEntries(
        ['request', 'assessment', 'drafting_workshop', 'validation', 'adoption'].map((kind, i) => [
          kind,
          { actualStart: `2024-0${i + 1}-01`, actualEnd: `2024-0${i + 1}-20` },
        ]),
      ),
    );
    expect(ruleOf(adopted, 'completed')).toBeNull();
  });
});

describe('derived facts', () => {
  it('the current stage is the last one, in order, that has started', () => {
    expect(currentStageOf(stages())).toBeNull();
    const list = stages({
      request: { actualStart: '2024-01-10', actualEnd: '2024-01-20' },
      assessment: { skipped: true },
      drafting_workshop: { actualStart: '2024-02-01' },
    });
    expect(currentStageOf(list)).toEqual({ kind: 'drafting_workshop', sequence: 1, progress: 'in_progress' });
  });

  it('a stage is behind plan when its planned start or end has passed without it', () => {
    const [stage] = stages({ request: { plannedStart: '2026-01-01', plannedEnd: '2026-12-31' } });
    expect(behindPlan(stage as StageDates, NOW)).toBe(true);
    expect(behindPlan({ ...(stage as StageDates), actualStart: '2026-01-05' }, NOW)).toBe(false);
    expect(behindPlan({ ...(stage as StageDates), skipped: true }, NOW)).toBe(false);
  });
});
