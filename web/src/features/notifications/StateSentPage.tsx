import { Alert, Badge, Button, Card, Group, Table, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../hooks/session';
import { useFormat } from '../../i18n/format';
import { stateSentQuery } from './notifications';

/** A focal point's view of what their state's users were told (never another state's). */
export function StateSentPage() {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
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
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="state-sent">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('notifications.state.when')}</Table.Th>
                  <Table.Th>{t('notifications.state.recipient')}</Table.Th>
                  <Table.Th>{t('notifications.state.notification')}</Table.Th>
                  <Table.Th>{t('notifications.state.read')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>{formatDateTime(row.createdAt)}</Table.Td>
                    <Table.Td>{row.recipient}</Table.Td>
                    <Table.Td>{row.title}</Table.Td>
                    <Table.Td>
                      {row.read ? (
                        <Badge color="gray" variant="light">
                          {t('notifications.state.read')}
                        </Badge>
                      ) : (
                        <Badge variant="light">{t('notifications.unread')}</Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {emails.length > 0 && (
        <>
          <Title order={2} size="h4" mt="lg" mb="sm">
            {t('notifications.state.emails')}
          </Title>
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" data-testid="state-emails">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('notifications.state.when')}</Table.Th>
                    <Table.Th>{t('notifications.state.recipient')}</Table.Th>
                    <Table.Th>{t('notifications.state.subject')}</Table.Th>
                    <Table.Th>{t('notifications.state.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {emails.map((row) => (
                    <Table.Tr key={row.id}>
                      <Table.Td>{formatDateTime(row.createdAt)}</Table.Td>
                      <Table.Td>{row.recipient}</Table.Td>
                      <Table.Td>{row.subject}</Table.Td>
                      <Table.Td>
                        <Badge color={row.status === 'sent' ? 'green' : row.status === 'failed' ? 'red' : 'gray'} variant="light">
                          {t(`notifications.state.statuses.${row.status}`)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
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
