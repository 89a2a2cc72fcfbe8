import { count } from 'drizzle-orm';
import type { Config } from '../config';
import { users } from '../db/schema';
import { demoSeeded, describeDemoAccounts, seedDemo } from '../db/seed/demo';
import { REFERENCE_SEED_VERSION, referenceSeedVersion, seedReference } from '../db/seed/reference';
import { protectStoredSecondFactors } from '../modules/account/service';
import type { Issuer } from '../modules/certificates/service';
import { type AuditContext, checkpointAuditChain } from './audit';
import type { Database, DatabaseHandle } from './db';
import type { ServerKeys } from './keys';

export const systemActor = (name: string, keys: ServerKeys): AuditContext => ({
  actorUserId: null,
  actorRole: name,
  address: null,
  requestId: null,
  chainKey: keys.auditChain,
});

/**
 * What a migrated database needs from the keys before anything is written: the audit chain
 * anchored by a first signed checkpoint (which also fixes from where rows are keyed, for a
 * database upgraded from the unkeyed chain), and second-factor secrets stored before sealing
 * sealed. Both are no-ops once done.
 */
export async function protectWithKeys(db: Database, keys: ServerKeys): Promise<void> {
  await checkpointAuditChain(db, keys);
  await protectStoredSecondFactors(db, keys.secondFactor);
}

/**
 * Brings a database to the current schema and reference data. An empty database also gets
 * the demo data when the config asks for it; a database already in use is left as it is.
 */
export async function prepareDatabase(
  handle: DatabaseHandle,
  keys: ServerKeys,
  config: Pick<Config, 'seedDemo'> & { demoHistory?: boolean; issuer?: Issuer['config'] },
): Promise<{ seededReference: boolean; seededDemo: boolean; demo: string | null; hasUsers: boolean }> {
  await handle.migrate();
  await protectWithKeys(handle.db, keys);
  const seededReference = (await referenceSeedVersion(handle.db)) !== REFERENCE_SEED_VERSION;
  if (seededReference) await seedReference(handle.db);
  const [row] = await handle.db.select({ n: count() }).from(users);
  const empty = Number(row?.n ?? 0) === 0;
  const seededDemo = empty && config.seedDemo;
  if (seededDemo) {
    await seedDemo(handle, systemActor('system:seed', keys), {
      history: config.demoHistory ?? false,
      scale: 1,
      ...(config.issuer ? { issuer: { config: config.issuer, keys } } : {}),
    });
    await checkpointAuditChain(handle.db, keys);
  }
  const demo = (await demoSeeded(handle.db)) ? describeDemoAccounts() : null;
  // Migrated and seeded as the owner: from here on the server works as the runtime role.
  await handle.switchToRuntimeRole();
  return { seededReference, seededDemo, demo, hasUsers: !empty || seededDemo };
}
