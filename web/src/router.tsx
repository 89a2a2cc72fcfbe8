import type { QueryClient } from '@tanstack/react-query';
import { createRouter } from '@tanstack/react-router';
import { PageLoader, RouteError } from './components/RouteStatus';
import { adminRoutes } from './routes/admin';
import { meetingsRoutes } from './routes/meetings';
import { partnersRoutes } from './routes/partners';
import { peopleRoutes } from './routes/people';
import { resultsRoutes } from './routes/results';
import { appRoute, openRoute, openRoutes, publicRoutes, rootRoute } from './routes/root';
import { trainingRoutes } from './routes/training';

// Each area's routes are declared in web/src/routes/; every page but the sign-in is a lazy chunk.
const routeTree = rootRoute.addChildren([
  ...publicRoutes,
  openRoute.addChildren(openRoutes),
  appRoute.addChildren([...peopleRoutes, ...trainingRoutes, ...resultsRoutes, ...partnersRoutes, ...meetingsRoutes, adminRoutes]),
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
