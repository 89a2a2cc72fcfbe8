import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type Locale, type LocalisedText, settings, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Queryable } from '../../platform/db';
import { translator } from '../../platform/i18n';
import { readerLocale, resolveText } from '../curriculum/localised';
import { programmesOfOrganisation } from '../partners/service';
import { followThrough } from '../recommendations/service';
import { pillarTitles, programmeTitles, stateNames } from './export-repository';
import { ensureResultsFresh } from './freshness';
import { type Period, parsePeriod, previousPeriod } from './period';
import * as repo from './repository';
import type {
  Breakdown,
  BreakdownRow,
  Dashboard,
  DashboardRow,
  Dimension,
  HeadlineFigure,
  IndicatorCode,
  RecordMeasure,
  RecordRow,
  ResultsFilter,
} from './schemas';
import { indicatorCodes } from './schemas';
import {
  type Cell,
  type CellFilter,
  isSmall,
  MAX_FILTERS,
  meanPublishable,
  publishedCount,
  publishedShare,
  type RecordGroup,
  roundedTo,
  SUPPRESSION_THRESHOLD,
} from './suppression';

/**
 * The results: every figure computed from the records at the moment it is asked for (the facts are
 * brought up to date first), narrowed to what the reader may see:
 *  - office staff: everything;
 *  - a focal point: their own state's officials;
 *  - a partner: the programmes its organisation funds or co-delivers, aggregates only, under the
 *    disclosure control of ./suppression.ts (whole years, few filters, counts withheld under 5 and
 *    rounded to base 5, means only where no containing cell differs by 1 to 4 records). The same
 *    control applies to whatever is published (the IATI file: `{ published: true }`).
 * A focal point sees exact figures: they may open the records of their state with the names, so
 * withholding their aggregates would protect no one from them.
 */

type Scope = {
  kind: 'office' | 'state' | 'partner';
  stateIso2: string | null;
  programmeIds: string[] | null;
  suppress: boolean;
};

/** Options of a results query: `published` applies the partners' disclosure control whoever asks. */
export type ResultsOptions = { published?: boolean };

async function scopeOf(db: Queryable, actor: Actor, options: ResultsOptions = {}): Promise<Scope> {
  const scope = await readerScope(db, actor);
  return options.published ? { ...scope, suppress: true } : scope;
}

async function readerScope(db: Queryable, actor: Actor): Promise<Scope> {
  switch (actor.role) {
    case 'programme_officer':
    case 'me_officer':
      return { kind: 'office', stateIso2: null, programmeIds: null, suppress: false };
    case 'focal_point':
      if (!actor.stateIso2) throw new AppError('FORBIDDEN', 'Your account has no member state');
      return { kind: 'state', stateIso2: actor.stateIso2, programmeIds: null, suppress: false };
    case 'partner': {
      const [user] = await db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, actor.userId));
      const programmeIds = user?.organisationId ? await programmesOfOrganisation(db, user.organisationId) : [];
      return { kind: 'partner', stateIso2: null, programmeIds, suppress: true };
    }
    default:
      throw new AppError('FORBIDDEN', 'Your role does not allow this');
  }
}

/** The reader's filters within their scope; asking outside it is refused, never silently widened. */
function narrowingOf(scope: Scope, filter: ResultsFilter): repo.Narrowing {
  if (scope.stateIso2 && filter.state && filter.state !== scope.stateIso2)
    throw new AppError('FORBIDDEN', "You see your own state's figures only");
  if (scope.programmeIds && filter.programme && !scope.programmeIds.includes(filter.programme))
    throw new AppError('FORBIDDEN', 'You see the programmes your organisation supports only');
  const state = scope.stateIso2 ?? filter.state;
  const programmes = filter.programme ? [filter.programme] : (scope.programmeIds ?? undefined);
  return {
    ...(state ? { state } : {}),
    ...(programmes ? { programmes } : {}),
    ...(filter.sex ? { sex: filter.sex } : {}),
    ...(filter.agencyType ? { agencyType: filter.agencyType } : {}),
    ...(filter.courseLevel ? { courseLevel: filter.courseLevel } : {}),
    ...(filter.thematicArea ? { thematicArea: filter.thematicArea } : {}),
    ...(filter.pillar ? { pillar: filter.pillar } : {}),
    ...(filter.modality ? { modality: filter.modality } : {}),
  };
}

