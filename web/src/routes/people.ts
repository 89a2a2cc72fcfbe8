import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { type Subregion, sexes, subregions } from '../../../contract/enums';
import { appRoute } from './root';
import { oneOf, pageNumber, text } from './search';

/** Home, the member states, the registry of officials, notifications and the reader's own pages. */

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../features/home/HomePage'), 'HomePage'),
});

const librarySubmissionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'library/submissions',
  component: lazyRouteComponent(() => import('../features/library/SubmissionsPage'), 'SubmissionsPage'),
});

type StatesSearch = { q?: string; subregion?: Subregion };

const statesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'states',
  validateSearch: (search): StatesSearch => ({
    q: text(search.q),
    subregion: oneOf(search.subregion, subregions),
  }),
  component: lazyRouteComponent(() => import('../features/states/StatesPage'), 'StatesPage'),
});

const stateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'states/$iso2',
  component: lazyRouteComponent(() => import('../features/states/StatePage'), 'StatePage'),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'account',
  component: lazyRouteComponent(() => import('../features/account/AccountPage'), 'AccountPage'),
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
  component: lazyRouteComponent(() => import('../features/registry/OfficialsPage'), 'OfficialsPage'),
});

const officialRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'officials/$id',
  component: lazyRouteComponent(() => import('../features/registry/OfficialPage'), 'OfficialPage'),
});

const myRecordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-record',
  component: lazyRouteComponent(() => import('../features/registry/OfficialPage'), 'MyRecordPage'),
});

const agenciesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'agencies',
  validateSearch: (search): { state?: string } => ({ state: text(search.state) }),
  component: lazyRouteComponent(() => import('../features/registry/AgenciesPage'), 'AgenciesPage'),
});

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'duplicates',
  validateSearch: (search): { state?: string; page?: number } => ({
    state: text(search.state),
    page: typeof search.page === 'number' && search.page > 1 ? Math.floor(search.page) : undefined,
  }),
  component: lazyRouteComponent(() => import('../features/duplicates/DuplicatesPage'), 'DuplicatesPage'),
});

const importOfficialsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'officials-import',
  component: lazyRouteComponent(() => import('../features/imports/ImportOfficialsPage'), 'ImportOfficialsPage'),
});

const myTrainingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-trainings',
  component: lazyRouteComponent(() => import('../features/participation/MyTrainingsPage'), 'MyTrainingsPage'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'notifications',
  component: lazyRouteComponent(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage'),
});

const notificationPreferencesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'notifications/preferences',
  component: lazyRouteComponent(() => import('../features/notifications/PreferencesPage'), 'PreferencesPage'),
});

const stateSentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'notifications/state',
  component: lazyRouteComponent(() => import('../features/notifications/StateSentPage'), 'StateSentPage'),
});

const certificatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'certificates',
  component: lazyRouteComponent(() => import('../features/certificates/CertificatesPage'), 'CertificatesPage'),
});

export const peopleRoutes = [
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
  myTrainingsRoute,
  notificationsRoute,
  notificationPreferencesRoute,
  stateSentRoute,
  certificatesRoute,
] as const;
