import QRCode from 'qrcode';
import type { Config } from '../../config';
import type { Locale } from '../../db/schema';
import { AppError } from '../../errors';
import type { SessionStage } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import type { SecondFactorKeys } from '../../platform/keys';
import { attemptFailed, attemptSucceeded, beginAttempt } from '../../platform/login-throttle';
import { assertAcceptablePassword, hashPassword, verifyPassword } from '../../platform/passwords';
import { ruleViolation } from '../../platform/rules';
import { createSession, deleteOtherSessionsOfUser, deleteSession, type NewSession } from '../../platform/sessions';
import {
  hashRecoveryCode,
  isSealedTotpSecret,
  keyRecoveryHash,
  matchTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  openTotpSecret,
  otpauthUrl,
  sealTotpSecret,
} from '../../platform/totp';
import { spendOpenAccountLinks } from '../auth/account-links';
import { attemptOf, type Client } from '../auth/service';
import { getSecuritySettings, roleRequiresSecondFactor } from '../settings/service';
import type { UserRow } from '../users/repository';
import * as users from '../users/repository';
import type { Me } from '../users/schemas';
import { toMe } from '../users/service';

type Self = { userId: string; sessionId: string; stage: SessionStage; csrfToken: string; audit: AuditContext; client: Client };

async function self(db: Database, userId: string): Promise<UserRow> {
  const user = await users.findUserById(db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return user;
}

export async function getMe(db: Database, userId: string): Promise<Me> {
  const { mfaRequiredRoles } = await getSecuritySettings(db);
  return toMe(await self(db, userId), mfaRequiredRoles);
}

export async function updateMe(db: Database, who: Self, changes: { locale?: Locale; displayName?: string }): Promise<Me> {
  await db.transaction(async (tx) => {
    await users.updateUser(tx, who.userId, changes);
    await writeAudit(tx, who.audit, { action: 'account.update', recordType: 'user', recordId: who.userId, details: changes });
  });
  return getMe(db, who.userId);
}

export async function changePassword(
  db: Database,
  config: Config,
  who: Self,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await self(db, who.userId);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await writeAudit(db, who.audit, {
      action: 'account.password.change',
      outcome: 'failure',
      recordType: 'user',
      recordId: user.id,
    });
    throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong', {
      details: [{ path: 'currentPassword', message: 'Wrong password' }],
    });
  }
  if (input.newPassword === input.currentPassword) {
    throw ruleViolation('account.password_unchanged', {}, 'newPassword');
  }
  await assertAcceptablePassword(input.newPassword, user, { demo: config.seedDemo, path: 'newPassword' });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await users.updateUser(tx, user.id, { passwordHash, mustChangePassword: false });
    // Other sessions (perhaps someone who knew the old password) end; this one goes on.
    await deleteOtherSessionsOfUser(tx, user.id, who.sessionId);
    await spendOpenAccountLinks(tx, user.id);
    await writeAudit(tx, who.audit, { action: 'account.password.change', recordType: 'user', recordId: user.id });
  });
}

/** Starts (or restarts) TOTP enrolment with a fresh secret, kept pending until a code confirms it. */
export async function startSecondFactorSetup(
  db: Database,
  keys: SecondFactorKeys,
  who: Self,
): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
  const user = await self(db, who.userId);
  if (user.totpSecret) throw ruleViolation('account.mfa_already_set_up');
  const secret = newTotpSecret();
  await db.transaction(async (tx) => {
    await users.updateUser(tx, user.id, { totpPendingSecret: sealTotpSecret(keys, user.id, secret) });
    await writeAudit(tx, who.audit, { action: 'account.mfa.setup', recordType: 'user', recordId: user.id });
  });
  const url = otpauthUrl(secret, user.email);
  return { secret, otpauthUrl: url, qrCodeDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 220 }) };
}

async function issueRecoveryCodes(tx: Queryable, keys: SecondFactorKeys, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await users.deleteRecoveryCodes(tx, userId);
  await users.insertRecoveryCodes(
    tx,
    userId,
    codes.map((code) => hashRecoveryCode(keys, code)),
  );
  return codes;
}

/**
 * Confirms enrolment with a first code. The session is replaced by a new one (privileges grow when
 * a role that requires a second factor gets it), keeping its CSRF token for the open page.
 */
