import type { SessionStatus } from '../../db/schema';
import { type Actor, holds } from '../../platform/access';

/**
 * Who may do what with one training session. The routes' permissions (server/platform/access.ts)
 * admit the roles and sessionScopeCondition hides the sessions out of a reader's scope; these decide
 * about the session in hand.
 */

/** A completed or cancelled session is no longer edited (the service refuses with its own rule). */
export const closedForEdits = (status: SessionStatus): boolean => status === 'completed' || status === 'cancelled';

/** The statuses the reader may move the session to now: the office's only. */
export const transitionsFor = (actor: Actor, next: SessionStatus[]): SessionStatus[] =>
  holds(actor, 'sessions.write') ? next : [];

export const sessionCapabilities = (actor: Actor, session: { status: SessionStatus }) => ({
  edit: holds(actor, 'sessions.write') && !closedForEdits(session.status),
});

/**
 * The quotas a reader sees: a participant none, a focal point their own state's (`'--'` when they
 * have none: no state matches), the others every state's.
 */
export function quotaScope(actor: Actor): { kind: 'none' } | { kind: 'state'; iso2: string } | { kind: 'all' } {
  if (holds(actor, 'participation.self')) return { kind: 'none' };
  if (actor.role === 'focal_point') return { kind: 'state', iso2: actor.stateIso2 ?? '--' };
  return { kind: 'all' };
}
