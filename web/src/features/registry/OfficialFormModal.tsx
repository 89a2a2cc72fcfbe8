import { Select, SimpleGrid, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type Sex, sexes } from '../../../../contract/enums';
import { officialInputSchema } from '../../../../server/modules/registry/inputs';
import { agenciesQuery } from '../../api/agencies';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { useMe } from '../../hooks/session';
import { agenciesKey, type Official, officialsKey } from './registry';

type Props = {
  /** The official to edit; none to record a new one. */
  official: Official | null;
  opened: boolean;
  stateOptions: { value: string; label: string }[];
  onClose: () => void;
};

export function OfficialFormModal({ official, opened, stateOptions, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={official ? t('registry.form.editTitle') : t('registry.form.createTitle')}
      formKey={official?.id ?? 'new'}
    >
      <OfficialForm official={official} stateOptions={stateOptions} onClose={onClose} />
    </FormModal>
  );
}

function OfficialForm({ official, stateOptions, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const fixedState = me.stateIso2;
  const form = useSchemaForm({
    initial: {
      stateIso2: official?.stateIso2 ?? fixedState ?? '',
      agencyId: official?.agency?.id ?? null,
      familyName: official?.familyName ?? '',
      givenNames: official?.givenNames ?? '',
      nameOriginal: official?.nameOriginal ?? '',
      sex: (official?.sex ?? null) as Sex | null,
      birthDate: official?.birthDate ?? '',
      rank: official?.rank ?? '',
      position: official?.position ?? '',
      languages: official?.languages ?? [],
      email: official?.email ?? '',
      phone: official?.phone ?? '',
      notes: official?.notes ?? '',
    },
    schema: officialInputSchema,
    // The schema refuses a blank date as malformed; a blank one is no date.
    toBody: (v) => ({ ...v, birthDate: v.birthDate || null }),
    messages: {
      birthDate: t('registry.form.birthDateInvalid'),
      email: t('registry.form.emailInvalid'),
      phone: t('registry.form.phoneInvalid'),
    },
    save: (body) => (official ? http.put(`/officials/${official.id}`, body) : http.post('/officials', body)),
    invalidate: [officialsKey, agenciesKey],
    savedNotice: official ? t('registry.form.saved') : t('registry.form.created'),
    close: (saved) => {
      onClose();
      if (saved && !official) void navigate({ to: '/officials/$id', params: { id: saved.id } });
    },
    editing: official !== null,
  });
  const { values, set } = form;
  const stateIso2 = values.stateIso2 || null;
  const agencies = useQuery({ ...agenciesQuery({ stateIso2: stateIso2 ?? undefined }), enabled: Boolean(stateIso2) });
  const agencyOptions = (stateIso2 ? (agencies.data?.items ?? []) : []).map((a) => ({
    value: a.id,
    label: a.acronym ? `${a.name} (${a.acronym})` : a.name,
  }));
  const today = new Date().toISOString().slice(0, 10);

  return (
    <ModalForm form={form} onCancel={onClose} saveTestId="official-form-submit" testId="official-form">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('registry.fields.familyName')}
          {...form.textField('familyName')}
          required
          maxLength={120}
          data-testid="official-form-familyName"
        />
        <TextInput
          label={t('registry.fields.givenNames')}
          {...form.textField('givenNames')}
          required
          maxLength={160}
          data-testid="official-form-givenNames"
        />
        <TextInput
          label={t('registry.fields.nameOriginal')}
          description={t('registry.form.nameOriginalHint')}
          {...form.textField('nameOriginal')}
          dir="auto"
          maxLength={200}
        />
        <Select
          label={t('registry.fields.sex')}
          data={sexes.map((value) => ({ value, label: t(`registry.sex.${value}`) }))}
          value={values.sex}
          onChange={(value) => set('sex', value as Sex | null)}
          error={form.error('sex')}
          required
          allowDeselect={false}
          data-testid="official-form-sex"
        />
        <Select
          label={t('registry.fields.state')}
          data={stateOptions}
          value={stateIso2}
          onChange={(value) => {
            set('stateIso2', value ?? '');
            set('agencyId', null);
          }}
          error={form.error('stateIso2')}
          disabled={fixedState !== null}
          searchable
          required
          nothingFoundMessage={t('common.noMatch')}
          data-testid="official-form-state"
        />
        <Select
          label={t('registry.fields.agency')}
          placeholder={stateIso2 ? t('registry.form.noAgency') : t('registry.form.chooseStateFirst')}
          data={agencyOptions}
          value={values.agencyId}
          onChange={(value) => set('agencyId', value)}
          error={form.error('agencyId')}
          disabled={!stateIso2}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          nothingFoundMessage={t('common.noMatch')}
          data-testid="official-form-agency"
        />
        <TextInput label={t('registry.fields.rank')} {...form.textField('rank')} maxLength={120} />
        <TextInput label={t('registry.fields.position')} {...form.textField('position')} maxLength={160} />
        <TextInput
          label={t('registry.fields.birthDate')}
          type="date"
          {...form.textField('birthDate')}
          min="1920-01-01"
          max={today}
        />
        <TagsInput
          label={t('registry.fields.languages')}
          description={t('registry.form.languagesHint')}
          value={values.languages}
          onChange={(value) => set('languages', value)}
          error={form.error('languages')}
          maxTags={12}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
        />
        <TextInput
          label={t('registry.fields.email')}
          type="email"
          {...form.textField('email')}
          dir="ltr"
          maxLength={254}
          data-testid="official-form-email"
        />
        <TextInput label={t('registry.fields.phone')} type="tel" {...form.textField('phone')} dir="ltr" maxLength={40} />
      </SimpleGrid>
      <Textarea label={t('registry.fields.notes')} {...form.textField('notes')} autosize minRows={2} maxLength={2000} />
    </ModalForm>
  );
}
