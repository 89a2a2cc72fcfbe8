import type { Config } from '../../config';
import { AppError } from '../../errors';
import { permissionsOf, type SessionStage } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import type { SecondFactorKeys } from '../../platform/keys';
import {
  type AttemptTicket,
  attemptFailed,
  attemptSucceeded,
  beginAttempt,
  deviceCookieValue,
  issueDevice,
  type SignInAttempt,
  trustedDeviceOf,
} from '../../platform/login-throttle';
import { spendPasswordCheck, verifyPassword } from '../../platform/passwords';
import { createSession, deleteSession, type NewSession } from '../../platform/sessions';
import { hashRecoveryCode, matchTotpStep, openTotpSecret } from '../../platform/totp';
import { getSecuritySettings } from '../settings/service';
import type { UserRow } from '../users/repository';
import * as users from '../users/repository';
import { toMe } from '../users/service';
import type { SessionView } from './schemas';

export type Client = { address: string; userAgent: string | null; deviceTokens: string[] };

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'Wrong email or password');

/** A sign-in attempt on an account, from a client trusted for it (a device cookie) or not. */
export async function attemptOf(db: Queryable, account: string, client: Client): Promise<SignInAttempt> {
  return { account, address: client.address, deviceId: await trustedDeviceOf(db, account, client.deviceTokens) };
}

/** The device cookie a browser gets once its sign-in is complete (see platform/login-throttle.ts). */
export type DeviceCookie = { value: string; expiresAt: Date };

async function trustDevice(
  tx: Queryable,
  config: Config,
  userId: string,
  client: Client,
  attempt: SignInAttempt,
): Promise<DeviceCookie> {
  const device = await issueDevice(tx, config, userId, attempt.deviceId);
  return { value: deviceCookieValue(device.token, client.deviceTokens, attempt.deviceId), expiresAt: device.expiresAt };
}

/** Which step of sign-in an account reaches once its first factor (a password, a provider) is checked. */
export async function stageAfterFirstFactor(db: Queryable, user: UserRow): Promise<SessionStage> {
  if (user.totpSecret) return 'password';
  const { mfaRequiredRoles } = await getSecuritySettings(db);
  return mfaRequiredRoles.includes(user.role) ? 'enrol' : 'full';
}

