import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellsToWithhold,
  isSmall,
  meanPublishable,
  publishedCount,
  publishedShare,
  type RecordGroup,
  SUPPRESSION_THRESHOLD,
} from './suppression';

describe('counts: small cells withheld, the rest rounded to base 5', () => {
  it('publishes 0, withholds 1 to 4, rounds the rest to the nearest 5', () => {
    expect([0, 1, 4, 5, 7, 8, 12, 13, 16].map(publishedCount)).toEqual([0, null, null, 5, 5, 10, 10, 15, 15]);
  });

  it('never lets a sum or difference of published counts be 1 to 4', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 200 }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.integer({ min: -1, max: 1 })),
        (counts, signs) => {
          const published = counts.map(publishedCount);
          if (published.some((p) => p === null)) return;
          const combination = published.reduce((sum: number, p, i) => sum + (signs[i] ?? 1) * (p as number), 0);
          expect(isSmall(Math.abs(combination))).toBe(false);
        },
      ),
    );
  });

  it('gives a share only where both parts are 0 or at least 5, from the rounded parts', () => {
    expect(publishedShare(1, 15)).toBeNull();
    expect(publishedShare(14, 15)).toBeNull();
    expect(publishedShare(8, 16)).toBe(10 / 15);
    expect(publishedShare(0, 12)).toBe(0);
  });
});

describe('complementary suppression of a split', () => {
  it('withholds every cell of 1 to 4, and more while the withheld ones sum to 1 to 4', () => {
    expect([...cellsToWithhold([12, 3, 40, 2])].sort()).toEqual([1, 3]);
    expect(cellsToWithhold([12, 30, 40]).size).toBe(0);
    expect([...cellsToWithhold([12, 3, 40])].sort()).toEqual([0, 1]);
  });

  it('never leaves withheld cells that the parent would give away', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 12 }), (values) => {
        const withheld = cellsToWithhold(values);
        values.forEach((v, i) => {
          if (v > 0 && v < SUPPRESSION_THRESHOLD) expect(withheld.has(i)).toBe(true);
        });
        const hidden = [...withheld].reduce((sum, i) => sum + (values[i] as number), 0);
        // Only when nothing is left to withhold, and then the parent itself is 1 to 4 and withheld.
        if (isSmall(hidden)) expect(values.every((v, i) => v === 0 || withheld.has(i))).toBe(true);
      }),
    );
  });
});

const group = (year: number, state: string, sex: string, n: number, programme = 'A'): RecordGroup => ({
  year,
  values: { state, sex, agencyType: 'police', programme, courseLevel: 'foundational', thematicArea: 'x', modality: 'in_person' },
  pillars: ['II'],
  n,
});

describe('means: only where no containing cell differs by 1 to 4 records', () => {
  it('withholds the men of a state when one woman completes the state (the reported attack)', () => {
    const groups = [group(2021, 'SN', 'female', 1), group(2021, 'SN', 'male', 15), group(2021, 'NG', 'male', 20)];
    expect(meanPublishable(groups, { fromYear: 2020, toYear: 2026, filters: { state: 'SN', sex: 'male' } })).toBe(false);
    // The state's own mean stays: nothing published differs from it by 1 to 4 records.
    expect(meanPublishable(groups, { fromYear: 2020, toYear: 2026, filters: { state: 'SN' } })).toBe(true);
    expect(meanPublishable(groups, { fromYear: 2020, toYear: 2026, filters: { state: 'NG' } })).toBe(true);
  });

  it('checks containing cells found by coincidence and by a wider period', () => {
    // Every SN record is in programme B, which has 2 more elsewhere: SN's mean would give them away.
    const groups = [group(2022, 'SN', 'male', 6, 'B'), group(2022, 'NG', 'male', 2, 'B'), group(2022, 'NG', 'male', 30, 'A')];
    expect(meanPublishable(groups, { fromYear: 2022, toYear: 2022, filters: { state: 'SN' } })).toBe(false);
    // 2023 alone vs 2022–2023, where 2022 adds 3.
    const years = [group(2022, 'NG', 'male', 3), group(2023, 'NG', 'male', 10), group(2024, 'NG', 'male', 10)];
    expect(meanPublishable(years, { fromYear: 2023, toYear: 2024, filters: {} })).toBe(false);
    expect(meanPublishable(years, { fromYear: 2022, toYear: 2024, filters: {} })).toBe(true);
  });
});
