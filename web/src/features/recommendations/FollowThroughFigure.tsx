import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import type { FollowThroughCounts } from './recommendations';

type FollowThroughFigureProps = {
  figure: FollowThroughCounts;
  /** What the figure covers: "Editions 2022–2026", "Nigeria, editions 2022–2026"… */
  scope: string;
  testId?: string;
};

/**
 * The follow-through rate ("Recommendations implemented", docs/product.md) with the counts behind it and
 * its written definition: a figure is never shown without what it counts.
 */
export function FollowThroughFigure({ figure, scope, testId = 'follow-through' }: FollowThroughFigureProps) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  return (
    <Card withBorder data-testid={testId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <div>
            <Title order={2} size="h4">
              {t('recommendations.followThrough.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {scope}
            </Text>
          </div>
          <Text fz={36} fw={700} lh={1} data-testid={`${testId}-rate`}>
            {figure.rate === null ? '—' : `${formatNumber(Math.round(figure.rate * 100))} %`}
          </Text>
        </Group>
        <Text data-testid={`${testId}-counts`}>
          {t('recommendations.followThrough.counts', {
            implemented: formatNumber(figure.implemented),
            judged: formatNumber(figure.recommendations),
          })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('recommendations.followThrough.notCounted', {
            pending: formatNumber(figure.pending),
            withoutActions: formatNumber(figure.withoutActions),
          })}
        </Text>
        <FollowThroughDefinition data-testid={`${testId}-definition`} />
      </Stack>
    </Card>
  );
}

/** The rate as a short figure for tables: "67 % (4/6)", or a dash when nothing can be judged yet. */
export function useRateLabel() {
  const { formatNumber } = useFormat();
  return (figure: FollowThroughCounts) =>
    figure.rate === null
      ? '—'
      : `${formatNumber(Math.round(figure.rate * 100))} % (${formatNumber(figure.implemented)}/${formatNumber(figure.recommendations)})`;
}

/** What the follow-through rate counts, in a sentence under the figures. */
export function FollowThroughDefinition({ c, 'data-testid': testId }: { c?: string; 'data-testid'?: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c={c} data-testid={testId}>
      <Text span fw={600} size="sm">
        {t('recommendations.followThrough.definitionLabel')}
      </Text>{' '}
      {t('recommendations.followThrough.definition')}
    </Text>
  );
}
