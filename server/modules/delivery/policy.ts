import type { SessionStatus } from '../../../contract/enums';
import { type Actor, holds } from '../../platform/access';

/**
 * Who may do what with one session's delivery (attendance, tests, overrides). The routes'
 * permissions (server/platform/access.ts) admit the roles; the session scope narrows a trainer to
 * the sessions they deliver.
 */

/** Delivery is recorded by officers (any session) and trainers (their own): to anyone else a session does not exist. */
export const recordsDelivery = (actor: Actor): boolean => holds(actor, 'delivery.record');

/**
 * Why the sheet of a session in this status takes no mark from this actor, or null when it does:
 * a cancelled session's from no one; a completed session's from trainers only (corrections after
 * completion, which may revoke a certificate, are the office's).
 */
export function sheetClosedRule(
  actor: Actor,
  status: SessionStatus,
): 'delivery.session_cancelled' | 'delivery.session_completed' | null {
  if (status === 'cancelled') return 'delivery.session_cancelled';
  if (status === 'completed' && !holds(actor, 'delivery.override')) return 'delivery.session_completed';
  return null;
}

/**
 * The conflict rule of two marks of the same person and day (or test): the mark made last, by the
 * time it was made, wins, whichever reaches the server first; the other is kept in the history.
 * A tie goes to the mark received last.
 */
export const madeLaterWins = (incomingMadeAt: Date, recordedAt: Date | undefined): boolean =>
  recordedAt === undefined || incomingMadeAt.getTime() >= recordedAt.getTime();

/** The time a mark was made: the device's, but never later than the server's clock (a device may run fast). */
export const madeAtOf = (sent: string | undefined, now: Date): Date => {
  if (sent === undefined) return now;
  const at = new Date(sent);
  return at.getTime() > now.getTime() ? now : at;
};

export const deliveryCapabilities = (actor: Actor, status: SessionStatus) => ({
  /** Overriding the pass/certificate decision: the office's. */
  override: holds(actor, 'delivery.override'),
  /** Marking attendance and scores on this sheet now. */
  record: sheetClosedRule(actor, status) === null,
});
