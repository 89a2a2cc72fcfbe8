import { Alert, Button, Grid, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCode, IconFileTypePdf, IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { AfricaMap } from './AfricaMap';
import { BreakdownExplorer } from './BreakdownExplorer';
import { ExportButtons } from './ExportButtons';
import { FigureChart } from './FigureChart';
import { HeadlineFigures } from './HeadlineFigures';
import { ResultsFilters } from './ResultsFilters';
import {
  type Dashboard,
  dashboardQuery,
  type ResultsFilters as Filters,
  filtersOf,
  iatiXmlUrl,
  periodLabel,
  reportPdfUrl,
} from './results';

const route = getRouteApi('/app/results');

/** The results dashboard: headline figures, charts, the map of Africa and a breakdown by any dimension. */
export function ResultsPage() {
  const { t } = useTranslation();
  const { formatDay, formatNumber } = useFormat();
  const can = useCan();
  const lang = currentLanguage();
  const memberStates = useMemberStates();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // The office's officers (who publish results) filter by any state; the others read their own scope.
  const office = can('results.publish');
  const openRecords = can('results.records');
  const filters: Filters = filtersOf(search, office);
  const dashboard = useQuery(dashboardQuery(filters, lang));
  const data = dashboard.data;

  const scopeText = (scope: Dashboard['scope']) => {
    switch (scope.kind) {
      case 'office':
        return t('results.scope.office');
      case 'state':
        return t('results.scope.state', { state: memberStates.nameOf(scope.stateIso2 ?? '') });
      case 'partner':
        return t('results.scope.partner', {
          threshold: formatNumber(scope.suppression.threshold),
          small: formatNumber(scope.suppression.threshold - 1),
        });
    }
  };

  return (
    <>
      <PageHeader
        title={t('results.title')}
        description={t('results.description')}
        actions={
          <Group gap="sm">
            <Button
              component="a"
              href={reportPdfUrl(filters, lang)}
              leftSection={<IconFileTypePdf size={18} aria-hidden />}
              data-testid="results-report-pdf"
            >
              {t('results.export.pdf')}
            </Button>
            {office && (
              <Button
                component="a"
                href={iatiXmlUrl(filters, lang)}
                variant="default"
                leftSection={<IconCode size={18} aria-hidden />}
                data-testid="results-iati"
              >
                {t('results.export.iati')}
              </Button>
            )}
          </Group>
        }
      />
      <ResultsFilters
        filters={filters}
        period={data?.period}
        stateFilter={office}
        programmeIds={data?.scope.kind === 'partner' ? data.scope.programmeIds : null}
        wholeYearsOnly={data?.scope.kind === 'partner'}
        onChange={(next) => void navigate({ search: (prev) => ({ ...next, dimension: prev.dimension }), replace: false })}
      />
      {dashboard.isError && <ErrorAlert error={dashboard.error} />}
      {dashboard.isPending && <Loader aria-label={t('common.loading')} />}
      {data && (
        <Stack gap="lg">
          <Group justify="space-between" gap="sm">
            <Stack gap={2}>
              <Text fw={600} data-testid="results-period">
                {t('results.period.showing', { period: periodLabel(data.period, formatDay) })}
              </Text>
              <Text size="sm" c="dimmed">
                {t('results.period.comparedWith', { period: periodLabel(data.previousPeriod, formatDay) })}
              </Text>
            </Stack>
            <Group gap="xs">
              {dashboard.isFetching && <Loader size="xs" aria-label={t('common.loading')} />}
              <Text size="sm" c="dimmed">
                {t('results.export.allTables')}
              </Text>
              <ExportButtons filters={filters} table={{ table: 'dashboard' }} subject={t('results.export.allTables')} />
            </Group>
          </Group>
          <Alert
            variant="light"
            color={data.scope.suppression.applied ? 'yellow' : 'blue'}
            icon={<IconShieldCheck size={18} aria-hidden />}
            data-testid="results-scope"
          >
            {scopeText(data.scope)}
          </Alert>
          <HeadlineFigures dashboard={data} filters={filters} openRecords={openRecords} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <AfricaMap
                rows={data.byState}
                filters={filters}
                openRecords={openRecords}
                suppression={data.scope.suppression.applied}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <FigureChart
                title={t('results.charts.byState')}
                rows={data.byState}
                dimension="state"
                filters={filters}
                layout="rows"
                openRecords={openRecords}
              />
            </Grid.Col>
          </Grid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {(
              [
                [t('results.charts.byYear'), data.byYear, 'year', 'columns'],
                [t('results.charts.bySex'), data.bySex, 'sex', 'rows'],
                [t('results.charts.byProgramme'), data.byProgramme, 'programme', 'rows'],
                [t('results.charts.byAgencyType'), data.byAgencyType, 'agency_type', 'rows'],
              ] as const
            ).map(([title, rows, dimension, layout]) => (
              <FigureChart
                key={dimension}
                title={title}
                rows={rows}
                dimension={dimension}
                filters={filters}
                layout={layout}
                openRecords={openRecords}
              />
            ))}
          </SimpleGrid>
          <BreakdownExplorer
            filters={filters}
            dimension={search.dimension ?? 'state'}
            onDimension={(dimension) => void navigate({ search: (prev) => ({ ...prev, dimension }), resetScroll: false })}
            openRecords={openRecords}
          />
        </Stack>
      )}
    </>
  );
}
