import { Button, Group, Modal, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sexes } from '../../../../contract/enums';
import { agenciesQuery } from '../../api/agencies';
import { ApiError } from '../../api/client';
import { http } from '../../api/http';
import { ErrorAlert, ruleText } from '../../components/ErrorAlert';
import { useMe } from '../../hooks/session';
import { agenciesKey, type Official, type OfficialInput, officialsKey, type Sex } from './registry';

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
    <Modal
      opened={opened}
      onClose={onClose}
      title={official ? t('registry.form.editTitle') : t('registry.form.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="xl"
    >
      {opened && <OfficialForm key={official?.id ?? 'new'} official={official} stateOptions={stateOptions} onClose={onClose} />}
    </Modal>
  );
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_PATTERN = /^[+0-9 ()./-]*$/;

function OfficialForm({ official, stateOptions, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const fixedState = me.stateIso2;
  const [stateIso2, setStateIso2] = useState<string | null>(official?.stateIso2 ?? fixedState);
  const [agencyId, setAgencyId] = useState<string | null>(official?.agency?.id ?? null);
  const [familyName, setFamilyName] = useState(official?.familyName ?? '');
  const [givenNames, setGivenNames] = useState(official?.givenNames ?? '');
  const [nameOriginal, setNameOriginal] = useState(official?.nameOriginal ?? '');
  const [sex, setSex] = useState<Sex | null>(official?.sex ?? null);
  const [birthDate, setBirthDate] = useState(official?.birthDate ?? '');
  const [rank, setRank] = useState(official?.rank ?? '');
  const [position, setPosition] = useState(official?.position ?? '');
  const [languages, setLanguages] = useState<string[]>(official?.languages ?? []);
  const [email, setEmail] = useState(official?.email ?? '');
  const [phone, setPhone] = useState(official?.phone ?? '');
  const [notes, setNotes] = useState(official?.notes ?? '');
  const [submitted, setSubmitted] = useState(false);

  const agencies = useQuery({ ...agenciesQuery({ stateIso2: stateIso2 ?? undefined }), enabled: Boolean(stateIso2) });
  const agencyOptions = (stateIso2 ? (agencies.data?.items ?? []) : []).map((a) => ({
    value: a.id,
    label: a.acronym ? `${a.name} (${a.acronym})` : a.name,
  }));

  const today = new Date().toISOString().slice(0, 10);
  const errors: Record<string, string | null> = {
    stateIso2: stateIso2 ? null : t('common.required'),
    familyName: familyName.trim() ? null : t('common.required'),
    givenNames: givenNames.trim() ? null : t('common.required'),
    sex: sex ? null : t('common.required'),
    birthDate: birthDate && (birthDate < '1920-01-01' || birthDate > today) ? t('registry.form.birthDateInvalid') : null,
    email: email.trim() && !EMAIL_PATTERN.test(email.trim()) ? t('registry.form.emailInvalid') : null,
    phone: PHONE_PATTERN.test(phone.trim()) ? null : t('registry.form.phoneInvalid'),
  };
  const valid = Object.values(errors).every((e) => e === null);

  const save = useMutation({
    mutationFn: async () => {
      const body: OfficialInput = {
        stateIso2: stateIso2 as string,
        agencyId: agencyId ?? null,
        familyName: familyName.trim(),
        givenNames: givenNames.trim(),
        nameOriginal: nameOriginal.trim() || null,
        sex: sex as Sex,
        birthDate: birthDate || null,
        rank: rank.trim() || null,
        position: position.trim() || null,
        languages,
        email: email.trim() || null,
        phone: phone.trim() || null,
        notes: notes.trim() || null,
      };
      return official ? http.put(`/officials/${official.id}`, body) : http.post('/officials', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: officialsKey });
      await queryClient.invalidateQueries({ queryKey: agenciesKey });
      notifications.show({ color: 'green', message: official ? t('registry.form.saved') : t('registry.form.created') });
      onClose();
      if (!official) void navigate({ to: '/officials/$id', params: { id: saved.id } });
    },
  });

  // The server names the fields it refused: show the rule each breaks under it.
  const serverErrors = new Map<string, string>(
    save.error instanceof ApiError
      ? save.error.details.map((d) => [d.path.split('.')[0] ?? d.path, ruleText(t, d, d.message)])
      : [],
  );
  const shown = (field: string) => (submitted && errors[field]) || serverErrors.get(field) || null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (valid) save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate data-testid="official-form">
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('registry.fields.familyName')}
            value={familyName}
            onChange={(e) => setFamilyName(e.currentTarget.value)}
            error={shown('familyName')}
            required
            maxLength={120}
            data-testid="official-form-familyName"
          />
          <TextInput
            label={t('registry.fields.givenNames')}
            value={givenNames}
            onChange={(e) => setGivenNames(e.currentTarget.value)}
            error={shown('givenNames')}
            required
            maxLength={160}
            data-testid="official-form-givenNames"
          />
          <TextInput
            label={t('registry.fields.nameOriginal')}
            description={t('registry.form.nameOriginalHint')}
            value={nameOriginal}
            onChange={(e) => setNameOriginal(e.currentTarget.value)}
            error={shown('nameOriginal')}
            dir="auto"
            maxLength={200}
          />
          <Select
            label={t('registry.fields.sex')}
            data={sexes.map((value) => ({ value, label: t(`registry.sex.${value}`) }))}
            value={sex}
            onChange={(value) => setSex(value as Sex | null)}
            error={shown('sex')}
            required
            allowDeselect={false}
            data-testid="official-form-sex"
          />
          <Select
            label={t('registry.fields.state')}
            data={stateOptions}
            value={stateIso2}
            onChange={(value) => {
              setStateIso2(value);
              setAgencyId(null);
            }}
            error={shown('stateIso2')}
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
            value={agencyId}
            onChange={setAgencyId}
            error={shown('agencyId')}
            disabled={!stateIso2}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            nothingFoundMessage={t('common.noMatch')}
            data-testid="official-form-agency"
          />
          <TextInput
            label={t('registry.fields.rank')}
            value={rank}
            onChange={(e) => setRank(e.currentTarget.value)}
            error={shown('rank')}
            maxLength={120}
          />
          <TextInput
            label={t('registry.fields.position')}
            value={position}
            onChange={(e) => setPosition(e.currentTarget.value)}
            error={shown('position')}
            maxLength={160}
          />
          <TextInput
            label={t('registry.fields.birthDate')}
            type="date"
            value={birthDate}
            onChange={(e) => setBirthDate(e.currentTarget.value)}
            error={shown('birthDate')}
            min="1920-01-01"
            max={today}
          />
          <TagsInput
            label={t('registry.fields.languages')}
            description={t('registry.form.languagesHint')}
            value={languages}
            onChange={setLanguages}
            error={shown('languages')}
            maxTags={12}
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
          />
          <TextInput
            label={t('registry.fields.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={shown('email')}
            dir="ltr"
            maxLength={254}
          />
          <TextInput
            label={t('registry.fields.phone')}
            type="tel"
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={shown('phone')}
            dir="ltr"
            maxLength={40}
          />
        </SimpleGrid>
        <Textarea
          label={t('registry.fields.notes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={shown('notes')}
          autosize
          minRows={2}
          maxLength={2000}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="official-form-submit">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