function ruleViolation(rule: string, message: string, path: string): AppError {
  return new AppError('RULE_VIOLATION', `${message} (rule: ${rule})`, { details: [{ path, message: rule }] });
}

/** The filters of a request as a cell of the query space (the period apart). */
function cellFilters(filter: ResultsFilter): Cell['filters'] {
  const entries: [CellFilter, string | undefined][] = [
    ['state', filter.state],
    ['programme', filter.programme],
    ['sex', filter.sex],
    ['agencyType', filter.agencyType],
    ['courseLevel', filter.courseLevel],
    ['thematicArea', filter.thematicArea],
    ['pillar', filter.pillar],
    ['modality', filter.modality],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/**
 * The query space of aggregate-only readers: whole calendar years (two spans a day apart would
 * isolate that day's persons) and at most MAX_FILTERS filters at once.
 */
function checkAggregateQuery(filter: ResultsFilter, period: Period): void {
  if (!period.wholeYears) throw ruleViolation('period_whole_years', 'These figures cover whole calendar years only', 'from');
  if (Object.keys(cellFilters(filter)).length > MAX_FILTERS)
    throw ruleViolation('too_many_filters', `At most ${MAX_FILTERS} filters can be combined in these figures`, 'filters');
}

async function periodsOf(db: Queryable, filter: ResultsFilter): Promise<{ current: Period; previous: Period }> {
  const currentYear = new Date().getUTCFullYear();
  const firstYear = (await repo.firstYearWithData(db)) ?? currentYear;
  let current = parsePeriod(filter, { firstYear: Math.min(firstYear, currentYear), currentYear });
  if (filter.year !== undefined) {
    // A year within the period (a drill-down from a bar of the chart by year).
    const from = current.from > `${filter.year}-01-01` ? current.from : `${filter.year}-01-01`;
    const to = current.to < `${filter.year}-12-31` ? current.to : `${filter.year}-12-31`;
    if (from > to)
      throw new AppError('VALIDATION_FAILED', 'The year is outside the period', {
        details: [{ path: 'year', message: 'Outside the period' }],
      });
    current = parsePeriod({ from, to }, { firstYear, currentYear });
  }
  return { current, previous: previousPeriod(current) };
}

const scopeView = (scope: Scope) => ({
  kind: scope.kind,
  stateIso2: scope.stateIso2,
  programmeIds: scope.programmeIds,
  suppression: { applied: scope.suppress, threshold: SUPPRESSION_THRESHOLD },
});

const periodView = (p: Period) => ({ from: p.from, to: p.to, wholeYears: p.wholeYears, label: p.label });

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Mean gain with its 95 % confidence interval (normal approximation: mean ± 1.96 standard errors). */
export function meanWithInterval(
  n: number,
  sum: number,
  squareSum: number,
): { mean: number | null; ci95: [number, number] | null } {
  if (n <= 0) return { mean: null, ci95: null };
  const mean = sum / n;
  if (n < 2) return { mean, ci95: null };
  const variance = Math.max(0, (squareSum - n * mean * mean) / (n - 1));
  const half = 1.96 * Math.sqrt(variance / n);
  return { mean, ci95: [mean - half, mean + half] };
}

// ---- Labels ----

type Labeller = (key: string) => string;

async function labellerFor(db: Queryable, dimension: Dimension, lang: Locale, keys: string[]): Promise<Labeller> {
  const t = translator(lang);
  const fromCatalogue = (prefix: string) => (key: string) => (t.has(`${prefix}.${key}`) ? t.t(`${prefix}.${key}`) : key);
  switch (dimension) {
    case 'state': {
      const names = await stateNames(db);
      return (key) => names.get(key)?.[lang] ?? key;
    }
    case 'programme': {
      const titles = await programmeTitles(db, keys);
      return (key) => resolveText(titles.get(key) as LocalisedText | undefined, lang).text || key;
    }
    case 'pillar': {
      const titles = await pillarTitles(db);
      return (key) => (titles.get(key) ? `${key} — ${titles.get(key)?.[lang]}` : key);
    }
    case 'sex':
      return fromCatalogue('registry.sex');
    case 'agency_type':
      return fromCatalogue('agencyTypes');
    case 'course_level':
      return fromCatalogue('curriculum.levels');
    case 'modality':
      return fromCatalogue('sessions.modalities');
    default:
      return (key) => key;
  }
}

function languageOf(actor: Actor, filter: ResultsFilter): Locale {
  return filter.lang ?? readerLocale(actor);
}

// ---- Dashboard ----

function dashboardRows(map: Map<string, repo.Split>, label: Labeller, suppress: boolean, order: 'key' | 'value'): DashboardRow[] {
  const rows = [...map.entries()].map(([key, v]): DashboardRow => {
    if (!suppress)
      return {
        key,
        label: label(key),
        officialsTrained: v.officials,
        participations: v.participations,
        women: v.women,
        suppressed: false,
      };
    const officialsTrained = publishedCount(v.officials);
    const participations = publishedCount(v.participations);
    // Women and men each 0 or at least 5, or the women would give the men away.
    const women = isSmall(v.women) || isSmall(v.officials - v.women) ? null : publishedCount(v.women);
    return {
      key,
      label: label(key),
      officialsTrained,
      participations,
      women,
      suppressed: officialsTrained === null || participations === null || (women === null && v.women > 0),
    };
  });
  // Ordered by what is shown (never by the exact figures behind rounded ones).
  if (order === 'value') rows.sort((a, b) => (b.officialsTrained ?? 0) - (a.officialsTrained ?? 0) || a.key.localeCompare(b.key));
  else rows.sort((a, b) => a.key.localeCompare(b.key));
  return rows;
}

function headlineOf(
  counts: repo.Counts,
  recommendations: { current: number | null; previous: number | null; basis: number },
): HeadlineFigure[] {
  const { current: c, previous: p } = counts;
  const figure = (
    code: IndicatorCode,
    value: number | null,
    previous: number | null,
    options: { basis?: number | null; ci95?: [number, number] | null } = {},
  ): HeadlineFigure => ({
    code,
    value,
    previous,
    suppressed: false,
    ci95: options.ci95 ?? null,
    basis: options.basis ?? null,
  });
  const gain = meanWithInterval(c.pairedTests, c.gainSum, c.gainSquareSum);
  const previousGain = meanWithInterval(p.pairedTests, p.gainSum, p.gainSquareSum);
  const rated = c.ratings >= 0;
  return [
    figure('officials_trained', c.officials, p.officials),
    figure('participations', c.participations, p.participations),
    figure('states_reached', c.statesReached, p.statesReached),
    figure('women_share', ratio(c.women, c.officials), ratio(p.women, p.officials), { basis: c.officials }),
    figure('knowledge_gain', gain.mean, previousGain.mean, { basis: c.pairedTests, ci95: gain.ci95 }),
    figure(
      'normalised_gain',
      c.normalisedTests > 0 ? c.normalisedGainSum / c.normalisedTests : null,
      p.normalisedTests > 0 ? p.normalisedGainSum / p.normalisedTests : null,
      { basis: c.normalisedTests },
    ),
    figure(
      'satisfaction',
      rated && c.ratings > 0 ? c.ratingSum / c.ratings : null,
      rated && p.ratings > 0 ? p.ratingSum / p.ratings : null,
      { basis: rated ? c.ratings : null },
    ),
    figure('application_rate', ratio(c.applied, c.followUpAnswers), ratio(p.applied, p.followUpAnswers), {
      basis: c.followUpAnswers,
    }),
    figure('recommendations_implemented', recommendations.current, recommendations.previous, {
      basis: recommendations.basis,
    }),
  ];
}

/**
 * What a mean of an aggregate-only reader is checked against: the records of every programme (the
 * same for every reader, so that two readers never differ on a cell), and the cell's filters —
 * null when the cell spans several programmes (a partner's whole scope): a mean is published for
 * one programme at a time, so that every published mean is a cell of the one query space checked.
 */
type MeanContext = { records: repo.MeanRecords; filters: Cell['filters'] | null };

/** The cell of a request for its means: its filters, with the programme when the scope has only one. */
function meanCellFilters(scope: Scope, filter: ResultsFilter): Cell['filters'] | null {
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
function publishedHeadline(
  counts: repo.Counts,
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

export async function getDashboard(
  db: Queryable,
  actor: Actor,
  filter: ResultsFilter,
  options: ResultsOptions = {},
): Promise<Dashboard> {
  const scope = await scopeOf(db, actor, options);
  const narrowing = narrowingOf(scope, filter);
  await ensureResultsFresh(db);
  const periods = await periodsOf(db, filter);
  if (scope.suppress) checkAggregateQuery(filter, periods.current);
  const lang = languageOf(actor, filter);
  const counts = repo.yearlyFactsCanAnswer(periods.current, narrowing)
    ? await repo.countsFromYearlyFacts(db, periods, narrowing)
    : await repo.countsFromEnrolments(db, periods, narrowing);
  const recommendations = await recommendationsFigure(db, periods, scope);
  const labels = async (dimension: Dimension, map: Map<string, repo.Split>) => labellerFor(db, dimension, lang, [...map.keys()]);
  const s = scope.suppress;
  return {
    period: periodView(periods.current),
    previousPeriod: periodView(periods.previous),
    scope: scopeView(scope),
    headline: s
      ? publishedHeadline(
          counts,
          periods,
          { records: await repo.meanRecords(db), filters: meanCellFilters(scope, filter) },
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

function breakdownRow(key: string, label: string, c: repo.BreakdownCounts): BreakdownRow {
  const gain = meanWithInterval(c.pairedTests, c.gainSum, c.gainSquareSum);
  return {
    key,
    label,
    officialsTrained: c.officials,
    participations: c.participations,
    women: c.women,
    womenShare: ratio(c.women, c.officials),
    statesReached: c.statesReached,
    knowledgeGain: gain.mean,
    normalisedGain: c.normalisedTests > 0 ? c.normalisedGainSum / c.normalisedTests : null,
    applicationRate: ratio(c.applied, c.followUpAnswers),
    satisfaction: c.ratings > 0 ? c.ratingSum / c.ratings : null,
    previousOfficialsTrained: c.previousOfficials,
    previousParticipations: c.previousParticipations,
    suppressed: false,
  };
}

/** The filter a breakdown's dimension adds to a row's cell (the year narrows the period instead). */
const dimensionFilter: Record<Exclude<Dimension, 'year'>, CellFilter> = {
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
function publishedBreakdownRow(
  row: BreakdownRow,
  c: repo.BreakdownCounts,
  cell: Cell | null,
  records: repo.MeanRecords,
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

const asBreakdownCounts = (sums: repo.Sums, previous: repo.Sums): repo.BreakdownCounts => ({
  ...sums,
  key: 'total',
  previousOfficials: previous.officials,
  previousParticipations: previous.participations,
});

export async function getBreakdown(
  db: Queryable,
  actor: Actor,
  query: ResultsFilter & { dimension: Dimension },
  options: ResultsOptions = {},
): Promise<Breakdown> {
  const scope = await scopeOf(db, actor, options);
  const narrowing = narrowingOf(scope, query);
  await ensureResultsFresh(db);
  const periods = await periodsOf(db, query);
  if (scope.suppress) checkAggregateQuery(query, periods.current);
  const lang = languageOf(actor, query);
  const counts = await repo.breakdownFromEnrolments(db, periods, narrowing, query.dimension);
  const totals = await repo.countsFromEnrolments(db, periods, narrowing);
  const label = await labellerFor(
    db,
    query.dimension,
    lang,
    counts.map((c) => c.key),
  );
  const t = translator(lang);
  let rows = counts.map((c) => breakdownRow(c.key, label(c.key), c));
  const totalCounts = asBreakdownCounts(totals.current, totals.previous);
  let total = breakdownRow('total', t.t('results.total'), totalCounts);
  total.satisfaction = totals.current.ratings > 0 ? totals.current.ratingSum / totals.current.ratings : null;
  if (scope.suppress) {
    const records = await repo.meanRecords(db);
    const base = meanCellFilters(scope, query);
    const { fromYear, toYear } = periods.current;
    const rowCell = (key: string): Cell | null => {
      if (query.dimension === 'year') return base && { fromYear: Number(key), toYear: Number(key), filters: base };
      const filters = { ...(base ?? cellFilters(query)), [dimensionFilter[query.dimension]]: key };
      return filters.programme === undefined ? null : { fromYear, toYear, filters };
    };
    rows = rows.map((row, i) => publishedBreakdownRow(row, counts[i] as repo.BreakdownCounts, rowCell(row.key), records));
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

// ---- Drill-down ----

const PSEUDONYM_KEY = 'results.pseudonym_key';

/** The office's secret for pseudonymous ids: made once, kept in the database (every API process shares it). */
async function pseudonymKey(db: Queryable): Promise<Buffer> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, PSEUDONYM_KEY));
  if (row) return Buffer.from(String((row.value as { key: string }).key), 'base64');
  const key = randomBytes(32).toString('base64');
  await db.insert(settings).values({ key: PSEUDONYM_KEY, value: { key } }).onConflictDoNothing();
  return pseudonymKey(db);
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A stable id that says nothing of the person: P-XXXXX-XXXXX (50 bits of an HMAC). */
export function pseudonymOf(key: Buffer, officialId: string): string {
  const digest = createHmac('sha256', key).update(officialId).digest();
  let bits = 0n;
  for (let i = 0; i < 7; i += 1) bits = (bits << 8n) | BigInt(digest[i] as number);
  let out = '';
  for (let i = 0; i < 10; i += 1) out += crockford[Number((bits >> BigInt(5 * i + 6)) & 31n)];
  return `P-${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Who may see the names behind a figure: programme officers (all) and focal points (their state, already the scope). */
const seesIdentities = (actor: Actor) => actor.role === 'programme_officer' || actor.role === 'focal_point';

export async function getRecords(
  db: Queryable,
  actor: Actor,
  audit: AuditContext,
  query: ResultsFilter & { measure: RecordMeasure; page: number; pageSize: number },
): Promise<{
  period: ReturnType<typeof periodView>;
  measure: RecordMeasure;
  identities: boolean;
  total: number;
  page: number;
  pageSize: number;
  rows: RecordRow[];
}> {
  const scope = await scopeOf(db, actor);
  if (scope.suppress) throw new AppError('FORBIDDEN', 'Partners see aggregates only');
  const narrowing = narrowingOf(scope, query);
  await ensureResultsFresh(db);
  const { current } = await periodsOf(db, query);
  const lang = languageOf(actor, query);
  const identities = seesIdentities(actor);
  const { total, rows } = await repo.recordsFromEnrolments(db, current, narrowing, {
    measure: query.measure,
    withNames: identities,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  const key = await pseudonymKey(db);
  const out: RecordRow[] = rows.map((r) => ({
    officialId: identities ? r.officialId : null,
    pseudonym: r.officialId ? pseudonymOf(key, r.officialId) : null,
    name: identities && r.officialId ? `${r.familyName ?? ''}, ${r.givenNames ?? ''}` : null,
    stateIso2: r.stateIso2,
    sex: r.sex,
    agencyType: r.agencyType,
    participations: r.participations,
    sessionCode: r.sessionCode,
    sessionId: r.sessionId,
    courseTitle: r.courseTitle ? resolveText(r.courseTitle as LocalisedText, lang).text : null,
    endedOn: r.endedOn,
    preScore: r.preScore,
    postScore: r.postScore,
    applied: r.applied,
    ratings: r.ratings,
    meanRating: r.ratings ? (r.ratingSum ?? 0) / r.ratings : null,
  }));
  // Names shown are reads of personal data: audited with the ids shown, like the registry's lists.
  await writeAudit(db, audit, {
    action: identities ? 'results.records.read' : 'results.records.read_pseudonymous',
    recordType: 'official',
    details: {
      measure: query.measure,
      period: { from: current.from, to: current.to },
      filter: narrowing,
      page: query.page,
      total,
      ...(identities ? { ids: [...new Set(rows.flatMap((r) => (r.officialId ? [r.officialId] : [])))] } : {}),
    },
  });
  return {
    period: periodView(current),
    measure: query.measure,
    identities,
    total,
    page: query.page,
    pageSize: query.pageSize,
    rows: out,
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
