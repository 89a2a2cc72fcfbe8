import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { LocalisedText } from '../curriculum/curriculum';
import { LocalisedInput } from '../curriculum/LocalisedInput';
import { useMemberStates } from '../states/states';
import { type Edition, type EditionInput, meetingsKey } from './meetings';

type Props = { edition: Edition | null; nextNumber?: number; opened: boolean; onClose(): void };

const filled = (value: LocalisedText) => Object.values(value).some((v) => v && v.trim() !== '');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Records a new edition, or changes one (number, dates, city, country, theme). */
export function EditionFormModal({ edition, nextNumber, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={edition ? t('meetings.edition.editTitle', { number: edition.number }) : t('meetings.edition.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <EditionForm key={edition?.id ?? 'new'} edition={edition} nextNumber={nextNumber} onClose={onClose} />}
    </Modal>
  );
}

function EditionForm({ edition, nextNumber, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const states = useMemberStates();
  const [number, setNumber] = useState<number | string>(edition?.number ?? nextNumber ?? 1);
  const [startDate, setStartDate] = useState(edition?.startDate ?? '');
  const [endDate, setEndDate] = useState(edition?.endDate ?? '');
  const [city, setCity] = useState(edition?.city ?? '');
  const [countryIso2, setCountryIso2] = useState(edition?.countryIso2 ?? 'MA');
  const [theme, setTheme] = useState<LocalisedText>(edition?.theme.values ?? {});
  const [submitted, setSubmitted] = useState(false);
  const errors = {
    number: typeof number === 'number' && Number.isInteger(number) && number >= 1 ? null : t('meetings.form.positiveNumber'),
    startDate: DATE.test(startDate) ? null : t('meetings.form.dateFormat'),
    endDate: !DATE.test(endDate) ? t('meetings.form.dateFormat') : endDate < startDate ? t('meetings.form.endBeforeStart') : null,
    city: city.trim() ? null : t('common.required'),
    countryIso2: countryIso2 ? null : t('common.required'),
    theme: filled(theme) ? null : t('curriculum.form.oneLanguage'),
  };
  const save = useMutation({
    mutationFn: () => {
      const body: EditionInput = { number: Number(number), startDate, endDate, city: city.trim(), countryIso2, theme };
      return edition
        ? api.patch<Edition>(`/meetings/editions/${edition.id}`, body)
        : api.post<Edition>('/meetings/editions', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: meetingsKey });
      notifications.show({ color: 'green', message: t('meetings.edition.saved', { number: saved.number }) });
      onClose();
      if (!edition) void navigate({ to: '/meetings/$id', params: { id: saved.id } });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  const shown = (error: string | null) => (submitted ? error : null);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('meetings.fields.number')}
            value={number}
            onChange={setNumber}
            min={1}
            allowDecimal={false}
            required
            error={shown(errors.number)}
            data-testid="edition-number"
          />
          <TextInput
            type="date"
            label={t('meetings.fields.startDate')}
            value={startDate}
            onChange={(e) => setStartDate(e.currentTarget.value)}
            required
            error={shown(errors.startDate)}
            data-testid="edition-start"
          />
          <TextInput
            type="date"
            label={t('meetings.fields.endDate')}
            value={endDate}
            onChange={(e) => setEndDate(e.currentTarget.value)}
            required
            error={shown(errors.endDate)}
            data-testid="edition-end"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('meetings.fields.city')}
            value={city}
            onChange={(e) => setCity(e.currentTarget.value)}
            required
            error={shown(errors.city)}
            data-testid="edition-city"
          />
          <Select
            label={t('meetings.fields.country')}
            data={states.options}
            value={countryIso2 || null}
            onChange={(v) => setCountryIso2(v ?? '')}
            searchable
            required
            error={shown(errors.countryIso2)}
            data-testid="edition-country"
          />
        </SimpleGrid>
        <LocalisedInput
          label={t('meetings.fields.theme')}
          value={theme}
          onChange={setTheme}
          multiline
          required
          error={shown(errors.theme)}
          testId="edition-theme"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="edition-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
