import { queryOptions } from '@tanstack/react-query';
import { http } from './http';

/**
 * The bell's count (one small query on the reader's own unread rows): asked again when the reader
 * moves to another page and every five minutes while the tab is open, never in the background, so
 * that a slow link carries almost nothing.
 */
export const unreadKey = ['notifications', 'unread'] as const;
export const unreadQuery = queryOptions({
  queryKey: unreadKey,
  queryFn: ({ signal }) => http.get('/notifications/unread', { signal }),
  staleTime: 60_000,
  refetchInterval: 5 * 60_000,
  refetchIntervalInBackground: false,
});

/** Everything that shows notifications, the bell included. */
export const notificationsKey = ['notifications'] as const;
