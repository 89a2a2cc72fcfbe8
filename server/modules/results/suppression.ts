/**
 * Small-cell protection for readers who may see aggregates only (partners): a count of persons
 * under the threshold is withheld, and where a table's total is shown, a second cell is withheld
 * beside a lone one so that the hidden figure cannot be found by subtracting the others from the total.
 */
export const SUPPRESSION_THRESHOLD = 5;

export const isSmall = (n: number): boolean => n < SUPPRESSION_THRESHOLD;

/**
 * Which cells of one table (values summing to a shown total) to withhold: every cell under the
 * threshold, then, while exactly one cell is withheld, the smallest other cell too.
 */
export function cellsToWithhold(values: number[]): Set<number> {
  const withheld = new Set<number>();
  values.forEach((v, i) => {
    if (isSmall(v)) withheld.add(i);
  });
  if (withheld.size === 1 && values.length > 1) {
    let smallest = -1;
    values.forEach((v, i) => {
      if (!withheld.has(i) && (smallest === -1 || v < (values[smallest] as number))) smallest = i;
    });
    if (smallest !== -1) withheld.add(smallest);
  }
  return withheld;
}
