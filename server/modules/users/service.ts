import type { Config } from '../../config';
import type { Locale, Role } from '../../db/schema';
import { notFound } from '../../errors';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { assertAcceptablePassword, hashPassword, temporaryPassword } from '../../platform/passwords';
import { ruleViolation } from '../../platform/rules';
import { deleteSessionsOfUser } from '../../platform/sessions';
import { issueAccountLink, spendOpenAccountLinks } from '../auth/account-links';
import { nameKeysOf } from '../registry/names';
import { getSecuritySettings } from '../settings/service';
import type { UserRow } from './repository';
import * as repo from './repository';
import type { Me, OfficialCandidate, UserView } from './schemas';

const stateHoldingRoles: Role[] = ['focal_point', 'participant'];

export function toMe(row: UserRow, mfaRequiredRoles: Role[]): Me {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    stateIso2: row.stateIso2,
    locale: row.locale,
    mfaEnabled: row.totpSecret !== null,
    mfaRequired: mfaRequiredRoles.includes(row.role),
    mustChangePassword: row.mustChangePassword,
    previousSignInAt: row.previousSignInAt?.toISOString() ?? null,
  };
}

export function toUserView(row: UserRow, mfaRequiredRoles: Role[]): UserView {
  return {
    ...toMe(row, mfaRequiredRoles),
    active: row.active,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
    officialId: row.officialId,
  };
}

async function views(db: Queryable, rows: UserRow[]): Promise<UserView[]> {
  const { mfaRequiredRoles } = await getSecuritySettings(db);
  return rows.map((r) => toUserView(r, mfaRequiredRoles));
}

async function view(db: Queryable, row: UserRow): Promise<UserView> {
  const [v] = await views(db, [row]);
  return v as UserView;
}

/** A focal point or participant belongs to exactly one member state; no other role does. */
async function assertStateFitsRole(db: Queryable, role: Role, stateIso2: string | null): Promise<void> {
  if (stateHoldingRoles.includes(role)) {
    if (!stateIso2) {
      throw ruleViolation('user.state_required', { role }, 'stateIso2');
    }
    if (!(await repo.stateExists(db, stateIso2))) {
      throw ruleViolation('reference.state_unknown', { states: stateIso2 }, 'stateIso2');
    }
  } else if (stateIso2) {
    throw ruleViolation('user.state_not_allowed', { role }, 'stateIso2');
  }
}

/**
 * Only a participant is linked to a registry record: one of their own state, not merged into
 * another, and not already linked to another account (the official row is locked meanwhile).
 */
async function assertOfficialLink(
  db: Queryable,
  link: { role: Role; stateIso2: string | null; officialId: string | null; userId?: string },
): Promise<void> {
  if (link.officialId === null) return;
  if (link.role !== 'participant') {
    throw ruleViolation('user.link_participants_only', { role: link.role }, 'officialId');
  }
  const official = await repo.findOfficialForLink(db, link.officialId);
  if (!official) throw ruleViolation('reference.official_unknown', {}, 'officialId');
  if (official.mergedIntoId) {
    throw ruleViolation('user.official_merged', {}, 'officialId');
  }
  if (official.stateIso2 !== link.stateIso2) {
    throw ruleViolation(
      'user.official_other_state',
      { officialState: official.stateIso2, state: link.stateIso2 ?? '' },
      'officialId',
    );
  }
  const other = await repo.findUserLinkedTo(db, link.officialId, link.userId);
  if (other) {
    throw ruleViolation('user.official_has_account', { email: other.email }, 'officialId');
  }
}

async function assertNotLastAdmin(db: Queryable, user: UserRow): Promise<void> {
  if (user.role === 'admin' && user.active && (await repo.countActiveAdminsForUpdate(db)) <= 1) {
    throw ruleViolation('user.last_admin');
  }
}

async function existingUser(db: Queryable, id: string): Promise<UserRow> {
  const user = await repo.findUserById(db, id);
  if (!user) throw notFound('User');
  return user;
}

export async function listUsers(
  db: Database,
  audit: AuditContext,
  query: repo.UserFilter & { page: number; pageSize: number },
): Promise<{ items: UserView[]; total: number; page: number; pageSize: number }> {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await repo.listUsers(db, filter, { offset: (page - 1) * pageSize, limit: pageSize });
  await writeAudit(db, audit, {
    action: 'user.list',
    recordType: 'user',
    details: { filter, page, returned: rows.length },
  });
  return { items: await views(db, rows), total, page, pageSize };
}

