import { describe, expect, it } from 'vitest';
import { parsePeriod, previousPeriod, yearsMask } from './period';

const defaults = { firstYear: 2020, currentYear: 2026 };

describe('results period', () => {
  it('reads years as whole years and days as a custom span', () => {
    expect(parsePeriod({ from: '2023', to: '2024' }, defaults)).toMatchObject({
      from: '2023-01-01',
      to: '2024-12-31',
      wholeYears: true,
      label: '2023–2024',
    });
    expect(parsePeriod({ from: '2024-07-01', to: '2025-06-30' }, defaults)).toMatchObject({
      wholeYears: false,
      fromYear: 2024,
      toYear: 2025,
    });
    expect(parsePeriod({}, defaults)).toMatchObject({ from: '2020-01-01', to: '2026-12-31' });
  });

  it('refuses a period that ends before it starts, or years outside the masks', () => {
    expect(() => parsePeriod({ from: '2025', to: '2024' }, defaults)).toThrow(/ends before/);
    expect(() => parsePeriod({ from: '1999', to: '2024' }, defaults)).toThrow(/Years from/);
  });

  it('compares with the span of the same length just before', () => {
    expect(previousPeriod(parsePeriod({ from: '2025', to: '2025' }, defaults))).toMatchObject({
      from: '2024-01-01',
      to: '2024-12-31',
    });
    expect(previousPeriod(parsePeriod({ from: '2023', to: '2024' }, defaults))).toMatchObject({
      from: '2021-01-01',
      to: '2022-12-31',
    });
    expect(previousPeriod(parsePeriod({ from: '2024-03-01', to: '2024-03-31' }, defaults))).toMatchObject({
      from: '2024-01-30',
      to: '2024-02-29',
    });
  });

  it('masks years as bits from 2000', () => {
    expect(yearsMask(2000, 2000)).toBe(1n);
    expect(yearsMask(2001, 2002)).toBe(6n);
  });
});
