import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AccountLinkPurpose } from '../../../contract/enums';
import type { Config } from '../../config';
import { accountLinks, passwordResetRequests } from '../../db/schema';
import { AppError } from '../../errors';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { translator } from '../../platform/i18n';
import { assertAcceptablePassword, hashPassword } from '../../platform/passwords';
import { ruleViolation } from '../../platform/rules';
import { deleteSessionsOfUser } from '../../platform/sessions';
import { renderMail } from '../outbox/layout';
import { enqueueMail } from '../outbox/outbox';
import type { UserRow } from '../users/repository';
import * as users from '../users/repository';

/**
 * Links mailed to a user that let them choose a password once (issue 11): a password reset they
 * asked for (valid one hour) or the invitation of a new account (valid seven days). The token is
 * 32 random bytes in the link's fragment (after '#', so it reaches neither server logs nor a
 * Referer header); only its SHA-256 is stored. Using a link sets the password, ends every session
 * of the user and spends every open link of theirs; the second factor, when set up, is still asked
 * at the next sign-in.
 */

export const LINK_LIFETIME_MS: Record<AccountLinkPurpose, number> = {
  password_reset: 3_600_000,
  invitation: 7 * 86_400_000,
};
/** Reset requests per typed address, and per network address, within an hour. */
export const RESET_LIMITS = { perEmail: 3, perAddress: 20, windowMs: 3_600_000 };

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The address of the page that takes the link, with the token in its fragment. */
export const linkUrl = (config: Config, token: string) => `${config.publicUrl}/set-password#token=${token}`;

/**
 * Issues a link for `user` and writes its message to the outbox, in the caller's transaction.
 * The user's older unused links of the same purpose stop working.
 */
export async function issueAccountLink(
  tx: Queryable,
  config: Config,
  user: Pick<UserRow, 'id' | 'email' | 'displayName' | 'locale' | 'stateIso2'>,
  purpose: AccountLinkPurpose,
  createdBy: string | null,
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const id = sha256(token);
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_MS[purpose]);
  await tx
    .delete(accountLinks)
    .where(and(eq(accountLinks.userId, user.id), eq(accountLinks.purpose, purpose), isNull(accountLinks.usedAt)));
  await tx.insert(accountLinks).values({ id, userId: user.id, purpose, expiresAt, createdBy });
  const t = translator(user.locale);
  const key = purpose === 'invitation' ? 'mail.invitation' : 'mail.passwordReset';
  const vars = { name: user.displayName, email: user.email };
  const content = renderMail({
    locale: user.locale,
    heading: t.t(`${key}.heading`, vars),
    paragraphs: [t.t(`${key}.body`, vars), t.t(`${key}.validity`), t.t(`${key}.ignore`)],
    action: { label: t.t(`${key}.action`), url: linkUrl(config, token) },
  });
  await enqueueMail(tx, {
    kind: purpose === 'invitation' ? 'account.invitation' : 'account.password_reset',
    // One message per link: a new link is a new message.
    dedupeKey: `account-link:${id}`,
    toAddress: user.email,
    toUserId: user.id,
    stateIso2: user.stateIso2,
    locale: user.locale,
    subject: t.t(`${key}.subject`),
    ...content,
  });
}

/**
 * Ends the user's unused links: once a password is set another way (changed by the user, or a
 * temporary one from the admin), a pending invitation or reset would be a second way in.
 */
export async function spendOpenAccountLinks(tx: Queryable, userId: string): Promise<void> {
  await tx.delete(accountLinks).where(and(eq(accountLinks.userId, userId), isNull(accountLinks.usedAt)));
}

/**
 * "Forgot password": the same answer whether or not the address has an account (the caller
 * answers 202 in both cases), and the same steps up to the last: both count the request against
 * the limits and write the audit log; only a real, active account gets a link.
 */
