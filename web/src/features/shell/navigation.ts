import {
  IconArrowsJoin,
  IconBook,
  IconBuilding,
  IconBuildingBank,
  IconBuildingCommunity,
  IconCalendarEvent,
  IconCertificate,
  IconChartBar,
  IconChecklist,
  IconCoins,
  IconFileImport,
  IconFileSearch,
  IconFlag,
  IconHome,
  IconId,
  IconLayoutGrid,
  IconMapPin,
  IconMicrophone,
  IconShieldLock,
  IconUserCircle,
  IconUserSearch,
  IconUsers,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Me } from '../../api/types';
import { canReadOfficials } from '../registry/registry';

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
  | 'results'
  | 'national-programmes'
  | 'meetings'
  | 'recommendations'
  | 'my-state-actions'
  | 'partners'
  | 'contributions'
  | 'who-does-what-where'
  | 'my-organisation'
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
  // The registry: whoever may see officials' identities (each only within their scope); not the
  // M&E officer, who sees persons only as the pseudonyms of the results drill-down.
  if (canReadOfficials(me.role)) {
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
  // Results: aggregates for officers, focal points (their state) and partners (the programmes they support).
  if (['programme_officer', 'me_officer', 'focal_point', 'partner'].includes(me.role)) {
    items.push({ key: 'results', label: t('results.nav'), path: '/results', icon: IconChartBar });
  }
  // The yearly high-level meeting: office staff, focal points (their state's delegation) and partners (editions, documents).
  if (['programme_officer', 'me_officer', 'focal_point', 'partner'].includes(me.role)) {
    items.push({ key: 'meetings', label: t('meetings.nav'), path: '/meetings', icon: IconMicrophone });
  }
  // Meeting recommendations: officers manage and M&E officers read them; a focal point sees their state's actions only.
  if (['programme_officer', 'me_officer'].includes(me.role)) {
    items.push({ key: 'recommendations', label: t('recommendations.nav'), path: '/recommendations', icon: IconChecklist });
  } else if (me.role === 'focal_point' && me.stateIso2) {
    items.push({ key: 'my-state-actions', label: t('recommendations.navOwn'), path: '/my-state-actions', icon: IconChecklist });
  }
  // National programme support: the overview across states (no personal data) for officers and
  // partners; a focal point goes straight to their own state's engagements.
  if (['programme_officer', 'me_officer', 'partner'].includes(me.role)) {
    items.push({ key: 'national-programmes', label: t('nationalProgrammes.nav'), path: '/national-programmes', icon: IconFlag });
  } else if (me.role === 'focal_point' && me.stateIso2) {
    items.push({
      key: 'national-programmes',
      label: t('nationalProgrammes.navOwn'),
      path: `/national-programmes/states/${me.stateIso2}`,
      icon: IconFlag,
    });
  }
  // Partners and donors: office staff; a partner user its own organisation's page.
  if (['programme_officer', 'me_officer'].includes(me.role)) {
    items.push(
      { key: 'partners', label: t('partners.nav.partners'), path: '/partners', icon: IconBuildingBank },
      { key: 'contributions', label: t('partners.nav.contributions'), path: '/contributions', icon: IconCoins },
      { key: 'who-does-what-where', label: t('partners.nav.matrix'), path: '/who-does-what-where', icon: IconLayoutGrid },
    );
  }
  if (me.role === 'partner') {
    items.push({
      key: 'my-organisation',
      label: t('partners.nav.myOrganisation'),
      path: '/my-organisation',
      icon: IconBuildingBank,
    });
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
