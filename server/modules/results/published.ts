import type { BreakdownCounts, Counts } from './facts-sql';
import { meanWithInterval } from './figures';
import type { MeanRecords } from './mean-records';
import type { Period } from './period';
import type { BreakdownRow, Dimension, HeadlineFigure, IndicatorCode, ResultsFilter } from './schemas';
import { cellFilters, type Scope } from './scope';
import {
  type Cell,
  type CellFilter,
  isSmall,
  meanPublishable,
  publishedCount,
  publishedShare,
  type RecordGroup,
  roundedTo,
} from './suppression';

/** Figures of aggregate-only readers (partners, the IATI file) under the disclosure control of ./suppression.ts. */

/**
 * What a mean of an aggregate-only reader is checked against: the records of every programme (the
 * same for every reader, so that two readers never differ on a cell), and the cell's filters —
 * null when the cell spans several programmes (a partner's whole scope): a mean is published for
 * one programme at a time, so that every published mean is a cell of the one query space checked.
 */
export type MeanContext = { records: MeanRecords; filters: Cell['filters'] | null };

/** The cell of a request for its means: its filters, with the programme when the scope has only one. */
export function meanCellFilters(scope: Scope, filter: ResultsFilter): Cell['filters'] | null {
  const filters = cellFilters(filter);
  if (filters.programme === undefined && scope.programmeIds?.length === 1) filters.programme = scope.programmeIds[0];
  return filters.programme === undefined ? null : filters;
}

/** Ratings are anonymous and belong to whole sessions: they cannot be narrowed to persons' attributes. */
const ratingsSplittable = (filters: Cell['filters']) =>
  filters.state === undefined && filters.sex === undefined && filters.agencyType === undefined;

/** A mean as published: over the cell's records when they pass rule 4 of ./suppression.ts, rounded. */
function publishedMean(
  groups: RecordGroup[],
  cell: Cell | null,
  mean: number | null,
  decimals: number,
): { value: number | null; withheld: boolean } {
  if (mean === null) return { value: null, withheld: false };
  return cell && meanPublishable(groups, cell)
    ? { value: roundedTo(mean, decimals), withheld: false }
    : { value: null, withheld: true };
}

