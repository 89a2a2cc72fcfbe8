import { type Actor, holds } from '../../platform/access';

/**
 * Who sees what of one partner organisation. The routes' permissions (server/platform/access.ts)
 * admit the roles; these decide about the organisation in hand.
 */

/** A partner user reads its own organisation only (users.organisation_id): any other does not exist for it. */
export const readsOwnOrganisationOnly = (actor: Actor): boolean => holds(actor, 'partners.own');

/** Contacts are personal data of partner staff: their count too is for office staff only. */
export const readsContacts = (actor: Actor): boolean => holds(actor, 'partners.contacts');
