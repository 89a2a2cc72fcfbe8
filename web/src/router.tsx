import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import {
  type AuditOutcome,
  actionOwnerKinds,
  actionStatuses,
  auditOutcomes,
  engagementKinds,
  libraryItemTypes,
  locales,
  matrixBases,
  modalities,
  type OutboxStatus,
  organisationKinds,
  outboxStatuses,
  programmeStageKinds,
  type Role,
  roles,
  type SsoFailureReason,
  type Subregion,
  sessionStatuses,
  sexes,
  ssoFailureReasons,
  subregions,
} from '../../contract/enums';
import { NotFoundPage } from './components/NotFoundPage';
import { PageLoader, RouteError } from './components/RouteStatus';
// The first page of a cold visit ships with the app; every other page is its own chunk, fetched when opened.
import { SignInPage } from './features/auth/SignInPage';
import type { LibrarySearch } from './features/library/library';
import { sessionQuery } from './hooks/session';
import { currentLanguage } from './i18n';

type RouterContext = { queryClient: QueryClient };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;
const pageNumber = (value: unknown): number | undefined => {
  const n = Number(value);
  return Number.isInteger(n) && n > 1 ? n : undefined;
};
/** Only same-site paths: a crafted sign-in link must not send the user to another site. */
const safeRedirect = (value: unknown): string | undefined =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : undefined;

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

type SignInSearch = { redirect?: string; ssoError?: SsoFailureReason };

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: (search): SignInSearch => ({
    redirect: safeRedirect(search.redirect),
    ssoError: oneOf(search.ssoError, ssoFailureReasons),
  }),
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session?.stage === 'full') throw redirect({ href: search.redirect ?? '/' });
  },
  component: SignInPage,
});

/** The public check of a certificate: no sign-in, reached from the QR code on the paper (`?code=`). */
const verifyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'verify',
  validateSearch: (search): { code?: string } => ({ code: text(search.code) }),
  // A signed-in visitor's request carries the session cookie, hence must carry its CSRF token too.
  beforeLoad: ({ context }) => context.queryClient.ensureQueryData(sessionQuery),
  component: lazyRouteComponent(() => import('./features/certificates/VerifyPage'), 'VerifyPage'),
});

// Forgot password and the mailed links' page (issue 11). A signed-in visitor's request carries
// the session cookie, hence must carry its CSRF token too.
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'forgot-password',
  beforeLoad: ({ context }) => context.queryClient.ensureQueryData(sessionQuery),
  component: lazyRouteComponent(() => import('./features/auth/ForgotPasswordPage'), 'ForgotPasswordPage'),
});

const setPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'set-password',
  beforeLoad: ({ context }) => context.queryClient.ensureQueryData(sessionQuery),
  component: lazyRouteComponent(() => import('./features/auth/SetPasswordPage'), 'SetPasswordPage'),
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session?.stage !== 'full') {
      throw redirect({ to: '/sign-in', search: { redirect: location.href === '/' ? undefined : location.href } });
    }
  },
  component: lazyRouteComponent(() => import('./features/shell/AppLayout'), 'AppLayout'),
});

// The library is open to anyone for its public items (server/platform/access.ts: library.read is
// public): no sign-in guard, the frame follows the session.
const openRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'open',
  beforeLoad: async ({ context }) => {
    await context.queryClient.ensureQueryData(sessionQuery);
  },
  component: lazyRouteComponent(() => import('./features/shell/OpenLayout'), 'OpenLayout'),
});

const publicationYear = (value: unknown): number | undefined => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1900 && n <= 2100 ? n : undefined;
};

const libraryRoute = createRoute({
  getParentRoute: () => openRoute,
  path: 'library',
  validateSearch: (search): LibrarySearch => ({
    q: text(search.q),
    type: oneOf(search.type, libraryItemTypes),
    language: oneOf(search.language, locales),
    pillar: text(search.pillar),
    year: publicationYear(search.year),
    state: iso2(search.state),
    page: pageNumber(search.page),
  }),
  component: lazyRouteComponent(() => import('./features/library/LibraryPage'), 'LibraryPage'),
});

