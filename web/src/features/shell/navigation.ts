import {
  IconBuildingCommunity,
  IconFileSearch,
  IconHome,
  IconMapPin,
  IconShieldLock,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../../api/types';

export type NavKey = 'home' | 'states' | 'my-state' | 'account' | 'users' | 'audit' | 'security';

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
