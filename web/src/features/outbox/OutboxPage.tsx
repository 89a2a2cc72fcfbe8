import { Alert, Badge, Paper, SimpleGrid, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMailPause } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { outboxStatuses } from '../../../../contract/enums';
import { DateRangeInputs } from '../../components/DateRangeInputs';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { FilterSelect } from '../../components/FilterSelect';
import { Ltr } from '../../components/Ltr';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../i18n/format';
import { MessageDrawer } from './MessageDrawer';
import { kindName, OUTBOX_PAGE_SIZE, outboxQuery, outboxStatusColours } from './outbox';

const route = getRouteApi('/app/admin/outbox');

/** The admin's Outbox (issue 11): what Tadrib wrote to send, whether it went, and why not. */
export function OutboxPage() {
  const { t } = useTranslation();
  const { formatDateTime, formatNumber } = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [recipientText, setRecipientText] = useState(search.recipient ?? '');
  const [debouncedRecipient] = useDebouncedValue(recipientText.trim(), 400);
  const page = search.page ?? 1;

  useEffect(() => {
    if ((search.recipient ?? '') !== debouncedRecipient) {
      void navigate({
        search: (prev) => ({ ...prev, recipient: debouncedRecipient || undefined, page: undefined }),
        replace: true,
      });
    }
  }, [debouncedRecipient, search.recipient, navigate]);

  const setFilter = (changes: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...changes, page: undefined }) });
  const open = (id: string | undefined) => void navigate({ search: (prev) => ({ ...prev, message: id }) });

  const { message, ...filters } = search;
  const list = useQuery(outboxQuery({ ...filters, page }));
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const nowrap = { whiteSpace: 'nowrap' } as const;

  return (
    <>
      <PageHeader title={t('outbox.title')} description={t('outbox.description')} />
      <Stack gap="md">
        {list.data && !list.data.delivering && (
          <Alert color="yellow" icon={<IconMailPause size={18} />} data-testid="outbox-not-sending">
            {t('outbox.notSending')}
          </Alert>
        )}
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput
              label={t('outbox.filters.recipient')}
              value={recipientText}
              onChange={(event) => setRecipientText(event.currentTarget.value)}
              type="search"
              dir="ltr"
              data-testid="outbox-recipient"
            />
            <FilterSelect
              label={t('outbox.filters.status')}
              any={t('outbox.filters.any')}
              data={outboxStatuses.map((value) => ({ value, label: t(`outbox.statuses.${value}`) }))}
              value={search.status}
              onChange={(value) => setFilter({ status: value })}
              data-testid="outbox-status"
            />
            <FilterSelect
              label={t('outbox.filters.kind')}
              any={t('outbox.filters.any')}
              data={(list.data?.kinds ?? []).map((value) => ({ value, label: kindName(t, value) }))}
              value={search.kind}
              onChange={(value) => setFilter({ kind: value })}
            />
            <DateRangeInputs
              from={search.from}
              to={search.to}
              fromLabel={t('outbox.filters.from')}
              toLabel={t('outbox.filters.to')}
              onChange={setFilter}
            />
          </SimpleGrid>
        </Paper>

        <PagedList
          query={list}
          count={t('outbox.count', { count: total })}
          countTestId="outbox-count"
          pages={pages}
          page={page}
          onPage={(next) => void navigate({ search: (prev) => ({ ...prev, page: next > 1 ? next : undefined }) })}
          gap="md"
        >
          {(data) => (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={860}>
                <Table striped highlightOnHover verticalSpacing="xs" fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('outbox.columns.written')}</Table.Th>
                      <Table.Th>{t('outbox.columns.recipient')}</Table.Th>
                      <Table.Th>{t('outbox.columns.subject')}</Table.Th>
                      <Table.Th>{t('outbox.columns.kind')}</Table.Th>
                      <Table.Th>{t('outbox.columns.status')}</Table.Th>
                      <Table.Th>{t('outbox.columns.attempts')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((m) => (
                      <Table.Tr key={m.id} data-testid="outbox-row">
                        <Table.Td style={nowrap}>{formatDateTime(m.createdAt)}</Table.Td>
                        <Table.Td>
                          <Ltr>{m.toAddress}</Ltr>
                        </Table.Td>
                        <Table.Td>
                          <UnstyledButton
                            onClick={() => open(m.id)}
                            c="blue.8"
                            fz="sm"
                            td="underline"
                            ta="start"
                            data-testid="outbox-open"
                          >
                            <span dir="auto">{m.subject}</span>
                          </UnstyledButton>
                          {m.lastError && (
                            <Text size="xs" c="red.8" lineClamp={1} dir="ltr" ta="start">
                              {m.lastError}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{kindName(t, m.kind)}</Table.Td>
                        <Table.Td>
                          <Badge color={outboxStatusColours[m.status]} variant="light">
                            {t(`outbox.statuses.${m.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{formatNumber(m.attempts)}</Table.Td>
                      </Table.Tr>
                    ))}
                    {data.items.length === 0 && <EmptyTableRow colSpan={6}>{t('outbox.none')}</EmptyTableRow>}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )}
        </PagedList>
      </Stack>
      <MessageDrawer id={message} onClose={() => open(undefined)} />
    </>
  );
}
