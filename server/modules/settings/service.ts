import { eq } from 'drizzle-orm';
import { type LocalisedText, type Role, roles, settings } from '../../db/schema';
import type { Queryable } from '../../platform/db';

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

export async function saveSecuritySettings(db: Queryable, value: SecuritySettings, byUserId: string): Promise<void> {
  const unique = { mfaRequiredRoles: [...new Set(value.mfaRequiredRoles)].sort() };
  await db
    .insert(settings)
    .values({ key: SECURITY_KEY, value: unique, updatedBy: byUserId })
    .onConflictDoUpdate({ target: settings.key, set: { value: unique, updatedBy: byUserId, updatedAt: new Date() } });
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

export async function saveCertificateSettings(db: Queryable, value: CertificateSettings, byUserId: string): Promise<void> {
  await db
    .insert(settings)
    .values({ key: CERTIFICATES_KEY, value, updatedBy: byUserId })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: byUserId, updatedAt: new Date() } });
}
