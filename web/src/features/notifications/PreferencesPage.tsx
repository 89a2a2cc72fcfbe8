import { Button, Card, Group, SegmentedControl, Table } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EmailDelivery, emailDeliveries, type NotificationKind } from '../../../../contract/enums';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { type Preference, preferencesQuery } from './notifications';

/** Per kind of notification: by email immediately, in the daily digest, or not by email (in the app always). */
export function PreferencesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const saved = useQuery(preferencesQuery);
  const [draft, setDraft] = useState<Preference[]>([]);
  useEffect(() => {
    if (saved.data) setDraft(saved.data.items);
  }, [saved.data]);
  const save = useMutation({
    mutationFn: (items: Preference[]) => http.put('/notifications/preferences', { items }),
    onSuccess: (answer) => {
      queryClient.setQueryData(preferencesQuery.queryKey, answer);
      notifications.show({ color: 'green', message: t('notifications.preferences.saved') });
    },
  });
  const choose = (kind: NotificationKind, email: EmailDelivery) =>
    setDraft((items) => items.map((item) => (item.kind === kind ? { ...item, email } : item)));
  return (
    <>
      <PageHeader title={t('notifications.preferences.title')} description={t('notifications.preferences.description')} />
      {saved.isError && <ErrorAlert error={saved.error} />}
      {save.isError && <ErrorAlert error={save.error} />}
      <Card withBorder padding="md">
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('notifications.preferences.kind')}</Table.Th>
                <Table.Th>{t('notifications.preferences.email')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.map((item) => (
                <Table.Tr key={item.kind} data-testid={`preference-${item.kind}`}>
                  <Table.Td>{t(`notifications.kinds.${item.kind}.label`)}</Table.Td>
                  <Table.Td>
                    <SegmentedControl
                      size="xs"
                      value={item.email}
                      onChange={(value) => choose(item.kind, value as EmailDelivery)}
                      aria-label={t(`notifications.kinds.${item.kind}.label`)}
                      data={emailDeliveries.map((d) => ({ value: d, label: t(`notifications.preferences.delivery.${d}`) }))}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="flex-end" mt="md">
          <Button
            onClick={() => save.mutate(draft)}
            loading={save.isPending}
            disabled={draft.length === 0}
            data-testid="save-preferences"
          >
            {t('notifications.preferences.save')}
          </Button>
        </Group>
      </Card>
    </>
  );
}
