import { asc, eq } from 'drizzle-orm';
import { type Issuer, issueDue, revokeAsOffice } from '../../modules/certificates/service';
import type { AuditContext } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { trainingSessions, users } from '../schema';

/** Every so many certificates one is revoked, with a reason, so that the demo shows revocation too. */
const REVOKE_EVERY = 37;
const REVOCATIONS = [
  { reason: 'error', note: 'Issued for the wrong session: attendance was recorded under another cohort' },
  { reason: 'fraud', note: 'Post-test answers copied from another participant, established by the trainer' },
] as const;

/**
 * The demo history's certificates (issue 10): the completed sessions' completions get theirs, as
 * the programme officer would issue them, and a few are revoked with a reason. The demo
 * participant's own certificates are never among those revoked.
 */
export async function seedDemoCertificates(db: Database, audit: AuditContext, issuer: Issuer) {
  const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'programme_officer')).limit(1);
  const [participant] = await db
    .select({ officialId: users.officialId })
    .from(users)
    .where(eq(users.role, 'participant'))
    .limit(1);
  const sessions = await db
    .select({ id: trainingSessions.id })
    .from(trainingSessions)
    .where(eq(trainingSessions.status, 'completed'))
    .orderBy(asc(trainingSessions.startDate), asc(trainingSessions.id));
  let issued = 0;
  let revoked = 0;
  for (const session of sessions) {
    await db.transaction(async (tx) => {
      const created = await issueDue(tx, audit, issuer, session.id, officer?.id ?? null, { skipWhenNone: true });
      for (const certificate of created) {
        issued += 1;
        if (issued % REVOKE_EVERY !== 0 || certificate.officialId === participant?.officialId) continue;
        const revocation = REVOCATIONS[revoked % REVOCATIONS.length] as (typeof REVOCATIONS)[number];
        await revokeAsOffice(tx, audit, certificate.id, officer?.id ?? null, revocation);
        revoked += 1;
      }
    });
  }
  return { certificates: issued, revoked };
}
