import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Me, Role } from '../../api/types';
import { sectionsFor } from '../sessions/sections';
import type { SessionDetail } from '../sessions/sessions';
import '../nominations/sessionSections';
import { navigationFor } from './navigation';

const t = ((key: string) => key) as unknown as TFunction;
const me = (role: Role) => ({ role, stateIso2: role === 'focal_point' || role === 'participant' ? 'NG' : null }) as Me;
const keys = (role: Role) => navigationFor(me(role), t).map((item) => item.key);

describe('what the M&E officer is offered (no identity anywhere, as server/platform/access.ts says)', () => {
  it('no registry of officials, but agencies; the others who read officials keep it', () => {
    expect(keys('me_officer')).not.toContain('officials');
    expect(keys('me_officer')).toContain('agencies');
    for (const role of ['programme_officer', 'trainer', 'focal_point'] as const) expect(keys(role)).toContain('officials');
  });

  it('no nominations tab on a session', () => {
    const tabs = (role: Role) => sectionsFor({ id: 's' } as SessionDetail, me(role)).map((s) => s.key);
    expect(tabs('me_officer')).not.toContain('nominations');
    expect(tabs('programme_officer')).toContain('nominations');
    expect(tabs('focal_point')).toContain('nominations');
  });
});
