import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { engagementKinds, programmeStageKinds } from '../../../../contract/enums';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelect } from '../../components/FilterSelect';
import { LocalisedTextView } from '../../components/LocalisedText';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { useFormat } from '../../i18n/format';
import { EngagementFormModal } from './EngagementFormModal';
import { type OverviewItem, overviewQuery, statusColours } from './nationalProgrammes';

const route = getRouteApi('/app/national-programmes');

/**
 * Engagements across states: a row per engagement, a column per stage, the current stage marked;
 * coverage counts and the day of adoption. No personal data, so partners see it too.
 */
export function OverviewPage() {
  const { t } = useTranslation();
  const { formatNumber, formatDay, compareText } = useFormat();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const goTo = useNavigate();
  const { nameOf } = useMemberStates();
  const [creating, setCreating] = useState(false);
  const overview = useQuery(
    overviewQuery({
      stage: search.stage,
      kind: search.kind,
      adopted: search.adopted === undefined ? undefined : search.adopted ? 'true' : 'false',
    }),
  );
  const canWrite = can('nationalProgrammes.write');
  const readsStates = can('nationalProgrammes.read');
  const setFilter = (changes: Partial<typeof search>) => void navigate({ search: (prev) => ({ ...prev, ...changes }) });
  const summary = overview.data?.summary;
  const items = [...(overview.data?.items ?? [])].sort(
    (a, b) => compareText(nameOf(a.stateIso2), nameOf(b.stateIso2)) || (a.requestedOn ?? '').localeCompare(b.requestedOn ?? ''),
  );
  const stageCount = (key: string) => formatNumber(summary?.byCurrentStage[key] ?? 0);

  return (
    <>
      <PageHeader
        title={t('nationalProgrammes.overview.title')}
        description={t('nationalProgrammes.overview.description')}
        actions={
          canWrite && (
            <Button
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => setCreating(true)}
              data-testid="engagement-create"
            >
              {t('nationalProgrammes.create')}
            </Button>
          )
        }
      />
      {summary && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="lg">
          <Figure
            label={t('nationalProgrammes.summary.statesEngaged')}
            value={formatNumber(summary.statesEngaged)}
            definition={t('nationalProgrammes.summary.statesEngagedDefinition')}
            testId="summary-states"
          />
          <Figure
            label={t('nationalProgrammes.summary.engagements')}
            value={formatNumber(summary.engagements)}
            definition={t('nationalProgrammes.summary.engagementsDefinition')}
            testId="summary-engagements"
          />
          <Figure
            label={t('nationalProgrammes.summary.adoptedStrategy')}
            value={formatNumber(summary.statesWithAdoptedStrategy)}
            definition={t('nationalProgrammes.summary.adoptedStrategyDefinition')}
            testId="summary-adopted-strategy"
          />
          <Figure
            label={t('nationalProgrammes.summary.adoptedActionPlan')}
            value={formatNumber(summary.statesWithAdoptedActionPlan)}
            definition={t('nationalProgrammes.summary.adoptedActionPlanDefinition')}
            testId="summary-adopted-action-plan"
          />
        </SimpleGrid>
      )}
      <Group align="flex-end" mb="md" gap="md">
        <FilterSelect
          label={t('nationalProgrammes.filters.stage')}
          any={t('nationalProgrammes.filters.anyStage')}
          data={programmeStageKinds.map((k) => ({
            value: k,
            label: `${t(`nationalProgrammes.stages.${k}`)} (${stageCount(k)})`,
          }))}
          value={search.stage}
          onChange={(v) => setFilter({ stage: v })}
          width={260}
          data-testid="overview-filter-stage"
        />
        <FilterSelect
          label={t('nationalProgrammes.filters.kind')}
          any={t('nationalProgrammes.filters.anyKind')}
          data={engagementKinds.map((k) => ({ value: k, label: t(`nationalProgrammes.kinds.${k}`) }))}
          value={search.kind}
          onChange={(v) => setFilter({ kind: v })}
          width={200}
        />
        <SegmentedControl
          aria-label={t('nationalProgrammes.filters.adoption')}
          value={search.adopted === undefined ? 'all' : String(search.adopted)}
          onChange={(v) => setFilter({ adopted: v === 'all' ? undefined : v === 'true' })}
          data={[
            { value: 'all', label: t('nationalProgrammes.filters.all') },
            { value: 'true', label: t('nationalProgrammes.filters.adopted') },
            { value: 'false', label: t('nationalProgrammes.filters.notAdopted') },
          ]}
          data-testid="overview-filter-adopted"
        />
      </Group>
      {overview.isError && <ErrorAlert error={overview.error} />}
      {overview.isPending && <Loader aria-label={t('common.loading')} />}
      {overview.data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed" role="status" data-testid="overview-count">
            {t('nationalProgrammes.overview.count', { count: items.length })}
          </Text>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={980}>
              <Table striped highlightOnHover verticalSpacing="sm" data-testid="overview-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('nationalProgrammes.table.state')}</Table.Th>
                    <Table.Th>{t('nationalProgrammes.table.programme')}</Table.Th>
                    {programmeStageKinds.map((k) => (
                      <Table.Th key={k} ta="center" fz="xs">
                        {t(`nationalProgrammes.stages.${k}`)}
                      </Table.Th>
                    ))}
                    <Table.Th ta="center">{t('nationalProgrammes.table.resolutions')}</Table.Th>
                    <Table.Th ta="center">{t('nationalProgrammes.table.pillars')}</Table.Th>
                    <Table.Th>{t('nationalProgrammes.table.adoptedOn')}</Table.Th>
                    <Table.Th>{t('nationalProgrammes.table.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((item) => (
                    <Table.Tr key={item.id} data-testid={`overview-row-${item.stateIso2}`}>
                      <Table.Td>
                        {readsStates ? (
                          <Anchor component={Link} to={`/national-programmes/states/${item.stateIso2}`}>
                            {nameOf(item.stateIso2)}
                          </Anchor>
                        ) : (
                          nameOf(item.stateIso2)
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          <LocalisedTextView field={item.title} />
                          <Text size="xs" c="dimmed">
                            {t(`nationalProgrammes.kinds.${item.kind}`)}
                          </Text>
                        </Stack>
                      </Table.Td>
                      {item.stages.map((cell) => (
                        <Table.Td key={cell.kind} ta="center">
                          <StageCell item={item} cell={cell} />
                        </Table.Td>
                      ))}
                      <Table.Td ta="center">{formatNumber(item.resolutionsCovered)}</Table.Td>
                      <Table.Td ta="center">{formatNumber(item.pillarsCovered)}</Table.Td>
                      <Table.Td>{item.adoptedOn ? formatDay(item.adoptedOn) : '—'}</Table.Td>
                      <Table.Td>
                        <Badge color={statusColours[item.status]} variant="light">
                          {t(`nationalProgrammes.statuses.${item.status}`)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {items.length === 0 && (
                    <EmptyTableRow colSpan={6 + programmeStageKinds.length}>
                      {t('nationalProgrammes.overview.none')}
                    </EmptyTableRow>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          <Text size="xs" c="dimmed">
            {t('nationalProgrammes.overview.legend')}
          </Text>
        </Stack>
      )}
      <EngagementFormModal
        engagement={null}
        opened={creating}
        onClose={(saved) => {
          setCreating(false);
          if (saved) void goTo({ to: '/national-programmes/states/$iso2', params: { iso2: saved.stateIso2 } });
        }}
      />
    </>
  );
}

function Figure({ label, value, definition, testId }: { label: string; value: string; definition: string; testId: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {definition}
      </Text>
    </Card>
  );
}

/**
 * One stage kind of one engagement: ✓ completed, ● in progress, ○ not started, – skipped; for drafting
 * workshops, how many of them are completed. The current stage is filled.
 */
function StageCell({ item, cell }: { item: OverviewItem; cell: OverviewItem['stages'][number] }) {
  const { t } = useTranslation();
  const held = cell.total - cell.skipped;
  const progress =
    held === 0 ? 'skipped' : cell.completed === held ? 'completed' : cell.started > 0 ? 'in_progress' : 'not_started';
  const symbol = { skipped: '–', completed: '✓', in_progress: '●', not_started: '○' }[progress];
  const colour = { skipped: 'gray', completed: 'teal', in_progress: 'blue', not_started: 'gray' }[progress];
  const current = item.currentStage?.kind === cell.kind;
  const counted = cell.kind === 'drafting_workshop' && held > 1 ? ` ${cell.completed}/${held}` : '';
  const label = `${t(`nationalProgrammes.stages.${cell.kind}`)}: ${t(`nationalProgrammes.progress.${progress}`)}${counted}${
    current ? ` — ${t('nationalProgrammes.table.current')}` : ''
  }`;
  return (
    <Tooltip label={label}>
      <Badge
        variant={current ? 'filled' : progress === 'not_started' || progress === 'skipped' ? 'outline' : 'light'}
        color={colour}
        aria-label={label}
        data-testid={current ? 'current-stage' : undefined}
      >
        {symbol}
        {counted}
      </Badge>
    </Tooltip>
  );
}
