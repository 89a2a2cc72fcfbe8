import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { users } from '../server/db/schema';
import type { DatabaseHandle } from '../server/platform/db';
import type { ServerKeys } from '../server/platform/keys';
import { hashPassword } from '../server/platform/passwords';

/** The programme officer the import benchmarks sign in as. */
export const BENCH_OFFICER = { email: 'bench.officer@tadrib.local', password: 'bench-password-2026' } as const;

/** Adds the bench officer's account; gives its id. */
export async function addBenchOfficer(handle: DatabaseHandle): Promise<string> {
  const [user] = await handle.db
    .insert(users)
    .values({
      email: BENCH_OFFICER.email,
      displayName: 'Bench officer',
      role: 'programme_officer',
      passwordHash: await hashPassword(BENCH_OFFICER.password),
    })
    .returning({ id: users.id });
  return (user as { id: string }).id;
}

/** The server on a bench database: API only, no logs, cookies over plain HTTP. */
export function benchApp(handle: DatabaseHandle, keys: ServerKeys) {
  return buildApp({
    config: loadConfig({ TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'silent' }),
    db: handle.db,
    databaseKind: handle.kind,
    keys,
    serveWeb: false,
    logger: false,
  });
}
