import { createHash, randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt, inArray, isNull, lt, max, type SQL } from 'drizzle-orm';
import type { Config } from '../config';
import { loginDevices, loginFailures, users } from '../db/schema';
import { AppError } from '../errors';
import { type AuditContext, writeAudit } from './audit';
import type { Queryable } from './db';

/**
 * Guessing passwords online, slowed without handing anyone a way to lock a user out: the OWASP
 * device-cookie scheme ("Slow Down Online Guessing Attacks with Device Cookies"), with a back-off
 * per network address. All state is in the database, so that every process sees the same counts.
 *
 * - A browser that completes a sign-in gets a device cookie bound to that account (rotated at each
 *   sign-in). The cookie is a random token whose SHA-256 is stored with the account, like the
 *   session cookie: it cannot be forged or moved to another account, and it can be revoked.
 * - A client with a valid device cookie for the account is counted on that device alone, and only
 *   that device is locked when it fails too often.
 * - Any other client is "untrusted": its failures count per account, and too many lock out the
 *   untrusted clients of that account only; the user's own browsers go on signing in.
 * - Untrusted failures also count per address, across accounts: past a few, each further attempt
 *   from the address waits twice as long as the one before, so one address cannot spray.
 */

export const DEVICE_COOKIE = 'tadrib_device';
/** A shared computer keeps the devices of this many accounts (the most recent first). */
const MAX_DEVICES_PER_BROWSER = 5;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const deviceIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The device tokens a browser presents: one per account it completed a sign-in to. */
export function deviceTokensOf(cookie: string | undefined): string[] {
  if (!cookie) return [];
  return cookie
    .split('.')
    .filter((token) => TOKEN_PATTERN.test(token))
    .slice(0, MAX_DEVICES_PER_BROWSER);
}

/** The cookie value after a sign-in: the new token first, then the browser's other accounts' tokens. */
export function deviceCookieValue(token: string, previous: string[], replacedId: string | null): string {
  const others = previous.filter((t) => deviceIdOf(t) !== replacedId);
  return [token, ...others].slice(0, MAX_DEVICES_PER_BROWSER).join('.');
}

/** The device among the presented tokens that is trusted for this account, if any. */
export async function trustedDeviceOf(db: Queryable, account: string, tokens: string[]): Promise<string | null> {
  if (tokens.length === 0) return null;
  const [row] = await db
    .select({ id: loginDevices.id })
    .from(loginDevices)
    .innerJoin(users, eq(users.id, loginDevices.userId))
    .where(
      and(eq(users.email, account), inArray(loginDevices.id, tokens.map(deviceIdOf)), gt(loginDevices.expiresAt, new Date())),
    );
  return row?.id ?? null;
}

export type NewDevice = { token: string; expiresAt: Date };

/** Trusts the browser that completed a sign-in: a new device (replacing the one it showed, if any). */
export async function issueDevice(db: Queryable, config: Config, userId: string, replacing: string | null): Promise<NewDevice> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + config.loginLimit.deviceCookieMs);
  if (replacing) await db.delete(loginDevices).where(eq(loginDevices.id, replacing));
  await db.delete(loginDevices).where(and(eq(loginDevices.userId, userId), lt(loginDevices.expiresAt, new Date())));
  await db.insert(loginDevices).values({ id: deviceIdOf(token), userId, expiresAt });
  return { token, expiresAt };
}

/** One try at a password or a second-factor code, by an account (normalised email), from a client. */
export type SignInAttempt = { account: string; address: string; deviceId: string | null };

/** An attempt under way: it counts as a failure until it succeeds, so that parallel guesses all count. */
export type AttemptTicket = { id: number; attempt: SignInAttempt };

const refusal = (code: 'SIGN_IN_LOCKED' | 'RATE_LIMITED', message: string, freeAt: number): AppError => {
  const seconds = Math.max(1, Math.ceil((freeAt - Date.now()) / 1000));
  return new AppError(code, `${message}; try again in ${Math.ceil(seconds / 60)} minute(s)`, {
    headers: { 'retry-after': String(seconds) },
  });
};

/** Which failures an attempt is counted with: its device's, or the account's untrusted clients'. */
const accountOrDevice = (attempt: SignInAttempt): SQL =>
  (attempt.deviceId
    ? eq(loginFailures.deviceId, attempt.deviceId)
    : and(eq(loginFailures.account, attempt.account), isNull(loginFailures.deviceId))) as SQL;
const untrustedFromAddress = (attempt: SignInAttempt): SQL =>
  and(eq(loginFailures.address, attempt.address), isNull(loginFailures.deviceId)) as SQL;

/** When the failures matching `where` fall below `limit` (the limit-th most recent leaves the window). */
async function lockedUntil(db: Queryable, config: Config, where: SQL, limit: number): Promise<number | null> {
  const [row] = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(where)
    .orderBy(desc(loginFailures.at))
    .offset(limit - 1)
    .limit(1);
  return row ? row.at.getTime() + config.loginLimit.windowMs : null;
}

