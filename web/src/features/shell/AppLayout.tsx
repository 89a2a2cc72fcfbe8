import { Anchor, AppShell, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { NotificationBell } from '../../components/NotificationBell';
import { activeNavKey, navigationFor } from '../../components/navigation';
import { OfflineStatus } from '../../components/OfflineStatus';
import { PasswordSection } from '../../components/PasswordSection';
import { mainContentId, SkipLink } from '../../components/SkipLink';
import { useChangeLanguage } from '../../hooks/language';
import { sessionQuery, signOut, useCan } from '../../hooks/session';
import { setLanguage } from '../../i18n';
import { useOfflineChanges, useOfflineSync } from '../../offline/sync';

/** The frame of every signed-in screen: header, role-dependent navigation, reminders. */
export function AppLayout() {
  const { data: session } = useQuery(sessionQuery);
  // The route guard only lets a full session in; this covers a session that ends while here
  // (signing out, or a password change that ends every session).
  if (session?.stage !== 'full') return <Navigate to="/sign-in" search={{}} replace />;
  return <SignedInShell me={session.user} />;
}

function SignedInShell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  // A temporary password opens nothing but its own change (the server refuses the rest).
  const can = useCan();
  const mustChange = me.mustChangePassword;
  const items = mustChange ? [] : navigationFor(me, can, t);
  const active = activeNavKey(items, pathname);
  const roleName = t(`roles.${me.role}`);

  const language = useChangeLanguage();
  useOfflineSync(me.id);
  const unsent = useOfflineChanges(me.id).filter((c) => c.state === 'waiting').length;
  const [confirmingSignOut, setConfirmingSignOut] = useState(false);

  const leave = async () => {
    await signOut(queryClient);
    await navigate({ to: '/sign-in', search: {} });
  };
  // Signing out deletes this user's changes from the device (a shared laptop): not without asking.
  const askToLeave = () => (unsent > 0 ? setConfirmingSignOut(true) : void leave());

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? t('nav.close') : t('nav.open')}
              aria-expanded={navOpened}
            />
            <Anchor component={Link} to="/" fw={700} fz="xl" underline="never" c="inherit">
              {t('app.name')}
            </Anchor>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Stack gap={0} visibleFrom="sm" align="flex-end" data-testid="current-user">
              <SignedInAs name={me.displayName} role={roleName} />
            </Stack>
            <OfflineStatus userId={me.id} />
            {!mustChange && <NotificationBell />}
            {/* Until the password is changed, the language switches on screen only (the account cannot be saved). */}
            <LanguageSwitch
              onChange={mustChange ? (locale) => void setLanguage(locale) : language.change}
              loading={language.saving}
            />
            <Button
              variant="subtle"
              color="gray"
              leftSection={<IconLogout size={18} aria-hidden />}
              onClick={askToLeave}
              aria-label={t('auth.signOut')}
              data-testid="sign-out"
            >
              <Text span visibleFrom="xs" inherit>
                {t('auth.signOut')}
              </Text>
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
        <Stack gap={0} hiddenFrom="sm" p="sm" mb="xs">
          <SignedInAs name={me.displayName} role={roleName} />
        </Stack>
        {/* A long menu scrolls inside the navigation: on a phone it is taller than the screen. */}
        <AppShell.Section grow component={ScrollArea}>
          {items.map((item) => (
            <NavLink
              key={item.key}
              component={Link}
              to={item.path}
              label={item.label}
              leftSection={<item.icon size={20} stroke={1.5} aria-hidden />}
              active={item.key === active}
              // The router would also mark every entry whose path starts the current one (Notifications
              // on /notifications/state): which entry is current is decided once, above.
              activeOptions={{ exact: true }}
              aria-current={item.key === active ? 'page' : undefined}
              onClick={closeNav}
              data-testid={`nav-${item.key}`}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id={mainContentId} tabIndex={-1}>
        {mustChange ? <PasswordSection /> : <Outlet />}
      </AppShell.Main>
      <ConfirmModal
        opened={confirmingSignOut}
        title={t('offline.signOutTitle')}
        confirmLabel={t('offline.signOutAnyway')}
        danger
        onConfirm={() => void leave()}
        onClose={() => setConfirmingSignOut(false)}
      >
        {t('offline.signOutText', { count: unsent })}
      </ConfirmModal>
    </AppShell>
  );
}

/** Who is signed in: their name, then their role. */
function SignedInAs({ name, role }: { name: string; role: string }) {
  return (
    <>
      <Text size="sm" fw={600}>
        {name}
      </Text>
      <Text size="xs" c="dimmed">
        {role}
      </Text>
    </>
  );
}
