import { eq } from 'drizzle-orm';
import { type LocalisedText, type Role, roles, settings } from '../../db/schema';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';

export type SecuritySettings = { mfaRequiredRoles: Role[] };

const SECURITY_KEY = 'security';
const defaults: SecuritySettings = { mfaRequiredRoles: [] };

export async function getSecuritySettings(db: Queryable): Promise<SecuritySettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SECURITY_KEY));
  const stored = (row?.value ?? {}) as Partial<SecuritySettings>;
  return {
    mfaRequiredRoles: (stored.mfaRequiredRoles ?? defaults.mfaRequiredRoles).filter((r): r is Role =>
      (roles as readonly string[]).includes(r),
    ),
  };
}

/** Chooses the roles for which a second factor is mandatory; answers the settings now stored. */
export function updateSecuritySettings(db: Database, audit: AuditContext, actor: Actor, value: SecuritySettings) {
  const unique = { mfaRequiredRoles: [...new Set(value.mfaRequiredRoles)].sort() };
  return replaceGroup(db, audit, actor, SECURITY_KEY, getSecuritySettings, value, unique);
}

export async function roleRequiresSecondFactor(db: Queryable, role: Role): Promise<boolean> {
  return (await getSecuritySettings(db)).mfaRequiredRoles.includes(role);
}

/** Who signs the certificates (issue 10): their names and titles, printed on every certificate. */
export type CertificateSettings = { signatories: { name: string; title: LocalisedText }[] };

const CERTIFICATES_KEY = 'certificates';

export async function getCertificateSettings(db: Queryable): Promise<CertificateSettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, CERTIFICATES_KEY));
  const stored = (row?.value ?? {}) as Partial<CertificateSettings>;
  return { signatories: Array.isArray(stored.signatories) ? stored.signatories : [] };
}

/** Chooses the signatories printed on certificates; answers the settings now stored. */
export function updateCertificateSettings(db: Database, audit: AuditContext, actor: Actor, value: CertificateSettings) {
  return replaceGroup(db, audit, actor, CERTIFICATES_KEY, getCertificateSettings, value, value);
}

/**
 * Replaces one group of settings (`stored`, the form `value` was sent in once tidied) and audits
 * the change with the group as it was before, in the same transaction; answers it as now stored.
 */
async function replaceGroup<T>(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  key: typeof SECURITY_KEY | typeof CERTIFICATES_KEY,
  read: (db: Queryable) => Promise<T>,
  value: T,
  stored: T,
): Promise<T> {
  const before = await read(db);
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key, value: stored, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settings.key, set: { value: stored, updatedBy: actor.userId, updatedAt: new Date() } });
    await writeAudit(tx, audit, {
      action: `settings.${key}.update`,
      recordType: 'settings',
      recordId: key,
      details: { before, after: value },
    });
  });
  return read(db);
}