export async function sessionView(db: Queryable, userId: string, stage: SessionStage, csrfToken: string): Promise<SessionView> {
  const user = await users.findUserById(db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  const { mfaRequiredRoles } = await getSecuritySettings(db);
  return { stage, csrfToken, user: toMe(user, mfaRequiredRoles), permissions: permissionsOf(user.role) };
}

/**
 * The session a first factor (a password, the SSO provider) opens, at the stage the account reached;
 * a complete sign-in is counted on the account. Audited as auth.login by the account itself.
 */
export async function openSignedInSession(
  tx: Queryable,
  config: Config,
  audit: AuditContext,
  client: Client,
  user: UserRow,
  stage: SessionStage,
  details: Record<string, unknown>,
): Promise<NewSession> {
  const session = await createSession(tx, config, {
    userId: user.id,
    stage,
    address: client.address,
    userAgent: client.userAgent,
  });
  if (stage === 'full') await users.recordSignIn(tx, user.id);
  await writeAudit(
    tx,
    { ...audit, actorUserId: user.id, actorRole: user.role },
    { action: 'auth.login', recordType: 'user', recordId: user.id, details: { stage, ...details } },
  );
  return session;
}

export async function signIn(
  db: Database,
  config: Config,
  audit: AuditContext,
  client: Client,
  input: { email: string; password: string },
): Promise<{ session: NewSession; view: SessionView; device: DeviceCookie | null }> {
  const account = input.email.trim().toLowerCase();
  const attempt = await attemptOf(db, account, client);
  let ticket: AttemptTicket;
  try {
    ticket = await beginAttempt(db, config, attempt);
  } catch (error) {
    const reason = error instanceof AppError && error.code === 'RATE_LIMITED' ? 'address_back_off' : 'locked_out';
    await writeAudit(db, audit, {
      action: 'auth.login',
      outcome: 'denied',
      details: { email: account, reason, trustedDevice: attempt.deviceId !== null },
    });
    throw error;
  }
  const user = await users.findUserByEmail(db, account);
  // An unknown account still costs a password check, so timing does not tell which emails exist.
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await spendPasswordCheck(input.password);
  if (!user || !passwordOk || !user.active) {
    await attemptFailed(db, config, audit, ticket);
    await writeAudit(db, audit, {
      action: 'auth.login',
      outcome: 'failure',
      recordType: user ? 'user' : undefined,
      recordId: user?.id,
      details: { email: account, reason: !user ? 'unknown_account' : !passwordOk ? 'wrong_password' : 'inactive_account' },
    });
    throw invalidCredentials();
  }
  const stage = await stageAfterFirstFactor(db, user);
  return db.transaction(async (tx) => {
    // Failures (of the password or of second-factor codes) are forgiven only once sign-in is complete,
    // and only then is the browser trusted: knowing the password alone must not reset the count of codes.
    await attemptSucceeded(tx, ticket, stage === 'full');
    const session = await openSignedInSession(tx, config, audit, client, user, stage, {
      trustedDevice: attempt.deviceId !== null,
    });
    const device = stage === 'full' ? await trustDevice(tx, config, user.id, client, attempt) : null;
    return { session, view: await sessionView(tx, user.id, stage, session.csrfToken), device };
  });
}

/**
 * Second step of sign-in: a TOTP code (each time step accepted once) or an unused recovery code.
 * A new session replaces the half-signed-in one, so its id never carries over.
 */
export async function completeSecondFactor(
  db: Database,
  config: Config,
  keys: SecondFactorKeys,
  audit: AuditContext,
  client: Client,
  current: { sessionId: string; userId: string },
  code: string,
): Promise<{ session: NewSession; view: SessionView; device: DeviceCookie }> {
  const user = await users.findUserById(db, current.userId);
  if (!user?.totpSecret) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  const attempt = await attemptOf(db, user.email, client);
  const ticket = await beginAttempt(db, config, attempt);
  const step = matchTotpStep(openTotpSecret(keys, user.id, user.totpSecret), code);
  const totpOk = step !== null && (user.totpLastStep === null || step > user.totpLastStep);
  const usedRecovery =
    !totpOk && !/^\d{6}$/.test(code) && (await users.consumeRecoveryCode(db, user.id, hashRecoveryCode(keys, code)));
  if (!totpOk && !usedRecovery) {
    await attemptFailed(db, config, audit, ticket);
    await writeAudit(db, audit, { action: 'auth.mfa', outcome: 'failure', recordType: 'user', recordId: user.id });
    throw new AppError('MFA_INVALID', 'Wrong or already used code');
  }
  return db.transaction(async (tx) => {
    // Claimed atomically: of two requests racing with the same code, only one wins.
    if (totpOk && !(await users.claimTotpStep(tx, user.id, step))) {
      throw new AppError('MFA_INVALID', 'Wrong or already used code');
    }
    await users.recordSignIn(tx, user.id);
    await attemptSucceeded(tx, ticket, true);
    await deleteSession(tx, current.sessionId);
    const session = await createSession(tx, config, {
      userId: user.id,
      stage: 'full',
      address: client.address,
      userAgent: client.userAgent,
    });
    const device = await trustDevice(tx, config, user.id, client, attempt);
    await writeAudit(tx, audit, {
      action: 'auth.mfa',
      recordType: 'user',
      recordId: user.id,
      details: { method: totpOk ? 'totp' : 'recovery_code' },
    });
    return { session, view: await sessionView(tx, user.id, 'full', session.csrfToken), device };
  });
}

export async function signOut(db: Database, audit: AuditContext, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, sessionId);
    await writeAudit(tx, audit, { action: 'auth.logout', recordType: 'user', recordId: audit.actorUserId ?? undefined });
  });
}
