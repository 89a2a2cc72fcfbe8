import { ActionIcon, Badge, Button, Card, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconListCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { referenceQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { ConfirmModal } from '../../components/ConfirmModal';
import { LocalisedTextView } from '../../components/LocalisedText';
import { PageHeader } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { useCan } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { CoverageFormModal } from './CoverageFormModal';
import { EngagementFormModal } from './EngagementFormModal';
import {
  type Engagement,
  nationalProgrammesKey,
  progressColours,
  type Stage,
  type StateProgramme,
  stageLabel,
  stateProgrammeQuery,
  statusColours,
} from './nationalProgrammes';
import { StageDocuments } from './StageDocuments';
import { StageFormModal } from './StageFormModal';
import { StageTimeline } from './StageTimeline';

const route = getRouteApi('/app/national-programmes/states/$iso2');

/** A state's national programme support: each engagement with its timeline, stages and coverage. */
export function StateProgrammePage() {
  const { t } = useTranslation();
  const can = useCan();
  const { iso2 } = route.useParams();
  const programme = useQuery(stateProgrammeQuery(iso2.toUpperCase()));
  // A focal point has no overview across states to go back to.
  const back = !can('nationalProgrammes.overview')
    ? ({ to: '/', label: t('nationalProgrammes.state.backHome') } as const)
    : ({ to: '/national-programmes', label: t('nationalProgrammes.state.back') } as const);
  return (
    <RecordPage back={back} query={programme} notFound={{ body: t('nationalProgrammes.state.notFound', { code: iso2 }) }}>
      {(data) => <StateProgrammeView programme={data} />}
    </RecordPage>
  );
}

function StateProgrammeView({ programme }: { programme: StateProgramme }) {
  const { t } = useTranslation();
  const can = useCan();
  const { nameOf } = useMemberStates();
  const canWrite = can('nationalProgrammes.write');
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('nationalProgrammes.state.title', { state: nameOf(programme.stateIso2) })}
        description={t('nationalProgrammes.state.description')}
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
      {programme.engagements.length === 0 && (
        <Text c="dimmed" data-testid="engagements-none">
          {t('nationalProgrammes.state.none')}
        </Text>
      )}
      {programme.engagements.map((engagement) => (
        <EngagementCard key={engagement.id} engagement={engagement} />
      ))}
      <EngagementFormModal
        engagement={null}
        stateIso2={programme.stateIso2}
        opened={creating}
        onClose={() => setCreating(false)}
      />
    </>
  );
}

function EngagementCard({ engagement }: { engagement: Engagement }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const [editing, setEditing] = useState(false);
  const [editingCoverage, setEditingCoverage] = useState(false);
  const [addingWorkshop, setAddingWorkshop] = useState(false);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card withBorder padding="lg" data-testid={`engagement-${engagement.id}`}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={6}>
            <Title order={2} size="h3">
              <LocalisedTextView field={engagement.title} />
            </Title>
            <Group gap="xs">
              <Badge variant="light">{t(`nationalProgrammes.kinds.${engagement.kind}`)}</Badge>
              <Badge color={statusColours[engagement.status]} variant="filled" data-testid="engagement-status">
                {t(`nationalProgrammes.statuses.${engagement.status}`)}
              </Badge>
              {engagement.adoptedOn && (
                <Badge color="teal" variant="outline" data-testid="engagement-adopted">
                  {t('nationalProgrammes.engagement.adoptedOn', { date: formatDay(engagement.adoptedOn) })}
                </Badge>
              )}
              <Text size="sm" c="dimmed" data-testid="engagement-current-stage">
                {engagement.currentStage
                  ? t('nationalProgrammes.engagement.currentStage', {
                      stage: stageLabel(t, engagement.currentStage),
                      progress: t(`nationalProgrammes.progress.${engagement.currentStage.progress}`),
                    })
                  : t('nationalProgrammes.engagement.notStarted')}
              </Text>
            </Group>
          </Stack>
          {engagement.can.edit && (
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                leftSection={<IconEdit size={16} aria-hidden />}
                onClick={() => setEditing(true)}
              >
                {t('nationalProgrammes.engagement.edit')}
              </Button>
              <Button
                variant="default"
                size="xs"
                leftSection={<IconListCheck size={16} aria-hidden />}
                onClick={() => setEditingCoverage(true)}
                data-testid="coverage-edit"
              >
                {t('nationalProgrammes.coverage.edit')}
              </Button>
              <Button
                variant="default"
                size="xs"
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={() => setAddingWorkshop(true)}
                data-testid="workshop-add"
              >
                {t('nationalProgrammes.engagement.addWorkshop')}
              </Button>
            </Group>
          )}
        </Group>
        {engagement.notes && (
          // Notes are in whatever language the officer wrote them: each reads in its own direction.
          <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {engagement.notes}
          </Text>
        )}
        <Title order={3} size="h5">
          {t('nationalProgrammes.timeline.title')}
        </Title>
        <StageTimeline stages={engagement.stages} today={today} />
        <StagesTable engagement={engagement} />
        <CoverageView engagement={engagement} />
      </Stack>
      <EngagementFormModal engagement={engagement} opened={editing} onClose={() => setEditing(false)} />
      <CoverageFormModal engagement={engagement} opened={editingCoverage} onClose={() => setEditingCoverage(false)} />
      <StageFormModal engagement={engagement} stage={null} opened={addingWorkshop} onClose={() => setAddingWorkshop(false)} />
    </Card>
  );
}

