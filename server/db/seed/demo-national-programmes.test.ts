import { describe, expect, it } from 'vitest';
import { adoptedOn, currentStageOf, engagementViolation, type StageDates } from '../../modules/national-programmes/service';
import stateFile from '../reference/african-un-member-states.json' with { type: 'json' };
import pillarFile from '../reference/gcts-pillars.json' with { type: 'json' };
import resolutionFile from '../reference/unsc-resolutions.json' with { type: 'json' };
import { nationalProgrammeSpecs } from './demo-national-programmes';

const resolutionNumbers = new Set<number>(resolutionFile.resolutions.map((r) => r.number));
const pillarCodes = new Set<string>(pillarFile.pillars.map((p) => p.pillar));
const stateCodes = new Set<string>(stateFile.states.map((s) => s.iso2));

const stagesOf = (spec: (typeof nationalProgrammeSpecs)[number]): StageDates[] =>
  spec.stages.map((s) => ({
    kind: s.kind,
    sequence: s.sequence ?? 1,
    plannedStart: s.planned?.[0] ?? null,
    plannedEnd: s.planned?.[1] ?? null,
    actualStart: s.actual?.[0] ?? null,
    actualEnd: s.actual?.[1] ?? null,
    skipped: s.skipped ?? false,
  }));

describe('the demo national programmes', () => {
  it('keep every rule of an engagement, with actual dates from 2021 to 2026', () => {
    for (const spec of nationalProgrammeSpecs) {
      const stages = stagesOf(spec);
      expect(engagementViolation(stages, spec.status ?? 'active', '2026-11-01'), spec.stateIso2).toBeNull();
      const actual = stages.flatMap((s) => [s.actualStart, s.actualEnd]).filter((d): d is string => d !== null);
      for (const day of actual) expect(day >= '2021-01-01' && day <= '2026-11-01', `${spec.stateIso2} ${day}`).toBe(true);
      expect(stateCodes.has(spec.stateIso2), spec.stateIso2).toBe(true);
    }
  });

  it('cover resolutions and pillars of the reference lists', () => {
    for (const spec of nationalProgrammeSpecs) {
      const parts = spec.coverage.parts ?? [];
      for (const n of [...spec.coverage.resolutions, ...parts.flatMap((p) => p.resolutions)]) {
        expect(resolutionNumbers.has(n), `${spec.stateIso2} ${n}`).toBe(true);
      }
      for (const code of [...spec.coverage.pillars, ...parts.flatMap((p) => p.pillars)]) {
        expect(pillarCodes.has(code), `${spec.stateIso2} ${code}`).toBe(true);
      }
    }
  });

  it('show about eight states at every stage: adopted and implementing, drafting, one just requested', () => {
    expect(new Set(nationalProgrammeSpecs.map((s) => s.stateIso2)).size).toBe(8);
    const current = nationalProgrammeSpecs.map((s) => currentStageOf(stagesOf(s))?.kind);
    for (const kind of ['request', 'assessment', 'drafting_workshop', 'validation', 'implementation']) {
      expect(current, kind).toContain(kind);
    }
    expect(current.filter((k) => k === 'request')).toHaveLength(1);
    expect(nationalProgrammeSpecs.filter((s) => adoptedOn(stagesOf(s))).length).toBeGreaterThanOrEqual(3);
    expect(new Set(nationalProgrammeSpecs.map((s) => s.status ?? 'active'))).toEqual(new Set(['active', 'completed', 'on_hold']));
  });
});
