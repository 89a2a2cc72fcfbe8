import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nominationStatuses } from '../../db/schema';
import { attendanceMet, type CompletionInput, completionOf } from './completion';

/** Thresholds as stored: three decimals in (0, 1]. */
const threshold = fc.integer({ min: 1, max: 1000 }).map((n) => n / 1000);
/** Scores as stored: two decimals. */
const score = fc.integer({ min: 0, max: 10000 }).map((n) => n / 100);

const input: fc.Arbitrary<CompletionInput> = fc
  .record({
    status: fc.constantFrom(...nominationStatuses),
    sessionDays: fc.integer({ min: 0, max: 30 }),
    presentShare: fc.double({ min: 0, max: 1, noNaN: true }),
    attendanceThreshold: threshold,
    postTestPassMark: fc.option(score, { nil: null }),
    postScore: fc.option(score, { nil: null }),
    override: fc.option(fc.boolean(), { nil: null }),
  })
  .map(({ presentShare, ...rest }) => ({ ...rest, daysPresent: Math.floor(presentShare * rest.sessionDays) }));

describe('completion rule (docs/product.md "Completed")', () => {
  it('a nominee who is not accepted is never complete, override or not', () => {
    fc.assert(
      fc.property(input, (i) => {
        if (i.status !== 'accepted') expect(completionOf(i).completed).toBe(false);
      }),
    );
  });

  it('an override wins over the rule for an accepted participant', () => {
    fc.assert(
      fc.property(input, fc.boolean(), (i, override) => {
        const c = completionOf({ ...i, status: 'accepted', override });
        expect(c.completed).toBe(override);
        expect(c.reason).toBe('override');
        // The rule's own verdict is still reported.
        expect(c.byRule).toBe(completionOf({ ...i, status: 'accepted', override: null }).completed);
      }),
    );
  });

  it('is monotone in attendance: one more day present never undoes completion', () => {
    fc.assert(
      fc.property(input, (i) => {
        if (i.daysPresent >= i.sessionDays) return;
        const before = completionOf({ ...i, override: null });
        const after = completionOf({ ...i, override: null, daysPresent: i.daysPresent + 1 });
        if (before.completed) expect(after.completed).toBe(true);
      }),
    );
  });

  it('is monotone in the post-test score', () => {
    fc.assert(
      fc.property(input, score, (i, higher) => {
        if (i.postScore === null || higher < i.postScore) return;
        const before = completionOf({ ...i, override: null });
        const after = completionOf({ ...i, override: null, postScore: higher });
        if (before.completed) expect(after.completed).toBe(true);
      }),
    );
  });

  it('without a pass mark the post-test does not matter', () => {
    fc.assert(
      fc.property(input, fc.option(score, { nil: null }), (i, other) => {
        const a = completionOf({ ...i, postTestPassMark: null, override: null });
        const b = completionOf({ ...i, postTestPassMark: null, override: null, postScore: other });
        expect(a.completed).toBe(b.completed);
      }),
    );
  });

  it('meets the attendance threshold exactly at the boundary, with no floating-point slip', () => {
    // 0.8 × 5 = 4 days; 0.7 × 10 = 7; 0.9 × 10 = 9; 0.6 × 5 = 3; 0.3 × 10 = 3 (0.1 × 3 is 0.30000000000000004 in floats).
    for (const [t, days, needed] of [
      [0.8, 5, 4],
      [0.7, 10, 7],
      [0.9, 10, 9],
      [0.6, 5, 3],
      [0.3, 10, 3],
      [0.1, 30, 3],
      [0.333, 3, 1],
      [1, 7, 7],
    ] as const) {
      expect(attendanceMet(needed, days, t), `${needed}/${days} at ${t}`).toBe(true);
      expect(attendanceMet(needed - 1, days, t), `${needed - 1}/${days} at ${t}`).toBe(false);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), threshold, (days, t) => {
        // The fewest days that meet the threshold, computed in integers.
        const needed = Math.ceil((Math.round(t * 1000) * days) / 1000);
        expect(attendanceMet(needed, days, t)).toBe(true);
        if (needed > 0) expect(attendanceMet(needed - 1, days, t)).toBe(false);
      }),
    );
  });

  it('passes the post-test at exactly the pass mark and fails a hundredth below', () => {
    const base: CompletionInput = {
      status: 'accepted',
      sessionDays: 5,
      daysPresent: 5,
      attendanceThreshold: 0.8,
      postTestPassMark: 60.1,
      postScore: 60.1,
      override: null,
    };
    expect(completionOf(base)).toMatchObject({ completed: true, reason: 'met' });
    expect(completionOf({ ...base, postScore: 60.09 })).toMatchObject({ completed: false, reason: 'post_test_failed' });
    expect(completionOf({ ...base, postScore: null })).toMatchObject({ completed: false, reason: 'post_test_missing' });
    expect(completionOf({ ...base, daysPresent: 3 })).toMatchObject({ completed: false, reason: 'attendance_below_threshold' });
    expect(completionOf({ ...base, sessionDays: 0, daysPresent: 0 })).toMatchObject({
      completed: false,
      reason: 'no_session_days',
    });
    expect(completionOf({ ...base, status: 'withdrawn', override: true })).toMatchObject({
      completed: false,
      reason: 'not_accepted',
    });
  });
});