export async function requestPasswordReset(
  db: Database,
  config: Config,
  audit: AuditContext,
  input: { email: string; address: string },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const emailHash = sha256(email);
  const since = new Date(Date.now() - RESET_LIMITS.windowMs);
  const [byEmail, byAddress] = await Promise.all([
    db
      .select({ n: count() })
      .from(passwordResetRequests)
      .where(and(eq(passwordResetRequests.emailHash, emailHash), gt(passwordResetRequests.at, since))),
    db
      .select({ n: count() })
      .from(passwordResetRequests)
      .where(and(eq(passwordResetRequests.address, input.address), gt(passwordResetRequests.at, since))),
  ]);
  const limited =
    (byEmail[0]?.n ?? 0) >= RESET_LIMITS.perEmail
      ? 'email'
      : (byAddress[0]?.n ?? 0) >= RESET_LIMITS.perAddress
        ? 'address'
        : null;
  if (limited) {
    await writeAudit(db, audit, {
      action: 'auth.password_reset.request',
      outcome: 'denied',
      details: { email, reason: limited === 'email' ? 'too_many_for_email' : 'too_many_from_address' },
    });
    throw new AppError('RATE_LIMITED', 'Too many password reset requests; try again in an hour', {
      headers: { 'retry-after': String(RESET_LIMITS.windowMs / 1000) },
    });
  }
  const user = await users.findUserByEmail(db, email);
  const eligible = user?.active ? user : null;
  await db.transaction(async (tx) => {
    await tx.insert(passwordResetRequests).values({ emailHash, address: input.address });
    if (eligible) await issueAccountLink(tx, config, eligible, 'password_reset', null);
    await writeAudit(tx, audit, {
      action: 'auth.password_reset.request',
      outcome: eligible ? 'success' : 'failure',
      recordType: user ? 'user' : undefined,
      recordId: user?.id,
      details: eligible ? { email } : { email, reason: user ? 'inactive_account' : 'unknown_account' },
    });
  });
}

/**
 * Sets the password chosen through a link (reset or invitation). An unknown, used or expired link
 * gets one refusal (`account.link_invalid`), whichever it is.
 */
export async function setPasswordWithLink(
  db: Database,
  config: Config,
  audit: AuditContext,
  input: { token: string; password: string },
): Promise<{ purpose: AccountLinkPurpose }> {
  const invalid = () => ruleViolation('account.link_invalid', {}, 'token');
  if (!TOKEN_PATTERN.test(input.token)) throw invalid();
  const id = sha256(input.token);
  const [link] = await db.select().from(accountLinks).where(eq(accountLinks.id, id));
  const user = link ? await users.findUserById(db, link.userId) : undefined;
  if (!link || !user || link.usedAt || link.expiresAt.getTime() <= Date.now() || !user.active) {
    await writeAudit(db, audit, {
      action: 'auth.account_link.use',
      outcome: 'failure',
      recordType: user ? 'user' : undefined,
      recordId: user?.id,
      details: {
        purpose: link?.purpose ?? null,
        reason: !link || !user ? 'unknown_link' : link.usedAt ? 'used' : !user.active ? 'inactive_account' : 'expired',
      },
    });
    throw invalid();
  }
  await assertAcceptablePassword(input.password, user, { demo: config.seedDemo, path: 'password' });
  // Hashed before the transaction: a slow hash must not hold a database connection.
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    // Spent here, under the row's lock: of two uses at once, one finds it spent.
    const spent = await tx
      .update(accountLinks)
      .set({ usedAt: sql`now()` })
      .where(and(eq(accountLinks.id, id), isNull(accountLinks.usedAt), gt(accountLinks.expiresAt, sql`now()`)))
      .returning({ id: accountLinks.id });
    if (spent.length === 0) throw invalid();
    // Every other open link of the user dies with it (an older invitation, another reset).
    await spendOpenAccountLinks(tx, user.id);
    await users.updateUser(tx, user.id, { passwordHash, mustChangePassword: false });
    await deleteSessionsOfUser(tx, user.id);
    await writeAudit(tx, audit, {
      action: 'auth.account_link.use',
      recordType: 'user',
      recordId: user.id,
      details: { purpose: link.purpose },
    });
  });
  return { purpose: link.purpose };
}
