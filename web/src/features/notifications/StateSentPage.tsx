import { Alert, Badge, Button, Card, Group, Table, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../hooks/session';
import { useFormat } from '../../i18n/format';
import { stateSentQuery } from './notifications';

/** A focal point's view of what their state's users were told (never another state's). */
export function StateSentPage() {
  const { t } = useTranslation();
  const sent = useInfiniteQuery(stateSentQuery(useMe().locale));
  const pages = sent.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.notifications);
  const emails = pages.flatMap((p) => p.emails);
  return (
    <>
      <PageHeader title={t('notifications.state.title')} description={t('notifications.state.description')} />
      {sent.isError && <ErrorAlert error={sent.error} />}
      {sent.data && rows.length === 0 && <Alert color="gray">{t('notifications.state.empty')}</Alert>}
      {rows.length > 0 && (
        <SentTable
          testId="state-sent"
          what={t('notifications.state.notification')}
          state={t('notifications.state.read')}
          rows={rows.map((row) => ({
            ...row,
            what: row.title,
            state: row.read ? (
              <Badge color="gray" variant="light">
                {t('notifications.state.read')}
              </Badge>
            ) : (
              <Badge variant="light">{t('notifications.unread')}</Badge>
            ),
          }))}
        />
      )}
      {emails.length > 0 && (
        <>
          <Title order={2} size="h4" mt="lg" mb="sm">
            {t('notifications.state.emails')}
          </Title>
          <SentTable
            testId="state-emails"
            what={t('notifications.state.subject')}
            state={t('notifications.state.status')}
            rows={emails.map((row) => ({
              ...row,
              what: row.subject,
              state: (
                <Badge color={row.status === 'sent' ? 'green' : row.status === 'failed' ? 'red' : 'gray'} variant="light">
                  {t(`notifications.state.statuses.${row.status}`)}
                </Badge>
              ),
            }))}
          />
        </>
      )}
      {sent.hasNextPage && (
        <Group justify="center" mt="md">
          <Button
            variant="default"
            onClick={() => void sent.fetchNextPage()}
            loading={sent.isFetchingNextPage}
            data-testid="state-sent-more"
          >
            {t('notifications.more')}
          </Button>
        </Group>
      )}
    </>
  );
}

type SentRow = { id: string; createdAt: string; recipient: string; what: string; state: ReactNode };

/** What was sent, one row a notification or an email: when, to whom, what, and where it stands. */
function SentTable({ testId, what, state, rows }: { testId: string; what: string; state: string; rows: SentRow[] }) {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('notifications.state.when')}</Table.Th>
              <Table.Th>{t('notifications.state.recipient')}</Table.Th>
              <Table.Th>{what}</Table.Th>
              <Table.Th>{state}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{formatDateTime(row.createdAt)}</Table.Td>
                <Table.Td>{row.recipient}</Table.Td>
                <Table.Td>{row.what}</Table.Td>
                <Table.Td>{row.state}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
