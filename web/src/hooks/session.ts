import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from '../api/client';
import { http } from '../api/http';
import type { Can, Me, SessionView } from '../api/types';
import { setLanguage } from '../i18n';
import { forgetPersonalData } from '../offline/forget';

export const sessionKey = ['session'] as const;

/** The current session, or null when signed out. Fetched once, then kept up to date by the screens that change it. */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async (): Promise<SessionView | null> => {
    try {
      const session = await http.get('/auth/session', { allowUnauthenticated: true });
      setCsrfToken(session.csrfToken);
      // A session opened elsewhere (another device, a new tab) shows the language the user chose.
      await setLanguage(session.user.locale);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw error;
    }
  },
  staleTime: Number.POSITIVE_INFINITY,
  // Asked even without network: the service worker answers from its copy at a venue (offline pages).
  networkMode: 'offlineFirst',
});

/** Stores a SessionView from sign-in and applies the language the user chose on a previous visit. */
export async function acceptSession(queryClient: QueryClient, session: SessionView): Promise<void> {
  // Whatever the service worker kept was another session's: a shared laptop starts clean.
  await forgetPersonalData(null);
  setCsrfToken(session.csrfToken);
  // Language first, so the next screen opens in the user's language rather than flashing the old one.
  await setLanguage(session.user.locale);
  queryClient.setQueryData(sessionKey, session);
}

/** Keeps the cached session's user in step with a fresh copy from the API. */
export function updateSessionUser(queryClient: QueryClient, user: Me): void {
  queryClient.setQueryData(sessionKey, (session) => (session ? { ...session, user } : session));
}

/**
 * Ends the session. Never fails: if the server cannot be reached, this browser forgets the session
 * anyway, with the personal data the service worker kept and the user's changes on this device.
 */
export async function signOut(queryClient: QueryClient): Promise<void> {
  const userId = queryClient.getQueryData<SessionView | null>(sessionKey)?.user.id ?? null;
  await http.post('/auth/logout').catch(() => undefined);
  await forgetPersonalData(userId).catch(() => undefined);
  setCsrfToken(null);
  queryClient.clear();
  queryClient.setQueryData(sessionKey, null);
}

/** The signed-in user; only for screens under the signed-in layout, which guarantees a session. */
export function useMe(): Me {
  const { data } = useQuery(sessionQuery);
  if (!data) throw new Error('useMe() used outside the signed-in layout');
  return data.user;
}

/** What the signed-in user may do (the permissions of server/platform/access.ts their role holds). */
export function useCan(): Can {
  const { data } = useQuery(sessionQuery);
  if (!data) throw new Error('useCan() used outside the signed-in layout');
  return canOf(data.permissions);
}

export const canOf =
  (granted: readonly string[]): Can =>
  (permission) =>
    granted.includes(permission);
