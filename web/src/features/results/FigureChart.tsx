import { Box, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconChartBar, IconTable } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { useFormat } from '../../i18n/format';
import { ExportButtons } from './ExportButtons';
import { type DashboardRow, type Dimension, filterOfCell, type ResultsFilters } from './results';
import classes from './results.module.css';

type FigureChartProps = {
  title: string;
  rows: DashboardRow[];
  dimension: Dimension;
  filters: ResultsFilters;
  /** Bars across (states, programmes…) or columns up (years, read in time order). */
  layout: 'rows' | 'columns';
  /** Whether the reader may open the records behind a bar. */
  openRecords: boolean;
};

/** How many bars a long list shows before "show all". */
const FIRST_BARS = 10;

/**
 * Officials trained (and, within, women) by one dimension: a bar chart drawn with plain HTML, so
 * it reads right to left in Arabic with no extra code, and its table, with CSV and XLSX exports.
 * Each bar and each row opens the records it counts.
 */
export function FigureChart({ title, rows, dimension, filters, layout, openRecords }: FigureChartProps) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [showAll, setShowAll] = useState(false);
  const ordered = layout === 'rows' ? [...rows].sort((a, b) => (b.officialsTrained ?? -1) - (a.officialsTrained ?? -1)) : rows;
  const shown = showAll || layout === 'columns' ? ordered : ordered.slice(0, FIRST_BARS);
  const max = Math.max(1, ...rows.map((r) => r.officialsTrained ?? 0));
  const figure = (value: number | null, suppressed: boolean) =>
    value === null ? (suppressed ? t('results.figure.withheldShort') : '—') : formatNumber(value);

  const describe = (row: DashboardRow) =>
    row.suppressed && row.officialsTrained === null
      ? `${row.label}: ${t('results.figure.withheld')}`
      : t('results.charts.barLabel', {
          label: row.label,
          officials: figure(row.officialsTrained, row.suppressed),
          women: figure(row.women, row.suppressed),
        });

  const detail = (row: DashboardRow) =>
    row.suppressed && row.officialsTrained === null
      ? t('results.figure.withheld')
      : t('results.charts.barDetail', { women: figure(row.women, row.suppressed) });

  const linkTo = (row: DashboardRow, children: ReactNode, className: string) =>
    openRecords ? (
      <Link
        key={row.key}
        to="/results/records"
        search={{ measure: 'officials', ...filters, ...filterOfCell(dimension, row.key) }}
        className={className}
        data-testid={`bar-${dimension}-${row.key}`}
      >
        {children}
        {/* The link's name is what it shows (WCAG 2.5.3) followed by what the bar draws. */}
        <VisuallyHidden>{detail(row)}</VisuallyHidden>
      </Link>
    ) : (
      <Box key={row.key} className={className} role="img" aria-label={describe(row)} data-testid={`bar-${dimension}-${row.key}`}>
        {children}
      </Box>
    );

  const bar = (row: DashboardRow, direction: 'inline' | 'block') => {
    const size = (value: number | null) => `${Math.max(value ? 1.5 : 0, ((value ?? 0) / max) * 100)}%`;
    const property = direction === 'inline' ? 'width' : 'height';
    return (
      <div className={direction === 'inline' ? classes.barTrack : classes.columnTrack}>
        {row.officialsTrained === null ? (
          <div className={classes.withheldBar} style={{ [property]: '6%' }} />
        ) : (
          <div className={classes.bar} style={{ [property]: size(row.officialsTrained) }}>
            <div
              className={classes.barWomen}
              style={{ [property]: `${row.officialsTrained ? ((row.women ?? 0) / row.officialsTrained) * 100 : 0}%` }}
            />
          </div>
        )}
      </div>
    );
  };

  return (
    <Card withBorder padding="md" data-testid={`chart-${dimension}`}>
      <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(value) => setView(value === 'table' ? 'table' : 'chart')}
            aria-label={t('results.charts.view')}
            data={[
              {
                value: 'chart',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconChartBar size={14} aria-hidden />
                    <span>{t('results.charts.chart')}</span>
                  </Group>
                ),
              },
              {
                value: 'table',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconTable size={14} aria-hidden />
                    <span>{t('results.charts.table')}</span>
                  </Group>
                ),
              },
            ]}
            data-testid={`chart-view-${dimension}`}
          />
          <ExportButtons filters={filters} table={{ table: 'breakdown', dimension }} subject={title} />
        </Group>
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm" py="md" ta="center">
          {t('results.charts.empty')}
        </Text>
      ) : view === 'chart' ? (
        <Stack gap="xs">
          <Group gap="md" className={classes.legend} aria-hidden>
            <Group gap={6}>
              <span className={`${classes.swatch} ${classes.bar}`} />
              <Text size="xs">{t('results.measures.officialsTrained')}</Text>
            </Group>
            <Group gap={6}>
              <span className={`${classes.swatch} ${classes.barWomen}`} />
              <Text size="xs">{t('results.charts.ofWhomWomen')}</Text>
            </Group>
          </Group>
          {layout === 'columns' ? (
            <div className={classes.columns}>
              {shown.map((row) =>
                linkTo(
                  row,
                  <>
                    <Text size="xs" fw={600} className={classes.columnValue}>
                      {figure(row.officialsTrained, row.suppressed)}
                    </Text>
                    {bar(row, 'block')}
                    <Text size="xs" c="dimmed" className={classes.columnLabel}>
                      {row.label}
                    </Text>
                  </>,
                  classes.column ?? '',
                ),
              )}
            </div>
          ) : (
            <Stack gap={4}>
              {shown.map((row) =>
                linkTo(
                  row,
                  <>
                    <Text size="sm" className={classes.barLabel} title={row.label}>
                      {row.label}
                    </Text>
                    {bar(row, 'inline')}
                    <Text size="sm" fw={600} className={classes.barValue}>
                      {figure(row.officialsTrained, row.suppressed)}
                    </Text>
                  </>,
                  classes.barRow ?? '',
                ),
              )}
            </Stack>
          )}
          {layout === 'rows' && ordered.length > FIRST_BARS && (
            <Button variant="subtle" size="compact-sm" onClick={() => setShowAll((v) => !v)} w="fit-content">
              {showAll ? t('results.charts.showFewer') : t('results.charts.showAll', { value: formatNumber(ordered.length) })}
            </Button>
          )}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table striped verticalSpacing={4} fz="sm" data-testid={`chart-table-${dimension}`}>
            <Table.Caption>{title}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(`results.dimensions.${dimension}`)}</Table.Th>
                <Table.Th ta="end">{t('results.measures.officialsTrained')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.participations')}</Table.Th>
                <Table.Th ta="end">{t('results.measures.women')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ordered.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>
                    {openRecords ? (
                      <Link
                        to="/results/records"
                        search={{ measure: 'officials', ...filters, ...filterOfCell(dimension, row.key) }}
                      >
                        {row.label}
                      </Link>
                    ) : (
                      row.label
                    )}
                  </Table.Td>
                  <Table.Td ta="end">{figure(row.officialsTrained, row.suppressed)}</Table.Td>
                  <Table.Td ta="end">{figure(row.participations, row.suppressed)}</Table.Td>
                  <Table.Td ta="end">{figure(row.women, row.suppressed)}</Table.Td>
                </Table.Tr>
              ))}
              {ordered.length === 0 && <EmptyTableRow colSpan={4}>{t('results.charts.empty')}</EmptyTableRow>}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
