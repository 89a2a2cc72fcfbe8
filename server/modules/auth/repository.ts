import { and, count, eq, gt, lt, min } from 'drizzle-orm';
import { authSessions, loginFailures } from '../../db/schema';
import type { SessionStage } from '../../platform/access';
import type { Queryable } from '../../platform/db';

export async function recentFailures(
  db: Queryable,
  key: { account: string } | { address: string },
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const match = 'account' in key ? eq(loginFailures.account, key.account) : eq(loginFailures.address, key.address);
  const [row] = await db
    .select({ n: count(), oldest: min(loginFailures.at) })
    .from(loginFailures)
    .where(and(match, gt(loginFailures.at, since)));
  return { count: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function recordFailure(db: Queryable, account: string, address: string, windowStart: Date): Promise<void> {
  await db.insert(loginFailures).values({ account, address });
  // Old rows no longer count toward any limit.
  await db.delete(loginFailures).where(lt(loginFailures.at, windowStart));
}

export async function clearAccountFailures(db: Queryable, account: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.account, account));
}

export async function setSessionStage(db: Queryable, sessionId: string, stage: SessionStage): Promise<void> {
  await db.update(authSessions).set({ stage }).where(eq(authSessions.id, sessionId));
}
