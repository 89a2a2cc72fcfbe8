import { describe, expect, it } from 'vitest';
import { changeOf, classOf, colourClasses, exportUrl, filterOfCell, periodLabel, reportPdfUrl } from './results';

describe('results helpers', () => {
  it('splits the states into up to five colour classes that cover every figure once', () => {
    const values = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];
    const classes = colourClasses(values);
    expect(classes.length).toBeLessThanOrEqual(5);
    expect(classes[0]?.from).toBe(1);
    expect(classes[classes.length - 1]?.to).toBe(144);
    for (const value of values.filter((v) => v > 0)) {
      expect(
        classes.filter((c) => value >= c.from && value <= c.to),
        `value ${value}`,
      ).toHaveLength(1);
    }
    expect(classOf(0, classes)).toBe(-1);
    // Few distinct figures make fewer classes, never empty or overlapping ones.
    expect(colourClasses([4, 4, 4, 9])).toEqual([
      { from: 4, to: 4 },
      { from: 5, to: 9 },
    ]);
    expect(colourClasses([0, 0])).toEqual([]);
  });

  it('measures change relatively for counts and as a difference for shares and means', () => {
    expect(changeOf('count', 120, 100)).toBeCloseTo(0.2);
    expect(changeOf('count', 5, 0)).toBeNull();
    expect(changeOf('share', 0.25, 0.2)).toBeCloseTo(0.05);
    expect(changeOf('points', 10, null)).toBeNull();
  });

  it('turns a chart cell into the filter of its records', () => {
    expect(filterOfCell('year', '2023')).toEqual({ year: 2023 });
    expect(filterOfCell('state', 'NG')).toEqual({ state: 'NG' });
    expect(filterOfCell('sex', 'female')).toEqual({ sex: 'female' });
    expect(filterOfCell('agency_type', 'police')).toEqual({ agencyType: 'police' });
    expect(filterOfCell('modality', 'online')).toEqual({ modality: 'online' });
    expect(filterOfCell('pillar', 'II')).toEqual({ pillar: 'II' });
  });

  it('names periods by years, or by days for a custom range', () => {
    const day = (d: string) => `<${d}>`;
    expect(periodLabel({ from: '2024-01-01', to: '2024-12-31', wholeYears: true }, day)).toBe('2024');
    expect(periodLabel({ from: '2021-01-01', to: '2024-12-31', wholeYears: true }, day)).toBe('2021–2024');
    expect(periodLabel({ from: '2024-03-01', to: '2024-06-30', wholeYears: false }, day)).toBe('<2024-03-01> – <2024-06-30>');
  });

  it('links downloads with the filters and the language, leaving out what is not set', () => {
    expect(exportUrl({ from: '2023', state: 'NG' }, { table: 'breakdown', dimension: 'sex' }, 'xlsx', 'fr')).toBe(
      '/api/results/export?table=breakdown&dimension=sex&format=xlsx&from=2023&state=NG&lang=fr',
    );
    expect(reportPdfUrl({ programme: undefined }, 'ar')).toBe('/api/results/report.pdf?lang=ar');
  });
});
