import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { LocalisedText } from '../curriculum/curriculum';
import { LocalisedInput } from '../curriculum/LocalisedInput';
import {
  type OrganisationDetail,
  type OrganisationKind,
  type OrganisationListItem,
  organisationKinds,
  partnersKey,
  ruleOverrides,
} from './partners';

type Props = { organisation: OrganisationDetail | null; opened: boolean; onClose(saved?: OrganisationListItem): void };

export function OrganisationFormModal({ organisation, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={() => onClose()}
      size="lg"
      title={organisation ? t('partners.organisation.editTitle', { name: organisation.name }) : t('partners.organisation.create')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <OrganisationForm key={organisation?.id ?? 'new'} organisation={organisation} onClose={onClose} />}
    </Modal>
  );
}

const WEBSITE = /^https?:\/\/\S+\.\S+$/;

function OrganisationForm({ organisation, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(organisation?.name ?? '');
  const [acronym, setAcronym] = useState(organisation?.acronym ?? '');
  const [kind, setKind] = useState<OrganisationKind | null>(organisation?.kind ?? null);
  const [countryIso2, setCountry] = useState(organisation?.countryIso2 ?? '');
  const [seatCity, setSeatCity] = useState(organisation?.seatCity ?? '');
  const [website, setWebsite] = useState(organisation?.website ?? '');
  const [description, setDescription] = useState<LocalisedText>(organisation?.description.values ?? {});
  const [submitted, setSubmitted] = useState(false);
  const errors = {
    name: name.trim().length < 2 ? t('common.required') : null,
    kind: kind ? null : t('common.required'),
    country: countryIso2.trim() === '' || /^[A-Za-z]{2}$/.test(countryIso2.trim()) ? null : t('partners.form.countryFormat'),
    website: website.trim() === '' || WEBSITE.test(website.trim()) ? null : t('partners.form.websiteFormat'),
  };
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        acronym,
        kind,
        countryIso2: countryIso2.trim() === '' ? null : countryIso2.trim(),
        seatCity,
        website,
        description,
      };
      return organisation
        ? api.patch<OrganisationListItem>(`/organisations/${organisation.id}`, body)
        : api.post<OrganisationListItem>('/organisations', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: partnersKey });
      await queryClient.invalidateQueries({ queryKey: ['curriculum'] });
      notifications.show({ color: 'green', message: t('partners.saved') });
      onClose(saved);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} overrides={ruleOverrides(t, save.error)} />}
        <TextInput
          label={t('partners.fields.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          error={submitted && errors.name}
          data-testid="organisation-name"
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('partners.fields.acronym')}
            value={acronym}
            onChange={(e) => setAcronym(e.currentTarget.value)}
            dir="ltr"
            data-testid="organisation-acronym"
          />
          <Select
            label={t('partners.fields.kind')}
            data={organisationKinds.map((k) => ({ value: k, label: t(`partners.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => setKind(v as OrganisationKind | null)}
            required
            error={submitted && errors.kind}
            data-testid="organisation-kind"
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('partners.fields.countryCode')}
            description={t('partners.form.countryHint')}
            value={countryIso2}
            onChange={(e) => setCountry(e.currentTarget.value.toUpperCase())}
            maxLength={2}
            error={submitted && errors.country}
            dir="ltr"
            data-testid="organisation-country"
          />
          <TextInput
            label={t('partners.fields.seatCity')}
            value={seatCity}
            onChange={(e) => setSeatCity(e.currentTarget.value)}
          />
        </Group>
        <TextInput
          label={t('partners.fields.website')}
          placeholder="https://"
          value={website}
          onChange={(e) => setWebsite(e.currentTarget.value)}
          error={submitted && errors.website}
          dir="ltr"
        />
        <LocalisedInput label={t('partners.fields.description')} value={description} onChange={setDescription} multiline />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="organisation-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
