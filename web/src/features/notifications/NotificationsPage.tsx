import { Alert, Badge, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconChecks, IconSettings } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCan, useMe } from '../../hooks/session';
import { useFormat } from '../../i18n/format';
import { type NotificationItem, notificationListQuery, refreshNotifications } from './notifications';
import { RemindersPanel } from './RemindersPanel';

/** The reader's notifications (server/modules/notifications): read, mark read, go to the page concerned. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const list = useInfiniteQuery(notificationListQuery(filter === 'unread', me.locale));
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  const readAll = useMutation({
    mutationFn: () => http.post('/notifications/read-all'),
    onSuccess: () => refreshNotifications(queryClient),
  });

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        description={t('notifications.description')}
        actions={
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconChecks size={18} aria-hidden />}
              onClick={() => readAll.mutate()}
              loading={readAll.isPending}
              disabled={unread === 0}
              data-testid="mark-all-read"
            >
              {t('notifications.markAllRead')}
            </Button>
            <Button
              component={Link}
              to="/notifications/preferences"
              variant="subtle"
              leftSection={<IconSettings size={18} aria-hidden />}
              data-testid="preferences-link"
            >
              {t('notifications.preferencesLink')}
            </Button>
          </Group>
        }
      />
      {can('notifications.run') && <RemindersPanel />}
      <SegmentedControl
        mb="md"
        value={filter}
        onChange={(value) => setFilter(value === 'unread' ? 'unread' : 'all')}
        data={[
          { value: 'all', label: t('notifications.title') },
          { value: 'unread', label: t('notifications.unreadOnly') },
        ]}
      />
      {list.isError && <ErrorAlert error={list.error} />}
      {readAll.isError && <ErrorAlert error={readAll.error} />}
      {list.data && items.length === 0 && (
        <Alert color="gray">{filter === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')}</Alert>
      )}
      <Stack gap="sm" data-testid="notification-list">
        {items.map((item) => (
          <NotificationCard key={item.id} item={item} />
        ))}
      </Stack>
      {list.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('notifications.more')}
          </Button>
        </Group>
      )}
    </>
  );
}

function NotificationCard({ item }: { item: NotificationItem }) {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const markRead = useMutation({
    mutationFn: () => http.post(`/notifications/${encodeURIComponent(item.id)}/read`),
    onSuccess: () => refreshNotifications(queryClient),
  });
  const open = async () => {
    if (!item.read) await markRead.mutateAsync();
    await navigate({ to: item.link });
  };
  return (
    <Card withBorder padding="md" data-testid="notification" data-read={item.read}>
      {/* The buttons go under the text when both do not fit side by side (a phone). */}
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={4} flex="1 1 16rem">
          <Group gap="xs">
            {!item.read && (
              <Badge color="blue" variant="light" size="sm">
                {t('notifications.unread')}
              </Badge>
            )}
            <Text fw={item.read ? 500 : 700}>{item.title}</Text>
          </Group>
          <Text size="sm">{item.body}</Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(item.createdAt)}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {!item.read && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => markRead.mutate()}
              loading={markRead.isPending}
              data-testid="mark-read"
            >
              {t('notifications.markRead')}
            </Button>
          )}
          <Button size="xs" onClick={() => void open()} data-testid="open-notification">
            {t('notifications.open')}
          </Button>
        </Group>
      </Group>
      {markRead.isError && <ErrorAlert error={markRead.error} />}
    </Card>
  );
}