export async function getUser(db: Database, audit: AuditContext, id: string): Promise<UserView> {
  const user = await existingUser(db, id);
  await writeAudit(db, audit, { action: 'user.read', recordType: 'user', recordId: id });
  return view(db, user);
}

export type CreateUserInput = {
  email: string;
  displayName: string;
  role: Role;
  stateIso2?: string | null;
  locale?: Locale;
  /** A participant's own registry record. */
  officialId?: string | null;
  /**
   * Set by the CLI and the demo seed. Without it the account gets an invitation link by mail when
   * `invitation` is given (the API: no password passes through the admin), else a temporary
   * password (the CLI, where the operator is on the server and mail may not be set up yet).
   */
  password?: string;
  /** The demo (its seed, or a server with TADRIB_DEMO=true) accepts the published demo password. */
  demo?: boolean;
};

export async function createUser(
  db: Database,
  audit: AuditContext,
  input: CreateUserInput,
  options: { invitation?: Config } = {},
): Promise<{ user: UserView; temporaryPassword: string | null; invited: boolean }> {
  const email = input.email.trim().toLowerCase();
  const stateIso2 = input.stateIso2 ?? null;
  const officialId = input.officialId ?? null;
  if (input.password !== undefined) {
    await assertAcceptablePassword(
      input.password,
      { email, displayName: input.displayName },
      { demo: input.demo ?? false, path: 'password' },
    );
  }
  const invitation = input.password === undefined ? options.invitation : undefined;
  const oneTime = input.password === undefined ? temporaryPassword() : null;
  // An invited account's password is random and told to no one: the link sets the first real one.
  const passwordHash = await hashPassword(input.password ?? (oneTime as string));
  return db.transaction(async (tx) => {
    await assertStateFitsRole(tx, input.role, stateIso2);
    await assertOfficialLink(tx, { role: input.role, stateIso2, officialId });
    if (await repo.findUserByEmail(tx, email)) {
      throw ruleViolation('user.email_taken', { email }, 'email');
    }
    const row = await repo.insertUser(tx, {
      email,
      displayName: input.displayName.trim(),
      role: input.role,
      stateIso2,
      officialId,
      locale: input.locale ?? 'en',
      passwordHash,
      mustChangePassword: oneTime !== null && !invitation,
    });
    await writeAudit(tx, audit, {
      action: 'user.create',
      recordType: 'user',
      recordId: row.id,
      details: { email, role: row.role, stateIso2, officialId, invited: invitation !== undefined },
    });
    if (invitation) await issueAccountLink(tx, invitation, row, 'invitation', audit.actorUserId);
    return { user: await view(tx, row), temporaryPassword: invitation ? null : oneTime, invited: invitation !== undefined };
  });
}

export async function updateUser(
  db: Database,
  audit: AuditContext,
  id: string,
  changes: { displayName?: string; role?: Role; stateIso2?: string | null; officialId?: string | null },
): Promise<UserView> {
  return db.transaction(async (tx) => {
    const user = await existingUser(tx, id);
    const role = changes.role ?? user.role;
    // Moving to a role without a state drops the state unless one is given.
    const stateIso2 =
      changes.stateIso2 !== undefined ? changes.stateIso2 : stateHoldingRoles.includes(role) ? user.stateIso2 : null;
    await assertStateFitsRole(tx, role, stateIso2);
    // Likewise, leaving the participant role drops the link to a registry record unless one is given.
    const officialId = changes.officialId !== undefined ? changes.officialId : role === 'participant' ? user.officialId : null;
    if (officialId !== user.officialId || stateIso2 !== user.stateIso2) {
      await assertOfficialLink(tx, { role, stateIso2, officialId, userId: id });
    }
    if (role !== user.role) await assertNotLastAdmin(tx, user);
    const row = await repo.updateUser(tx, id, {
      displayName: changes.displayName?.trim() ?? user.displayName,
      role,
      stateIso2,
      officialId,
    });
    // New privileges take effect at the next sign-in, never inside a session granted for the old ones.
    if (role !== user.role || stateIso2 !== user.stateIso2 || officialId !== user.officialId) {
      await deleteSessionsOfUser(tx, id);
    }
    await writeAudit(tx, audit, {
      action: 'user.update',
      recordType: 'user',
      recordId: id,
      details: {
        before: { displayName: user.displayName, role: user.role, stateIso2: user.stateIso2, officialId: user.officialId },
        after: { displayName: row.displayName, role: row.role, stateIso2: row.stateIso2, officialId: row.officialId },
      },
    });
    return view(tx, row);
  });
}

