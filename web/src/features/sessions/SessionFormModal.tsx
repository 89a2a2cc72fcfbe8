import {
  ActionIcon,
  Button,
  Chip,
  Divider,
  Group,
  Input,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales, type Modality, modalities } from '../../../../contract/enums';
import { coursesQuery, pick } from '../../api/curriculum';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage, languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { type SessionDetail, sessionsKey, trainersQuery } from './sessions';

type Props = { session: SessionDetail | null; opened: boolean; onClose(saved?: SessionDetail): void };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every calendar day from start to end (at most a year), as YYYY-MM-DD. */
function daysBetween(start: string, end: string): string[] {
  if (!DAY.test(start) || !DAY.test(end) || end < start) return [];
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  const last = new Date(`${end}T00:00:00Z`);
  while (d <= last && out.length < 370) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
const isWeekday = (day: string) => {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w !== 0 && w !== 6;
};

export function SessionFormModal({ session, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={() => onClose()}
      size="xl"
      title={session ? t('sessions.form.editTitle', { code: session.code }) : t('sessions.form.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <SessionForm key={session?.id ?? 'new'} session={session} onClose={onClose} />}
    </Modal>
  );
}

function SessionForm({ session, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const courses = useQuery(coursesQuery());
  const trainers = useQuery(trainersQuery());
  const memberStates = useMemberStates();

  const [courseId, setCourseId] = useState<string | null>(session?.course.id ?? null);
  const [code, setCode] = useState(session?.code ?? '');
  const [startDate, setStartDate] = useState(session?.startDate ?? '');
  const [endDate, setEndDate] = useState(session?.endDate ?? '');
  const [deadline, setDeadline] = useState(session?.nominationDeadline ?? '');
  const [modality, setModality] = useState<Modality>(session?.modality ?? 'in_person');
  const [venueCity, setVenueCity] = useState(session?.venueCity ?? '');
  const [venueCountry, setVenueCountry] = useState<string | null>(session?.venueCountry ?? 'MA');
  const [languages, setLanguages] = useState<Locale[]>(session?.languages ?? ['en', 'fr']);
  const [capacity, setCapacity] = useState<string | number>(session?.capacity ?? 25);
  const [womenTarget, setWomenTarget] = useState<string | number>(
    session?.womenTarget === null || session?.womenTarget === undefined ? '' : Math.round(session.womenTarget * 100),
  );
  const [trainerIds, setTrainerIds] = useState<string[]>(session?.trainers.map((x) => x.id) ?? []);
  const [quotas, setQuotas] = useState<{ stateIso2: string | null; seats: string | number }[]>(
    session?.quotas.map((q) => ({ stateIso2: q.stateIso2, seats: q.seats })) ?? [],
  );
  /** Chosen days; null while the user keeps the default (every weekday of the dates). */
  const [days, setDays] = useState<string[] | null>(null);
  const [submitted, setSubmitted] = useState(false);

  const allDays = daysBetween(startDate, endDate);
  const datesChanged = !session || startDate !== session.startDate || endDate !== session.endDate;
  const defaultDays = datesChanged ? allDays.filter(isWeekday) : (session?.days ?? []);
  const shownDays = days ? days.filter((d) => allDays.includes(d)) : defaultDays;

  const errors = {
    courseId: courseId ? null : t('common.required'),
    code: code.trim().length < 2 ? t('common.required') : null,
    startDate: DAY.test(startDate) ? null : t('common.required'),
    endDate: !DAY.test(endDate) ? t('common.required') : endDate < startDate ? t('sessions.form.endBeforeStart') : null,
    deadline: !DAY.test(deadline) ? t('common.required') : deadline > startDate ? t('sessions.form.deadlineAfterStart') : null,
    venueCity: modality !== 'online' && venueCity.trim() === '' ? t('sessions.form.venueRequired') : null,
    languages: languages.length === 0 ? t('common.required') : null,
    capacity: typeof capacity === 'number' && capacity >= 1 ? null : t('common.required'),
    quotas: quotas.every((q) => q.stateIso2 && typeof q.seats === 'number' && q.seats >= 1)
      ? null
      : t('sessions.form.quotaInvalid'),
    days: shownDays.length === 0 ? t('sessions.form.daysRequired') : null,
  };

  const save = useMutation({
    mutationFn: () => {
      const body = {
        courseId,
        code,
        startDate,
        endDate,
        nominationDeadline: deadline,
        modality,
        venueCity: modality === 'online' && venueCity.trim() === '' ? null : venueCity,
        venueCountry: modality === 'online' && venueCity.trim() === '' ? null : venueCountry,
        languages,
        capacity: typeof capacity === 'number' ? capacity : null,
        womenTarget: womenTarget === '' ? null : Number(womenTarget) / 100,
        trainerIds,
        // Sent once every row has a state and seats (the check above).
        quotas: quotas.map((q) => ({ stateIso2: q.stateIso2 ?? '', seats: Number(q.seats) })),
        ...(days !== null ? { days: shownDays } : {}),
      };
      return session ? http.patch(`/sessions/${session.id}`, body) : http.post('/sessions', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: sessionsKey });
      notifications.show({ color: 'green', message: t('sessions.saved') });
      onClose(saved);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  const err = (key: keyof typeof errors) => (submitted ? errors[key] : null);
  const stateOptions = memberStates.options;
  const seatsTotal = quotas.reduce((n, q) => n + (typeof q.seats === 'number' ? q.seats : 0), 0);

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('sessions.fields.course')}
            data={(courses.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} — ${pick(c.title, lang).text}` }))}
            value={courseId}
            onChange={setCourseId}
            searchable
            required
            disabled={session !== null && session.status !== 'planned'}
            error={err('courseId')}
            data-testid="session-course"
          />
          <TextInput
            label={t('sessions.fields.code')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            required
            dir="ltr"
            error={err('code')}
            data-testid="session-code"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            type="date"
            label={t('sessions.fields.startDate')}
            value={startDate}
            onChange={(e) => setStartDate(e.currentTarget.value)}
            required
            error={err('startDate')}
            data-testid="session-start"
          />
          <TextInput
            type="date"
            label={t('sessions.fields.endDate')}
            value={endDate}
            onChange={(e) => setEndDate(e.currentTarget.value)}
            required
            error={err('endDate')}
            data-testid="session-end"
          />
          <TextInput
            type="date"
            label={t('sessions.fields.nominationDeadline')}
            value={deadline}
            onChange={(e) => setDeadline(e.currentTarget.value)}
            required
            error={err('deadline')}
            data-testid="session-deadline"
          />
        </SimpleGrid>
        <Input.Wrapper label={t('sessions.fields.modality')}>
          <SegmentedControl
            display="flex"
            value={modality}
            onChange={(v) => setModality(v as Modality)}
            data={modalities.map((m) => ({ value: m, label: t(`sessions.modalities.${m}`) }))}
          />
        </Input.Wrapper>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('sessions.fields.venueCity')}
            value={venueCity}
            onChange={(e) => setVenueCity(e.currentTarget.value)}
            error={err('venueCity')}
            data-testid="session-city"
          />
          <Select
            label={t('sessions.fields.venueCountry')}
            data={stateOptions}
            value={venueCountry}
            onChange={setVenueCountry}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <MultiSelect
            label={t('sessions.fields.languages')}
            data={locales.map((l) => ({ value: l, label: languageNames[l] }))}
            value={languages}
            onChange={setLanguages}
            required
            error={err('languages')}
          />
          <NumberInput
            label={t('sessions.fields.capacity')}
            value={capacity}
            onChange={setCapacity}
            min={1}
            max={1000}
            allowDecimal={false}
            required
            error={err('capacity')}
            data-testid="session-capacity"
          />
          <NumberInput
            label={t('sessions.fields.womenTarget')}
            value={womenTarget}
            onChange={setWomenTarget}
            min={0}
            max={100}
            suffix=" %"
          />
        </SimpleGrid>
        <MultiSelect
          label={t('sessions.fields.trainers')}
          data={(trainers.data?.items ?? []).map((x) => ({ value: x.id, label: x.displayName }))}
          value={trainerIds}
          onChange={setTrainerIds}
          searchable
          nothingFoundMessage={t('common.noMatch')}
          data-testid="session-trainers"
        />

        <Divider label={t('sessions.quotas.title')} labelPosition="left" />
        <Text size="sm" c="dimmed">
          {t('sessions.form.quotasHint', { seats: seatsTotal, capacity: typeof capacity === 'number' ? capacity : 0 })}
        </Text>
        {quotas.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sessions.quotas.state')}</Table.Th>
                <Table.Th w={140}>{t('sessions.quotas.seats')}</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {quotas.map((q, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no id yet
                <Table.Tr key={index}>
                  <Table.Td>
                    <Select
                      aria-label={t('sessions.quotas.state')}
                      data={stateOptions.filter((o) => o.value === q.stateIso2 || !quotas.some((x) => x.stateIso2 === o.value))}
                      value={q.stateIso2}
                      onChange={(v) => setQuotas(quotas.map((x, i) => (i === index ? { ...x, stateIso2: v } : x)))}
                      searchable
                      data-testid={`quota-state-${index}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t('sessions.quotas.seats')}
                      value={q.seats}
                      onChange={(v) => setQuotas(quotas.map((x, i) => (i === index ? { ...x, seats: v } : x)))}
                      min={1}
                      allowDecimal={false}
                      data-testid={`quota-seats-${index}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('sessions.quotas.remove')}
                      onClick={() => setQuotas(quotas.filter((_, i) => i !== index))}
                    >
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {err('quotas') && (
          <Text c="red" size="sm" role="alert">
            {err('quotas')}
          </Text>
        )}
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          w="fit-content"
          onClick={() => setQuotas([...quotas, { stateIso2: null, seats: 2 }])}
          data-testid="quota-add"
        >
          {t('sessions.quotas.add')}
        </Button>

        <Divider label={t('sessions.days.title')} labelPosition="left" />
        {allDays.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('sessions.form.daysNeedDates')}
          </Text>
        ) : (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t('sessions.form.daysHint')}
            </Text>
            <Chip.Group multiple value={shownDays} onChange={(v) => setDays([...v].sort())}>
              <Group gap={6}>
                {allDays.map((d) => (
                  <Chip key={d} value={d} size="xs" data-testid={`day-${d}`}>
                    {formatDay(d)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            {days !== null && (
              <Button variant="subtle" size="xs" w="fit-content" onClick={() => setDays(null)}>
                {t('sessions.form.daysReset')}
              </Button>
            )}
          </Stack>
        )}
        {err('days') && (
          <Text c="red" size="sm" role="alert">
            {err('days')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="session-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
