import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { SessionStage } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import type { SecondFactorKeys } from '../../platform/keys';
import { spendPasswordCheck, verifyPassword } from '../../platform/passwords';
import { createSession, deleteSession, type NewSession } from '../../platform/sessions';
import { hashRecoveryCode, matchTotpStep, openTotpSecret } from '../../platform/totp';
import { getSecuritySettings } from '../settings/service';
import type { UserRow } from '../users/repository';
import * as users from '../users/repository';
import { toMe } from '../users/service';
import * as repo from './repository';
import type { SessionView } from './schemas';

export type Client = { address: string; userAgent: string | null };

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'Wrong email or password');

/** Refuses (429) when the account or the address has failed too often within the window. */
export async function assertNotThrottled(db: Database, config: Config, account: string, address: string): Promise<void> {
  const { windowMs, perAccount, perAddress } = config.loginLimit;
  const since = new Date(Date.now() - windowMs);
  const [byAccount, byAddress] = [
    await repo.recentFailures(db, { account }, since),
    await repo.recentFailures(db, { address }, since),
  ];
  const blocked = [
    byAccount.count >= perAccount ? byAccount.oldest : null,
    byAddress.count >= perAddress ? byAddress.oldest : null,
  ].filter((d): d is Date => d !== null);
  if (blocked.length === 0) return;
  const freeAt = Math.max(...blocked.map((oldest) => oldest.getTime() + windowMs));
  const retryAfter = Math.max(1, Math.ceil((freeAt - Date.now()) / 1000));
  throw new AppError('RATE_LIMITED', `Too many failed sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} minute(s)`, {
    headers: { 'retry-after': String(retryAfter) },
  });
}

export async function recordFailure(db: Database, config: Config, account: string, address: string): Promise<void> {
  await repo.recordFailure(db, account, address, new Date(Date.now() - config.loginLimit.windowMs));
}

async function stageAfterPassword(db: Database, user: UserRow): Promise<SessionStage> {
  if (user.totpSecret) return 'password';
  const { mfaRequiredRoles } = await getSecuritySettings(db);
  return mfaRequiredRoles.includes(user.role) ? 'enrol' : 'full';
}

export async function sessionView(db: Queryable, userId: string, stage: SessionStage, csrfToken: string): Promise<SessionView> {
  const user = await users.findUserById(db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  const { mfaRequiredRoles } = await getSecuritySettings(db);
  return { stage, csrfToken, user: toMe(user, mfaRequiredRoles) };
}

export async function signIn(
  db: Database,
  config: Config,
  audit: AuditContext,
  client: Client,
  input: { email: string; password: string },
): Promise<{ session: NewSession; view: SessionView }> {
  const account = input.email.trim().toLowerCase();
  try {
    await assertNotThrottled(db, config, account, client.address);
  } catch (error) {
    await writeAudit(db, audit, { action: 'auth.login', outcome: 'denied', details: { email: account, reason: 'rate_limited' } });
    throw error;
  }
  const user = await users.findUserByEmail(db, account);
  // An unknown account still costs a password check, so timing does not tell which emails exist.
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await spendPasswordCheck(input.password);
  if (!user || !passwordOk || !user.active) {
    await recordFailure(db, config, account, client.address);
    await writeAudit(db, audit, {
      action: 'auth.login',
      outcome: 'failure',
      recordType: user ? 'user' : undefined,
      recordId: user?.id,
      details: { email: account, reason: !user ? 'unknown_account' : !passwordOk ? 'wrong_password' : 'inactive_account' },
    });
    throw invalidCredentials();
  }
  const stage = await stageAfterPassword(db, user);
  return db.transaction(async (tx) => {
    // Failures (of the password or of second-factor codes) are forgiven only once sign-in is complete.
    if (stage === 'full') await repo.clearAccountFailures(tx, account);
    const session = await createSession(tx, config, { userId: user.id, stage, ...client });
    if (stage === 'full') await users.recordSignIn(tx, user.id);
    await writeAudit(
      tx,
      { ...audit, actorUserId: user.id, actorRole: user.role },
      {
        action: 'auth.login',
        recordType: 'user',
        recordId: user.id,
        details: { stage },
      },
    );
    return { session, view: await sessionView(tx, user.id, stage, session.csrfToken) };
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
): Promise<{ session: NewSession; view: SessionView }> {
  const user = await users.findUserById(db, current.userId);
  if (!user?.totpSecret) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  await assertNotThrottled(db, config, user.email, client.address);
  const step = matchTotpStep(openTotpSecret(keys, user.id, user.totpSecret), code);
  const totpOk = step !== null && (user.totpLastStep === null || step > user.totpLastStep);
  const usedRecovery =
    !totpOk && !/^\d{6}$/.test(code) && (await users.consumeRecoveryCode(db, user.id, hashRecoveryCode(keys, code)));
  if (!totpOk && !usedRecovery) {
    await recordFailure(db, config, user.email, client.address);
    await writeAudit(db, audit, { action: 'auth.mfa', outcome: 'failure', recordType: 'user', recordId: user.id });
    throw new AppError('MFA_INVALID', 'Wrong or already used code');
  }
  return db.transaction(async (tx) => {
    // Claimed atomically: of two requests racing with the same code, only one wins.
    if (totpOk && !(await users.claimTotpStep(tx, user.id, step))) {
      throw new AppError('MFA_INVALID', 'Wrong or already used code');
    }
    await users.recordSignIn(tx, user.id);
    await repo.clearAccountFailures(tx, user.email);
    await deleteSession(tx, current.sessionId);
    const session = await createSession(tx, config, { userId: user.id, stage: 'full', ...client });
    await writeAudit(tx, audit, {
      action: 'auth.mfa',
      recordType: 'user',
      recordId: user.id,
      details: { method: totpOk ? 'totp' : 'recovery_code' },
    });
    return { session, view: await sessionView(tx, user.id, 'full', session.csrfToken) };
  });
}

export async function signOut(db: Database, audit: AuditContext, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, sessionId);
    await writeAudit(tx, audit, { action: 'auth.logout', recordType: 'user', recordId: audit.actorUserId ?? undefined });
  });
}
