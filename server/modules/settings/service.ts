import { eq } from 'drizzle-orm';
import { type Role, roles, settings } from '../../db/schema';
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
