import { eq } from 'drizzle-orm';
import { settings } from '../../db/schema';
import type { Queryable } from '../../platform/db';

/** How the office's OpenID provider is set up, as the admin saved it (the secret sealed, see secret-box.ts). */
export type SsoSettings = {
  enabled: boolean;
  /** Shown on the sign-in button: "Sign in with <displayName>". */
  displayName: string;
  issuer: string;
  clientId: string;
  sealedClientSecret: string | null;
  /** Email domains whose staff sign in through the provider; only accounts of these domains are linked. */
  domains: string[];
  /** Whether the provider's `amr` claim saying multi-factor counts as Tadrib's second factor. */
  trustProviderMfa: boolean;
};

const SSO_KEY = 'sso';

export async function getSsoSettings(db: Queryable): Promise<SsoSettings | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SSO_KEY));
  return row ? (row.value as SsoSettings) : null;
}

export async function saveSsoSettings(db: Queryable, value: SsoSettings, byUserId: string): Promise<void> {
  await db
    .insert(settings)
    .values({ key: SSO_KEY, value, updatedBy: byUserId })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: byUserId, updatedAt: new Date() } });
}

/** The domain of an email address, lower-cased; '' when it has none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0
    ? ''
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}
