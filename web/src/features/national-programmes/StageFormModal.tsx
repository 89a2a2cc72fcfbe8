import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Modal,
  MultiSelect,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { type Engagement, nationalProgrammesKey, responsibleStaffQuery, type Stage, stageLabel } from './nationalProgrammes';
import { ProgrammeErrorAlert } from './ProgrammeErrorAlert';

type Props = {
  engagement: Engagement;
  /** The stage to edit, or null to add a further drafting workshop. */
  stage: Stage | null;
  opened: boolean;
  onClose(): void;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
type CounterpartRow = { name: string; function: string; organisation: string };

export function StageFormModal({ engagement, stage, opened, onClose }: Props) {
  const { t } = useTranslation();
  const workshops = engagement.stages.filter((s) => s.kind === 'drafting_workshop').length;
  const title = stage ? stageLabel(t, stage) : stageLabel(t, { kind: 'drafting_workshop', sequence: workshops + 1 });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={
        stage
          ? t('nationalProgrammes.stageForm.editTitle', { stage: title })
          : t('nationalProgrammes.stageForm.addTitle', { stage: title })
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <StageForm key={stage?.id ?? 'new'} engagement={engagement} stage={stage} onClose={onClose} />}
    </Modal>
  );
}

function StageForm({ engagement, stage, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const staff = useQuery(responsibleStaffQuery());
  const [plannedStart, setPlannedStart] = useState(stage?.plannedStart ?? '');
  const [plannedEnd, setPlannedEnd] = useState(stage?.plannedEnd ?? '');
  const [actualStart, setActualStart] = useState(stage?.actualStart ?? '');
  const [actualEnd, setActualEnd] = useState(stage?.actualEnd ?? '');
  const [skipped, setSkipped] = useState(stage?.skipped ?? false);
  const [notes, setNotes] = useState(stage?.notes ?? '');
  const [staffIds, setStaffIds] = useState<string[]>(stage?.staff.map((s) => s.id) ?? []);
  const [counterparts, setCounterparts] = useState<CounterpartRow[]>(
    stage?.counterparts.map((c) => ({ name: c.name, function: c.function ?? '', organisation: c.organisation ?? '' })) ?? [],
  );
  const [submitted, setSubmitted] = useState(false);

  const dateError = (value: string) => (value === '' || DAY.test(value) ? null : t('nationalProgrammes.form.invalidDate'));
  const errors = {
    plannedStart: dateError(plannedStart),
    plannedEnd:
      dateError(plannedEnd) ??
      (plannedStart && plannedEnd && plannedEnd < plannedStart ? t('nationalProgrammes.stageForm.endBeforeStart') : null),
    actualStart:
      dateError(actualStart) ?? (actualEnd && !actualStart && !skipped ? t('nationalProgrammes.stageForm.endNeedsStart') : null),
    actualEnd:
      dateError(actualEnd) ??
      (actualStart && actualEnd && actualEnd < actualStart ? t('nationalProgrammes.stageForm.endBeforeStart') : null),
    counterparts: counterparts.every((c) => c.name.trim()) ? null : t('nationalProgrammes.stageForm.counterpartNameRequired'),
  };
  const orNull = (v: string) => (v === '' ? null : v);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        plannedStart: orNull(plannedStart),
        plannedEnd: orNull(plannedEnd),
        // A skipped stage carries no actual dates.
        actualStart: skipped ? null : orNull(actualStart),
        actualEnd: skipped ? null : orNull(actualEnd),
        notes,
        staffIds,
        counterparts: counterparts.map((c) => ({ name: c.name, function: c.function, organisation: c.organisation })),
      };
      return stage
        ? http.patch(`/national-programmes/stages/${stage.id}`, {
            ...body,
            ...(stage.kind === 'request' ? {} : { skipped }),
          })
        : http.post(`/national-programmes/engagements/${engagement.id}/workshops`, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: nationalProgrammesKey });
      notifications.show({ color: 'green', message: t('nationalProgrammes.stageForm.saved') });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  const err = (key: keyof typeof errors) => (submitted ? errors[key] : null);
  const setCounterpart = (index: number, changes: Partial<CounterpartRow>) =>
    setCounterparts(counterparts.map((c, i) => (i === index ? { ...c, ...changes } : c)));

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ProgrammeErrorAlert error={save.error} />}
        <Text size="sm" c="dimmed">
          {t('nationalProgrammes.stageForm.orderHint')}
        </Text>
        {stage && stage.kind !== 'request' && (
          <Switch
            label={t('nationalProgrammes.stageForm.skipped')}
            description={t('nationalProgrammes.stageForm.skippedHint')}
            checked={skipped}
            onChange={(e) => setSkipped(e.currentTarget.checked)}
            data-testid="stage-skipped"
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('nationalProgrammes.stageForm.plannedStart')}
            value={plannedStart}
            onChange={(e) => setPlannedStart(e.currentTarget.value)}
            error={err('plannedStart')}
            data-testid="stage-planned-start"
          />
          <TextInput
            type="date"
            label={t('nationalProgrammes.stageForm.plannedEnd')}
            value={plannedEnd}
            onChange={(e) => setPlannedEnd(e.currentTarget.value)}
            error={err('plannedEnd')}
            data-testid="stage-planned-end"
          />
          {!skipped && (
            <>
              <TextInput
                type="date"
                label={t('nationalProgrammes.stageForm.actualStart')}
                value={actualStart}
                onChange={(e) => setActualStart(e.currentTarget.value)}
                error={err('actualStart')}
                data-testid="stage-actual-start"
              />
              <TextInput
                type="date"
                label={t('nationalProgrammes.stageForm.actualEnd')}
                value={actualEnd}
                onChange={(e) => setActualEnd(e.currentTarget.value)}
                error={err('actualEnd')}
                data-testid="stage-actual-end"
              />
            </>
          )}
        </SimpleGrid>
        <Textarea
          label={t('nationalProgrammes.stageForm.notes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={8}
          data-testid="stage-notes"
        />
        <Divider label={t('nationalProgrammes.stageForm.responsible')} labelPosition="left" />
        <MultiSelect
          label={t('nationalProgrammes.stageForm.staff')}
          data={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.displayName }))}
          value={staffIds}
          onChange={setStaffIds}
          searchable
          nothingFoundMessage={t('common.noMatch')}
          data-testid="stage-staff"
        />
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {t('nationalProgrammes.stageForm.counterparts')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('nationalProgrammes.stageForm.counterpartsHint')}
          </Text>
          {counterparts.map((c, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no id yet
            <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label={t('nationalProgrammes.stageForm.counterpartName')}
                value={c.name}
                onChange={(e) => setCounterpart(index, { name: e.currentTarget.value })}
                style={{ flex: 1 }}
                data-testid={`counterpart-name-${index}`}
              />
              <TextInput
                label={t('nationalProgrammes.stageForm.counterpartFunction')}
                value={c.function}
                onChange={(e) => setCounterpart(index, { function: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
              <TextInput
                label={t('nationalProgrammes.stageForm.counterpartOrganisation')}
                value={c.organisation}
                onChange={(e) => setCounterpart(index, { organisation: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={t('nationalProgrammes.stageForm.removeCounterpart')}
                onClick={() => setCounterparts(counterparts.filter((_, i) => i !== index))}
              >
                <IconTrash size={18} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          {err('counterparts') && (
            <Text c="red" size="sm" role="alert">
              {err('counterparts')}
            </Text>
          )}
          <Button
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
            w="fit-content"
            onClick={() => setCounterparts([...counterparts, { name: '', function: '', organisation: '' }])}
            data-testid="counterpart-add"
          >
            {t('nationalProgrammes.stageForm.addCounterpart')}
          </Button>
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="stage-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
