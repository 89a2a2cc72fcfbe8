/**
 * Rules of recommendations and their actions:
 *  - an action has exactly one owner (a member state, an agency, the office or a partner
 *    organisation) and a due date; the due date defaults to twelve months after the edition's end
 *    and is never before the edition;
 *  - statuses move planned → in progress → done, or to dropped (with a reason) from either open
 *    status; an officer may reopen a done action (→ in progress), reinstate a dropped one
 *    (→ planned) or move an action in progress back to planned; done records the completion day
 *    (not in the future, not before the edition); every change is kept in the action's history
 *    with who, when and why;
 *  - evidence is a non-empty text, an http(s) link or a stored file;
 *  - an officer carries an open recommendation (or some of its open actions) to the next edition:
 *    the copy links back to the original, the carried actions keep their owner and status, and the
 *    originals are frozen (their history is shown with the copy's, on both);
 *  - a focal point sees and updates (status, evidence) only the actions owned by their state or
 *    one of its agencies: any other action is "not found" for them.
 */

// The module's public functions, one file per sub-resource.

export * from './actions';
export * from './carry';
export * from './follow-through';
export * from './recommendations';
