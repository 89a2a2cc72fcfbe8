import { ActionIcon, Indicator, Tooltip } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { unreadQuery } from '../api/notifications';
import { useFormat } from '../i18n/format';

/** The bell in the header: the reader's unread notifications, counted again on each navigation. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const unread = useQuery(unreadQuery);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const { refetch } = unread;
  // On navigation, not on every render: the query's staleTime keeps quick moves to one request a minute.
  useEffect(() => {
    if (pathname) void refetch({ cancelRefetch: false });
  }, [pathname, refetch]);
  const count = unread.data?.unread ?? 0;
  const label = count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell');
  return (
    <Tooltip label={label}>
      <Indicator
        label={count > 99 ? `${formatNumber(99)}+` : formatNumber(count)}
        size={18}
        disabled={count === 0}
        color="red"
        offset={6}
        data-testid="bell-count"
      >
        <ActionIcon
          component={Link}
          to="/notifications"
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={label}
          data-testid="bell"
        >
          <IconBell size={20} aria-hidden />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
