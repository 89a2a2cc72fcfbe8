import {
  IconArrowsJoin,
  IconAward,
  IconBell,
  IconBook,
  IconBooks,
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
  IconMail,
  IconMailForward,
  IconMapPin,
  IconMicrophone,
  IconShieldLock,
  IconUserCircle,
  IconUserSearch,
  IconUsers,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { Can, Me } from '../api/types';

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
  | 'certificates'
  | 'curriculum'
  | 'sessions'
  | 'results'
  | 'national-programmes'
  | 'meetings'
  | 'recommendations'
  | 'my-state-actions'
  | 'library'
  | 'partners'
  | 'contributions'
  | 'who-does-what-where'
  | 'my-organisation'
  | 'notifications'
  | 'state-sent'
  | 'account'
  | 'users'
  | 'audit'
  | 'outbox'
  | 'security';

export type NavItem = {
  key: NavKey;
  label: string;
  path: string;
  icon: typeof IconHome;
};

/**
 * The sections a user's permissions open (server/platform/access.ts), in menu order. Participants
 * hold registry, sessions and curriculum reads for their own record and trainings only, which they
 * reach through "My record" and "My trainings" rather than the office's lists.
 */
export function navigationFor(me: Me, can: Can, t: TFunction): NavItem[] {
  const self = can('participation.self');
  const items: NavItem[] = [
    { key: 'home', label: t('nav.home'), path: '/', icon: IconHome },
    { key: 'states', label: t('nav.states'), path: '/states', icon: IconBuildingCommunity },
  ];
  // Only state-bound users (focal points, participants) carry a state.
  if (me.stateIso2) {
    items.push({ key: 'my-state', label: t('nav.myState'), path: `/states/${me.stateIso2}`, icon: IconMapPin });
  }
  // The registry: whoever may see officials' identities (each only within their scope); not the
  // M&E officer, who sees persons only as the pseudonyms of the results drill-down.
  if (can('registry.read') && !self) {
    items.push({ key: 'officials', label: t('registry.nav.officials'), path: '/officials', icon: IconUserSearch });
  }
  // The directory of agencies serves those who report on them (officers, focal points); trainers
  // meet agencies through their sessions' participants, participants through their own record.
  if (can('registry.agencies') && can('results.read')) {
    items.push({ key: 'agencies', label: t('registry.nav.agencies'), path: '/agencies', icon: IconBuilding });
  }
  if (can('registry.import')) {
    items.push({ key: 'officials-import', label: t('quality.nav.import'), path: '/officials-import', icon: IconFileImport });
  }
  if (can('registry.merge')) {
    items.push({ key: 'duplicates', label: t('quality.nav.duplicates'), path: '/duplicates', icon: IconArrowsJoin });
  }
  if (can('curriculum.read') && !self) {
    items.push({ key: 'curriculum', label: t('curriculum.nav'), path: '/curriculum', icon: IconBook });
  }
  if (can('sessions.read') && !self) {
    items.push({ key: 'sessions', label: t('sessions.nav'), path: '/sessions', icon: IconCalendarEvent });
  }
  // Results: aggregates for officers, focal points (their state) and partners (the programmes they support).
  if (can('results.read')) {
    items.push({ key: 'results', label: t('results.nav'), path: '/results', icon: IconChartBar });
  }
  if (can('meetings.read')) {
    items.push({ key: 'meetings', label: t('meetings.nav'), path: '/meetings', icon: IconMicrophone });
  }
  // Meeting recommendations for who reads them all; a focal point sees their state's actions only.
  if (can('recommendations.read')) {
    items.push({ key: 'recommendations', label: t('recommendations.nav'), path: '/recommendations', icon: IconChecklist });
  } else if (can('recommendations.actions.read') && me.stateIso2) {
    items.push({ key: 'my-state-actions', label: t('recommendations.navOwn'), path: '/my-state-actions', icon: IconChecklist });
  }
  // National programme support: the overview across states (no personal data); a focal point goes
  // straight to their own state's engagements.
  if (can('nationalProgrammes.overview')) {
    items.push({ key: 'national-programmes', label: t('nationalProgrammes.nav'), path: '/national-programmes', icon: IconFlag });
  } else if (can('nationalProgrammes.read') && me.stateIso2) {
    items.push({
      key: 'national-programmes',
      label: t('nationalProgrammes.navOwn'),
      path: `/national-programmes/states/${me.stateIso2}`,
      icon: IconFlag,
    });
  }
  // The knowledge library: library.read is public (server/platform/access.ts), so every signed-in
  // user has it, each reading only the items of their audience.
  items.push({ key: 'library', label: t('library.nav'), path: '/library', icon: IconBooks });
  // Partners and donors: office staff; a partner user its own organisation's page.
  if (can('partners.staff')) {
    items.push(
      { key: 'partners', label: t('partners.nav.partners'), path: '/partners', icon: IconBuildingBank },
      { key: 'contributions', label: t('partners.nav.contributions'), path: '/contributions', icon: IconCoins },
      { key: 'who-does-what-where', label: t('partners.nav.matrix'), path: '/who-does-what-where', icon: IconLayoutGrid },
    );
  }
  if (can('partners.own')) {
    items.push({
      key: 'my-organisation',
      label: t('partners.nav.myOrganisation'),
      path: '/my-organisation',
      icon: IconBuildingBank,
    });
  }
  if (self) {
    items.push({ key: 'my-record', label: t('registry.nav.myRecord'), path: '/my-record', icon: IconId });
    items.push({ key: 'my-trainings', label: t('participation.nav'), path: '/my-trainings', icon: IconCertificate });
  }
  // A participant's own certificates, a focal point's state's officials'; the office issues and
  // revokes them from each completed session.
  if (can('certificates.read') && !can('certificates.issue')) {
    items.push({
      key: 'certificates',
      label: self ? t('certificates.nav.own') : t('certificates.nav.state'),
      path: '/certificates',
      icon: IconAward,
    });
  }
  // Every user's own notifications; a focal point also sees what their state's users were told.
  items.push({ key: 'notifications', label: t('nav.notifications'), path: '/notifications', icon: IconBell });
  if (can('notifications.state')) {
    items.push({ key: 'state-sent', label: t('nav.stateSent'), path: '/notifications/state', icon: IconMailForward });
  }
  items.push({ key: 'account', label: t('nav.account'), path: '/account', icon: IconUserCircle });
  if (can('users.manage')) items.push({ key: 'users', label: t('nav.users'), path: '/admin/users', icon: IconUsers });
  if (can('audit.read')) items.push({ key: 'audit', label: t('nav.audit'), path: '/admin/audit', icon: IconFileSearch });
  if (can('outbox.manage')) items.push({ key: 'outbox', label: t('nav.outbox'), path: '/admin/outbox', icon: IconMail });
  if (can('settings.manage')) {
    items.push({ key: 'security', label: t('nav.security'), path: '/admin/security', icon: IconShieldLock });
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
