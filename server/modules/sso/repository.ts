import { and, eq, lt } from 'drizzle-orm';
import { oidcPendingLogins, ssoIdentities } from '../../db/schema';
import type { Queryable } from '../../platform/db';

export type PendingLogin = typeof oidcPendingLogins.$inferSelect;

export async function savePendingLogin(db: Queryable, row: typeof oidcPendingLogins.$inferInsert): Promise<void> {
  // Abandoned sign-ins are dropped as new ones start.
  await db.delete(oidcPendingLogins).where(lt(oidcPendingLogins.expiresAt, new Date()));
  await db.insert(oidcPendingLogins).values(row);
}

/** Removes and returns the pending sign-in of a state: each is used at most once. */
export async function takePendingLogin(db: Queryable, id: string): Promise<PendingLogin | undefined> {
  const [row] = await db.delete(oidcPendingLogins).where(eq(oidcPendingLogins.id, id)).returning();
  return row;
}

export async function findIdentity(db: Queryable, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.issuer, issuer), eq(ssoIdentities.subject, subject)));
  return row;
}

export async function findIdentityOfUser(db: Queryable, userId: string, issuer: string) {
  const [row] = await db
    .select()
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.userId, userId), eq(ssoIdentities.issuer, issuer)));
  return row;
}

/**
 * Links the identity to the account; null when a sign-in running at the same moment linked this
 * identity, or another identity of the same provider, first (the unique keys decide, no error).
 */
export async function linkIdentity(
  db: Queryable,
  link: { userId: string; issuer: string; subject: string; linkedEmail: string },
): Promise<{ id: string } | null> {
  const [row] = await db.insert(ssoIdentities).values(link).onConflictDoNothing().returning({ id: ssoIdentities.id });
  return row ?? null;
}

export async function recordIdentitySignIn(db: Queryable, id: string): Promise<void> {
  await db.update(ssoIdentities).set({ lastSignInAt: new Date() }).where(eq(ssoIdentities.id, id));
}
