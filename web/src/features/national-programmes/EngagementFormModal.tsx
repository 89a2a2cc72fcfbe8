import { Input, SegmentedControl, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type EngagementKind, type EngagementStatus, engagementKinds, engagementStatuses } from '../../../../contract/enums';
import { createEngagementSchema, updateEngagementSchema } from '../../../../server/modules/national-programmes/inputs';
import type { LocalisedText } from '../../api/curriculum';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { useMemberStates } from '../../hooks/states';
import { type Engagement, nationalProgrammesKey } from './nationalProgrammes';

type Props = {
  /** The engagement to edit, or null to open one (for `stateIso2` when given). */
  engagement: Engagement | null;
  stateIso2?: string;
  opened: boolean;
  onClose(saved?: Engagement): void;
};

export function EngagementFormModal({ engagement, stateIso2, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={() => onClose()}
      size="lg"
      title={engagement ? t('nationalProgrammes.form.editTitle') : t('nationalProgrammes.form.createTitle')}
      formKey={engagement?.id ?? 'new'}
    >
      <EngagementForm engagement={engagement} stateIso2={stateIso2} onClose={onClose} />
    </FormModal>
  );
}

function EngagementForm({ engagement, stateIso2, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const memberStates = useMemberStates();
  const form = useSchemaForm({
    initial: {
      stateIso2: engagement?.stateIso2 ?? stateIso2 ?? '',
      kind: engagement?.kind ?? ('strategy' as EngagementKind),
      status: engagement?.status ?? ('active' as EngagementStatus),
      title: (engagement?.title.values ?? {}) as LocalisedText,
      notes: engagement?.notes ?? '',
      requestedOn: '',
    },
    schema: engagement ? updateEngagementSchema : createEngagementSchema,
    toBody: ({ stateIso2: state, kind, status, title, notes, requestedOn }) =>
      engagement
        ? { title, kind, status, notes }
        : { stateIso2: state, title, kind, notes, ...(requestedOn ? { requestedOn } : {}) },
    messages: { title: t('nationalProgrammes.form.titleRequired'), requestedOn: t('nationalProgrammes.form.invalidDate') },
    save: (body) =>
      engagement
        ? http.patch(`/national-programmes/engagements/${engagement.id}`, body)
        : http.post('/national-programmes/engagements', body),
    invalidate: [nationalProgrammesKey],
    savedNotice: t('nationalProgrammes.form.saved'),
    close: onClose,
    editing: engagement !== null,
  });

  return (
    <ModalForm form={form} onCancel={() => onClose()} saveTestId="engagement-save">
      <Select
        label={t('nationalProgrammes.form.state')}
        data={memberStates.options}
        value={form.values.stateIso2 || null}
        onChange={(v) => form.set('stateIso2', v ?? '')}
        searchable
        required
        disabled={engagement !== null || stateIso2 !== undefined}
        error={form.error('stateIso2')}
        nothingFoundMessage={t('common.noMatch')}
        data-testid="engagement-state"
      />
      <Input.Wrapper label={t('nationalProgrammes.form.kind')}>
        <SegmentedControl
          display="flex"
          value={form.values.kind}
          onChange={(v) => form.set('kind', v as EngagementKind)}
          data={engagementKinds.map((k) => ({ value: k, label: t(`nationalProgrammes.kinds.${k}`) }))}
          data-testid="engagement-kind"
        />
      </Input.Wrapper>
      <LocalisedInput
        label={t('nationalProgrammes.form.title')}
        value={form.values.title}
        onChange={(v) => form.set('title', v)}
        required
        error={form.error('title')}
        testId="engagement-title"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {engagement ? (
          <Select
            label={t('nationalProgrammes.form.status')}
            data={engagementStatuses.map((s) => ({ value: s, label: t(`nationalProgrammes.statuses.${s}`) }))}
            value={form.values.status}
            onChange={(v) => v && form.set('status', v as EngagementStatus)}
            allowDeselect={false}
            data-testid="engagement-status"
          />
        ) : (
          <TextInput
            type="date"
            label={t('nationalProgrammes.form.requestedOn')}
            description={t('nationalProgrammes.form.requestedOnHint')}
            {...form.textField('requestedOn')}
            data-testid="engagement-requested-on"
          />
        )}
      </SimpleGrid>
      <Textarea label={t('nationalProgrammes.form.notes')} {...form.textField('notes')} autosize minRows={2} maxRows={8} />
    </ModalForm>
  );
}
