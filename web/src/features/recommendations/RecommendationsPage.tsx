import { Anchor, Button, Group, Loader, Paper, Stack, Table } from '@mantine/core';
import { IconAlarm, IconChartBar, IconList } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../i18n/format';
import { OverdueCount } from './ActionBadges';
import { FollowThroughFigure, useRateLabel } from './FollowThroughFigure';
import { editionSummariesQuery, followThroughQuery } from './recommendations';

/** The recommendations of every edition: the follow-through rate, then each edition's counts. */
export function RecommendationsPage() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const rateLabel = useRateLabel();
  const figure = useQuery(followThroughQuery({}));
  const editions = useQuery(editionSummariesQuery());
  return (
    <>
      <PageHeader
        title={t('recommendations.title')}
        description={t('recommendations.description')}
        actions={
          <Group gap="xs">
            <Button
              component={Link}
              to="/recommendations/actions"
              variant="default"
              leftSection={<IconList size={18} aria-hidden />}
            >
              {t('recommendations.actions.title')}
            </Button>
            <Button
              component={Link}
              to="/recommendations/overdue"
              variant="default"
              color="red"
              leftSection={<IconAlarm size={18} aria-hidden />}
              data-testid="overdue-link"
            >
              {t('recommendations.overduePage.title')}
            </Button>
            <Button
              component={Link}
              to="/recommendations/by-state"
              variant="default"
              leftSection={<IconChartBar size={18} aria-hidden />}
            >
              {t('recommendations.byState.title')}
            </Button>
          </Group>
        }
      />
      <Stack gap="lg">
        {figure.isError && <ErrorAlert error={figure.error} />}
        {figure.data && (
          <FollowThroughFigure
            figure={figure.data}
            scope={t('recommendations.followThrough.scopeYears', { from: figure.data.fromYear, to: figure.data.toYear })}
          />
        )}
        {editions.isError && <ErrorAlert error={editions.error} />}
        {editions.isPending && <Loader aria-label={t('common.loading')} />}
        {editions.data && (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={860}>
              <Table striped highlightOnHover verticalSpacing="sm" data-testid="editions-summary">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('recommendations.fields.edition')}</Table.Th>
                    <Table.Th>{t('recommendations.fields.recommendations')}</Table.Th>
                    <Table.Th>{t('recommendations.fields.actions')}</Table.Th>
                    <Table.Th>{t('recommendations.statuses.done')}</Table.Th>
                    <Table.Th>{t('recommendations.open')}</Table.Th>
                    <Table.Th>{t('recommendations.overdue')}</Table.Th>
                    <Table.Th>{t('recommendations.statuses.dropped')}</Table.Th>
                    <Table.Th>{t('recommendations.followThrough.short')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {editions.data.items.map((e) => (
                    <Table.Tr key={e.edition.id} data-testid={`edition-summary-${e.edition.number}`}>
                      <Table.Td>
                        <Anchor component={Link} to={`/recommendations/editions/${e.edition.id}`}>
                          {t('recommendations.editionTitle', {
                            number: e.edition.number,
                            city: e.edition.city,
                            year: e.edition.year,
                          })}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatNumber(e.recommendations)}</Table.Td>
                      <Table.Td>{formatNumber(e.actions.total)}</Table.Td>
                      <Table.Td>{formatNumber(e.actions.done)}</Table.Td>
                      <Table.Td>{formatNumber(e.actions.planned + e.actions.in_progress)}</Table.Td>
                      <Table.Td>
                        <OverdueCount count={e.actions.overdue} />
                      </Table.Td>
                      <Table.Td>{formatNumber(e.actions.dropped)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{rateLabel(e.followThrough)}</Table.Td>
                    </Table.Tr>
                  ))}
                  {editions.data.items.length === 0 && (
                    <EmptyTableRow colSpan={8}>{t('recommendations.noEditions')}</EmptyTableRow>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
    </>
  );
}
