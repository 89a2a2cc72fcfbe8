import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { Config } from '../config';
import { authSessions, type users } from '../db/schema';
import type { SessionStage } from './access';
import { type DirectStatement, type Queryable, readRows } from './db';
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

/** loadSession's statement: its times as epoch milliseconds, which both engines give as numbers. */
const SESSION_READ: DirectStatement = {
  name: 'auth.session.read',
  text: `select s.id, s.stage, s.csrf_token as "csrfToken",
      extract(epoch from s.last_seen_at)::float8 * 1000 as "lastSeenMs",
      extract(epoch from s.expires_at)::float8 * 1000 as "expiresMs",
      u.id as "userId", u.email, u.role, u.state_iso2 as "stateIso2", u.official_id as "officialId",
      u.locale, u.must_change_password as "mustChangePassword", u.active
    from auth_sessions s join users u on u.id = s.user_id
    where s.id = $1`,
};
type SessionRow = {
  id: string;
  stage: SessionStage;
  csrfToken: string;
  lastSeenMs: number;
  expiresMs: number;
  userId: string;
  email: string;
  role: LoadedSession['user']['role'];
  stateIso2: string | null;
  officialId: string | null;
  locale: LoadedSession['user']['locale'];
  mustChangePassword: boolean;
  active: boolean;
};

/**
 * The live session behind a cookie token, or null when it is unknown, expired or its user inactive.
 * One statement reads the session, its user, role, state and locale: no cache, so that a sign-out,
 * a role change or a deactivation by any process holds for the very next request everywhere. Every
 * request runs it, straight through the driver (platform/db.ts `readRows`). Neither table is under
 * row-level security (migration 0014): the statement runs under whatever wall scope its connection
 * holds (`outsideWall`), costing no `set_config` round trip.
 */
export async function loadSession(db: Queryable, config: Config, token: string): Promise<LoadedSession | null> {
  const id = sessionIdOf(token);
  const [row] = await outsideWall(() => readRows<SessionRow>(db, SESSION_READ, [id]));
  if (!row) return null;
  const now = Date.now();
  if (!row.active || row.expiresMs <= now || row.lastSeenMs + config.session.idleMs <= now) {
    await db.delete(authSessions).where(eq(authSessions.id, id));
    return null;
  }
  if (now - row.lastSeenMs > TOUCH_INTERVAL_MS) {
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
