import {
  Button,
  Chip,
  Divider,
  Group,
  Input,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type Locale, locales, type Modality, modalities } from '../../../../contract/enums';
import { createSessionSchema, updateSessionSchema } from '../../../../server/modules/sessions/inputs';
import { coursesQuery, pick } from '../../api/curriculum';
import { http } from '../../api/http';
import { EditableRows } from '../../components/forms/EditableRows';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
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
    <FormModal
      opened={opened}
      onClose={() => onClose()}
      size="xl"
      title={session ? t('sessions.form.editTitle', { code: session.code }) : t('sessions.form.createTitle')}
      formKey={session?.id ?? 'new'}
    >
      <SessionForm session={session} onClose={onClose} />
    </FormModal>
  );
}

type Quota = { stateIso2: string | null; seats: string | number };

function SessionForm({ session, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const lang = currentLanguage();
  const courses = useQuery(coursesQuery());
  const trainers = useQuery(trainersQuery());
  const memberStates = useMemberStates();

  /** The teaching days the form shows: the chosen ones within the dates, else every weekday of new dates. */
  const daysOf = (v: { startDate: string; endDate: string; days: string[] | null }) => {
    const all = daysBetween(v.startDate, v.endDate);
    const datesChanged = !session || v.startDate !== session.startDate || v.endDate !== session.endDate;
    const shown = v.days ? v.days.filter((d) => all.includes(d)) : datesChanged ? all.filter(isWeekday) : (session?.days ?? []);
    return { all, shown };
  };

  const form = useSchemaForm({
    initial: {
      courseId: session?.course.id ?? '',
      code: session?.code ?? '',
      startDate: session?.startDate ?? '',
      endDate: session?.endDate ?? '',
      nominationDeadline: session?.nominationDeadline ?? '',
      modality: (session?.modality ?? 'in_person') as Modality,
      venueCity: session?.venueCity ?? '',
      venueCountry: session?.venueCountry ?? ('MA' as string | null),
      languages: session?.languages ?? (['en', 'fr'] as Locale[]),
      capacity: (session?.capacity ?? 25) as string | number,
      womenTarget: (session?.womenTarget === null || session?.womenTarget === undefined
        ? ''
        : Math.round(session.womenTarget * 100)) as string | number,
      trainerIds: session?.trainers.map((x) => x.id) ?? [],
      quotas: (session?.quotas.map((q) => ({ stateIso2: q.stateIso2, seats: q.seats })) ?? []) as Quota[],
      /** Chosen days; null while the user keeps the default (every weekday of the dates). */
      days: null as string[] | null,
    },
    schema: session ? updateSessionSchema : createSessionSchema,
    toBody: ({ days, capacity, womenTarget, quotas, ...v }) => {
      const noVenue = v.modality === 'online' && v.venueCity.trim() === '';
      return {
        ...v,
        venueCity: noVenue ? null : v.venueCity,
        venueCountry: noVenue ? null : v.venueCountry,
        // An empty number is left out: the schema refuses it as required.
        capacity: (typeof capacity === 'number' ? capacity : undefined) as number,
        womenTarget: womenTarget === '' ? null : Number(womenTarget) / 100,
        quotas: quotas.map((q) => ({ stateIso2: q.stateIso2 ?? '', seats: Number(q.seats) })),
        ...(days !== null ? { days: daysOf({ ...v, days }).shown } : {}),
      };
    },
    check: (v) => ({
      ...(DAY.test(v.startDate) && DAY.test(v.endDate) && v.endDate < v.startDate
        ? { endDate: t('sessions.form.endBeforeStart') }
        : {}),
      ...(DAY.test(v.nominationDeadline) && v.nominationDeadline > v.startDate
        ? { nominationDeadline: t('sessions.form.deadlineAfterStart') }
        : {}),
      ...(v.modality !== 'online' && v.venueCity.trim() === '' ? { venueCity: t('sessions.form.venueRequired') } : {}),
      ...(v.quotas.every((q) => q.stateIso2 && typeof q.seats === 'number' && q.seats >= 1)
        ? {}
        : { quotas: t('sessions.form.quotaInvalid') }),
      ...(daysOf(v).shown.length === 0 ? { days: t('sessions.form.daysRequired') } : {}),
    }),
    save: (body) => (session ? http.patch(`/sessions/${session.id}`, body) : http.post('/sessions', body)),
    invalidate: [sessionsKey],
    savedNotice: t('sessions.saved'),
    close: onClose,
    editing: session !== null,
  });
  const { values, set } = form;
  const { all: allDays, shown: shownDays } = daysOf(values);
  const stateOptions = memberStates.options;
  const seatsTotal = values.quotas.reduce((n, q) => n + (typeof q.seats === 'number' ? q.seats : 0), 0);

  return (
    <ModalForm form={form} onCancel={() => onClose()} saveTestId="session-save">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('sessions.fields.course')}
          data={(courses.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} — ${pick(c.title, lang).text}` }))}
          value={values.courseId || null}
          onChange={(v) => set('courseId', v ?? '')}
          searchable
          required
          disabled={session !== null && session.status !== 'planned'}
          error={form.error('courseId')}
          data-testid="session-course"
        />
        <TextInput label={t('sessions.fields.code')} {...form.textField('code')} required dir="ltr" data-testid="session-code" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {(
          [
            ['startDate', 'sessions.fields.startDate', 'session-start'],
            ['endDate', 'sessions.fields.endDate', 'session-end'],
            ['nominationDeadline', 'sessions.fields.nominationDeadline', 'session-deadline'],
          ] as const
        ).map(([field, label, testId]) => (
          <TextInput
            key={field}
            type="date"
            label={t(label)}
            value={values[field]}
            onChange={(e) => set(field, e.currentTarget.value)}
            required
            error={form.error(field)}
            data-testid={testId}
          />
        ))}
      </SimpleGrid>
      <Input.Wrapper label={t('sessions.fields.modality')}>
        <SegmentedControl
          display="flex"
          value={values.modality}
          onChange={(v) => set('modality', v as Modality)}
          data={modalities.map((m) => ({ value: m, label: t(`sessions.modalities.${m}`) }))}
        />
      </Input.Wrapper>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('sessions.fields.venueCity')} {...form.textField('venueCity')} data-testid="session-city" />
        <Select
          label={t('sessions.fields.venueCountry')}
          data={stateOptions}
          value={values.venueCountry}
          onChange={(v) => set('venueCountry', v)}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          error={form.error('venueCountry')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <MultiSelect
          label={t('sessions.fields.languages')}
          data={locales.map((l) => ({ value: l, label: languageNames[l] }))}
          value={values.languages}
          onChange={(v) => set('languages', v as Locale[])}
          required
          error={form.error('languages')}
        />
        <NumberInput
          label={t('sessions.fields.capacity')}
          {...form.numberField('capacity')}
          min={1}
          max={1000}
          allowDecimal={false}
          required
          data-testid="session-capacity"
        />
        <NumberInput
          label={t('sessions.fields.womenTarget')}
          {...form.numberField('womenTarget')}
          min={0}
          max={100}
          suffix=" %"
        />
      </SimpleGrid>
      <MultiSelect
        label={t('sessions.fields.trainers')}
        data={(trainers.data?.items ?? []).map((x) => ({ value: x.id, label: x.displayName }))}
        value={values.trainerIds}
        onChange={(v) => set('trainerIds', v)}
        searchable
        nothingFoundMessage={t('common.noMatch')}
        error={form.error('trainerIds')}
        data-testid="session-trainers"
      />

      <Divider label={t('sessions.quotas.title')} labelPosition="left" />
      <Text size="sm" c="dimmed">
        {t('sessions.form.quotasHint', {
          seats: seatsTotal,
          capacity: typeof values.capacity === 'number' ? values.capacity : 0,
        })}
      </Text>
      <EditableRows
        rows={values.quotas}
        onChange={(rows) => set('quotas', rows)}
        newRow={() => ({ stateIso2: null, seats: 2 })}
        columns={[{ label: t('sessions.quotas.state') }, { label: t('sessions.quotas.seats'), width: 140 }]}
        removeLabel={() => t('sessions.quotas.remove')}
        addLabel={t('sessions.quotas.add')}
        addTestId="quota-add"
        error={form.error('quotas')}
      >
        {(q, replace, index) => [
          <Select
            key="state"
            aria-label={t('sessions.quotas.state')}
            data={stateOptions.filter((o) => o.value === q.stateIso2 || !values.quotas.some((x) => x.stateIso2 === o.value))}
            value={q.stateIso2}
            onChange={(v) => replace({ ...q, stateIso2: v })}
            searchable
            data-testid={`quota-state-${index}`}
          />,
          <NumberInput
            key="seats"
            aria-label={t('sessions.quotas.seats')}
            value={q.seats}
            onChange={(v) => replace({ ...q, seats: v })}
            min={1}
            allowDecimal={false}
            data-testid={`quota-seats-${index}`}
          />,
        ]}
      </EditableRows>

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
          <Chip.Group multiple value={shownDays} onChange={(v) => set('days', [...v].sort())}>
            <Group gap={6}>
              {allDays.map((d) => (
                <Chip key={d} value={d} size="xs" data-testid={`day-${d}`}>
                  {formatDay(d)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {values.days !== null && (
            <Button variant="subtle" size="xs" w="fit-content" onClick={() => set('days', null)}>
              {t('sessions.form.daysReset')}
            </Button>
          )}
        </Stack>
      )}
      {form.error('days') && (
        <Text c="red" size="sm" role="alert">
          {form.error('days')}
        </Text>
      )}
    </ModalForm>
  );
}
