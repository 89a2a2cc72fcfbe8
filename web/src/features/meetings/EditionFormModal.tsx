import { NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { createEditionSchema, updateEditionSchema } from '../../../../server/modules/meetings/inputs';
import type { LocalisedText } from '../../api/curriculum';
import { http } from '../../api/http';
import { DateRangeFields } from '../../components/forms/DateRangeFields';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { useMemberStates } from '../../hooks/states';
import { type Edition, type EditionInput, meetingsKey } from './meetings';

type Props = { edition: Edition | null; nextNumber?: number; opened: boolean; onClose(): void };

/** Records a new edition, or changes one (number, dates, city, country, theme). */
export function EditionFormModal({ edition, nextNumber, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={edition ? t('meetings.edition.editTitle', { number: edition.number }) : t('meetings.edition.createTitle')}
      formKey={edition?.id ?? 'new'}
    >
      <EditionForm edition={edition} nextNumber={nextNumber} onClose={onClose} />
    </FormModal>
  );
}

function EditionForm({ edition, nextNumber, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const states = useMemberStates();
  const form = useSchemaForm({
    initial: {
      number: (edition?.number ?? nextNumber ?? 1) as number | string,
      startDate: edition?.startDate ?? '',
      endDate: edition?.endDate ?? '',
      city: edition?.city ?? '',
      countryIso2: edition?.countryIso2 ?? 'MA',
      theme: (edition?.theme.values ?? {}) as LocalisedText,
    },
    schema: edition ? updateEditionSchema : createEditionSchema,
    toBody: (v): EditionInput => ({ ...v, number: Number(v.number), city: v.city.trim() }),
    messages: {
      number: t('meetings.form.positiveNumber'),
      startDate: t('meetings.form.dateFormat'),
      endDate: t('meetings.form.endBeforeStart'),
      theme: t('curriculum.form.oneLanguage'),
    },
    save: (body) => (edition ? http.patch(`/meetings/editions/${edition.id}`, body) : http.post('/meetings/editions', body)),
    invalidate: [meetingsKey],
    savedNotice: (saved) => t('meetings.edition.saved', { number: saved.number }),
    close: (saved) => {
      onClose();
      if (!edition && saved) void navigate({ to: '/meetings/$id', params: { id: saved.id } });
    },
    editing: edition !== null,
  });
  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="edition-save">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label={t('meetings.fields.number')}
          {...form.numberField('number')}
          min={1}
          allowDecimal={false}
          required
          data-testid="edition-number"
        />
        <DateRangeFields
          form={form}
          start={{ field: 'startDate', label: t('meetings.fields.startDate'), required: true, testId: 'edition-start' }}
          end={{ field: 'endDate', label: t('meetings.fields.endDate'), required: true, testId: 'edition-end' }}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('meetings.fields.city')} {...form.textField('city')} required data-testid="edition-city" />
        <Select
          label={t('meetings.fields.country')}
          data={states.options}
          value={form.values.countryIso2 || null}
          onChange={(v) => form.set('countryIso2', v ?? '')}
          searchable
          required
          error={form.error('countryIso2')}
          data-testid="edition-country"
        />
      </SimpleGrid>
      <LocalisedInput
        label={t('meetings.fields.theme')}
        value={form.values.theme}
        onChange={(v) => form.set('theme', v)}
        multiline
        required
        error={form.error('theme')}
        testId="edition-theme"
      />
    </ModalForm>
  );
}
