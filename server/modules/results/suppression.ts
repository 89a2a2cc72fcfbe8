/**
 * Statistical disclosure control for the figures that leave the office as aggregates only (a
 * partner's view, its exports and report, the published IATI file). The method, written down for
 * readers in docs/results-definitions.md and in the indicators' definitions (results.disclosure):
 *
 *  1. A restricted query space: whole calendar years only, and at most MAX_FILTERS narrowing
 *     filters at once (a split adds one dimension), so that requests cannot be shifted by a day or
 *     stacked into ever finer cells.
 *  2. Counts (persons, women, participations, the number of records behind a figure) are
 *     published with small-cell suppression and rounding to base 5: 0 stays 0, 1 to 4 is withheld,
 *     5 and over is rounded to the nearest multiple of 5. Every published count is then a multiple
 *     of 5, so no sum or difference of published counts — whichever filters, periods and splits
 *     they come from — can be 1 to 4.
 *  3. Shares (women, application rate) are computed from the rounded counts of their parts, and only
 *     where both parts (e.g. women and men) are 5 or more: they carry nothing the counts do not.
 *  4. Means (knowledge gain, normalised gain, satisfaction) are published for one programme at a
 *     time (so every reader's means are cells of one query space), only over at least 5
 *     records, and only where every other cell of the query space that contains the same records
 *     has 0 or at least 5 records more (complementary suppression against every containing cell,
 *     the coincidental ones included), and where the cell is not withheld by the complementary
 *     pattern of its siblings along each filter. They are rounded (one decimal; shares to whole
 *     percent) and published beside a rounded count, so the exact denominator is never given.
 */
export const SUPPRESSION_THRESHOLD = 5;
export const ROUNDING_BASE = 5;
/** Narrowing filters (state, sex, agency type, programme, level, thematic area, pillar, modality) allowed at once. */
export const MAX_FILTERS = 2;
/** A cell of the query space: the filters, one split, and the programme a single-programme partner implies. */
const MAX_CELL_DIMENSIONS = MAX_FILTERS + 2;

/** 1 to 4: a number of persons (or records) too small to publish. Zero is not small: it names no one. */
export const isSmall = (n: number): boolean => n > 0 && n < SUPPRESSION_THRESHOLD;

/** A count as published: 0, withheld (null) under 5, else rounded to the nearest multiple of 5. */
export function publishedCount(n: number): number | null {
  if (n === 0) return 0;
  if (isSmall(n)) return null;
  return Math.round(n / ROUNDING_BASE) * ROUNDING_BASE;
}

/** A share as published: from the rounded parts, only where the part and the rest are each 0 or 5 and more. */
export function publishedShare(part: number, whole: number): number | null {
  if (whole <= 0 || isSmall(part) || isSmall(whole - part)) return null;
  const top = publishedCount(part) as number;
  const bottom = publishedCount(whole) as number;
  return bottom > 0 ? top / bottom : null;
}

/** A mean (or its interval) as published: rounded so that the exact denominator cannot be read from it. */
export const roundedTo = (value: number | null, decimals: number): number | null =>
  value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * Which cells of a split (values summing to their parent) to withhold: every cell of 1 to 4, then,
 * while the withheld cells sum to 1 to 4 (the parent minus the shown cells would give them away),
 * the smallest shown cell too.
 */
export function cellsToWithhold(values: number[]): Set<number> {
  const withheld = new Set<number>();
  values.forEach((v, i) => {
    if (isSmall(v)) withheld.add(i);
  });
  const withheldSum = () => [...withheld].reduce((sum, i) => sum + (values[i] as number), 0);
  while (isSmall(withheldSum())) {
    let smallest = -1;
    values.forEach((v, i) => {
      if (!withheld.has(i) && v > 0 && (smallest === -1 || v < (values[smallest] as number))) smallest = i;
    });
    if (smallest === -1) break;
    withheld.add(smallest);
  }
  return withheld;
}

/** What a record of a mean can be narrowed by (pillars apart: a course has several). */
export const cellDimensions = ['state', 'sex', 'agencyType', 'programme', 'courseLevel', 'thematicArea', 'modality'] as const;
export type CellDimension = (typeof cellDimensions)[number];
export type CellFilter = CellDimension | 'pillar';

/** Records behind a mean (tests, ratings…) grouped by everything a filter can name; `n` records. */
export type RecordGroup = {
  year: number;
  values: Record<CellDimension, string | null>;
  pillars: string[];
  n: number;
};