function StagesTable({ engagement }: { engagement: Engagement }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Stage | null>(null);
  const [removing, setRemoving] = useState<Stage | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => http.delete(`/national-programmes/stages/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: nationalProgrammesKey });
      notifications.show({ color: 'green', message: t('nationalProgrammes.stageForm.removed') });
      setRemoving(null);
    },
  });
  const period = (from: string | null, to: string | null) =>
    from || to ? `${from ? formatDay(from) : '…'} – ${to ? formatDay(to) : '…'}` : '—';

  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" data-testid="stages-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('nationalProgrammes.stageTable.stage')}</Table.Th>
              <Table.Th>{t('nationalProgrammes.stageTable.planned')}</Table.Th>
              <Table.Th>{t('nationalProgrammes.stageTable.actual')}</Table.Th>
              <Table.Th>{t('nationalProgrammes.stageTable.responsible')}</Table.Th>
              <Table.Th>{t('nationalProgrammes.stageTable.documents')}</Table.Th>
              {engagement.can.edit && <Table.Th w={80} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {engagement.stages.map((stage) => (
              <Table.Tr key={stage.id} data-testid={`stage-row-${stage.kind}-${stage.sequence}`}>
                <Table.Td>
                  <Stack gap={4}>
                    <Text size="sm" fw={500}>
                      {stageLabel(t, stage)}
                    </Text>
                    <Group gap={4}>
                      <Badge size="sm" variant="light" color={progressColours[stage.progress]}>
                        {t(`nationalProgrammes.progress.${stage.progress}`)}
                      </Badge>
                      {stage.behindPlan && (
                        <Badge size="sm" variant="light" color="orange">
                          {t('nationalProgrammes.timeline.behind')}
                        </Badge>
                      )}
                    </Group>
                    {stage.notes && (
                      <Text size="xs" c="dimmed" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                        {stage.notes}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>{period(stage.plannedStart, stage.plannedEnd)}</Table.Td>
                <Table.Td>{stage.skipped ? '—' : period(stage.actualStart, stage.actualEnd)}</Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {stage.staff.map((s) => (
                      <Text size="sm" key={s.id}>
                        <bdi>{s.displayName}</bdi>{' '}
                        <Text span size="xs" c="dimmed">
                          ({t('nationalProgrammes.stageTable.office')})
                        </Text>
                      </Text>
                    ))}
                    {stage.counterparts.map((c, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: counterparts are listed in their recorded order
                      <Stack gap={0} key={i}>
                        {/* Names and functions keep their own direction inside a right-to-left page. */}
                        <Text size="sm">
                          <bdi>{c.name}</bdi>
                        </Text>
                        {(c.function || c.organisation) && (
                          <Text size="xs" c="dimmed">
                            <bdi>{[c.function, c.organisation].filter(Boolean).join(', ')}</bdi>
                          </Text>
                        )}
                      </Stack>
                    ))}
                    {stage.staff.length === 0 && stage.counterparts.length === 0 && (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <StageDocuments stage={stage} />
                </Table.Td>
                {stage.can.edit && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Tooltip label={t('nationalProgrammes.stageTable.edit', { stage: stageLabel(t, stage) })}>
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('nationalProgrammes.stageTable.edit', { stage: stageLabel(t, stage) })}
                          onClick={() => setEditing(stage)}
                          data-testid={`stage-edit-${stage.kind}-${stage.sequence}`}
                        >
                          <IconEdit size={18} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                      {stage.can.remove && (
                        <Tooltip label={t('nationalProgrammes.stageTable.remove', { stage: stageLabel(t, stage) })}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('nationalProgrammes.stageTable.remove', { stage: stageLabel(t, stage) })}
                            onClick={() => setRemoving(stage)}
                          >
                            <IconTrash size={18} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <StageFormModal engagement={engagement} stage={editing} opened={editing !== null} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={removing !== null}
        title={removing ? t('nationalProgrammes.stageTable.remove', { stage: stageLabel(t, removing) }) : ''}
        confirmLabel={t('nationalProgrammes.stageTable.removeConfirm')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
      >
        {t('nationalProgrammes.stageTable.removeBody')}
      </ConfirmModal>
    </>
  );
}

function CoverageView({ engagement }: { engagement: Engagement }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const reference = useQuery(referenceQuery());
  const subject = (n: number) => reference.data?.resolutions.find((r) => r.number === n)?.subject;
  const pillarTitle = (code: string) => reference.data?.pillars.find((p) => p.code === code)?.titles[lang];
  const { coverage } = engagement;
  const resolutionBadges = (numbers: number[]) =>
    numbers.map((n) => (
      <Tooltip key={n} label={subject(n) ?? ''} disabled={!subject(n)} multiline w={320}>
        <Badge variant="light" color="indigo" dir="ltr">
          S/RES/{n}
        </Badge>
      </Tooltip>
    ));
  const pillarBadges = (codes: string[]) =>
    codes.map((code) => (
      <Tooltip key={code} label={pillarTitle(code) ?? ''} disabled={!pillarTitle(code)} multiline w={320}>
        <Badge variant="light" color="grape">
          {t('nationalProgrammes.coverage.pillar', { code })}
        </Badge>
      </Tooltip>
    ));
  const empty = coverage.covered.resolutions.length === 0 && coverage.covered.pillars.length === 0;
  return (
    <Stack gap="xs" data-testid="coverage">
      <Title order={3} size="h5">
        {t('nationalProgrammes.coverage.title')}
      </Title>
      {empty ? (
        <Text size="sm" c="dimmed">
          {t('nationalProgrammes.coverage.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={0}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('nationalProgrammes.coverage.scope')}</Table.Th>
                <Table.Th>{t('nationalProgrammes.coverage.resolutions')}</Table.Th>
                <Table.Th>{t('nationalProgrammes.coverage.pillars')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{t('nationalProgrammes.coverage.wholeProgramme')}</Table.Td>
                <Table.Td>
                  <Group gap={4}>{resolutionBadges(coverage.resolutions)}</Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>{pillarBadges(coverage.pillars)}</Group>
                </Table.Td>
              </Table.Tr>
              {coverage.parts.map((part) => (
                <Table.Tr key={part.id}>
                  <Table.Td>
                    <LocalisedTextView field={part.title} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>{resolutionBadges(part.resolutions)}</Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>{pillarBadges(part.pillars)}</Group>
                  </Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th>{t('nationalProgrammes.coverage.covered')}</Table.Th>
                <Table.Td data-testid="coverage-resolutions-count">
                  {t('nationalProgrammes.coverage.resolutionCount', { count: coverage.covered.resolutions.length })}
                </Table.Td>
                <Table.Td data-testid="coverage-pillars-count">
                  {t('nationalProgrammes.coverage.pillarCount', { count: coverage.covered.pillars.length })}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
