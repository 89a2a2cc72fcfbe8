import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../server/platform/access';
import type { Me } from './api/types';
import { sectionsFor } from './components/sessionSections';
import type { SessionDetail } from './features/sessions/sessions';
import { canOf } from './hooks/session';
import './sessionSections';
import type { Role } from '../../contract/enums';
import { navigationFor } from './components/navigation';

const t = ((key: string) => key) as unknown as TFunction;
const me = (role: Role) => ({ role, stateIso2: role === 'focal_point' || role === 'participant' ? 'NG' : null }) as Me;
const can = (role: Role) => canOf(permissionsOf(role));
const keys = (role: Role) => navigationFor(me(role), can(role), t).map((item) => item.key);

describe('what the M&E officer is offered (no identity anywhere, as server/platform/access.ts says)', () => {
  it('no registry of officials, but agencies; the others who read officials keep it', () => {
    expect(keys('me_officer')).not.toContain('officials');
    expect(keys('me_officer')).toContain('agencies');
    for (const role of ['programme_officer', 'trainer', 'focal_point'] as const) expect(keys(role)).toContain('officials');
  });

  it('no nominations tab on a session', () => {
    const tabs = (role: Role) => sectionsFor({ id: 's' } as SessionDetail, me(role), can(role)).map((s) => s.key);
    expect(tabs('me_officer')).not.toContain('nominations');
    expect(tabs('programme_officer')).toContain('nominations');
    expect(tabs('focal_point')).toContain('nominations');
  });
});

describe('the certificates tab of a session', () => {
  const tabs = (role: Role, status: string) =>
    sectionsFor({ id: 's', status } as SessionDetail, me(role), can(role)).map((s) => s.key);

  it('only for who issues them, and only once the session is completed', () => {
    expect(tabs('programme_officer', 'completed')).toContain('certificates');
    expect(tabs('programme_officer', 'closed')).not.toContain('certificates');
    for (const role of ['focal_point', 'trainer', 'me_officer'] as const)
      expect(tabs(role, 'completed')).not.toContain('certificates');
  });
});

describe('the menu follows the permissions of server/platform/access.ts', () => {
  // The menu each role had when it was decided by role: asking the permissions must not change it.
  const menus: Record<Role, string[]> = {
    admin: ['home', 'states', 'curriculum', 'library', 'notifications', 'account', 'users', 'audit', 'outbox', 'security'],
    programme_officer: [
      'home',
      'states',
      'officials',
      'agencies',
      'officials-import',
      'duplicates',
      'curriculum',
      'sessions',
      'results',
      'meetings',
      'recommendations',
      'national-programmes',
      'library',
      'partners',
      'contributions',
      'who-does-what-where',
      'notifications',
      'account',
    ],
    me_officer: [
      'home',
      'states',
      'agencies',
      'curriculum',
      'sessions',
      'results',
      'meetings',
      'recommendations',
      'national-programmes',
      'library',
      'partners',
      'contributions',
      'who-does-what-where',
      'notifications',
      'account',
    ],
    trainer: ['home', 'states', 'officials', 'curriculum', 'sessions', 'library', 'notifications', 'account'],
    focal_point: [
      'home',
      'states',
      'my-state',
      'officials',
      'agencies',
      'officials-import',
      'curriculum',
      'sessions',
      'results',
      'meetings',
      'my-state-actions',
      'national-programmes',
      'library',
      'certificates',
      'notifications',
      'state-sent',
      'account',
    ],
    participant: [
      'home',
      'states',
      'my-state',
      'library',
      'my-record',
      'my-trainings',
      'certificates',
      'notifications',
      'account',
    ],
    partner: [
      'home',
      'states',
      'curriculum',
      'results',
      'meetings',
      'national-programmes',
      'library',
      'my-organisation',
      'notifications',
      'account',
    ],
  };
  for (const [role, menu] of Object.entries(menus) as [Role, string[]][]) {
    it(`${role}`, () => expect(keys(role)).toEqual(menu));
  }

  it("a focal point goes straight to their own state's engagements", () => {
    const item = navigationFor(me('focal_point'), can('focal_point'), t).find((i) => i.key === 'national-programmes');
    expect(item?.path).toBe('/national-programmes/states/NG');
  });
});