export async function confirmSecondFactor(
  db: Database,
  config: Config,
  keys: SecondFactorKeys,
  who: Self,
  code: string,
): Promise<{ recoveryCodes: string[]; session: NewSession }> {
  const user = await self(db, who.userId);
  if (!user.totpPendingSecret) throw ruleViolation('account.mfa_setup_not_started');
  const step = matchTotpStep(openTotpSecret(keys, user.id, user.totpPendingSecret), code);
  if (step === null) throw new AppError('MFA_INVALID', 'Wrong code: check the time on your device and try again');
  return db.transaction(async (tx) => {
    await users.updateUser(tx, user.id, {
      totpSecret: user.totpPendingSecret,
      totpPendingSecret: null,
      totpEnabledAt: new Date(),
      totpLastStep: step,
    });
    const recoveryCodes = await issueRecoveryCodes(tx, keys, user.id);
    // A session held back until enrolment (role requires a second factor) is now complete.
    if (who.stage === 'enrol') await users.recordSignIn(tx, user.id);
    await deleteSession(tx, who.sessionId);
    const session = await createSession(tx, config, { userId: user.id, stage: 'full', csrfToken: who.csrfToken, ...who.client });
    await writeAudit(tx, who.audit, { action: 'account.mfa.enable', recordType: 'user', recordId: user.id });
    return { recoveryCodes, session };
  });
}

/** A fresh TOTP code, proving the person at the keyboard holds the authenticator; counted like sign-in failures. */
async function assertCurrentCode(
  db: Database,
  config: Config,
  keys: SecondFactorKeys,
  who: Self,
  user: UserRow,
  code: string,
): Promise<void> {
  if (!user.totpSecret) throw ruleViolation('account.mfa_not_set_up');
  const ticket = await beginAttempt(db, config, await attemptOf(db, user.email, who.client));
  const step = matchTotpStep(openTotpSecret(keys, user.id, user.totpSecret), code);
  if (step === null || !(await users.claimTotpStep(db, user.id, step))) {
    await attemptFailed(db, config, who.audit, ticket);
    throw new AppError('MFA_INVALID', 'Wrong or already used code');
  }
  await attemptSucceeded(db, ticket, false);
}

export async function regenerateRecoveryCodes(
  db: Database,
  config: Config,
  keys: SecondFactorKeys,
  who: Self,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const user = await self(db, who.userId);
  await assertCurrentCode(db, config, keys, who, user, code);
  return db.transaction(async (tx) => {
    const recoveryCodes = await issueRecoveryCodes(tx, keys, user.id);
    await writeAudit(tx, who.audit, { action: 'account.mfa.recovery_codes', recordType: 'user', recordId: user.id });
    return { recoveryCodes };
  });
}

export async function disableSecondFactor(
  db: Database,
  config: Config,
  keys: SecondFactorKeys,
  who: Self,
  code: string,
): Promise<void> {
  const user = await self(db, who.userId);
  if (await roleRequiresSecondFactor(db, user.role)) {
    throw ruleViolation('account.mfa_required_by_role');
  }
  await assertCurrentCode(db, config, keys, who, user, code);
  await db.transaction(async (tx) => {
    await users.updateUser(tx, user.id, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
    await users.deleteRecoveryCodes(tx, user.id);
    await writeAudit(tx, who.audit, { action: 'account.mfa.disable', recordType: 'user', recordId: user.id });
  });
}

/**
 * Upgrade of a database from before the keys folder, run at every start (a no-op once done):
 * TOTP secrets stored as plain base32 are sealed, unkeyed recovery code hashes are keyed.
 */
export async function protectStoredSecondFactors(db: Database, keys: SecondFactorKeys): Promise<number> {
  return db.transaction(async (tx) => {
    let changed = 0;
    const seal = (userId: string, stored: string | null) =>
      stored === null || isSealedTotpSecret(stored) ? stored : sealTotpSecret(keys, userId, stored);
    for (const row of await users.unsealedTotpSecrets(tx)) {
      await users.storeTotpSecrets(tx, row.id, {
        totpSecret: seal(row.id, row.totpSecret),
        totpPendingSecret: seal(row.id, row.totpPendingSecret),
      });
      changed += 1;
    }
    for (const row of await users.unkeyedRecoveryHashes(tx)) {
      await users.storeRecoveryHash(tx, row.id, keyRecoveryHash(keys, row.codeHash));
      changed += 1;
    }
    return changed;
  });
}
