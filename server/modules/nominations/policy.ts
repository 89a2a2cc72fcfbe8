import { type Actor, holds } from '../../platform/access';

/**
 * Who sees what of one session's nominations. The routes' permissions (server/platform/access.ts)
 * admit the roles and officialScope limits the nominees to the reader's; these decide the rest.
 */

/** Screening (risk, mitigation, reasons) is for whoever decides on nominations: the office. */
export const readsScreening = (actor: Actor): boolean => holds(actor, 'nominations.decide');

/** A trainer (reads nominations but neither nominates nor decides) sees the accepted roster only. */
export const readsRosterOnly = (actor: Actor): boolean =>
  holds(actor, 'nominations.read') && !holds(actor, 'nominations.nominate');

/**
 * A focal point (nominates, does not decide) knows their own state's counts and quota only: the
 * session-wide figures would tell them other states' activity.
 */
export const seesOwnStateSeats = (actor: Actor): boolean =>
  holds(actor, 'nominations.nominate') && !holds(actor, 'nominations.decide');

/** The office reaches any session's nominations; the others only those of sessions in their scope. */
export const reachesEverySession = (actor: Actor): boolean => holds(actor, 'nominations.decide');
