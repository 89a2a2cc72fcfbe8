import { describe, expect, it } from 'vitest';
import { simplePdf } from './demo-meetings';

describe('the demo outcome documents', () => {
  it('are well-formed PDFs: the cross-reference table points at each object', () => {
    const pdf = simplePdf(['Outcome document', 'Réunion (Fès) \\ édition 3']).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    expect(pdf.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => {
      expect(pdf.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`);
    });
    // Parentheses and backslashes in the text are escaped inside PDF strings.
    expect(pdf).toContain('(Réunion \\(Fès\\) \\\\ édition 3)');
  });
});
