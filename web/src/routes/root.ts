import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { libraryItemTypes, locales, type SsoFailureReason, ssoFailureReasons } from '../../../contract/enums';
import { NotFoundPage } from '../components/NotFoundPage';
// The first page of a cold visit ships with the app; every other page is its own chunk, fetched when opened.
import { SignInPage } from '../features/auth/SignInPage';
import type { LibrarySearch } from '../features/library/library';
import { sessionQuery } from '../hooks/session';
import { iso2, oneOf, pageNumber, publicationYear, safeRedirect, text } from './search';

/** The root of the route tree, the pages reached without signing in, and the frames the other areas hang from. */

export type RouterContext = { queryClient: QueryClient };

export const rootRoute = createRootRouteWithContext<RouterContext>()({
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
  component: lazyRouteComponent(() => import('../features/certificates/VerifyPage'), 'VerifyPage'),
});

// Forgot password and the mailed links' page (issue 11). A signed-in visitor's request carries
// the session cookie, hence must carry its CSRF token too.
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'forgot-password',
  beforeLoad: ({ context }) => context.queryClient.ensureQueryData(sessionQuery),
  component: lazyRouteComponent(() => import('../features/auth/ForgotPasswordPage'), 'ForgotPasswordPage'),
});

const setPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'set-password',
  beforeLoad: ({ context }) => context.queryClient.ensureQueryData(sessionQuery),
  component: lazyRouteComponent(() => import('../features/auth/SetPasswordPage'), 'SetPasswordPage'),
});

export const publicRoutes = [signInRoute, forgotPasswordRoute, setPasswordRoute, verifyRoute] as const;

/** The signed-in frame: every page under it needs a full session. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session?.stage !== 'full') {
      throw redirect({ to: '/sign-in', search: { redirect: location.href === '/' ? undefined : location.href } });
    }
  },
  component: lazyRouteComponent(() => import('../features/shell/AppLayout'), 'AppLayout'),
});

// The library is open to anyone for its public items (server/platform/access.ts: library.read is
// public): no sign-in guard, the frame follows the session.
export const openRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'open',
  beforeLoad: async ({ context }) => {
    await context.queryClient.ensureQueryData(sessionQuery);
  },
  component: lazyRouteComponent(() => import('../features/shell/OpenLayout'), 'OpenLayout'),
});

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
  component: lazyRouteComponent(() => import('../features/library/LibraryPage'), 'LibraryPage'),
});

const libraryItemRoute = createRoute({
  getParentRoute: () => openRoute,
  path: 'library/items/$id',
  component: lazyRouteComponent(() => import('../features/library/ItemPage'), 'ItemPage'),
});

export const openRoutes = [libraryRoute, libraryItemRoute] as const;
