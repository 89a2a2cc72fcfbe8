import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { modalities, type ResultDimension, resultDimensions, sexes } from '../../../contract/enums';
import type { Measure, RecordsSearch, ResultsFilters } from '../features/results/results';
import { sessionQuery } from '../hooks/session';
import { currentLanguage } from '../i18n';
import { appRoute } from './root';
import { oneOf, pageNumber, text, year } from './search';

/** The results (indicators by dimension) and the records behind a figure. */

/** Period bounds as the results API takes them: a year (2024, kept a number for a clean address) or a day. */
const periodBound = (value: unknown): number | string | undefined => {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 2000 && value <= 2100 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}$/.test(value)) return periodBound(Number(value));
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
};
type ResultsSearch = ResultsFilters & { dimension?: ResultDimension };

const resultsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'results',
  validateSearch: (search): ResultsSearch => ({
    from: periodBound(search.from),
    to: periodBound(search.to),
    state: text(search.state),
    programme: text(search.programme),
    dimension: oneOf(search.dimension, resultDimensions),
  }),
  loaderDeps: ({ search }) => search,
  // The reads are not awaited: they start with the page's code, and it draws as their answers come.
  // Their module is (the page needs it anyway), so that they start before the first screen has
  // loaded, while the answers web/src/boot.ts asked for are still there to take.
  loader: async ({ context, deps }) => {
    const permissions = context.queryClient.getQueryData(sessionQuery.queryKey)?.permissions ?? [];
    const { prefetchResultsPage } = await import('../features/results/results');
    prefetchResultsPage(context.queryClient, deps, permissions, currentLanguage());
  },
  component: lazyRouteComponent(() => import('../features/results/ResultsPage'), 'ResultsPage'),
});

const recordMeasures = [
  'officials',
  'participations',
  'paired_tests',
  'follow_ups',
  'rated_sessions',
] as const satisfies readonly Measure[];

const resultsRecordsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'results/records',
  validateSearch: (search): RecordsSearch => ({
    measure: oneOf(search.measure, recordMeasures) ?? 'officials',
    from: periodBound(search.from),
    to: periodBound(search.to),
    state: text(search.state),
    programme: text(search.programme),
    sex: oneOf(search.sex, sexes),
    agencyType: text(search.agencyType),
    courseLevel: text(search.courseLevel),
    thematicArea: text(search.thematicArea),
    pillar: text(search.pillar),
    modality: oneOf(search.modality, modalities),
    year: year(search.year),
    page: pageNumber(search.page),
  }),
  component: lazyRouteComponent(() => import('../features/results/RecordsPage'), 'RecordsPage'),
});

export const resultsRoutes = [resultsRoute, resultsRecordsRoute] as const;
