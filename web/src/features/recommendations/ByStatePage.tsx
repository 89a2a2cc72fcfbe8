import { Anchor, Loader, Paper, Stack, Table, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useMemberStates } from '../../hooks/states';
import { useFormat } from '../../i18n/format';
import { OverdueCount, OwnerKindBadge, OwnerText } from './ActionBadges';
import { FollowThroughDefinition, useRateLabel } from './FollowThroughFigure';
import { type ActionCounts, ownerSummariesQuery, stateSummariesQuery } from './recommendations';

/** Actions and the follow-through rate per state, and actions per owner. */
export function ByStatePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('recommendations.byState.title')} description={t('recommendations.byState.description')} />
      <Tabs defaultValue="states" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="states" data-testid="tab-by-state">
            {t('recommendations.byState.states')}
          </Tabs.Tab>
          <Tabs.Tab value="owners" data-testid="tab-by-owner">
            {t('recommendations.byState.owners')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="states">
          <StatesTable />
        </Tabs.Panel>
        <Tabs.Panel value="owners">
          <OwnersTable />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function CountCells({ counts }: { counts: ActionCounts }) {
  const { formatNumber } = useFormat();
  return (
    <>
      <Table.Td>{formatNumber(counts.total)}</Table.Td>
      <Table.Td>{formatNumber(counts.done)}</Table.Td>
      <Table.Td>{formatNumber(counts.doneLate)}</Table.Td>
      <Table.Td>{formatNumber(counts.planned + counts.in_progress)}</Table.Td>
      <Table.Td>
        <OverdueCount count={counts.overdue} />
      </Table.Td>
      <Table.Td>{formatNumber(counts.dropped)}</Table.Td>
    </>
  );
}

function CountHeaders() {
  const { t } = useTranslation();
  return (
    <>
      <Table.Th>{t('recommendations.fields.actions')}</Table.Th>
      <Table.Th>{t('recommendations.statuses.done')}</Table.Th>
      <Table.Th>{t('recommendations.doneLate')}</Table.Th>
      <Table.Th>{t('recommendations.open')}</Table.Th>
      <Table.Th>{t('recommendations.overdue')}</Table.Th>
      <Table.Th>{t('recommendations.statuses.dropped')}</Table.Th>
    </>
  );
}

function StatesTable() {
  const { t } = useTranslation();
  const { compareText } = useFormat();
  const states = useMemberStates();
  const rateLabel = useRateLabel();
  const summary = useQuery(stateSummariesQuery({}));
  if (summary.isError) return <ErrorAlert error={summary.error} />;
  if (summary.isPending) return <Loader aria-label={t('common.loading')} />;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('recommendations.followThrough.scopeYears', { from: summary.data.fromYear, to: summary.data.toYear })} ·{' '}
        {t('recommendations.byState.stateNote')}
      </Text>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover verticalSpacing="sm" data-testid="by-state-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('recommendations.fields.state')}</Table.Th>
                <CountHeaders />
                <Table.Th>{t('recommendations.followThrough.short')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...summary.data.items]
                .sort((a, b) => compareText(states.nameOf(a.stateIso2), states.nameOf(b.stateIso2)))
                .map((row) => (
                  <Table.Tr key={row.stateIso2} data-testid={`by-state-${row.stateIso2}`}>
                    <Table.Td>
                      <Anchor
                        renderRoot={(props) => (
                          <Link {...props} to="/recommendations/actions" search={{ state: row.stateIso2 }} />
                        )}
                      >
                        {states.nameOf(row.stateIso2)}
                      </Anchor>
                    </Table.Td>
                    <CountCells counts={row.actions} />
                    <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="by-state-rate">
                      {rateLabel(row.followThrough)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              {summary.data.items.length === 0 && <EmptyTableRow colSpan={8}>{t('recommendations.actions.none')}</EmptyTableRow>}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <FollowThroughDefinition c="dimmed" />
    </Stack>
  );
}

function OwnersTable() {
  const { t } = useTranslation();
  const summary = useQuery(ownerSummariesQuery());
  if (summary.isError) return <ErrorAlert error={summary.error} />;
  if (summary.isPending) return <Loader aria-label={t('common.loading')} />;
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={860}>
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="by-owner-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('recommendations.fields.owner')}</Table.Th>
              <Table.Th>{t('recommendations.filters.ownerKind')}</Table.Th>
              <CountHeaders />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.data.items.map((row) => (
              <Table.Tr key={`${row.owner.kind}:${row.owner.agencyId ?? row.owner.organisationId ?? row.owner.stateIso2 ?? ''}`}>
                <Table.Td>
                  <OwnerText owner={row.owner} />
                </Table.Td>
                <Table.Td>
                  <OwnerKindBadge owner={row.owner} />
                </Table.Td>
                <CountCells counts={row.actions} />
              </Table.Tr>
            ))}
            {summary.data.items.length === 0 && <EmptyTableRow colSpan={8}>{t('recommendations.actions.none')}</EmptyTableRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