/** The headline of an aggregate-only reader: every figure under the disclosure control of ./suppression.ts. */
export function publishedHeadline(
  counts: Counts,
  periods: { current: Period; previous: Period },
  context: MeanContext,
  recommendations: { current: number | null; previous: number | null; basis: number },
): HeadlineFigure[] {
  const { current: c, previous: p } = counts;
  const { filters } = context;
  const cell = (period: Period): Cell | null => (filters ? { fromYear: period.fromYear, toYear: period.toYear, filters } : null);
  const count = (code: IndicatorCode, now: number, before: number): HeadlineFigure => {
    const value = publishedCount(now);
    return { code, value, previous: publishedCount(before), suppressed: value === null, ci95: null, basis: null };
  };
  const share = (code: IndicatorCode, part: [number, number], whole: [number, number]): HeadlineFigure => {
    const value = publishedShare(part[0], whole[0]);
    return {
      code,
      value,
      previous: publishedShare(part[1], whole[1]),
      suppressed: value === null && whole[0] > 0,
      ci95: null,
      basis: publishedCount(whole[0]),
    };
  };
  const mean = (
    code: IndicatorCode,
    groups: RecordGroup[],
    n: [number, number],
    values: [number | null, number | null],
    decimals: number,
    ci95: [number, number] | null = null,
  ): HeadlineFigure => {
    const now = publishedMean(groups, cell(periods.current), values[0], decimals);
    const before = publishedMean(groups, cell(periods.previous), values[1], decimals);
    return {
      code,
      value: now.value,
      previous: before.value,
      suppressed: now.withheld,
      ci95: now.value !== null && ci95 ? [roundedTo(ci95[0], decimals) as number, roundedTo(ci95[1], decimals) as number] : null,
      basis: now.value !== null ? publishedCount(n[0]) : null,
    };
  };
  const gain = meanWithInterval(c.pairedTests, c.gainSum, c.gainSquareSum);
  const previousGain = meanWithInterval(p.pairedTests, p.gainSum, p.gainSquareSum);
  const ratings = filters && ratingsSplittable(filters) ? context.records.ratings : [];
  return [
    count('officials_trained', c.officials, p.officials),
    count('participations', c.participations, p.participations),
    {
      code: 'states_reached',
      value: c.statesReached,
      previous: p.statesReached,
      suppressed: false,
      ci95: null,
      basis: null,
    },
    share('women_share', [c.women, p.women], [c.officials, p.officials]),
    mean(
      'knowledge_gain',
      context.records.pairedTests,
      [c.pairedTests, p.pairedTests],
      [gain.mean, previousGain.mean],
      1,
      gain.ci95,
    ),
    mean(
      'normalised_gain',
      context.records.normalisedTests,
      [c.normalisedTests, p.normalisedTests],
      [
        c.normalisedTests > 0 ? c.normalisedGainSum / c.normalisedTests : null,
        p.normalisedTests > 0 ? p.normalisedGainSum / p.normalisedTests : null,
      ],
      2,
    ),
    mean(
      'satisfaction',
      ratings,
      [Math.max(c.ratings, 0), Math.max(p.ratings, 0)],
      [c.ratings > 0 ? c.ratingSum / c.ratings : null, p.ratings > 0 ? p.ratingSum / p.ratings : null],
      1,
    ),
    share('application_rate', [c.applied, p.applied], [c.followUpAnswers, p.followUpAnswers]),
    {
      code: 'recommendations_implemented',
      value: recommendations.current,
      previous: recommendations.previous,
      suppressed: false,
      ci95: null,
      basis: recommendations.basis,
    },
  ];
}
/** The filter a breakdown's dimension adds to a row's cell (the year narrows the period instead). */
export const dimensionFilter: Record<Exclude<Dimension, 'year'>, CellFilter> = {
  state: 'state',
  sex: 'sex',
  agency_type: 'agencyType',
  programme: 'programme',
  course_level: 'courseLevel',
  thematic_area: 'thematicArea',
  pillar: 'pillar',
  modality: 'modality',
};

/** A row of an aggregate-only reader: every figure under the disclosure control of ./suppression.ts. */
export function publishedBreakdownRow(
  row: BreakdownRow,
  c: BreakdownCounts,
  cell: Cell | null,
  records: MeanRecords,
): BreakdownRow {
  const rated = cell === null || ratingsSplittable(cell.filters);
  const gain = publishedMean(records.pairedTests, cell, row.knowledgeGain, 1);
  const normalised = publishedMean(records.normalisedTests, cell, row.normalisedGain, 2);
  const satisfaction = publishedMean(rated ? records.ratings : [], cell, row.satisfaction, 1);
  const women = isSmall(c.women) || isSmall(c.officials - c.women) ? null : publishedCount(c.women);
  const out: BreakdownRow = {
    ...row,
    officialsTrained: publishedCount(c.officials),
    participations: publishedCount(c.participations),
    women,
    womenShare: publishedShare(c.women, c.officials),
    knowledgeGain: gain.value,
    normalisedGain: normalised.value,
    applicationRate: publishedShare(c.applied, c.followUpAnswers),
    satisfaction: rated ? satisfaction.value : null,
    previousOfficialsTrained: publishedCount(c.previousOfficials),
    previousParticipations: publishedCount(c.previousParticipations),
  };
  out.suppressed =
    out.officialsTrained === null ||
    out.participations === null ||
    (women === null && c.women > 0) ||
    gain.withheld ||
    normalised.withheld ||
    (out.applicationRate === null && c.followUpAnswers > 0) ||
    (rated && satisfaction.withheld) ||
    out.previousOfficialsTrained === null ||
    out.previousParticipations === null;
  return out;
}