/** The earliest time the next untrusted attempt from an address with `n` recent failures may come. */
export function backOffUntil(config: Pick<Config, 'loginLimit'>, n: number, lastAt: number): number | null {
  const { addressFreeFailures, addressFirstDelayMs, windowMs } = config.loginLimit;
  if (n < addressFreeFailures) return null;
  const delay = Math.min(windowMs, addressFirstDelayMs * 2 ** (n - addressFreeFailures));
  return lastAt + delay;
}

/**
 * Opens an attempt: recorded first (as a failure until it succeeds), then judged against the
 * failures recorded before it, so that a burst of parallel guesses cannot slip past the limits.
 * Throws 429 (SIGN_IN_LOCKED or RATE_LIMITED, with retry-after) when it may not proceed.
 */
export async function beginAttempt(db: Queryable, config: Config, attempt: SignInAttempt): Promise<AttemptTicket> {
  const [row] = await db
    .insert(loginFailures)
    .values({ account: attempt.account, address: attempt.address, deviceId: attempt.deviceId })
    .returning({ id: loginFailures.id });
  const id = row?.id as number;
  const since = new Date(Date.now() - config.loginLimit.windowMs);
  const before = and(lt(loginFailures.id, id), gt(loginFailures.at, since)) as SQL;
  try {
    if (!attempt.deviceId) {
      const [address] = await db
        .select({ n: count(), last: max(loginFailures.at) })
        .from(loginFailures)
        .where(and(before, untrustedFromAddress(attempt)));
      const waitUntil = backOffUntil(config, Number(address?.n ?? 0), address?.last ? new Date(address.last).getTime() : 0);
      if (waitUntil !== null && waitUntil > Date.now()) {
        throw refusal('RATE_LIMITED', 'Too many failed sign-in attempts from this network address', waitUntil);
      }
    }
    const limit = attempt.deviceId ? config.loginLimit.perDevice : config.loginLimit.perAccount;
    const freeAt = await lockedUntil(db, config, and(before, accountOrDevice(attempt)) as SQL, limit);
    if (freeAt !== null && freeAt > Date.now()) {
      throw refusal(
        'SIGN_IN_LOCKED',
        attempt.deviceId
          ? 'Too many failed sign-in attempts from this device'
          : 'Too many failed sign-in attempts on this account from unrecognised devices (a device you signed in with before still works)',
        freeAt,
      );
    }
  } catch (error) {
    // A refused attempt tried nothing: it does not count.
    await db.delete(loginFailures).where(eq(loginFailures.id, id));
    throw error;
  }
  return { id, attempt };
}

/**
 * The attempt failed: it stays counted. When it is the one that reaches a limit, the lockout (of
 * the account's untrusted clients, of the device, or the address's back-off) is audited.
 */
export async function attemptFailed(db: Queryable, config: Config, audit: AuditContext, ticket: AttemptTicket): Promise<void> {
  const { attempt } = ticket;
  const { windowMs, perAccount, perDevice, addressFreeFailures } = config.loginLimit;
  const since = new Date(Date.now() - windowMs);
  const upTo = and(lt(loginFailures.id, ticket.id + 1), gt(loginFailures.at, since)) as SQL;
  const countOf = async (where: SQL) => {
    const [row] = await db.select({ n: count() }).from(loginFailures).where(and(upTo, where));
    return Number(row?.n ?? 0);
  };
  const lockouts: { scope: 'device' | 'untrusted_clients' | 'address'; limit: number }[] = [];
  const limit = attempt.deviceId ? perDevice : perAccount;
  if ((await countOf(accountOrDevice(attempt))) === limit) {
    lockouts.push({ scope: attempt.deviceId ? 'device' : 'untrusted_clients', limit });
  }
  if (!attempt.deviceId && (await countOf(untrustedFromAddress(attempt))) === addressFreeFailures) {
    lockouts.push({ scope: 'address', limit: addressFreeFailures });
  }
  for (const lockout of lockouts) {
    await writeAudit(db, audit, {
      action: 'auth.lockout',
      outcome: 'denied',
      details: {
        scope: lockout.scope,
        email: attempt.account,
        failures: lockout.limit,
        windowMinutes: windowMs / 60_000,
        ...(attempt.deviceId ? { device: attempt.deviceId.slice(0, 12) } : {}),
      },
    });
  }
  // Rows past the window no longer count toward any limit.
  await db.delete(loginFailures).where(lt(loginFailures.at, since));
}

/**
 * The attempt succeeded: it is not a failure. Once sign-in is complete, the failures it answers for
 * are forgiven too: the device's own, or (from an untrusted client that knew the password) the
 * account's untrusted ones. Failures of other devices and addresses stay.
 */
export async function attemptSucceeded(db: Queryable, ticket: AttemptTicket, signInComplete: boolean): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.id, ticket.id));
  if (signInComplete) await db.delete(loginFailures).where(accountOrDevice(ticket.attempt));
}
