import type { ActionStatus } from '../../db/schema';
import { type Actor, holds } from '../../platform/access';

/**
 * Who may do what with one recommendation or action. The routes' permissions
 * (server/platform/access.ts) admit the roles and the SQL scope (repository.ts actionScopeCondition)
 * hides other states' actions from a focal point; these decide about the record in hand.
 */

/** Who may make each move: the owner's focal point or an officer ('owner'), or an officer only. */
export const TRANSITIONS: Record<ActionStatus, Partial<Record<ActionStatus, 'owner' | 'officer'>>> = {
  planned: { in_progress: 'owner', done: 'owner', dropped: 'owner' },
  in_progress: { done: 'owner', dropped: 'owner', planned: 'officer' },
  done: { in_progress: 'officer' },
  dropped: { planned: 'officer' },
};

/** Whether the actor makes a move reserved to `who`. */
export const makesMove = (actor: Actor, who: 'owner' | 'officer'): boolean =>
  holds(actor, who === 'owner' ? 'recommendations.actions.update' : 'recommendations.write');

/** The statuses the actor may move an action to now: none once it was carried on (its copy moves instead). */
export function allowedTransitions(actor: Actor, action: { status: ActionStatus; carriedOn: boolean }): ActionStatus[] {
  if (action.carriedOn) return [];
  return Object.entries(TRANSITIONS[action.status])
    .filter(([, who]) => makesMove(actor, who))
    .map(([to]) => to as ActionStatus);
}

export function actionCapabilities(actor: Actor, action: { carriedOn: boolean }) {
  return {
    /** Its description, owner or due date (the office's). */
    edit: !action.carriedOn && holds(actor, 'recommendations.write'),
    addEvidence: !action.carriedOn && holds(actor, 'recommendations.actions.update'),
  };
}

/** Carrying to the next edition is the office's, while there is one and something is left to carry. */
export const carries = (actor: Actor, somethingToCarry: boolean): boolean =>
  holds(actor, 'recommendations.write') && somethingToCarry;

/** A focal point reads the follow-through figure of their own state only; officers any state's. */
export const followsOwnStateOnly = (actor: Actor): boolean =>
  holds(actor, 'recommendations.actions.read') && !holds(actor, 'recommendations.read');