const libraryItemRoute = createRoute({
  getParentRoute: () => openRoute,
  path: 'library/items/$id',
  component: lazyRouteComponent(() => import('./features/library/ItemPage'), 'ItemPage'),
});

const librarySubmissionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'library/submissions',
  component: lazyRouteComponent(() => import('./features/library/SubmissionsPage'), 'SubmissionsPage'),
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./features/home/HomePage'), 'HomePage'),
});

type StatesSearch = { q?: string; subregion?: Subregion };

const statesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'states',
  validateSearch: (search): StatesSearch => ({
    q: text(search.q),
    subregion: oneOf(search.subregion, subregions),
  }),
  component: lazyRouteComponent(() => import('./features/states/StatesPage'), 'StatesPage'),
});

const stateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'states/$iso2',
  component: lazyRouteComponent(() => import('./features/states/StatePage'), 'StatePage'),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'account',
  component: lazyRouteComponent(() => import('./features/account/AccountPage'), 'AccountPage'),
});

type OfficialsSearch = { q?: string; state?: string; agency?: string; sex?: 'female' | 'male'; page?: number };

const officialsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'officials',
  validateSearch: (search): OfficialsSearch => ({
    q: text(search.q),
    state: text(search.state),
    agency: text(search.agency),
    sex: oneOf(search.sex, sexes),
    page: pageNumber(search.page),
  }),
  component: lazyRouteComponent(() => import('./features/registry/OfficialsPage'), 'OfficialsPage'),
});

const officialRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'officials/$id',
  component: lazyRouteComponent(() => import('./features/registry/OfficialPage'), 'OfficialPage'),
});

const myRecordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-record',
  component: lazyRouteComponent(() => import('./features/registry/OfficialPage'), 'MyRecordPage'),
});

const agenciesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'agencies',
  validateSearch: (search): { state?: string } => ({ state: text(search.state) }),
  component: lazyRouteComponent(() => import('./features/registry/AgenciesPage'), 'AgenciesPage'),
});

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'duplicates',
  validateSearch: (search): { state?: string; page?: number } => ({
    state: text(search.state),
    page: typeof search.page === 'number' && search.page > 1 ? Math.floor(search.page) : undefined,
  }),
  component: lazyRouteComponent(() => import('./features/duplicates/DuplicatesPage'), 'DuplicatesPage'),
});

const importOfficialsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'officials-import',
  component: lazyRouteComponent(() => import('./features/imports/ImportOfficialsPage'), 'ImportOfficialsPage'),
});

const sessionNominationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions/$id/nominations',
  component: lazyRouteComponent(() => import('./features/nominations/NominationsPage'), 'NominationsPage'),
});

const sessionAttendanceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions/$id/attendance',
  component: lazyRouteComponent(() => import('./features/attendance/AttendancePage'), 'AttendancePage'),
});

const myTrainingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-trainings',
  component: lazyRouteComponent(() => import('./features/participation/MyTrainingsPage'), 'MyTrainingsPage'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'notifications',
  component: lazyRouteComponent(() => import('./features/notifications/NotificationsPage'), 'NotificationsPage'),
});

const notificationPreferencesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'notifications/preferences',
  component: lazyRouteComponent(() => import('./features/notifications/PreferencesPage'), 'PreferencesPage'),
});

const stateSentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'notifications/state',
  component: lazyRouteComponent(() => import('./features/notifications/StateSentPage'), 'StateSentPage'),
});

const certificatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'certificates',
  component: lazyRouteComponent(() => import('./features/certificates/CertificatesPage'), 'CertificatesPage'),
});

const curriculumRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'curriculum',
  component: lazyRouteComponent(() => import('./features/curriculum/CurriculumPage'), 'CurriculumPage'),
});

const courseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'curriculum/courses/$id',
  component: lazyRouteComponent(() => import('./features/curriculum/CoursePage'), 'CoursePage'),
});

type SessionsSearch = { status?: (typeof sessionStatuses)[number]; course?: string; year?: number; page?: number };

const sessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions',
  validateSearch: (search): SessionsSearch => {
    const year = Number(search.year);
    return {
      status: oneOf(search.status, sessionStatuses),
      course: text(search.course),
      year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined,
      page: pageNumber(search.page),
    };
  },
  component: lazyRouteComponent(() => import('./features/sessions/SessionsPage'), 'SessionsPage'),
});

const sessionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions/$id',
  // The nominations, delivery, certificates and materials tabs register themselves before the page draws.
  component: lazyRouteComponent(
    () => import('./sessionSections').then(() => import('./features/sessions/SessionPage')),
    'SessionPage',
  ),
});

type NationalProgrammesSearch = {
  stage?: (typeof programmeStageKinds)[number];
  kind?: 'strategy' | 'action_plan' | 'other';
  adopted?: boolean;
};

const nationalProgrammesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'national-programmes',
  validateSearch: (search): NationalProgrammesSearch => ({
    stage: oneOf(search.stage, programmeStageKinds),
    kind: oneOf(search.kind, engagementKinds),
    adopted: typeof search.adopted === 'boolean' ? search.adopted : undefined,
  }),
  component: lazyRouteComponent(() => import('./features/national-programmes/OverviewPage'), 'OverviewPage'),
});

const stateProgrammeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'national-programmes/states/$iso2',
  component: lazyRouteComponent(() => import('./features/national-programmes/StateProgrammePage'), 'StateProgrammePage'),
});

const resultsDimensions = [
  'year',
  'state',
  'sex',
  'agency_type',
  'programme',
  'course_level',
  'thematic_area',
  'pillar',
  'modality',
] as const;
/** Period bounds as the results API takes them: a year (2024, kept a number for a clean address) or a day. */
const periodBound = (value: unknown): number | string | undefined => {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 2000 && value <= 2100 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}$/.test(value)) return periodBound(Number(value));
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
};
type ResultsSearch = {
  from?: number | string;
  to?: number | string;
  state?: string;
  programme?: string;
  dimension?: (typeof resultsDimensions)[number];
};

const resultsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'results',
  validateSearch: (search): ResultsSearch => ({
    from: periodBound(search.from),
    to: periodBound(search.to),
    state: text(search.state),
    programme: text(search.programme),
    dimension: oneOf(search.dimension, resultsDimensions),
  }),
  loaderDeps: ({ search }) => search,
  // Not awaited: the page's reads start with its code, and it draws as their answers come.
  loader: ({ context, deps }) => {
    const permissions = context.queryClient.getQueryData(sessionQuery.queryKey)?.permissions ?? [];
    void import('./features/results/results').then(({ prefetchResultsPage }) =>
      prefetchResultsPage(context.queryClient, deps, permissions, currentLanguage()),
    );
  },
  component: lazyRouteComponent(() => import('./features/results/ResultsPage'), 'ResultsPage'),
});

const recordMeasures = ['officials', 'participations', 'paired_tests', 'follow_ups', 'rated_sessions'] as const;
type ResultsRecordsSearch = Omit<ResultsSearch, 'dimension'> & {
  measure: (typeof recordMeasures)[number];
  sex?: 'female' | 'male';
  agencyType?: string;
  courseLevel?: string;
  thematicArea?: string;
  pillar?: string;
  modality?: 'in_person' | 'online' | 'blended';
  year?: number;
  page?: number;
};

const resultsRecordsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'results/records',
  validateSearch: (search): ResultsRecordsSearch => {
    const year = Number(search.year);
    return {
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
      year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined,
      page: pageNumber(search.page),
    };
  },
  component: lazyRouteComponent(() => import('./features/results/RecordsPage'), 'RecordsPage'),
});

const year = (value: unknown): number | undefined => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : undefined;
};
const iso2 = (value: unknown): string | undefined => (typeof value === 'string' && /^[A-Z]{2}$/.test(value) ? value : undefined);

type PartnersSearch = { kind?: (typeof organisationKinds)[number]; country?: string; q?: string };

const partnersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'partners',
  validateSearch: (search): PartnersSearch => ({
    kind: oneOf(search.kind, organisationKinds),
    country: iso2(search.country),
    q: text(search.q),
  }),
  component: lazyRouteComponent(() => import('./features/partners/OrganisationsPage'), 'OrganisationsPage'),
});

const partnerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'partners/$id',
  component: lazyRouteComponent(() => import('./features/partners/OrganisationPage'), 'OrganisationPage'),
});

const myOrganisationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-organisation',
  component: lazyRouteComponent(() => import('./features/partners/OrganisationPage'), 'MyOrganisationPage'),
});

type ContributionsSearch = {
  organisation?: string;
  programme?: string;
  currency?: string;
  earmarked?: 'true' | 'false';
  year?: number;
};

const contributionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'contributions',
  validateSearch: (search): ContributionsSearch => ({
    organisation: text(search.organisation),
    programme: text(search.programme),
    currency: typeof search.currency === 'string' && /^[A-Z]{3}$/.test(search.currency) ? search.currency : undefined,
    // The router parses ?earmarked=true into a boolean.
    earmarked:
      search.earmarked === true || search.earmarked === 'true'
        ? 'true'
        : search.earmarked === false || search.earmarked === 'false'
          ? 'false'
          : undefined,
    year: publicationYear(search.year),
  }),
  component: lazyRouteComponent(() => import('./features/partners/ContributionsPage'), 'ContributionsPage'),
});

type MatrixSearch = {
  fromYear?: number;
  toYear?: number;
  programme?: string;
  kind?: (typeof organisationKinds)[number];
  partner?: string;
  basis?: 'delivered' | 'funded';
  state?: string;
  theme?: string;
  overlaps?: true;
};

const matrixRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'who-does-what-where',
  validateSearch: (search): MatrixSearch => ({
    fromYear: year(search.fromYear),
    toYear: year(search.toYear),
    programme: text(search.programme),
    kind: oneOf(search.kind, organisationKinds),
    partner: text(search.partner),
    basis: oneOf(search.basis, matrixBases),
    state: iso2(search.state),
    theme: typeof search.theme === 'string' && /^[a-z_]{2,60}$/.test(search.theme) ? search.theme : undefined,
    overlaps: search.overlaps === true || search.overlaps === 'true' ? true : undefined,
  }),
  component: lazyRouteComponent(() => import('./features/partners/MatrixPage'), 'MatrixPage'),
});

const meetingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'meetings',
  component: lazyRouteComponent(() => import('./features/meetings/EditionsPage'), 'EditionsPage'),
});

const editionTabValues = ['overview', 'delegations', 'agenda', 'documents', 'badges'] as const;
const meetingEditionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'meetings/$id',
  validateSearch: (search): { tab?: (typeof editionTabValues)[number] } => ({ tab: oneOf(search.tab, editionTabValues) }),
  component: lazyRouteComponent(() => import('./features/meetings/EditionPage'), 'EditionPage'),
});

const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin',
  component: lazyRouteComponent(() => import('./features/shell/AdminGuard'), 'AdminGuard'),
});

type UsersSearch = {
  q?: string;
  role?: Role;
  state?: string;
  active?: 'true' | 'false';
  page?: number;
};

const usersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'users',
  validateSearch: (search): UsersSearch => ({
    q: text(search.q),
    role: oneOf(search.role, roles),
    state: text(search.state),
    active: oneOf(search.active, ['true', 'false'] as const),
    page: pageNumber(search.page),
  }),
  component: lazyRouteComponent(() => import('./features/users/UsersPage'), 'UsersPage'),
});

type AuditSearch = {
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  recordType?: string;
  from?: string;
  to?: string;
  page?: number;
};

const isoDay = (value: unknown): string | undefined =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;

const auditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'audit',
  validateSearch: (search): AuditSearch => ({
    actor: text(search.actor),
    action: text(search.action),
    outcome: oneOf(search.outcome, auditOutcomes),
    recordType: text(search.recordType),
    from: isoDay(search.from),
    to: isoDay(search.to),
    page: pageNumber(search.page),
  }),
  component: lazyRouteComponent(() => import('./features/audit/AuditPage'), 'AuditPage'),
});

