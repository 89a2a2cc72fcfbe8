import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsToWithhold, SUPPRESSION_THRESHOLD } from './suppression';

describe('small-cell suppression', () => {
  it('withholds every cell under 5 persons', () => {
    expect([...cellsToWithhold([12, 3, 40, 2])].sort()).toEqual([1, 3]);
    expect(cellsToWithhold([12, 30, 40]).size).toBe(0);
  });

  it('never leaves a lone withheld cell that the total would give away', () => {
    expect([...cellsToWithhold([12, 3, 40])].sort()).toEqual([0, 1]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 60 }), { minLength: 2, maxLength: 12 }), (values) => {
        const withheld = cellsToWithhold(values);
        // Every small cell is withheld…
        values.forEach((v, i) => {
          if (v < SUPPRESSION_THRESHOLD) expect(withheld.has(i)).toBe(true);
        });
        // …and never exactly one: total − shown cells would reveal it.
        expect(withheld.size).not.toBe(1);
      }),
    );
  });
});
