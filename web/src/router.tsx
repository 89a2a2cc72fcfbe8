import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { type AuditOutcome, auditOutcomes, type Role, roles, type Subregion, subregions } from './api/types';
import { NotFoundPage } from './components/NotFoundPage';
import { PageLoader, RouteError } from './components/RouteStatus';
import { AccountPage } from './features/account/AccountPage';
import { SignInPage } from './features/auth/SignInPage';
import { sessionQuery } from './features/auth/session';
import { HomePage } from './features/home/HomePage';
// Registers the nominations and delivery tabs of the session page.
import './features/nominations/sessionSections';
import { AdminGuard } from './features/shell/AdminGuard';
import { AppLayout } from './features/shell/AppLayout';
import { StatePage } from './features/states/StatePage';
import { StatesPage } from './features/states/StatesPage';

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

type SignInSearch = { redirect?: string };

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: (search): SignInSearch => ({ redirect: safeRedirect(search.redirect) }),
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session?.stage === 'full') throw redirect({ href: search.redirect ?? '/' });
  },
  component: SignInPage,
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
  component: AppLayout,
});

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });

type StatesSearch = { q?: string; subregion?: Subregion };

const statesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'states',
  validateSearch: (search): StatesSearch => ({
    q: text(search.q),
    subregion: oneOf(search.subregion, subregions),
  }),
  component: StatesPage,
});

const stateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'states/$iso2',
  component: StatePage,
});

const accountRoute = createRoute({ getParentRoute: () => appRoute, path: 'account', component: AccountPage });

type OfficialsSearch = { q?: string; state?: string; agency?: string; sex?: 'female' | 'male'; page?: number };

const officialsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'officials',
  validateSearch: (search): OfficialsSearch => ({
    q: text(search.q),
    state: text(search.state),
    agency: text(search.agency),
    sex: oneOf(search.sex, ['female', 'male'] as const),
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

const sessionStatusValues = ['planned', 'open', 'closed', 'completed', 'cancelled'] as const;
type SessionsSearch = { status?: (typeof sessionStatusValues)[number]; course?: string; year?: number; page?: number };

const sessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions',
  validateSearch: (search): SessionsSearch => {
    const year = Number(search.year);
    return {
      status: oneOf(search.status, sessionStatusValues),
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
  component: lazyRouteComponent(() => import('./features/sessions/SessionPage'), 'SessionPage'),
});

const adminRoute = createRoute({ getParentRoute: () => appRoute, path: 'admin', component: AdminGuard });

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

const securityRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'security',
  component: lazyRouteComponent(() => import('./features/security/SecuritySettingsPage'), 'SecuritySettingsPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    homeRoute,
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
    curriculumRoute,
    courseRoute,
    sessionsRoute,
    sessionRoute,
    adminRoute.addChildren([usersRoute, auditRoute, securityRoute]),
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
