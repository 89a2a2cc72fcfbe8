import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { auditOutcomes, type OutboxStatus, outboxStatuses, type Role, roles } from '../../../contract/enums';
import type { AuditSearch } from '../features/audit/audit';
import { appRoute } from './root';
import { isoDay, oneOf, pageNumber, text } from './search';

/** The administrators' pages: users, audit trail, outbox, security settings. */

const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin',
  component: lazyRouteComponent(() => import('../features/shell/AdminGuard'), 'AdminGuard'),
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
  component: lazyRouteComponent(() => import('../features/users/UsersPage'), 'UsersPage'),
});

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
  component: lazyRouteComponent(() => import('../features/audit/AuditPage'), 'AuditPage'),
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
  component: lazyRouteComponent(() => import('../features/outbox/OutboxPage'), 'OutboxPage'),
});

const securityRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'security',
  component: lazyRouteComponent(() => import('../features/security/SecuritySettingsPage'), 'SecuritySettingsPage'),
});

export const adminRoutes = adminRoute.addChildren([usersRoute, auditRoute, outboxRoute, securityRoute]);
