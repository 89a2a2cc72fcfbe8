import type { SubmissionStatus } from '../../db/schema';
import { type Actor, holds, readsEveryLibraryItem } from '../../platform/access';

/**
 * Who may do what with one library item or submission. Who may see an item at all is the access
 * layer's (libraryItemScopeCondition, server/platform/access.ts): these decide for a reader who
 * already sees it.
 */

/** The office edits every item; a trainer the session materials they put in the library themselves. */
export const editsItem = (actor: Actor | null, item: { createdBy: string | null }): boolean =>
  actor !== null && (holds(actor, 'library.manage') || (holds(actor, 'library.materials') && item.createdBy === actor.userId));

/** Earlier versions of a file stay for the office: the others read the current version only. */
export const readsPreviousVersions = (actor: Actor | null): boolean => readsEveryLibraryItem(actor);

/**
 * The office removes an item, or one version of one of its files (a wrong or withdrawn upload):
 * what is removed is gone for every reader (404) and from the search; the audit keeps its name and
 * checksum. A trainer removes a material of their own whole (the item they attached) and replaces
 * one of its files by uploading the next version.
 */
export const deletesItem = editsItem;

export const deletesFileVersion = (actor: Actor | null): boolean => actor !== null && holds(actor, 'library.manage');

export function itemCapabilities(actor: Actor | null, item: { createdBy: string | null }) {
  const edit = editsItem(actor, item);
  return { edit, upload: edit, delete: deletesItem(actor, item), deleteVersion: deletesFileVersion(actor) };
}

/** A submitter sees and resubmits their own submissions; the office reviews all. */
export const ownsSubmission = (actor: Actor, submission: { submittedBy: string }): boolean =>
  submission.submittedBy === actor.userId;

export const reviewsSubmissions = (actor: Actor): boolean => holds(actor, 'library.review');

/** Open to review until published or declined. */
export const underReview = (status: SubmissionStatus): boolean => status === 'submitted' || status === 'resubmitted';

export function submissionCapabilities(actor: Actor, submission: { submittedBy: string; status: SubmissionStatus }) {
  return {
    resubmit: ownsSubmission(actor, submission) && submission.status === 'returned',
    review: reviewsSubmissions(actor) && underReview(submission.status),
  };
}
