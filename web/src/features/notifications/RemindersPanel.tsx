import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../i18n/format';
import { refreshNotifications, remindersQuery } from './notifications';

/** The admin's view of the daily job: when it last ran, and "run now" (which sends only what is new). */
export function RemindersPanel() {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const queryClient = useQueryClient();
  const last = useQuery(remindersQuery);
  const run = useMutation({
    mutationFn: () => http.post('/notifications/reminders/run'),
    onSuccess: () => refreshNotifications(queryClient),
  });
  const report = run.data;
  return (
    <Card withBorder padding="md" mb="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('notifications.reminders.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('notifications.reminders.description')}
        </Text>
        <Group justify="space-between">
          <Text size="sm" data-testid="reminders-last-run">
            {last.data?.lastRun
              ? t('notifications.reminders.lastRun', { day: formatDay(last.data.lastRun.day) })
              : t('notifications.reminders.never')}
          </Text>
          <Button onClick={() => run.mutate()} loading={run.isPending} data-testid="run-reminders">
            {t('notifications.reminders.run')}
          </Button>
        </Group>
        {last.isError && <ErrorAlert error={last.error} />}
        {run.isError && <ErrorAlert error={run.error} />}
        {report && (
          <Alert color="green" data-testid="reminders-report">
            {t('notifications.reminders.report', {
              deadline: formatNumber(report.nominationDeadline),
              evaluation: formatNumber(report.evaluation),
              followUp: formatNumber(report.followUp),
              actions: formatNumber(report.actions),
              digests: formatNumber(report.digests),
            })}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