/** A cell of the query space: whole years and the filters (a split's value included). */
export type Cell = { fromYear: number; toYear: number; filters: Partial<Record<CellFilter, string>> };

const satisfies = (g: RecordGroup, dimension: CellFilter, value: string) =>
  dimension === 'pillar' ? g.pillars.includes(value) : g.values[dimension] === value;
const within = (g: RecordGroup, cell: Cell) =>
  g.year >= cell.fromYear &&
  g.year <= cell.toYear &&
  Object.entries(cell.filters).every(([d, v]) => satisfies(g, d as CellFilter, v as string));

/** Subsets of 0..size-1 with at most `max` members, as bit masks. */
function smallSubsets(size: number, max: number): number[] {
  const out: number[] = [];
  const walk = (start: number, mask: number, count: number) => {
    out.push(mask);
    if (count === max) return;
    for (let i = start; i < size; i += 1) walk(i + 1, mask | (1 << i), count + 1);
  };
  walk(0, 0, 0);
  return out;
}

/**
 * Whether the mean over the records of `cell` may be published (rule 4 above): at least 5 records;
 * not withheld by the complementary pattern of its siblings along any filter; and no cell of the
 * query space (at most MAX_CELL_DIMENSIONS filters, any whole-year period) that holds all of its
 * records holds 1 to 4 more. A containing cell can only filter on what all the records share and
 * must cover their years, so those are the cells tried.
 */
export function meanPublishable(groups: RecordGroup[], cell: Cell): boolean {
  const inside = groups.filter((g) => g.n > 0 && within(g, cell));
  const n = inside.reduce((sum, g) => sum + g.n, 0);
  if (n < SUPPRESSION_THRESHOLD) return false;

  for (const [dimension, value] of Object.entries(cell.filters) as [CellFilter, string][]) {
    if (dimension === 'pillar') continue; // a course has several pillars: not a split of its parent
    const parent: Cell = { ...cell, filters: { ...cell.filters } };
    delete parent.filters[dimension];
    const siblings = new Map<string, number>();
    for (const g of groups) {
      const key = g.values[dimension];
      if (g.n > 0 && key !== null && within(g, parent)) siblings.set(key, (siblings.get(key) ?? 0) + g.n);
    }
    const keys = [...siblings.keys()];
    if (cellsToWithhold(keys.map((k) => siblings.get(k) as number)).has(keys.indexOf(value))) return false;
  }

  const shared: [CellFilter, string][] = [];
  const first = inside[0] as RecordGroup;
  for (const dimension of cellDimensions) {
    const value = first.values[dimension];
    if (value !== null && inside.every((g) => g.values[dimension] === value)) shared.push([dimension, value]);
  }
  for (const pillar of first.pillars) if (inside.every((g) => g.pillars.includes(pillar))) shared.push(['pillar', pillar]);
  const years = inside.map((g) => g.year);
  const [firstYear, lastYear] = [Math.min(...years), Math.max(...years)];
  const dataYears = groups.map((g) => g.year);
  const [minYear, maxYear] = [Math.min(...dataYears), Math.max(...dataYears)];

  // The records outside the cell, by which shared filters they meet and their year.
  const insideSet = new Set(inside);
  const outside = new Map<string, { mask: number; year: number; n: number }>();
  for (const g of groups) {
    if (g.n <= 0 || insideSet.has(g)) continue;
    let mask = 0;
    shared.forEach(([d, v], i) => {
      if (satisfies(g, d, v)) mask |= 1 << i;
    });
    const key = `${mask}:${g.year}`;
    const entry = outside.get(key) ?? { mask, year: g.year, n: 0 };
    entry.n += g.n;
    outside.set(key, entry);
  }
  for (const subset of smallSubsets(shared.length, MAX_CELL_DIMENSIONS)) {
    const perYear = new Map<number, number>();
    for (const o of outside.values()) if ((o.mask & subset) === subset) perYear.set(o.year, (perYear.get(o.year) ?? 0) + o.n);
    for (let from = minYear; from <= firstYear; from += 1)
      for (let to = lastYear; to <= maxYear; to += 1) {
        let more = 0;
        for (let y = from; y <= to; y += 1) more += perYear.get(y) ?? 0;
        if (isSmall(more)) return false;
      }
  }
  return true;
}
