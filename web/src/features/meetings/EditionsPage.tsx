import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LocalisedTextView } from '../../components/LocalisedText';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { useFormat } from '../../i18n/format';
import { EditionFormModal } from './EditionFormModal';
import { editionsQuery, statusColours } from './meetings';

/** The editions of the yearly high-level meeting, newest first. */
export function EditionsPage() {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const can = useCan();
  const states = useMemberStates();
  const editions = useQuery(editionsQuery());
  const [creating, setCreating] = useState(false);
  const items = editions.data?.items ?? [];
  // Edition-wide delegation figures are the office's: the server sends them to office staff only.
  const showCounts = items.some((e) => e.counts.delegations !== null);
  const nextNumber = items.reduce((max, e) => Math.max(max, e.number), 0) + 1;
  const columns = showCounts ? 6 : 4;

  return (
    <>
      <PageHeader
        title={t('meetings.title')}
        description={t('meetings.description')}
        actions={
          can('meetings.manage') && (
            <Button
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => setCreating(true)}
              data-testid="edition-create"
            >
              {t('meetings.edition.create')}
            </Button>
          )
        }
      />
      {editions.isError && <ErrorAlert error={editions.error} />}
      <Paper withBorder>
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="editions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('meetings.fields.edition')}</Table.Th>
                <Table.Th>{t('meetings.fields.dates')}</Table.Th>
                <Table.Th>{t('meetings.fields.theme')}</Table.Th>
                <Table.Th>{t('meetings.fields.status')}</Table.Th>
                {showCounts && <Table.Th ta="end">{t('meetings.fields.delegations')}</Table.Th>}
                {showCounts && <Table.Th ta="end">{t('meetings.fields.delegatesApproved')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {editions.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={columns}>
                    <Loader size="sm" aria-label={t('common.loading')} />
                  </Table.Td>
                </Table.Tr>
              )}
              {editions.isSuccess && items.length === 0 && <EmptyTableRow colSpan={columns}>{t('meetings.none')}</EmptyTableRow>}
              {items.map((edition) => (
                <Table.Tr key={edition.id} data-testid={`edition-row-${edition.number}`}>
                  <Table.Td>
                    <Stack gap={0}>
                      <Anchor renderRoot={(props) => <Link {...props} to="/meetings/$id" params={{ id: edition.id }} />} fw={600}>
                        {t('meetings.edition.name', { number: edition.number, city: edition.city })}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {states.nameOf(edition.countryIso2)}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDay(edition.startDate)} – {formatDay(edition.endDate)}
                  </Table.Td>
                  <Table.Td>
                    <LocalisedTextView field={edition.theme} />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColours[edition.status]} variant="light">
                      {t(`meetings.statuses.${edition.status}`)}
                    </Badge>
                  </Table.Td>
                  {showCounts && <Table.Td ta="end">{formatNumber(edition.counts.delegations ?? 0)}</Table.Td>}
                  {showCounts && (
                    <Table.Td ta="end">
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {formatNumber(edition.counts.delegatesApproved ?? 0)}
                        {(edition.counts.delegatesPending ?? 0) > 0 && (
                          <Badge color="yellow" variant="light" size="sm">
                            {t('meetings.pendingCount', { pending: edition.counts.delegatesPending ?? 0 })}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <EditionFormModal edition={null} nextNumber={nextNumber} opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
