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