const CANDIDATE_LIMIT = 20;

/**
 * The officials a participant account may be linked to, for the admin's picker: the admin may not
 * read the registry, so this returns only what identifies a person (names, agency), of one state,
 * at most 20, and is audited as a read of officials' personal data.
 */
export async function listOfficialCandidates(
  db: Database,
  audit: AuditContext,
  query: { stateIso2: string; q?: string; userId?: string },
): Promise<{ items: OfficialCandidate[] }> {
  const { stateIso2, q, userId } = query;
  const items = await repo.listOfficialCandidates(
    db,
    { stateIso2, userId, ...(q ? { text: q, keys: nameKeysOf(q) } : {}) },
    CANDIDATE_LIMIT,
  );
  await writeAudit(db, audit, {
    action: 'official.list',
    recordType: 'official',
    details: { purpose: 'account link', filter: { stateIso2, q, userId }, ids: items.map((i) => i.id) },
  });
  return { items };
}

export async function deactivateUser(db: Database, audit: AuditContext, id: string): Promise<UserView> {
  return db.transaction(async (tx) => {
    const user = await existingUser(tx, id);
    if (audit.actorUserId === id) throw ruleViolation('user.deactivate_self');
    if (!user.active) throw ruleViolation('user.already_inactive');
    await assertNotLastAdmin(tx, user);
    const row = await repo.updateUser(tx, id, { active: false, deactivatedAt: new Date() });
    await deleteSessionsOfUser(tx, id);
    await writeAudit(tx, audit, { action: 'user.deactivate', recordType: 'user', recordId: id });
    return view(tx, row);
  });
}

export async function reactivateUser(db: Database, audit: AuditContext, id: string): Promise<UserView> {
  return db.transaction(async (tx) => {
    const user = await existingUser(tx, id);
    if (user.active) throw ruleViolation('user.already_active');
    const row = await repo.updateUser(tx, id, { active: true, deactivatedAt: null });
    await writeAudit(tx, audit, { action: 'user.reactivate', recordType: 'user', recordId: id });
    return view(tx, row);
  });
}

/** Sets a new password (the CLI gives one) or a temporary one to hand over; ends all sessions. */
export async function resetPassword(
  db: Database,
  audit: AuditContext,
  id: string,
  password?: string,
  options: { demo: boolean } = { demo: false },
): Promise<{ temporaryPassword: string | null }> {
  if (password !== undefined) {
    const user = await existingUser(db, id);
    await assertAcceptablePassword(password, user, { demo: options.demo, path: 'password' });
  }
  const oneTime = password === undefined ? temporaryPassword() : null;
  const passwordHash = await hashPassword(password ?? (oneTime as string));
  await db.transaction(async (tx) => {
    await existingUser(tx, id);
    await repo.updateUser(tx, id, { passwordHash, mustChangePassword: oneTime !== null });
    await deleteSessionsOfUser(tx, id);
    await spendOpenAccountLinks(tx, id);
    await writeAudit(tx, audit, { action: 'user.password.reset', recordType: 'user', recordId: id });
  });
  return { temporaryPassword: oneTime };
}

/**
 * Mails the user a link to choose their own password (issue 11; valid seven days, see
 * auth/account-links.ts): the invitation of a new account, or sent again when the first expired.
 * An older unused invitation stops working. The current password, if any, stays until the link is used.
 */
export async function sendInvitation(db: Database, config: Config, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await existingUser(tx, id);
    if (!user.active) throw ruleViolation('user.invite_inactive');
    await issueAccountLink(tx, config, user, 'invitation', audit.actorUserId);
    await writeAudit(tx, audit, { action: 'user.invite', recordType: 'user', recordId: id });
  });
}

/** For a user who lost their authenticator and recovery codes. */
export async function resetSecondFactor(db: Database, audit: AuditContext, id: string): Promise<UserView> {
  return db.transaction(async (tx) => {
    const user = await existingUser(tx, id);
    if (!user.totpSecret && !user.totpPendingSecret) {
      throw ruleViolation('user.no_second_factor');
    }
    const row = await repo.updateUser(tx, id, {
      totpSecret: null,
      totpPendingSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
    });
    await repo.deleteRecoveryCodes(tx, id);
    await deleteSessionsOfUser(tx, id);
    await writeAudit(tx, audit, { action: 'user.mfa.reset', recordType: 'user', recordId: id });
    return view(tx, row);
  });
}
