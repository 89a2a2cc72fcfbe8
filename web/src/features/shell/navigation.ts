import {
  IconArrowsJoin,
  IconBook,
  IconBuilding,
  IconBuildingCommunity,
  IconCalendarEvent,
  IconCertificate,
  IconFileImport,
  IconFileSearch,
  IconHome,
  IconId,
  IconMapPin,
  IconShieldLock,
  IconUserCircle,
  IconUserSearch,
  IconUsers,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../../api/types';

export type NavKey =
  | 'home'
  | 'states'
  | 'my-state'
  | 'officials'
  | 'agencies'
  | 'officials-import'
  | 'duplicates'
  | 'my-record'
  | 'my-trainings'
  | 'curriculum'
  | 'sessions'
  | 'account'
  | 'users'
  | 'audit'
  | 'security';

export type NavItem = {
  key: NavKey;
  label: string;
  path: string;
  icon: typeof IconHome;
};

/** The sections a user's role opens, in menu order. */
export function navigationFor(me: Me, t: TFunction): NavItem[] {
  const items: NavItem[] = [
    { key: 'home', label: t('nav.home'), path: '/', icon: IconHome },
    { key: 'states', label: t('nav.states'), path: '/states', icon: IconBuildingCommunity },
  ];
  if ((me.role === 'focal_point' || me.role === 'participant') && me.stateIso2) {
    items.push({ key: 'my-state', label: t('nav.myState'), path: `/states/${me.stateIso2}`, icon: IconMapPin });
  }
  // The registry: whoever may see officials' identities (each only within their scope).
  if (['programme_officer', 'me_officer', 'trainer', 'focal_point'].includes(me.role)) {
    items.push({ key: 'officials', label: t('registry.nav.officials'), path: '/officials', icon: IconUserSearch });
  }
  if (['programme_officer', 'me_officer', 'focal_point'].includes(me.role)) {
    items.push({ key: 'agencies', label: t('registry.nav.agencies'), path: '/agencies', icon: IconBuilding });
  }
  // Registry quality: importing officials (officers, focal points for their state); duplicates (officers).
  if (['programme_officer', 'focal_point'].includes(me.role)) {
    items.push({ key: 'officials-import', label: t('quality.nav.import'), path: '/officials-import', icon: IconFileImport });
  }
  if (me.role === 'programme_officer') {
    items.push({ key: 'duplicates', label: t('quality.nav.duplicates'), path: '/duplicates', icon: IconArrowsJoin });
  }
  // Curriculum: office staff, focal points and partners; sessions: whoever sessions.read scopes for them.
  if (['admin', 'programme_officer', 'me_officer', 'trainer', 'focal_point', 'partner'].includes(me.role)) {
    items.push({ key: 'curriculum', label: t('curriculum.nav'), path: '/curriculum', icon: IconBook });
  }
  if (['programme_officer', 'me_officer', 'trainer', 'focal_point'].includes(me.role)) {
    items.push({ key: 'sessions', label: t('sessions.nav'), path: '/sessions', icon: IconCalendarEvent });
  }
  if (me.role === 'participant') {
    items.push({ key: 'my-record', label: t('registry.nav.myRecord'), path: '/my-record', icon: IconId });
    items.push({ key: 'my-trainings', label: t('participation.nav'), path: '/my-trainings', icon: IconCertificate });
  }
  items.push({ key: 'account', label: t('nav.account'), path: '/account', icon: IconUserCircle });
  if (me.role === 'admin') {
    items.push(
      { key: 'users', label: t('nav.users'), path: '/admin/users', icon: IconUsers },
      { key: 'audit', label: t('nav.audit'), path: '/admin/audit', icon: IconFileSearch },
      { key: 'security', label: t('nav.security'), path: '/admin/security', icon: IconShieldLock },
    );
  }
  return items;
}

/** The item the current path belongs to: the longest matching path, so /states/NG is "My state", not "Member states". */
export function activeNavKey(items: NavItem[], pathname: string): NavKey | undefined {
  let best: NavItem | undefined;
  for (const item of items) {
    const matches = item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
    if (matches && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}
