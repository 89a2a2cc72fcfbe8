import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { engagementKinds, programmeStageKinds, sessionStatuses } from '../../../contract/enums';
import { appRoute } from './root';
import { oneOf, pageNumber, text, year } from './search';

/** The curriculum, the sessions and what happens in them, and the national programmes. */

const curriculumRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'curriculum',
  component: lazyRouteComponent(() => import('../features/curriculum/CurriculumPage'), 'CurriculumPage'),
});

const courseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'curriculum/courses/$id',
  component: lazyRouteComponent(() => import('../features/curriculum/CoursePage'), 'CoursePage'),
});

type SessionsSearch = { status?: (typeof sessionStatuses)[number]; course?: string; year?: number; page?: number };

const sessionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions',
  validateSearch: (search): SessionsSearch => ({
    status: oneOf(search.status, sessionStatuses),
    course: text(search.course),
    year: year(search.year),
    page: pageNumber(search.page),
  }),
  component: lazyRouteComponent(() => import('../features/sessions/SessionsPage'), 'SessionsPage'),
});

const sessionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions/$id',
  // The nominations, delivery, certificates and materials tabs register themselves before the page draws.
  component: lazyRouteComponent(
    () => import('../sessionSections').then(() => import('../features/sessions/SessionPage')),
    'SessionPage',
  ),
});

const sessionNominationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions/$id/nominations',
  component: lazyRouteComponent(() => import('../features/nominations/NominationsPage'), 'NominationsPage'),
});

const sessionAttendanceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sessions/$id/attendance',
  component: lazyRouteComponent(() => import('../features/attendance/AttendancePage'), 'AttendancePage'),
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
  component: lazyRouteComponent(() => import('../features/national-programmes/OverviewPage'), 'OverviewPage'),
});

const stateProgrammeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'national-programmes/states/$iso2',
  component: lazyRouteComponent(() => import('../features/national-programmes/StateProgrammePage'), 'StateProgrammePage'),
});

export const trainingRoutes = [
  sessionNominationsRoute,
  sessionAttendanceRoute,
  curriculumRoute,
  courseRoute,
  sessionsRoute,
  sessionRoute,
  nationalProgrammesRoute,
  stateProgrammeRoute,
] as const;
