import type { EditionStatus } from '../../../contract/enums';
import type { DelegateStatus } from '../../db/schema';
import { type Actor, holds } from '../../platform/access';

/**
 * Who may do what with one delegation or delegate of the high-level meeting. The routes' permissions
 * (server/platform/access.ts) admit the roles; these decide about the record. A past edition changes
 * no more (the service refuses with its own rule); the capabilities say so too.
 */

/** A focal point acts on their own state's delegation only: the others do not exist for them (404). */
export const reachesDelegation = (actor: Actor, delegation: { stateIso2: string | null }): boolean =>
  actor.role !== 'focal_point' || delegation.stateIso2 === actor.stateIso2;

/** The office changes any registration; a focal point corrects a pending one only. */
export const editsDelegate = (actor: Actor, delegate: { status: DelegateStatus }): boolean =>
  holds(actor, 'meetings.manage') || delegate.status === 'pending';

/** Agenda items are for office staff and focal points; partners see editions and documents only. */
export const readsAgenda = (actor: Actor): boolean => holds(actor, 'meetings.agenda');

export function delegationCapabilities(actor: Actor, edition: EditionStatus, delegation: { stateIso2: string | null }) {
  const open = edition !== 'past';
  const registers = open && holds(actor, 'meetings.register') && reachesDelegation(actor, delegation);
  return {
    /** Its role, or its removal. */
    edit: open && holds(actor, 'meetings.manage'),
    /** Registering a delegate, naming the head. */
    register: registers,
  };
}

export function delegateCapabilities(
  actor: Actor,
  edition: EditionStatus,
  delegation: { stateIso2: string | null },
  delegate: { status: DelegateStatus },
) {
  const open = edition !== 'past';
  return {
    edit: open && holds(actor, 'meetings.register') && reachesDelegation(actor, delegation) && editsDelegate(actor, delegate),
    decide: open && holds(actor, 'meetings.manage'),
  };
}
