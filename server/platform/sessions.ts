import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { authSessions, users } from '../db/schema';
import type { SessionStage } from './access';
import type { Queryable } from './db';
import { outsideWall } from './wall';

export const SESSION_COOKIE = 'tadrib_session';
// last_seen_at is written at most this often, so that reads do not each cost a write.
const TOUCH_INTERVAL_MS = 60_000;

/** Every request hashes its cookie's token: one call, without a Hash object to build (a third of the time). */
export function sessionIdOf(token: string): string {
  return hash('sha256', token, 'hex');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type NewSession = { token: string; id: string; csrfToken: string; expiresAt: Date };

export async function createSession(
  db: Queryable,
  config: Config,
  input: {
    userId: string;
    stage: SessionStage;
    address: string | null;
    userAgent: string | null;
    /** Kept when a session is rotated, so that the open page's token stays valid. */
    csrfToken?: string;
  },
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const id = sessionIdOf(token);
  const csrfToken = input.csrfToken ?? randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + config.session.absoluteMs);
  await db.insert(authSessions).values({
    id,
    userId: input.userId,
    stage: input.stage,
    csrfToken,
    expiresAt,
    address: input.address,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { token, id, csrfToken, expiresAt };
}

export type LoadedSession = {
  id: string;
  stage: SessionStage;
  csrfToken: string;
  user: {
    id: string;
    email: string;
    role: (typeof users.$inferSelect)['role'];
    stateIso2: string | null;
    officialId: string | null;
    locale: (typeof users.$inferSelect)['locale'];
    mustChangePassword: boolean;
  };
};

/** The statement of loadSession, built once per database (a prepared statement, on PostgreSQL parsed once per connection). */
function prepareSessionRead(db: Queryable) {
  return db
    .select({
      id: authSessions.id,
      stage: authSessions.stage,
      csrfToken: authSessions.csrfToken,
      lastSeenAt: authSessions.lastSeenAt,
      expiresAt: authSessions.expiresAt,
      userId: users.id,
      email: users.email,
      role: users.role,
      stateIso2: users.stateIso2,
      officialId: users.officialId,
      locale: users.locale,
      mustChangePassword: users.mustChangePassword,
      active: users.active,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(eq(authSessions.id, sql.placeholder('id')))
    .prepare('auth.session');
}
const sessionReads = new WeakMap<Queryable, ReturnType<typeof prepareSessionRead>>();

/**
 * The live session behind a cookie token, or null when it is unknown, expired or its user inactive.
 * One statement reads the session, its user, role, state and locale: no cache, so that a sign-out,
 * a role change or a deactivation by any process holds for the very next request everywhere. Every
 * request runs it, so its SQL is built once, not per request. Neither table is under row-level
 * security (migration 0014): the statement runs under whatever wall scope its connection holds
 * (`outsideWall`), costing no `set_config` round trip.
 */
export async function loadSession(db: Queryable, config: Config, token: string): Promise<LoadedSession | null> {
  const id = sessionIdOf(token);
  let read = sessionReads.get(db);
  if (!read) {
    read = prepareSessionRead(db);
    sessionReads.set(db, read);
  }
  const statement = read;
  const [row] = await outsideWall(() => statement.execute({ id }));
  if (!row) return null;
  const now = Date.now();
  if (!row.active || row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + config.session.idleMs <= now) {
    await db.delete(authSessions).where(eq(authSessions.id, id));
    return null;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .update(authSessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(authSessions.id, id));
  }
  return {
    id: row.id,
    stage: row.stage,
    csrfToken: row.csrfToken,
    user: {
      id: row.userId,
      email: row.email,
      role: row.role,
      stateIso2: row.stateIso2,
      officialId: row.officialId,
      locale: row.locale,
      mustChangePassword: row.mustChangePassword,
    },
  };
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.id, id));
}

/** Ends every session of a user but one (the one that asked). */
export async function deleteOtherSessionsOfUser(db: Queryable, userId: string, keepSessionId: string): Promise<void> {
  await db.delete(authSessions).where(and(eq(authSessions.userId, userId), ne(authSessions.id, keepSessionId)));
}

export async function deleteSessionsOfUser(db: Queryable, userId: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.userId, userId));
}

/** Housekeeping: drop sessions past their absolute or idle expiry. */
export async function purgeExpiredSessions(db: Queryable, config: Config): Promise<void> {
  await db
    .delete(authSessions)
    .where(
      or(
        lt(authSessions.expiresAt, new Date()),
        lt(authSessions.lastSeenAt, sql`now() - make_interval(secs => ${config.session.idleMs / 1000})`),
      ),
    );
}
