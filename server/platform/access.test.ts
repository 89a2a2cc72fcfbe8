import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema';
import { type Actor, assertAllowed, officialScope, personalDataScope, type SessionStage, wallScopeOf } from './access';

const actor = (role: Role, stage: SessionStage = 'full', stateIso2: string | null = null): Actor => ({
  userId: 'u',
  email: 'e@x.org',
  role,
  locale: 'en',
  stateIso2,
  officialId: null,
  sessionId: 's',
  stage,
});

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('assertAllowed', () => {
  it('lets anyone through a public route', () => {
    expect(codeOf(() => assertAllowed('public', null))).toBeNull();
  });
  it('asks an anonymous caller to sign in', () => {
    expect(codeOf(() => assertAllowed('reference.read', null))).toBe('UNAUTHENTICATED');
  });
  it('refuses a role the permission does not list', () => {
    expect(codeOf(() => assertAllowed('users.manage', actor('programme_officer')))).toBe('FORBIDDEN');
    expect(codeOf(() => assertAllowed('users.manage', actor('admin')))).toBeNull();
  });
  it('holds a half-signed-in session at the second factor', () => {
    expect(codeOf(() => assertAllowed('reference.read', actor('admin', 'password')))).toBe('MFA_REQUIRED');
    expect(codeOf(() => assertAllowed('auth.secondFactor', actor('admin', 'password')))).toBeNull();
    expect(codeOf(() => assertAllowed('auth.secondFactor', actor('admin', 'full')))).toBe('FORBIDDEN');
  });
  it('lets a session that must enrol reach only the enrolment routes', () => {
    expect(codeOf(() => assertAllowed('account.enrolSecondFactor', actor('trainer', 'enrol')))).toBeNull();
    expect(codeOf(() => assertAllowed('account.read', actor('trainer', 'enrol')))).toBe('MFA_REQUIRED');
  });
  it('holds a temporary password at the change screen: every role, every other permission', () => {
    const passwordPermissions = ['account.read', 'account.changePassword', 'auth.session', 'public'] as const;
    for (const role of ['admin', 'programme_officer', 'focal_point', 'participant'] as const) {
      const temporary = { ...actor(role), mustChangePassword: true };
      for (const permission of passwordPermissions) expect(codeOf(() => assertAllowed(permission, temporary))).toBeNull();
      for (const permission of ['registry.read', 'registry.write', 'account.update', 'reference.read', 'users.manage'] as const) {
        expect(
          codeOf(() => assertAllowed(permission, temporary)),
          `${role} ${permission}`,
        ).toBe('PASSWORD_CHANGE_REQUIRED');
      }
    }
    // The second factor comes first when one is owed; enrolment may come before or after the change.
    expect(
      codeOf(() => assertAllowed('account.changePassword', { ...actor('admin', 'password'), mustChangePassword: true })),
    ).toBe('MFA_REQUIRED');
    expect(
      codeOf(() => assertAllowed('account.enrolSecondFactor', { ...actor('trainer', 'enrol'), mustChangePassword: true })),
    ).toBeNull();
  });
});

describe('personalDataScope', () => {
  it('gives office staff every state', () => {
    for (const role of ['admin', 'programme_officer', 'me_officer'] as const) {
      expect(personalDataScope(actor(role))).toEqual({ kind: 'all' });
    }
  });
  it('limits a focal point to their own state', () => {
    expect(personalDataScope(actor('focal_point', 'full', 'NG'))).toEqual({ kind: 'state', iso2: 'NG' });
    expect(personalDataScope(actor('focal_point'))).toEqual({ kind: 'none' });
  });
  it('gives partners no personal data', () => {
    expect(personalDataScope(actor('partner'))).toEqual({ kind: 'none' });
  });
});

describe('officialScope', () => {
  it('gives programme officers every official; M&E officers (pseudonyms only), admins and partners none', () => {
    expect(officialScope(actor('programme_officer'))).toEqual({ kind: 'all' });
    expect(officialScope(actor('me_officer'))).toEqual({ kind: 'none' });
    expect(officialScope(actor('admin'))).toEqual({ kind: 'none' });
    expect(officialScope(actor('partner'))).toEqual({ kind: 'none' });
  });
  it('limits a focal point to their state, a trainer to their sessions, a participant to themselves', () => {
    expect(officialScope(actor('focal_point', 'full', 'GH'))).toEqual({ kind: 'state', iso2: 'GH' });
    expect(officialScope(actor('trainer'))).toEqual({ kind: 'trainer', userId: 'u' });
    expect(officialScope({ ...actor('participant'), officialId: 'o1' })).toEqual({ kind: 'self', officialId: 'o1' });
    expect(officialScope(actor('participant'))).toEqual({ kind: 'none' });
  });
});

describe('wallScopeOf (the database wall of a request)', () => {
  it('holds focal points and participants to their state', () => {
    expect(wallScopeOf(actor('focal_point', 'full', 'NG'))).toBe('NG');
    expect(wallScopeOf(actor('participant', 'full', 'SN'))).toBe('SN');
  });
  it('lets office staff, trainers and partners through every state', () => {
    for (const role of ['admin', 'programme_officer', 'me_officer', 'trainer', 'partner'] as Role[]) {
      expect(wallScopeOf(actor(role))).toBe('*');
    }
  });
  it('gives nothing to anyone not fully signed in, nor to a state role without a state', () => {
    expect(wallScopeOf(null)).toBe('');
    expect(wallScopeOf(actor('programme_officer', 'password'))).toBe('');
    expect(wallScopeOf(actor('admin', 'enrol'))).toBe('');
    expect(wallScopeOf(actor('focal_point', 'full', null))).toBe('');
  });
});
