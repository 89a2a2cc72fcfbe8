import { type Actor, holds } from '../../platform/access';

/**
 * Who may do what with one session's delivery (attendance, tests, overrides). The routes'
 * permissions (server/platform/access.ts) admit the roles; the session scope narrows a trainer to
 * the sessions they deliver.
 */

/** Delivery is recorded by officers (any session) and trainers (their own): to anyone else a session does not exist. */
export const recordsDelivery = (actor: Actor): boolean => holds(actor, 'delivery.record');

export const deliveryCapabilities = (actor: Actor) => ({
  /** Overriding the pass/certificate decision: the office's. */
  override: holds(actor, 'delivery.override'),
});
