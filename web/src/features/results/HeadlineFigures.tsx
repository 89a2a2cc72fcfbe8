import { ActionIcon, Anchor, Badge, Card, Group, Popover, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowNarrowDown, IconArrowNarrowUp, IconInfoCircle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import {
  changeOf,
  type Dashboard,
  type HeadlineFigure,
  type IndicatorCode,
  type IndicatorKind,
  indicatorKinds,
  measureOfIndicator,
  periodLabel,
  type ResultsFilters,
} from './results';
import classes from './results.module.css';

/** Indicators whose definition rests on "completed": the popover adds that definition. */
const restsOnCompletion: IndicatorCode[] = [
  'officials_trained',
  'participations',
  'states_reached',
  'women_share',
  'knowledge_gain',
  'normalised_gain',
  'application_rate',
];

type HeadlineFiguresProps = { dashboard: Dashboard; filters: ResultsFilters; openRecords: boolean };

/** The headline indicators: value, previous period and change, definition, and the records behind counts. */
export function HeadlineFigures({ dashboard, filters, openRecords }: HeadlineFiguresProps) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" data-testid="headline-figures">
      {dashboard.headline.map((figure) => (
        <FigureCard
          key={figure.code}
          figure={figure}
          previousPeriod={dashboard.previousPeriod}
          disclosureControl={dashboard.scope.suppression.applied}
          filters={filters}
          openRecords={openRecords}
        />
      ))}
    </SimpleGrid>
  );
}

type FigureCardProps = {
  figure: HeadlineFigure;
  previousPeriod: Dashboard['period'];
  /** Whether the figures are under the partners' disclosure control (its definition is then shown). */
  disclosureControl: boolean;
  filters: ResultsFilters;
  openRecords: boolean;
};

function FigureCard({ figure, previousPeriod, disclosureControl, filters, openRecords }: FigureCardProps) {
  const { t } = useTranslation();
  const { formatNumber, formatShare, formatDay } = useFormat();
  const kind = indicatorKinds[figure.code];
  // A pair (the server's z.tuple), which OpenAPI 3.0 types as a list.
  const [low, high] = figure.ci95 ?? [];
  const name = t(`results.indicators.${figure.code}`);
  const records = measureOfIndicator[figure.code];

  const format = (value: number, valueKind: IndicatorKind = kind) => {
    switch (valueKind) {
      case 'count':
        return formatNumber(value);
      case 'share':
        return formatShare(value);
      case 'points':
        return t('results.units.points', { value: formatNumber(value, { maximumFractionDigits: 1 }) });
      case 'rating':
        return t('results.units.rating', { value: formatNumber(value, { maximumFractionDigits: 2 }) });
    }
  };
  const formatChange = (change: number) => {
    const signed = { signDisplay: 'exceptZero', maximumFractionDigits: 1 } as const;
    switch (kind) {
      case 'count':
        return formatShare(change, { signed: true, fractionDigits: 0 });
      case 'share':
        return t('results.units.percentagePoints', { value: formatNumber(change * 100, signed) });
      case 'points':
        return t('results.units.points', { value: formatNumber(change, signed) });
      case 'rating':
        return formatNumber(change, { signDisplay: 'exceptZero', maximumFractionDigits: 2 });
    }
  };
  const change = changeOf(kind, figure.value, figure.previous);

  return (
    <Card withBorder padding="md" data-testid={`figure-${figure.code}`}>
      <Stack gap={6} h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Text fw={600} size="sm">
            {name}
          </Text>
          <Popover width={320} position="bottom-end" withArrow shadow="md">
            <Popover.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={t('results.figure.definitionOf', { indicator: name })}>
                <IconInfoCircle size={18} aria-hidden />
              </ActionIcon>
            </Popover.Target>
            <Popover.Dropdown>
              <Text size="sm" fw={600} mb={4}>
                {t('results.figure.definition')}
              </Text>
              <Text size="sm">{t(`results.definitions.${figure.code}`)}</Text>
              {restsOnCompletion.includes(figure.code) && (
                <Text size="xs" c="dimmed" mt="xs">
                  {t('results.definitions.completed')}
                </Text>
              )}
              {disclosureControl && (
                <Text size="xs" c="dimmed" mt="xs">
                  {t('results.definitions.disclosure')}
                </Text>
              )}
            </Popover.Dropdown>
          </Popover>
        </Group>

        {figure.suppressed ? (
          <Text fz={22} fw={700} c="dimmed" data-testid={`figure-value-${figure.code}`} data-value="">
            {t('results.figure.withheld')}
          </Text>
        ) : (
          <Text
            fz={28}
            fw={700}
            className={classes.figureValue}
            data-testid={`figure-value-${figure.code}`}
            data-value={figure.value ?? ''}
          >
            {figure.value === null ? '—' : format(figure.value)}
          </Text>
        )}
        {low !== undefined && high !== undefined && (
          <Text size="xs">
            {t('results.figure.ci95', {
              low: formatNumber(low, { maximumFractionDigits: 1 }),
              high: formatNumber(high, { maximumFractionDigits: 1 }),
            })}
          </Text>
        )}
        {figure.basis !== null && (
          <Text size="xs" c="dimmed">
            {t(`results.figure.basis.${figure.code}`, { value: formatNumber(figure.basis) })}
          </Text>
        )}
        {!figure.suppressed && (
          <Group gap={6} wrap="wrap">
            <Text size="xs" c="dimmed">
              {t('results.figure.previous', {
                period: periodLabel(previousPeriod, formatDay),
                value: figure.previous === null ? '—' : format(figure.previous),
              })}
            </Text>
            {change !== null && (
              <Badge
                size="sm"
                tt="none"
                variant="light"
                color={change > 0 ? 'teal' : change < 0 ? 'orange' : 'gray'}
                leftSection={
                  change > 0 ? (
                    <IconArrowNarrowUp size={12} aria-hidden />
                  ) : change < 0 ? (
                    <IconArrowNarrowDown size={12} aria-hidden />
                  ) : undefined
                }
                data-testid={`figure-change-${figure.code}`}
              >
                {formatChange(change)}
              </Badge>
            )}
          </Group>
        )}
        <Text size="xs" c="dimmed" style={{ flexGrow: 1 }}>
          {t(`results.definitions.${figure.code}`)}
        </Text>
        {records && openRecords && !figure.suppressed && figure.value !== null && (
          <Anchor
            renderRoot={(props) => (
              <Link {...props} to="/results/records" search={{ measure: records.measure, ...filters, ...records.filters }} />
            )}
            size="sm"
            fw={600}
            data-testid={`figure-records-${figure.code}`}
          >
            {t('results.figure.records')}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}
