import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Role } from '../db/schema';
import { AppError } from '../errors';

/**
 * The one place that decides who may do what. Every /api route names one of these
 * permissions (the app refuses to register a route that does not), and every query of
 * personal data takes its scope from `personalDataScope`.
 */

export const staffRoles = ['admin', 'programme_officer', 'me_officer', 'trainer'] as const satisfies Role[];
const everyRole: Role[] = ['admin', 'programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant', 'partner'];

export type SessionStage = 'password' | 'enrol' | 'full';

type Rule =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** A session at one of these stages (used by the sign-in steps themselves). */
  | { kind: 'session'; stages: SessionStage[] }
  /** A fully signed-in user with one of these roles. */
  | { kind: 'roles'; roles: Role[]; stages?: SessionStage[] };

export const permissions = {
  public: { kind: 'public' },
  'auth.session': { kind: 'session', stages: ['password', 'enrol', 'full'] },
  'auth.secondFactor': { kind: 'session', stages: ['password'] },
  'account.read': { kind: 'roles', roles: everyRole },
  'account.update': { kind: 'roles', roles: everyRole },
  /** Enrolment of a second factor is allowed before the user is fully signed in, when their role requires it. */
  'account.enrolSecondFactor': { kind: 'roles', roles: everyRole, stages: ['enrol', 'full'] },
  'reference.read': { kind: 'roles', roles: everyRole },
  'users.manage': { kind: 'roles', roles: ['admin'] },
  'settings.manage': { kind: 'roles', roles: ['admin'] },
  'audit.read': { kind: 'roles', roles: ['admin'] },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof permissions;

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(permissions, value);
}

/** The signed-in (or signing-in) person behind a request. */
export type Actor = {
  userId: string;
  email: string;
  role: Role;
  stateIso2: string | null;
  sessionId: string;
  stage: SessionStage;
};

/** Throws the right error when the actor may not use a route guarded by `permission`. */
export function assertAllowed(permission: Permission, actor: Actor | null): void {
  const rule: Rule = permissions[permission];
  if (rule.kind === 'public') return;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (rule.kind === 'session') {
    if (!rule.stages.includes(actor.stage)) throw new AppError('FORBIDDEN', 'Not available at this step of sign-in');
    return;
  }
  const stages = rule.stages ?? ['full'];
  if (!stages.includes(actor.stage)) {
    throw actor.stage === 'password'
      ? new AppError('MFA_REQUIRED', 'Give your second-factor code to finish signing in')
      : new AppError('MFA_REQUIRED', 'Your role requires a second factor: set it up to continue');
  }
  if (!rule.roles.includes(actor.role)) throw new AppError('FORBIDDEN', 'Your role does not allow this');
}

/** Which member states' personal data an actor may read. */
export type PersonalDataScope = { kind: 'all' } | { kind: 'state'; iso2: string } | { kind: 'none' };

export function personalDataScope(actor: Actor): PersonalDataScope {
  switch (actor.role) {
    case 'admin':
    case 'programme_officer':
    case 'me_officer':
      return { kind: 'all' };
    case 'focal_point':
      return actor.stateIso2 ? { kind: 'state', iso2: actor.stateIso2 } : { kind: 'none' };
    default:
      // Trainers (their own sessions), participants (themselves) get narrower grants per domain.
      return { kind: 'none' };
  }
}

/** The SQL condition that limits a query of state-held personal data to the actor's scope. */
export function stateScopeCondition(scope: PersonalDataScope, stateColumn: AnyPgColumn): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'state':
      return sql`${stateColumn} = ${scope.iso2}`;
    case 'none':
      return sql`false`;
  }
}
