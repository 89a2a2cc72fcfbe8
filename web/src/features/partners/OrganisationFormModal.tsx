import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type OrganisationKind, organisationKinds } from '../../../../contract/enums';
import { createOrganisationSchema, updateOrganisationSchema } from '../../../../server/modules/partners/inputs';
import type { LocalisedText } from '../../api/curriculum';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { type OrganisationDetail, type OrganisationListItem, partnersKey } from './partners';

type Props = { organisation: OrganisationDetail | null; opened: boolean; onClose(saved?: OrganisationListItem): void };

export function OrganisationFormModal({ organisation, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={() => onClose()}
      size="lg"
      title={organisation ? t('partners.organisation.editTitle', { name: organisation.name }) : t('partners.organisation.create')}
      formKey={organisation?.id ?? 'new'}
    >
      <OrganisationForm organisation={organisation} onClose={onClose} />
    </FormModal>
  );
}

function OrganisationForm({ organisation, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const form = useSchemaForm({
    initial: {
      name: organisation?.name ?? '',
      acronym: organisation?.acronym ?? '',
      kind: (organisation?.kind ?? null) as OrganisationKind | null,
      countryIso2: organisation?.countryIso2 ?? '',
      seatCity: organisation?.seatCity ?? '',
      website: organisation?.website ?? '',
      description: (organisation?.description.values ?? {}) as LocalisedText,
    },
    schema: organisation ? updateOrganisationSchema : createOrganisationSchema,
    toBody: (v) => ({ ...v, countryIso2: v.countryIso2.trim() === '' ? null : v.countryIso2.trim() }),
    messages: { countryIso2: t('partners.form.countryFormat'), website: t('partners.form.websiteFormat') },
    save: (body) => (organisation ? http.patch(`/organisations/${organisation.id}`, body) : http.post('/organisations', body)),
    invalidate: [partnersKey, ['curriculum']],
    savedNotice: t('partners.saved'),
    close: onClose,
    editing: organisation !== null,
  });
  return (
    <ModalForm form={form} onCancel={() => onClose()} saveTestId="organisation-save">
      <TextInput label={t('partners.fields.name')} {...form.textField('name')} required data-testid="organisation-name" />
      <Group grow align="flex-start">
        <TextInput
          label={t('partners.fields.acronym')}
          {...form.textField('acronym')}
          dir="ltr"
          data-testid="organisation-acronym"
        />
        <Select
          label={t('partners.fields.kind')}
          data={organisationKinds.map((k) => ({ value: k, label: t(`partners.kinds.${k}`) }))}
          value={form.values.kind}
          onChange={(v) => form.set('kind', v as OrganisationKind | null)}
          required
          error={form.error('kind')}
          data-testid="organisation-kind"
        />
      </Group>
      <Group grow align="flex-start">
        <TextInput
          label={t('partners.fields.countryCode')}
          description={t('partners.form.countryHint')}
          value={form.values.countryIso2}
          onChange={(e) => form.set('countryIso2', e.currentTarget.value.toUpperCase())}
          maxLength={2}
          error={form.error('countryIso2')}
          dir="ltr"
          data-testid="organisation-country"
        />
        <TextInput label={t('partners.fields.seatCity')} {...form.textField('seatCity')} />
      </Group>
      <TextInput label={t('partners.fields.website')} placeholder="https://" {...form.textField('website')} dir="ltr" />
      <LocalisedInput
        label={t('partners.fields.description')}
        value={form.values.description}
        onChange={(v) => form.set('description', v)}
        multiline
        error={form.error('description')}
      />
    </ModalForm>
  );
}
