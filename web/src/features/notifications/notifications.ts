import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Locale } from '../../../../contract/enums';
import { type ApiResponse, http } from '../../api/http';
import { notificationsKey } from '../../api/notifications';

export type NotificationItem = ApiResponse<'/api/notifications'>['items'][number];
export type Preference = ApiResponse<'/api/notifications/preferences'>['items'][number];

const PAGE = 30;

/** The reader's notifications, a page at a time (texts in the interface language: the key carries it). */
export const notificationListQuery = (unreadOnly: boolean, lang: Locale) =>
  infiniteQueryOptions({
    queryKey: [...notificationsKey, 'list', unreadOnly, lang],
    queryFn: ({ pageParam, signal }) =>
      http.get('/notifications', {
        query: { limit: PAGE, unread: unreadOnly ? 'true' : undefined, before: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.more ? (last.items[last.items.length - 1]?.id ?? null) : null),
  });

export const preferencesQuery = queryOptions({
  queryKey: [...notificationsKey, 'preferences'],
  queryFn: ({ signal }) => http.get('/notifications/preferences', { signal }),
});

type StateCursor = { before?: string; emailsBefore?: string };

/**
 * What the reader's state was sent, a page at a time: each page carries the next notifications and
 * the next emails, each list from its own cursor (one kept where its list has ended).
 */
export const stateSentQuery = (lang: Locale) =>
  infiniteQueryOptions({
    queryKey: [...notificationsKey, 'state', lang],
    queryFn: ({ pageParam, signal }) => http.get('/notifications/state', { query: { limit: PAGE, ...pageParam }, signal }),
    initialPageParam: {} as StateCursor,
    getNextPageParam: (last, _pages, cursor): StateCursor | null =>
      last.more || last.emailsMore
        ? {
            before: last.notifications[last.notifications.length - 1]?.id ?? cursor.before,
            emailsBefore: last.emails[last.emails.length - 1]?.id ?? cursor.emailsBefore,
          }
        : null,
  });

export const remindersQuery = queryOptions({
  queryKey: [...notificationsKey, 'reminders'],
  queryFn: ({ signal }) => http.get('/notifications/reminders', { signal }),
});

/** After a change: the list and the bell read again. */
export const refreshNotifications = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: notificationsKey });
