import { Anchor, Card, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ExportButtons } from './ExportButtons';
import {
  type BreakdownRow,
  breakdownQuery,
  changeOf,
  type Dimension,
  dimensions,
  filterOfCell,
  periodLabel,
  type ResultsFilters,
} from './results';

type BreakdownExplorerProps = {
  filters: ResultsFilters;
  dimension: Dimension;
  onDimension: (dimension: Dimension) => void;
  openRecords: boolean;
};

const COLUMNS = 13;

/** Every measure by one chosen dimension, with the previous period, exportable. */
export function BreakdownExplorer({ filters, dimension, onDimension, openRecords }: BreakdownExplorerProps) {
  const { t } = useTranslation();
  const { formatNumber, formatShare, formatDay } = useFormat();
  const lang = currentLanguage();
  const breakdown = useQuery(breakdownQuery({ ...filters, dimension }, lang));
  const title = t('results.breakdown.titleBy', { dimension: t(`results.dimensions.${dimension}`) });

  const cell = (value: number | null, row: BreakdownRow, format: (v: number) => string = formatNumber) =>
    value === null ? (row.suppressed ? t('results.figure.withheldShort') : '—') : format(value);
  const decimal = (v: number) => formatNumber(v, { maximumFractionDigits: 1 });
  const rating = (v: number) => formatNumber(v, { maximumFractionDigits: 2 });
  const share = (v: number) => formatShare(v);
  const change = (row: BreakdownRow) => {
    const value = changeOf('count', row.officialsTrained, row.previousOfficialsTrained);
    return value === null ? '—' : formatShare(value, { signed: true, fractionDigits: 0 });
  };

  const renderRow = (row: BreakdownRow, total: boolean) => (
    <Table.Tr
      key={total ? 'total' : row.key}
      fw={total ? 700 : undefined}
      data-testid={total ? 'breakdown-total' : 'breakdown-row'}
    >
      <Table.Th scope="row" fw={total ? 700 : 500} miw={200}>
        {openRecords && !total && (row.officialsTrained ?? 0) > 0 ? (
          <Anchor
            renderRoot={(props) => (
              <Link
                {...props}
                to="/results/records"
                search={{ measure: 'officials', ...filters, ...filterOfCell(dimension, row.key) }}
              />
            )}
            size="sm"
          >
            {row.label}
          </Anchor>
        ) : total ? (
          t('results.breakdown.total')
        ) : (
          row.label
        )}
      </Table.Th>
      <Table.Td ta="end">{cell(row.officialsTrained, row)}</Table.Td>
      <Table.Td ta="end">{cell(row.previousOfficialsTrained, row)}</Table.Td>
      <Table.Td ta="end">{change(row)}</Table.Td>
      <Table.Td ta="end">{cell(row.participations, row)}</Table.Td>
      <Table.Td ta="end">{cell(row.previousParticipations, row)}</Table.Td>
      <Table.Td ta="end">{cell(row.women, row)}</Table.Td>
      <Table.Td ta="end">{cell(row.womenShare, row, share)}</Table.Td>
      <Table.Td ta="end">{cell(row.statesReached, row)}</Table.Td>
      <Table.Td ta="end">{cell(row.knowledgeGain, row, decimal)}</Table.Td>
      <Table.Td ta="end">{cell(row.normalisedGain, row, share)}</Table.Td>
      <Table.Td ta="end">{cell(row.applicationRate, row, share)}</Table.Td>
      <Table.Td ta="end">{cell(row.satisfaction, row, rating)}</Table.Td>
    </Table.Tr>
  );

  return (
    <Card withBorder padding="md" data-testid="breakdown">
      <Group justify="space-between" align="flex-end" mb="sm" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {t('results.breakdown.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('results.breakdown.description')}
          </Text>
        </Stack>
        <Group gap="sm" align="flex-end">
          <Select
            label={t('results.breakdown.dimension')}
            data={dimensions.map((value) => ({ value, label: t(`results.dimensions.${value}`) }))}
            value={dimension}
            onChange={(value) => {
              const chosen = dimensions.find((d) => d === value);
              if (chosen) onDimension(chosen);
            }}
            allowDeselect={false}
            w={220}
            data-testid="breakdown-dimension"
          />
          <ExportButtons filters={filters} table={{ table: 'breakdown', dimension }} subject={title} />
        </Group>
      </Group>
      {breakdown.isError && <ErrorAlert error={breakdown.error} />}
      {breakdown.isPending && <Loader aria-label={t('common.loading')} />}
      {breakdown.data && (
        <Table.ScrollContainer minWidth={1180}>
          <Table striped highlightOnHover verticalSpacing={6} fz="sm" data-testid="breakdown-table">
            <Table.Caption>
              {title} · {periodLabel(breakdown.data.period, formatDay)} ·{' '}
              {t('results.breakdown.previous', { period: periodLabel(breakdown.data.previousPeriod, formatDay) })}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(`results.dimensions.${dimension}`)}</Table.Th>
                <Table.Th ta="end">{t('results.measures.officialsTrained')}</Table.Th>
                <Table.Th ta="end">{t('results.breakdown.previousShort')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.change')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.participations')}</Table.Th>
                <Table.Th ta="end">{t('results.breakdown.previousShort')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.women')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.womenShare')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.statesReached')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.knowledgeGain')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.normalisedGain')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.applicationRate')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.satisfaction')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {breakdown.data.rows.map((row) => renderRow(row, false))}
              {breakdown.data.rows.length === 0 && <EmptyTableRow colSpan={COLUMNS}>{t('results.charts.empty')}</EmptyTableRow>}
            </Table.Tbody>
            {breakdown.data.rows.length > 0 && <Table.Tfoot>{renderRow(breakdown.data.total, true)}</Table.Tfoot>}
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
