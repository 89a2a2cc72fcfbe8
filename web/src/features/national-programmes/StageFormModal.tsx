import { Divider, MultiSelect, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { addWorkshopSchema, updateStageSchema } from '../../../../server/modules/national-programmes/inputs';
import { http } from '../../api/http';
import { DateRangeFields } from '../../components/forms/DateRangeFields';
import { EditableRows } from '../../components/forms/EditableRows';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { type Engagement, nationalProgrammesKey, responsibleStaffQuery, type Stage, stageLabel } from './nationalProgrammes';

type Props = {
  engagement: Engagement;
  /** The stage to edit, or null to add a further drafting workshop. */
  stage: Stage | null;
  opened: boolean;
  onClose(): void;
};

type CounterpartRow = { name: string; function: string; organisation: string };

export function StageFormModal({ engagement, stage, opened, onClose }: Props) {
  const { t } = useTranslation();
  const workshops = engagement.stages.filter((s) => s.kind === 'drafting_workshop').length;
  const title = stage ? stageLabel(t, stage) : stageLabel(t, { kind: 'drafting_workshop', sequence: workshops + 1 });
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={
        stage
          ? t('nationalProgrammes.stageForm.editTitle', { stage: title })
          : t('nationalProgrammes.stageForm.addTitle', { stage: title })
      }
      formKey={stage?.id ?? 'new'}
    >
      <StageForm engagement={engagement} stage={stage} onClose={onClose} />
    </FormModal>
  );
}

function StageForm({ engagement, stage, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const staff = useQuery(responsibleStaffQuery());
  const orNull = (v: string) => (v === '' ? null : v);
  const endBeforeStart = t('nationalProgrammes.stageForm.endBeforeStart');
  const invalidDate = t('nationalProgrammes.form.invalidDate');
  const form = useSchemaForm({
    initial: {
      plannedStart: stage?.plannedStart ?? '',
      plannedEnd: stage?.plannedEnd ?? '',
      actualStart: stage?.actualStart ?? '',
      actualEnd: stage?.actualEnd ?? '',
      skipped: stage?.skipped ?? false,
      notes: stage?.notes ?? '',
      staffIds: stage?.staff.map((s) => s.id) ?? [],
      counterparts: (stage?.counterparts.map((c) => ({
        name: c.name,
        function: c.function ?? '',
        organisation: c.organisation ?? '',
      })) ?? []) as CounterpartRow[],
    },
    schema: stage ? updateStageSchema : addWorkshopSchema,
    toBody: ({ skipped, ...v }) => ({
      ...v,
      plannedStart: orNull(v.plannedStart),
      plannedEnd: orNull(v.plannedEnd),
      // A skipped stage carries no actual dates.
      actualStart: skipped ? null : orNull(v.actualStart),
      actualEnd: skipped ? null : orNull(v.actualEnd),
      ...(stage && stage.kind !== 'request' ? { skipped } : {}),
    }),
    check: (v) => ({
      ...(v.plannedStart && v.plannedEnd && v.plannedEnd < v.plannedStart ? { plannedEnd: endBeforeStart } : {}),
      ...(v.actualEnd && !v.actualStart && !v.skipped ? { actualStart: t('nationalProgrammes.stageForm.endNeedsStart') } : {}),
      ...(v.actualStart && v.actualEnd && v.actualEnd < v.actualStart ? { actualEnd: endBeforeStart } : {}),
      ...(v.counterparts.every((c) => c.name.trim())
        ? {}
        : { counterparts: t('nationalProgrammes.stageForm.counterpartNameRequired') }),
    }),
    messages: { plannedStart: invalidDate, plannedEnd: invalidDate, actualStart: invalidDate, actualEnd: invalidDate },
    save: (body) =>
      stage
        ? http.patch(`/national-programmes/stages/${stage.id}`, body)
        : http.post(`/national-programmes/engagements/${engagement.id}/workshops`, body),
    invalidate: [nationalProgrammesKey],
    savedNotice: t('nationalProgrammes.stageForm.saved'),
    close: () => onClose(),
    editing: stage !== null,
  });
  const { values, set } = form;

  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="stage-save">
      <Text size="sm" c="dimmed">
        {t('nationalProgrammes.stageForm.orderHint')}
      </Text>
      {stage && stage.kind !== 'request' && (
        <Switch
          label={t('nationalProgrammes.stageForm.skipped')}
          description={t('nationalProgrammes.stageForm.skippedHint')}
          checked={values.skipped}
          onChange={(e) => set('skipped', e.currentTarget.checked)}
          data-testid="stage-skipped"
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateRangeFields
          form={form}
          start={{ field: 'plannedStart', label: t('nationalProgrammes.stageForm.plannedStart'), testId: 'stage-planned-start' }}
          end={{ field: 'plannedEnd', label: t('nationalProgrammes.stageForm.plannedEnd'), testId: 'stage-planned-end' }}
        />
        {!values.skipped && (
          <DateRangeFields
            form={form}
            start={{ field: 'actualStart', label: t('nationalProgrammes.stageForm.actualStart'), testId: 'stage-actual-start' }}
            end={{ field: 'actualEnd', label: t('nationalProgrammes.stageForm.actualEnd'), testId: 'stage-actual-end' }}
          />
        )}
      </SimpleGrid>
      <Textarea
        label={t('nationalProgrammes.stageForm.notes')}
        {...form.textField('notes')}
        autosize
        minRows={2}
        maxRows={8}
        data-testid="stage-notes"
      />
      <Divider label={t('nationalProgrammes.stageForm.responsible')} labelPosition="left" />
      <MultiSelect
        label={t('nationalProgrammes.stageForm.staff')}
        data={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.displayName }))}
        value={values.staffIds}
        onChange={(v) => set('staffIds', v)}
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
        <EditableRows
          rows={values.counterparts}
          onChange={(rows) => set('counterparts', rows)}
          newRow={() => ({ name: '', function: '', organisation: '' })}
          removeLabel={() => t('nationalProgrammes.stageForm.removeCounterpart')}
          addLabel={t('nationalProgrammes.stageForm.addCounterpart')}
          addTestId="counterpart-add"
          error={form.error('counterparts')}
        >
          {(c, replace, index) => [
            <TextInput
              key="name"
              label={t('nationalProgrammes.stageForm.counterpartName')}
              value={c.name}
              onChange={(e) => replace({ ...c, name: e.currentTarget.value })}
              data-testid={`counterpart-name-${index}`}
            />,
            <TextInput
              key="function"
              label={t('nationalProgrammes.stageForm.counterpartFunction')}
              value={c.function}
              onChange={(e) => replace({ ...c, function: e.currentTarget.value })}
            />,
            <TextInput
              key="organisation"
              label={t('nationalProgrammes.stageForm.counterpartOrganisation')}
              value={c.organisation}
              onChange={(e) => replace({ ...c, organisation: e.currentTarget.value })}
            />,
          ]}
        </EditableRows>
      </Stack>
    </ModalForm>
  );
}
