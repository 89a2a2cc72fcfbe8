import { Anchor, AppShell, Button, Group } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { mainContentId, SkipLink } from '../../components/SkipLink';
import { sessionQuery } from '../../hooks/session';
import { setLanguage } from '../../i18n';
import { AppLayout } from './AppLayout';

/**
 * The frame of screens anyone may open (the library's public items): the signed-in frame for a
 * signed-in user, else a header with the language and a way to sign in (which comes back here).
 */
export function OpenLayout() {
  const { data: session } = useQuery(sessionQuery);
  if (session?.stage === 'full') return <AppLayout />;
  return <SignedOutShell />;
}

function SignedOutShell() {
  const { t } = useTranslation();
  const href = useRouterState({ select: (state) => state.location.href });
  const navigate = useNavigate();
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Anchor component={Link} to="/library" fw={700} fz="xl" underline="never" c="inherit">
            {t('app.name')}
          </Anchor>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch onChange={(locale) => void setLanguage(locale)} />
            <Button
              onClick={() => void navigate({ to: '/sign-in', search: { redirect: href } })}
              variant="light"
              leftSection={<IconLogin size={18} aria-hidden />}
              data-testid="library-sign-in"
            >
              {t('auth.signIn')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id={mainContentId} tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
