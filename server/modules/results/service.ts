import type { Locale } from '../../db/schema';
import type { Actor } from '../../platform/access';
import { today } from '../../platform/dates';
import type { Queryable } from '../../platform/db';
import { translator } from '../../platform/i18n';
import { readerLocale } from '../../platform/localised';
import { followThrough } from '../recommendations/service';
import { cachedAnswer } from './answer-cache';
import { breakdownFactsCanAnswer, breakdownFromFacts } from './breakdown-repository';
import { breakdownFromEnrolments, countsFromEnrolments } from './enrolment-repository';
import type { BreakdownCounts, Narrowing, Split } from './facts-sql';
import { asBreakdownCounts, breakdownRow, dashboardRows, headlineOf } from './figures';
import { resultsVersion } from './freshness';
import { labellerFor, languageOf } from './labels';
import { meanRecords } from './mean-records';
import { breakdownFromMonthFacts, breakdownWithTotalFromMonthFacts, monthFactsCanAnswer } from './month-facts';
import type { Period } from './period';
import { dimensionFilter, meanCellFilters, publishedBreakdownRow, publishedHeadline } from './published';
import { countsFromYearlyFacts, yearlyFactsCanAnswer } from './repository';
import type { Breakdown, Dashboard, Dimension, IndicatorCode, ResultsFilter } from './schemas';
import { indicatorCodes } from './schemas';
import {
  cellFilters,
  checkAggregateQuery,
  narrowingOf,
  periodsOf,
  periodView,
  type ResultsOptions,
  type Scope,
  scopeOf,
  scopeView,
} from './scope';
import type { Cell } from './suppression';

export { getRecords } from './records-service';
export type { ResultsOptions } from './scope';

/**
 * The results: every figure computed from the records at the moment it is asked for (the facts are
 * brought up to date first), narrowed to what the reader may see (./scope.ts): office staff see
 * everything, a focal point their own state, a partner the programmes its organisation supports,
 * aggregates only, under the disclosure control of ./suppression.ts (./published.ts). The same
 * control applies to whatever is published (the IATI file: `{ published: true }`).
 */

async function recommendationsFigure(
  db: Queryable,
  periods: { current: Period; previous: Period },
  scope: Scope,
): Promise<{ current: number | null; previous: number | null; basis: number }> {
  const state = scope.stateIso2 ? { stateIso2: scope.stateIso2 } : {};
  const [now, before] = await Promise.all([
    followThrough(db, { fromYear: periods.current.fromYear, toYear: periods.current.toYear, ...state }),
    followThrough(db, { fromYear: periods.previous.fromYear, toYear: periods.previous.toYear, ...state }),
  ]);
  return { current: now.rate, previous: before.rate, basis: now.recommendations };
}

/**
 * An aggregate view for this reader and query: the reader's scope first (a request outside it is
 * refused before anything), then the answer kept at the facts' current version for the same view,
 * query, scope, language and day, or computed now (./answer-cache.ts).
 */
async function aggregateAnswer<T>(
  db: Queryable,
  actor: Actor,
  view: string,
  filter: ResultsFilter,
  options: ResultsOptions,
  compute: (scope: Scope, lang: Locale) => Promise<T>,
): Promise<T> {
  const scope = await scopeOf(db, actor, options);
  narrowingOf(scope, filter);
  const version = await resultsVersion(db);
  const lang = languageOf(actor, filter);
  return cachedAnswer(db, version, [view, scope, filter, lang, today()], () => compute(scope, lang));
}

/** What an aggregate figure needs once the facts are fresh: the narrowing and the periods, checked against the query space. */
async function aggregateQuery(db: Queryable, scope: Scope, filter: ResultsFilter) {
  const narrowing = narrowingOf(scope, filter);
  const periods = await periodsOf(db, filter);
  if (scope.suppress) checkAggregateQuery(filter, periods.current);
  return { narrowing, periods };
}

export function getDashboard(
  db: Queryable,
  actor: Actor,
  filter: ResultsFilter,
  options: ResultsOptions = {},
): Promise<Dashboard> {
  return aggregateAnswer(db, actor, 'dashboard', filter, options, (scope, lang) => dashboardOf(db, scope, filter, lang));
}

async function dashboardOf(db: Queryable, scope: Scope, filter: ResultsFilter, lang: Locale): Promise<Dashboard> {
  const { narrowing, periods } = await aggregateQuery(db, scope, filter);
  const counts = yearlyFactsCanAnswer(periods.current, narrowing)
    ? await countsFromYearlyFacts(db, periods, narrowing)
    : await countsFromEnrolments(db, periods, narrowing);
  const recommendations = await recommendationsFigure(db, periods, scope);
  const labels = async (dimension: Dimension, map: Map<string, Split>) => labellerFor(db, dimension, lang, [...map.keys()]);
  const s = scope.suppress;
  return {
    period: periodView(periods.current),
    previousPeriod: periodView(periods.previous),
    scope: scopeView(scope),
    headline: s
      ? publishedHeadline(
          counts,
          periods,
          { records: await meanRecords(db), filters: meanCellFilters(scope, filter) },
          recommendations,
        )
      : headlineOf(counts, recommendations),
    byYear: dashboardRows(counts.byYear, (k) => k, s, 'key'),
    byState: dashboardRows(counts.byState, await labels('state', counts.byState), s, 'value'),
    bySex: dashboardRows(counts.bySex, await labels('sex', counts.bySex), s, 'key'),
    byProgramme: dashboardRows(counts.byProgramme, await labels('programme', counts.byProgramme), s, 'value'),
    byAgencyType: dashboardRows(counts.byAgencyType, await labels('agency_type', counts.byAgencyType), s, 'value'),
  };
}

