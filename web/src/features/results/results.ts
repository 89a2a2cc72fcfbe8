import { keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import { type Locale, type Role, resultDimensions } from '../../../../contract/enums';
import type { QueryParams } from '../../api/client';
import { programmesQuery } from '../../api/curriculum';
import { type ApiQuery, type ApiResponse, http } from '../../api/http';
import { statesQuery } from '../../hooks/states';

export type Dashboard = ApiResponse<'/api/results/dashboard'>;
export type HeadlineFigure = Dashboard['headline'][number];
export type IndicatorCode = HeadlineFigure['code'];
export type DashboardRow = Dashboard['byYear'][number];
export type Breakdown = ApiResponse<'/api/results/breakdown'>;
export type BreakdownRow = Breakdown['rows'][number];
export type Dimension = Breakdown['dimension'];
export type Records = ApiResponse<'/api/results/records'>;
type RecordMeasure = Records['measure'];
export type RecordRow = Records['rows'][number];
export type AfricaMapShapes = ApiResponse<'/api/results/map'>;
export type Period = Dashboard['period'];
export type Measure = RecordMeasure;

export const dimensions = resultDimensions satisfies readonly Dimension[];

/**
 * The filters of the results page, as the address bar holds them (so a view can be shared). The
 * period's bounds are whole years (2024) or days ("2024-07-01").
 */
export type ResultsFilters = { from?: number | string; to?: number | string; state?: string; programme?: string };

/** What narrows the records behind a figure: the page's filters and the cell that was chosen. */
export type RecordFilters = ResultsFilters &
  Pick<ApiQuery<'/api/results/records'>, 'sex' | 'agencyType' | 'courseLevel' | 'thematicArea' | 'pillar' | 'modality' | 'year'>;

export type RecordsSearch = RecordFilters & { measure: Measure; page?: number };

export const RECORDS_PAGE_SIZE = 50;

/** Who may open the records behind a figure (partners see aggregates only). */
export const canOpenRecords = (role: Role) => role === 'programme_officer' || role === 'me_officer' || role === 'focal_point';

/** Office roles see every state: they filter by state and export IATI activities. */
export const isOfficeRole = (role: Role) => role === 'programme_officer' || role === 'me_officer';

/** The filter a row of a breakdown by `dimension` stands for, to open its records. */
export function filterOfCell(dimension: Dimension, key: string): RecordFilters {
  switch (dimension) {
    case 'year':
      return { year: Number(key) };
    case 'state':
      return { state: key };
    case 'sex':
      return key === 'female' || key === 'male' ? { sex: key } : {};
    case 'agency_type':
      return { agencyType: key };
    case 'programme':
      return { programme: key };
    case 'course_level':
      return { courseLevel: key };
    case 'thematic_area':
      return { thematicArea: key };
    case 'pillar':
      return { pillar: key };
    case 'modality':
      return key === 'in_person' || key === 'online' || key === 'blended' ? { modality: key } : {};
  }
}

const withLang = (filters: object, lang: Locale): QueryParams => ({ ...(filters as QueryParams), lang });

export const dashboardQuery = (filters: ResultsFilters, lang: Locale) =>
  queryOptions({
    queryKey: ['results', 'dashboard', filters, lang],
    queryFn: ({ signal }) => http.get('/results/dashboard', { query: withLang(filters, lang), signal }),
    placeholderData: keepPreviousData,
  });

export const breakdownQuery = (filters: ResultsFilters & { dimension: Dimension }, lang: Locale) =>
  queryOptions({
    queryKey: ['results', 'breakdown', filters, lang],
    queryFn: ({ signal }) => http.get('/results/breakdown', { query: withLang(filters, lang), signal }),
    placeholderData: keepPreviousData,
  });

/** The page's filters from its address: the office's officers filter by any state; the others read their own scope. */
export function filtersOf(search: ResultsFilters, office: boolean): ResultsFilters {
  return { from: search.from, to: search.to, programme: search.programme, state: office ? search.state : undefined };
}

export const recordsQuery = (search: RecordsSearch) =>
  queryOptions({
    queryKey: ['results', 'records', search],
    queryFn: ({ signal }) =>
      http.get('/results/records', {
        query: { ...(search as QueryParams), pageSize: RECORDS_PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

/** The map changes only with a release: fetched once per visit (the browser keeps it too). */
export const africaMapQuery = queryOptions({
  queryKey: ['results', 'map'],
  queryFn: ({ signal }) => http.get('/results/map', { signal }),
  staleTime: Number.POSITIVE_INFINITY,
});

/**
 * Starts every read of the results page as soon as its address is known (web/src/router.tsx),
 * while its code is still loading, instead of one after another as it draws: on a slow link each
 * wait saved is a round trip. The keys are the page's own, so the page finds the answers.
 */
export function prefetchResultsPage(
  queryClient: QueryClient,
  search: ResultsFilters & { dimension?: Dimension },
  permissions: readonly string[],
  lang: Locale,
): void {
  const filters = filtersOf(search, permissions.includes('results.publish'));
  void queryClient.prefetchQuery(dashboardQuery(filters, lang));
  void queryClient.prefetchQuery(breakdownQuery({ ...filters, dimension: search.dimension ?? 'state' }, lang));
  void queryClient.prefetchQuery(africaMapQuery);
  void queryClient.prefetchQuery(programmesQuery());
  void queryClient.prefetchQuery(statesQuery({}));
}

function queryString(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  return search.toString();
}

/** Downloads are plain links: the browser sends the session cookie and saves the file. */
export const exportUrl = (
  filters: ResultsFilters,
  table: { table: 'dashboard' } | { table: 'breakdown'; dimension: Dimension },
  format: 'csv' | 'xlsx',
  lang: Locale,
) => `/api/results/export?${queryString({ ...table, format, ...filters, lang })}`;

export const reportPdfUrl = (filters: ResultsFilters, lang: Locale) =>
  `/api/results/report.pdf?${queryString({ ...filters, lang })}`;

export const iatiXmlUrl = (filters: ResultsFilters, lang: Locale) => `/api/results/iati.xml?${queryString({ ...filters, lang })}`;

/**
 * The records an indicator's card opens: the persons or enrolments a count counts (women: the
 * women among the officials), the paired tests behind the gains, the follow-up answers behind the
 * application rate, the rated sessions behind satisfaction.
 */
export const measureOfIndicator: Partial<Record<IndicatorCode, { measure: Measure; filters: RecordFilters }>> = {
  officials_trained: { measure: 'officials', filters: {} },
  participations: { measure: 'participations', filters: {} },
  women_share: { measure: 'officials', filters: { sex: 'female' } },
  knowledge_gain: { measure: 'paired_tests', filters: {} },
  normalised_gain: { measure: 'paired_tests', filters: {} },
  satisfaction: { measure: 'rated_sessions', filters: {} },
  application_rate: { measure: 'follow_ups', filters: {} },
};

/** How an indicator's value reads: a count, a share (0 to 1), score points or a rating out of 5. */
export type IndicatorKind = 'count' | 'share' | 'points' | 'rating';

export const indicatorKinds: Record<IndicatorCode, IndicatorKind> = {
  officials_trained: 'count',
  participations: 'count',
  states_reached: 'count',
  women_share: 'share',
  knowledge_gain: 'points',
  normalised_gain: 'share',
  satisfaction: 'rating',
  application_rate: 'share',
  recommendations_implemented: 'share',
};

/**
 * The change on the previous period: relative for counts (+12 %), a difference for the rest
 * (+3.1 percentage points, +0.4 points). Null when either side is missing or the base is zero.
 */
export function changeOf(kind: IndicatorKind, value: number | null, previous: number | null): number | null {
  if (value === null || previous === null) return null;
  if (kind === 'count') return previous === 0 ? null : (value - previous) / previous;
  return value - previous;
}

/** Colour classes of the map: up to five, by quantiles of the states' figures, with whole-number bounds. */
export function colourClasses(values: number[], classes = 5): { from: number; to: number }[] {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const bounds: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const upper = sorted[Math.min(sorted.length - 1, Math.ceil((i * sorted.length) / classes) - 1)] as number;
    if (bounds[bounds.length - 1] !== upper) bounds.push(upper);
  }
  return bounds.map((to, i) => ({ from: i === 0 ? (sorted[0] as number) : (bounds[i - 1] as number) + 1, to }));
}

export const classOf = (value: number, classes: { from: number; to: number }[]) =>
  classes.findIndex((c) => value >= c.from && value <= c.to);

/** A period as the reader writes it: "2024", "2021–2024", or two days for a custom range. */
export function periodLabel(
  period: { from: string; to: string; wholeYears: boolean },
  formatDay: (day: string) => string,
): string {
  if (period.wholeYears) {
    const [first, last] = [period.from.slice(0, 4), period.to.slice(0, 4)];
    return first === last ? first : `${first}–${last}`;
  }
  return `${formatDay(period.from)} – ${formatDay(period.to)}`;
}
