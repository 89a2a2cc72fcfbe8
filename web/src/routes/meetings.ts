import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { actionOwnerKinds, actionStatuses } from '../../../contract/enums';
import { appRoute } from './root';
import { oneOf, pageNumber, text } from './search';

/** The meetings' editions and the follow-up of their recommendations. */

const meetingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'meetings',
  component: lazyRouteComponent(() => import('../features/meetings/EditionsPage'), 'EditionsPage'),
});

const editionTabValues = ['overview', 'delegations', 'agenda', 'documents', 'badges'] as const;
const meetingEditionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'meetings/$id',
  validateSearch: (search): { tab?: (typeof editionTabValues)[number] } => ({ tab: oneOf(search.tab, editionTabValues) }),
  component: lazyRouteComponent(() => import('../features/meetings/EditionPage'), 'EditionPage'),
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
  component: lazyRouteComponent(() => import('../features/recommendations/RecommendationsPage'), 'RecommendationsPage'),
});

const recommendationEditionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/editions/$id',
  component: lazyRouteComponent(
    () => import('../features/recommendations/EditionRecommendationsPage'),
    'EditionRecommendationsPage',
  ),
});

const recommendationActionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/actions',
  validateSearch: recommendationActionsSearch,
  component: lazyRouteComponent(() => import('../features/recommendations/ActionsPage'), 'ActionsPage'),
});

const overdueActionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/overdue',
  validateSearch: recommendationActionsSearch,
  component: lazyRouteComponent(() => import('../features/recommendations/ActionsPage'), 'OverdueActionsPage'),
});

const recommendationActionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/actions/$id',
  component: lazyRouteComponent(() => import('../features/recommendations/ActionPage'), 'ActionPage'),
});

const recommendationsByStateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recommendations/by-state',
  component: lazyRouteComponent(() => import('../features/recommendations/ByStatePage'), 'ByStatePage'),
});

const myStateActionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-state-actions',
  validateSearch: recommendationActionsSearch,
  component: lazyRouteComponent(() => import('../features/recommendations/ActionsPage'), 'MyStateActionsPage'),
});

export const meetingsRoutes = [
  meetingsRoute,
  meetingEditionRoute,
  recommendationsRoute,
  recommendationEditionRoute,
  recommendationActionsRoute,
  overdueActionsRoute,
  recommendationActionRoute,
  recommendationsByStateRoute,
  myStateActionsRoute,
] as const;
