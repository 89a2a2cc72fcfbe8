import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './focus.css';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { notificationsStore } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { lazy, StrictMode, Suspense, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { ApiError, setPasswordChangeRequiredHandler, setUnauthenticatedHandler } from './api/client';
import { forgetEarlyAnswers } from './api/early';
import { sessionKey } from './hooks/session';
import i18n, { initI18n } from './i18n';
import { forgetPersonalData } from './offline/forget';
import { followLanguageInManifest, registerServiceWorker } from './offline/serviceWorker';
import { createAppRouter } from './router';
import { cssVariablesResolver, themeFor } from './theme';

const Notifications = lazy(() => import('./main-notifications').then((m) => ({ default: m.Notifications })));

/**
 * Mantine's notifications, drawn from the first one shown: their code (transitions, and the rest
 * of Mantine's components it takes along) is then fetched, not with the first screen on a slow
 * link. A notification shown meanwhile waits in Mantine's store and appears with them.
 */
function NotificationsOnceShown() {
  const [shown, setShown] = useState(() => notificationsStore.getState().notifications.length > 0);
  useEffect(() => (shown ? undefined : notificationsStore.subscribe(() => setShown(true))), [shown]);
  return shown ? (
    <Suspense fallback={null}>
      <Notifications />
    </Suspense>
  ) : null;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx answer will not change by asking again; only retry what may be a passing network fault.
      retry: (failureCount, error) =>
        failureCount < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const router = createAppRouter(queryClient);
// Whatever boot.ts asked for that the first screen did not take is not for a later one.
const stopForgetting = router.subscribe('onResolved', () => {
  forgetEarlyAnswers();
  stopForgetting();
});

// The session ended (expired, signed out elsewhere, account deactivated): forget it and ask to sign in again.
setUnauthenticatedHandler(() => {
  const { pathname, href } = router.state.location;
  if (pathname === '/sign-in') return;
  // The personal data the service worker kept goes with the session; unsent changes stay for their user.
  void forgetPersonalData(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData(sessionKey, null);
  void router.navigate({ to: '/sign-in', search: { redirect: href } });
});

// The server holds a temporary password at the change screen: refresh the session, whose
// mustChangePassword makes the signed-in layout show that screen and nothing else.
setPasswordChangeRequiredHandler(() => {
  void queryClient.invalidateQueries({ queryKey: sessionKey });
});

await initI18n();
followLanguageInManifest(i18n);
registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/** Mantine with the theme in the reader's language (it names the close buttons Mantine draws). */
function ThemedApp() {
  const { t } = useTranslation();
  const theme = useMemo(() => themeFor(t('common.close')), [t]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <NotificationsOnceShown />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}

createRoot(root).render(
  <StrictMode>
    <DirectionProvider initialDirection={i18n.dir()}>
      <ThemedApp />
    </DirectionProvider>
  </StrictMode>,
);
