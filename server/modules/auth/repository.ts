import { eq } from 'drizzle-orm';
import { authSessions } from '../../db/schema';
import type { SessionStage } from '../../platform/access';
import type { Queryable } from '../../platform/db';

export async function setSessionStage(db: Queryable, sessionId: string, stage: SessionStage): Promise<void> {
  await db.update(authSessions).set({ stage }).where(eq(authSessions.id, sessionId));
}