// ---- Breakdowns ----

/**
 * The total row of a breakdown: from the facts by year where they can answer, else from the persons
 * by year (several programmes), else from the facts by month (spans of days), else from the
 * enrolments. Each gives one row.
 */
async function breakdownTotal(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
): Promise<BreakdownCounts> {
  let total: BreakdownCounts | undefined;
  if (breakdownFactsCanAnswer(periods.current, narrowing, null)) [total] = await breakdownFromFacts(db, periods, narrowing, null);
  else if (yearlyFactsCanAnswer(periods.current, narrowing)) {
    const totals = await countsFromYearlyFacts(db, periods, narrowing);
    total = asBreakdownCounts(totals.current, totals.previous);
  } else if (monthFactsCanAnswer(narrowing, null)) [total] = await breakdownFromMonthFacts(db, periods, narrowing, null);
  else [total] = await breakdownFromEnrolments(db, periods, narrowing, null);
  if (!total) throw new Error('a total query gave no row');
  return total;
}

export function getBreakdown(
  db: Queryable,
  actor: Actor,
  query: ResultsFilter & { dimension: Dimension },
  options: ResultsOptions = {},
): Promise<Breakdown> {
  return aggregateAnswer(db, actor, 'breakdown', query, options, (scope, lang) => breakdownOf(db, scope, query, lang));
}

async function breakdownOf(
  db: Queryable,
  scope: Scope,
  query: ResultsFilter & { dimension: Dimension },
  lang: Locale,
): Promise<Breakdown> {
  const { narrowing, periods } = await aggregateQuery(db, scope, query);
  // The rows and the total at once: from the facts by month in one statement (a span of days, rows
  // not by year), else side by side (on PostgreSQL each has its own connection).
  const { dimension } = query;
  const together =
    !periods.current.wholeYears &&
    dimension !== 'year' &&
    monthFactsCanAnswer(narrowing, dimension) &&
    monthFactsCanAnswer(narrowing, null);
  const [counts, totalCounts] = together
    ? await breakdownWithTotalFromMonthFacts(db, periods, narrowing, dimension).then(({ rows, total }) => [rows, total] as const)
    : await Promise.all([
        breakdownFactsCanAnswer(periods.current, narrowing, dimension)
          ? breakdownFromFacts(db, periods, narrowing, dimension)
          : monthFactsCanAnswer(narrowing, dimension)
            ? breakdownFromMonthFacts(db, periods, narrowing, dimension)
            : breakdownFromEnrolments(db, periods, narrowing, dimension),
        breakdownTotal(db, periods, narrowing),
      ]);
  const label = await labellerFor(
    db,
    query.dimension,
    lang,
    counts.map((c) => c.key),
  );
  const t = translator(lang);
  let rows = counts.map((c) => breakdownRow(c.key, label(c.key), c));
  let total = breakdownRow('total', t.t('results.total'), totalCounts);
  if (scope.suppress) {
    const records = await meanRecords(db);
    const base = meanCellFilters(scope, query);
    const { fromYear, toYear } = periods.current;
    const rowCell = (key: string): Cell | null => {
      if (query.dimension === 'year') return base && { fromYear: Number(key), toYear: Number(key), filters: base };
      const filters = { ...(base ?? cellFilters(query)), [dimensionFilter[query.dimension]]: key };
      return filters.programme === undefined ? null : { fromYear, toYear, filters };
    };
    rows = rows.map((row, i) => publishedBreakdownRow(row, counts[i] as BreakdownCounts, rowCell(row.key), records));
    total = publishedBreakdownRow(total, totalCounts, base && { fromYear, toYear, filters: base }, records);
  }
  return {
    period: periodView(periods.current),
    previousPeriod: periodView(periods.previous),
    scope: scopeView(scope),
    dimension: query.dimension,
    rows,
    total,
  };
}

// ---- Definitions ----

const units: Record<IndicatorCode, string> = {
  officials_trained: 'persons',
  participations: 'enrolments',
  states_reached: 'states',
  women_share: 'share',
  knowledge_gain: 'points',
  normalised_gain: 'share',
  satisfaction: 'rating_1_5',
  application_rate: 'share',
  recommendations_implemented: 'share',
};

export function listIndicators(actor: Actor, lang: Locale | undefined) {
  const t = translator(lang ?? readerLocale(actor));
  return indicatorCodes.map((code) => ({
    code,
    name: t.t(`results.indicators.${code}`),
    definition: t.t(`results.definitions.${code}`),
    unit: units[code],
  }));
}
