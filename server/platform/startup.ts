import { count } from 'drizzle-orm';
import type { Config } from '../config';
import { users } from '../db/schema';
import { demoSeeded, describeDemoAccounts, seedDemo } from '../db/seed/demo';
import { REFERENCE_SEED_VERSION, referenceSeedVersion, seedReference } from '../db/seed/reference';
import type { AuditContext } from './audit';
import type { DatabaseHandle } from './db';

export const systemActor = (name: string): AuditContext => ({
  actorUserId: null,
  actorRole: name,
  address: null,
  requestId: null,
});

/**
 * Brings a database to the current schema and reference data. An empty database also gets
 * the demo data when the config asks for it; a database already in use is left as it is.
 */
export async function prepareDatabase(
  handle: DatabaseHandle,
  config: Pick<Config, 'seedDemo'> & { demoHistory?: boolean },
): Promise<{ seededReference: boolean; seededDemo: boolean; demo: string | null; hasUsers: boolean }> {
  await handle.migrate();
  const seededReference = (await referenceSeedVersion(handle.db)) !== REFERENCE_SEED_VERSION;
  if (seededReference) await seedReference(handle.db);
  const [row] = await handle.db.select({ n: count() }).from(users);
  const empty = Number(row?.n ?? 0) === 0;
  const seededDemo = empty && config.seedDemo;
  if (seededDemo) await seedDemo(handle, systemActor('system:seed'), { history: config.demoHistory ?? false, scale: 1 });
  const demo = (await demoSeeded(handle.db)) ? describeDemoAccounts() : null;
  // Migrated and seeded as the owner: from here on the server works as the runtime role.
  await handle.switchToRuntimeRole();
  return { seededReference, seededDemo, demo, hasUsers: !empty || seededDemo };
}
