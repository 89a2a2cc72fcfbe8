import { eq } from 'drizzle-orm';
import type { Issuer } from '../../modules/certificates/service';
import { findUserByEmail } from '../../modules/users/repository';
import { createUser } from '../../modules/users/service';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { DatabaseHandle, Queryable } from '../../platform/db';
import { PUBLISHED_DEMO_PASSWORD } from '../../platform/passwords';
import type { Role } from '../schema';
import { settings } from '../schema';
import { seedDemoCertificates } from './demo-certificates';
import { seedDemoHistory } from './demo-history';
import { seedDemoLibrary } from './demo-library';
import { seedDemoMeetings } from './demo-meetings';
import { seedDemoNationalProgrammes } from './demo-national-programmes';
import { seedDemoPartners } from './demo-partners';
import { seedDemoRecommendations } from './demo-recommendations';

/** Shared by every demo account; printed at start-up and in the README. Demo data only. */
export const DEMO_PASSWORD = PUBLISHED_DEMO_PASSWORD;

export const demoAccounts: {
  email: string;
  displayName: string;
  role: Role;
  stateIso2?: string;
  locale: 'en' | 'fr' | 'ar' | 'pt';
}[] = [
  { email: 'admin@tadrib.demo', displayName: 'Amina Benali', role: 'admin', locale: 'fr' },
  { email: 'officer@tadrib.demo', displayName: 'Youssef El Idrissi', role: 'programme_officer', locale: 'en' },
  { email: 'me@tadrib.demo', displayName: 'Claire Mensah', role: 'me_officer', locale: 'en' },
  { email: 'trainer@tadrib.demo', displayName: 'Rachid Ouazzani', role: 'trainer', locale: 'fr' },
  { email: 'focal.ng@tadrib.demo', displayName: 'Chinedu Okafor', role: 'focal_point', stateIso2: 'NG', locale: 'en' },
  { email: 'participant.ng@tadrib.demo', displayName: 'Aisha Bello', role: 'participant', stateIso2: 'NG', locale: 'en' },
  { email: 'partner@tadrib.demo', displayName: 'Donor Liaison', role: 'partner', locale: 'en' },
];

const SEED_KEY = 'seed.demo';

export async function demoSeeded(db: Queryable): Promise<boolean> {
  const [row] = await db.select({ key: settings.key }).from(settings).where(eq(settings.key, SEED_KEY));
  return Boolean(row);
}

/**
 * Adds the demo accounts (skipping any that exist) and, when asked, the demo history of trainings
 * at the given scale (once: a database that has it keeps it).
 */
export async function seedDemo(
  handle: DatabaseHandle,
  audit: AuditContext,
  /** `issuer` signs the history's certificates; without it the history has none. */
  options: { history?: boolean; scale?: number; issuer?: Issuer } = {},
): Promise<{
  history: Awaited<ReturnType<typeof seedDemoHistory>> | null;
  certificates: Awaited<ReturnType<typeof seedDemoCertificates>> | null;
}> {
  const { db } = handle;
  for (const account of demoAccounts) {
    if (await findUserByEmail(db, account.email)) continue;
    await createUser(db, audit, { ...account, password: DEMO_PASSWORD, demo: true });
  }
  const [existing] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SEED_KEY));
  const hadHistory = Boolean((existing?.value as { history?: unknown } | undefined)?.history);
  const history = options.history && !hadHistory ? await seedDemoHistory(handle, options.scale ?? 1) : null;
  if (history) {
    await writeAudit(db, audit, {
      action: 'seed.demo',
      recordType: 'database',
      details: { scale: options.scale ?? 1, ...history },
    });
    await seedDemoMeetings(db, audit);
    await seedDemoRecommendations(db, audit);
    await seedDemoPartners(db, audit);
    await seedDemoNationalProgrammes(db, audit);
    await seedDemoLibrary(db, audit);
    // Planner statistics for the tables just loaded, as the owner: a server without autovacuum
    // (or PGlite, which has none) would otherwise plan a million enrolments as an empty table.
    await handle.bulk((session) => session.query('analyze'));
  }
  const certificates = history && options.issuer ? await seedDemoCertificates(db, audit, options.issuer) : null;
  const marker = {
    at: new Date().toISOString(),
    accounts: demoAccounts.length,
    history: hadHistory || history ? { scale: options.scale ?? 1 } : null,
  };
  await db
    .insert(settings)
    .values({ key: SEED_KEY, value: marker })
    .onConflictDoUpdate({ target: settings.key, set: { value: marker, updatedAt: new Date() } });
  return { history, certificates };
}

export function describeDemoAccounts(): string {
  const width = Math.max(...demoAccounts.map((a) => a.email.length));
  return demoAccounts
    .map((a) => `  ${a.email.padEnd(width)}  ${a.role}${a.stateIso2 ? ` (${a.stateIso2})` : ''}`)
    .concat(`  password for all: ${DEMO_PASSWORD}`)
    .join('\n');
}