type OutboxSearch = {
  status?: OutboxStatus;
  kind?: string;
  recipient?: string;
  from?: string;
  to?: string;
  page?: number;
  /** The message open beside the list. */
  message?: string;
};

const outboxRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'outbox',
  validateSearch: (search): OutboxSearch => ({
    status: oneOf(search.status, outboxStatuses),
    kind: text(search.kind),
    recipient: text(search.recipient),
    from: isoDay(search.from),
    to: isoDay(search.to),
    page: pageNumber(search.page),
    message: text(search.message),
  }),
  component: lazyRouteComponent(() => import('./features/outbox/OutboxPage'), 'OutboxPage'),
});

const securityRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'security',
  component: lazyRouteComponent(() => import('./features/security/SecuritySettingsPage'), 'SecuritySettingsPage'),
});

type RecommendationActionsSearch = {
  edition?: string;
  state?: string;
  owner?: (typeof actionOwnerKinds)[number];
  status?: (typeof actionStatuses)[number];
  overdue?: boolean;
  page?: number;
};
const recommendationActionsSearch = (search: Record<string, unknown>): RecommendationActionsSearch => ({
  edition: text(search.edition),
  state: text(search.state),
  owner: oneOf(search.owner, actionOwnerKinds),
  status: oneOf(search.status, actionStatuses),
  overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
  page: pageNumber(search.page),
});

const recommendationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations',
  component: lazyRouteComponent(() => import('./features/recommendations/RecommendationsPage'), 'RecommendationsPage'),
});

const recommendationEditionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/editions/$id',
  component: lazyRouteComponent(
    () => import('./features/recommendations/EditionRecommendationsPage'),
    'EditionRecommendationsPage',
  ),
});

const recommendationActionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/actions',
  validateSearch: recommendationActionsSearch,
  component: lazyRouteComponent(() => import('./features/recommendations/ActionsPage'), 'ActionsPage'),
});

const overdueActionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/overdue',
  validateSearch: recommendationActionsSearch,
  component: lazyRouteComponent(() => import('./features/recommendations/ActionsPage'), 'OverdueActionsPage'),
});

const recommendationActionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/actions/$id',
  component: lazyRouteComponent(() => import('./features/recommendations/ActionPage'), 'ActionPage'),
});

const recommendationsByStateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/by-state',
  component: lazyRouteComponent(() => import('./features/recommendations/ByStatePage'), 'ByStatePage'),
});

const myStateActionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-state-actions',
  validateSearch: recommendationActionsSearch,
  component: lazyRouteComponent(() => import('./features/recommendations/ActionsPage'), 'MyStateActionsPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  forgotPasswordRoute,
  setPasswordRoute,
  verifyRoute,
  openRoute.addChildren([libraryRoute, libraryItemRoute]),
  appRoute.addChildren([
    homeRoute,
    librarySubmissionsRoute,
    statesRoute,
    stateRoute,
    accountRoute,
    officialsRoute,
    officialRoute,
    myRecordRoute,
    agenciesRoute,
    duplicatesRoute,
    importOfficialsRoute,
    sessionNominationsRoute,
    sessionAttendanceRoute,
    myTrainingsRoute,
    notificationsRoute,
    notificationPreferencesRoute,
    stateSentRoute,
    certificatesRoute,
    curriculumRoute,
    courseRoute,
    sessionsRoute,
    sessionRoute,
    resultsRoute,
    resultsRecordsRoute,
    nationalProgrammesRoute,
    stateProgrammeRoute,
    partnersRoute,
    partnerRoute,
    myOrganisationRoute,
    contributionsRoute,
    matrixRoute,
    meetingsRoute,
    meetingEditionRoute,
    recommendationsRoute,
    recommendationEditionRoute,
    recommendationActionsRoute,
    overdueActionsRoute,
    recommendationActionRoute,
    recommendationsByStateRoute,
    myStateActionsRoute,
    adminRoute.addChildren([usersRoute, auditRoute, outboxRoute, securityRoute]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPendingComponent: PageLoader,
    defaultErrorComponent: RouteError,
    // Data freshness is React Query's job; the router only runs the session guards.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
