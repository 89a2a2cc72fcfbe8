import { type Actor, holds } from '../../platform/access';

/**
 * What a reader may do with one certificate. The routes' permissions (server/platform/access.ts)
 * admit the roles; the official scope narrows what each reads (repository).
 */
export const issuesCertificates = (actor: Actor): boolean => holds(actor, 'certificates.issue');

export const certificateCapabilities = (actor: Actor, certificate: { revokedAt: Date | null }) => ({
  /** Revoking is the office's, and only once. */
  revoke: issuesCertificates(actor) && certificate.revokedAt === null,
});

/**
 * Whether a revoked certificate bars issuing the completion again: fraud, or the office's own
 * decision that the completion is withdrawn. A certificate revoked by a change of the completion
 * (revoked by no one: service.reconcileCertificates) or by an error is issued again once the
 * completion holds, and the new one supersedes it.
 */
export const barsReissue = (certificate: { revocationReason: string | null; revokedBy: string | null }): boolean =>
  certificate.revocationReason === 'fraud' ||
  (certificate.revocationReason === 'completion_withdrawn' && certificate.revokedBy !== null);
