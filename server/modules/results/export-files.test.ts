import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from './export-files';
import type { ExportDocument } from './export-tables';
import { escapeXml, percentages } from './iati';
import { classBreaks, escapeHtml } from './report';

describe('CSV file', () => {
  const doc: ExportDocument = {
    title: 'Tadrib — results',
    facts: [{ label: 'Period', value: '2024–2025' }],
    filename: 'tadrib-results-2024-2025',
    withheld: '<5',
    tables: [
      {
        key: 'breakdown_state',
        title: 'Breakdown: Member state',
        headers: ['Member state', 'Officials trained', 'Women (share)', 'Knowledge gain', 'Satisfaction'],
        rows: [
          [
            { kind: 'text', text: '-Injected' },
            { kind: 'figure', value: 12, format: 'count' },
            { kind: 'figure', value: 0.4166, format: 'share' },
            { kind: 'figure', value: -3.25, format: 'score' },
            { kind: 'figure', value: 4.256, format: 'rating' },
          ],
          [{ kind: 'text', text: 'Ghana' }, { kind: 'withheld' }, { kind: 'withheld' }, { kind: 'empty' }, { kind: 'empty' }],
        ],
        hasTotal: false,
      },
    ],
  };

  it('starts with a byte-order mark, ends lines with CRLF and reads back cell for cell', () => {
    const csv = toCsv(doc);
    expect(csv.startsWith('\uFEFFTadrib — results\r\nPeriod,2024–2025\r\n\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv.slice(1), { relax_column_count: true }) as string[][];
    expect(rows.slice(4)).toEqual([
      ['Member state', 'Officials trained', 'Women (share)', 'Knowledge gain', 'Satisfaction'],
      // Figures are never defused (a negative gain stays a number); typed text is.
      ["'-Injected", '12', '41.7%', '-3.3', '4.26'],
      ['Ghana', '<5', '<5', '', ''],
    ]);
  });
});

describe('escaping for the report and IATI', () => {
  it('escapes markup in HTML and XML, and drops what XML cannot hold', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
    expect(escapeXml(`a<b>&"c"'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;');
  });
});

describe('map classes and country shares', () => {
  it('cuts the states with someone trained into up to five classes of about equal size', () => {
    expect(classBreaks([0, 3, 3, 7])).toEqual([3, 7]);
    expect(classBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([2, 4, 6, 8, 10]);
    expect(classBreaks([0, 0])).toEqual([]);
  });

  it('gives country percentages that add up to exactly 100', () => {
    const shares = percentages([
      { code: 'NG', weight: 1 },
      { code: 'GH', weight: 1 },
      { code: 'SN', weight: 1 },
      { code: 'ML', weight: 0 },
    ]);
    expect(shares.map((s) => s.code)).toEqual(['NG', 'GH', 'SN']);
    expect(shares.reduce((sum, s) => sum + s.percentage, 0)).toBeCloseTo(100, 10);
    expect(percentages([{ code: 'NG', weight: 0 }])).toEqual([]);
  });
});
