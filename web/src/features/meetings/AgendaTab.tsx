import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgendaItemKind, agendaItemKinds } from '../../../../contract/enums';
import { type LocalisedText, pick } from '../../api/curriculum';
import { http } from '../../api/http';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EditableRows } from '../../components/forms/EditableRows';
import { FormActions } from '../../components/forms/FormActions';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { LocalisedTextView } from '../../components/LocalisedText';
import { Ltr } from '../../components/Ltr';
import { useCan } from '../../hooks/session';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { type AgendaItem, agendaQuery, delegationsQuery, type Edition, editionKey, fullName } from './meetings';

const kindColours: Record<AgendaItemKind, string> = {
  ceremony: 'orange',
  plenary: 'blue',
  panel: 'grape',
  working_session: 'teal',
  break: 'gray',
};

/** The days of an edition, first to last. */
function daysOf(edition: Edition): string[] {
  const days: string[] = [];
  for (
    let d = new Date(`${edition.startDate}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= edition.endDate;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** The agenda by day, in the venue's local time; programme officers add, change and remove items. */
export function AgendaTab({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const can = useCan();
  const agenda = useQuery(agendaQuery(edition.id));
  const [editing, setEditing] = useState<AgendaItem | 'new' | null>(null);
  const officer = can('meetings.manage');
  const items = agenda.data?.items ?? [];
  const days = [...new Set(items.map((i) => i.day))];

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('meetings.agenda.localTime', { city: edition.city })}
        </Text>
        {officer && (
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setEditing('new')} data-testid="agenda-add">
            {t('meetings.agenda.add')}
          </Button>
        )}
      </Group>
      {agenda.isPending && <Loader aria-label={t('common.loading')} />}
      {agenda.isError && <ErrorAlert error={agenda.error} />}
      {agenda.isSuccess && items.length === 0 && <Text c="dimmed">{t('meetings.agenda.none')}</Text>}
      {days.map((day) => (
        <Stack key={day} gap="xs">
          <Title order={3} size="h5">
            {formatDay(day)}
          </Title>
          {items
            .filter((i) => i.day === day)
            .map((item) => (
              <AgendaRow key={item.id} edition={edition} item={item} onEdit={officer ? () => setEditing(item) : undefined} />
            ))}
        </Stack>
      ))}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing === 'new' ? t('meetings.agenda.add') : t('meetings.agenda.edit')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing !== null && (
          <AgendaItemForm edition={edition} item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}

function AgendaRow({ edition, item, onEdit }: { edition: Edition; item: AgendaItem; onEdit?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation({
    mutationFn: () => http.delete(`/meetings/agenda-items/${item.id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: editionKey(edition.id) });
      setDeleting(false);
    },
  });
  return (
    <Paper withBorder p="sm" data-testid="agenda-item">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        {/* On a phone the time goes above the item, which keeps the room left by the edit buttons. */}
        <Group align="flex-start" gap="md" flex={1} miw={0}>
          <Text fw={600} miw={110} style={{ whiteSpace: 'nowrap' }}>
            <Ltr>
              {item.startsAt}–{item.endsAt}
            </Ltr>
          </Text>
          <Stack gap={4} flex="1 1 14rem">
            <Group gap="xs">
              <Text fw={600} component="div">
                <LocalisedTextView field={item.title} />
              </Text>
              <Badge size="sm" variant="light" color={kindColours[item.kind]}>
                {t(`meetings.agendaKinds.${item.kind}`)}
              </Badge>
            </Group>
            {item.room && (
              <Text size="sm" c="dimmed">
                {item.room}
              </Text>
            )}
            {item.speakers.length > 0 && (
              <Stack gap={0}>
                {item.speakers.map((s) => (
                  <Text size="sm" key={`${s.part ?? ''}|${s.delegateId ?? s.name}`}>
                    {s.part ? `${s.part}: ` : ''}
                    {s.name}
                    {s.delegationLabel ? ` (${s.delegationLabel})` : ''}
                  </Text>
                ))}
              </Stack>
            )}
          </Stack>
        </Group>
        {onEdit && (
          <Group gap={4} wrap="nowrap">
            <Tooltip label={t('meetings.agenda.edit')}>
              <ActionIcon variant="subtle" aria-label={t('meetings.agenda.edit')} onClick={onEdit}>
                <IconEdit size={18} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('meetings.agenda.remove')}>
              <ActionIcon variant="subtle" color="red" aria-label={t('meetings.agenda.remove')} onClick={() => setDeleting(true)}>
                <IconTrash size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
      <ConfirmModal
        opened={deleting}
        title={t('meetings.agenda.remove')}
        confirmLabel={t('meetings.agenda.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        {t('meetings.agenda.removeConfirm', { title: pick(item.title, currentLanguage()).text })}
      </ConfirmModal>
    </Paper>
  );
}

/** A speaker being edited; `key` only tells React's list rows apart. */
type SpeakerDraft = { key: number; delegateId: string | null; name: string; part: string };
let nextSpeakerKey = 0;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function AgendaItemForm({ edition, item, onClose }: { edition: Edition; item: AgendaItem | null; onClose(): void }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const queryClient = useQueryClient();
  const delegations = useQuery(delegationsQuery(edition.id));
  const days = daysOf(edition);
  const [day, setDay] = useState(item?.day ?? days[0] ?? edition.startDate);
  const [startsAt, setStartsAt] = useState(item?.startsAt ?? '09:00');
  const [endsAt, setEndsAt] = useState(item?.endsAt ?? '10:00');
  const [kind, setKind] = useState<AgendaItemKind>(item?.kind ?? 'plenary');
  const [title, setTitle] = useState<LocalisedText>(item?.title.values ?? {});
  const [room, setRoom] = useState(item?.room ?? '');
  const [speakers, setSpeakers] = useState<SpeakerDraft[]>(
    item?.speakers.map((s) => ({
      key: nextSpeakerKey++,
      delegateId: s.delegateId,
      name: s.delegateId ? '' : s.name,
      part: s.part ?? '',
    })) ?? [],
  );
  const [submitted, setSubmitted] = useState(false);
  const delegateOptions = (delegations.data?.items ?? []).flatMap((d) =>
    d.delegates
      .filter((g) => g.status !== 'declined')
      .map((g) => ({
        value: g.id,
        label: `${fullName(g)} (${d.stateIso2 ?? d.organisation?.acronym ?? d.organisation?.name ?? ''})`,
      })),
  );
  const errors = {
    startsAt: TIME.test(startsAt) ? null : t('meetings.form.timeFormat'),
    endsAt: !TIME.test(endsAt) ? t('meetings.form.timeFormat') : endsAt <= startsAt ? t('meetings.form.endBeforeStart') : null,
    title: Object.values(title).some((v) => v?.trim()) ? null : t('curriculum.form.oneLanguage'),
    speakers: speakers.some((s) => !s.delegateId && !s.name.trim()) ? t('meetings.agenda.speakerMissing') : null,
  };
  const save = useMutation({
    mutationFn: () => {
      const body = {
        day,
        startsAt,
        endsAt,
        kind,
        title,
        room: room.trim() || null,
        speakers: speakers.map((s) =>
          s.delegateId
            ? { delegateId: s.delegateId, part: s.part.trim() || null }
            : { name: s.name.trim(), part: s.part.trim() || null },
        ),
      };
      return item
        ? http.put(`/meetings/agenda-items/${item.id}`, body)
        : http.post(`/meetings/editions/${edition.id}/agenda`, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: editionKey(edition.id) });
      onClose();
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
          <Select
            label={t('meetings.fields.day')}
            data={days.map((d) => ({ value: d, label: formatDay(d) }))}
            value={day}
            onChange={(v) => v && setDay(v)}
            allowDeselect={false}
            data-testid="agenda-day"
          />
          <TextInput
            type="time"
            label={t('meetings.fields.startsAt')}
            value={startsAt}
            onChange={(e) => setStartsAt(e.currentTarget.value)}
            error={shown(errors.startsAt)}
            data-testid="agenda-start"
          />
          <TextInput
            type="time"
            label={t('meetings.fields.endsAt')}
            value={endsAt}
            onChange={(e) => setEndsAt(e.currentTarget.value)}
            error={shown(errors.endsAt)}
            data-testid="agenda-end"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('meetings.fields.kind')}
            data={agendaItemKinds.map((k) => ({ value: k, label: t(`meetings.agendaKinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as AgendaItemKind)}
            allowDeselect={false}
            data-testid="agenda-kind"
          />
          <TextInput label={t('meetings.fields.room')} value={room} onChange={(e) => setRoom(e.currentTarget.value)} />
        </SimpleGrid>
        <LocalisedInput
          label={t('meetings.fields.agendaTitle')}
          value={title}
          onChange={setTitle}
          required
          error={shown(errors.title)}
          testId="agenda-title"
        />
        <Stack gap="xs">
          <Text fw={500} size="sm">
            {t('meetings.agenda.speakers')}
          </Text>
          <EditableRows
            rows={speakers}
            onChange={setSpeakers}
            newRow={() => ({ key: nextSpeakerKey++, delegateId: null, name: '', part: '' })}
            rowKey={(s) => s.key}
            removeLabel={() => t('meetings.agenda.removeSpeaker')}
            addLabel={t('meetings.agenda.addSpeaker')}
            addVariant="subtle"
            addSize="xs"
            error={shown(errors.speakers)}
          >
            {(s, replace) => [
              <Select
                key="delegate"
                label={t('meetings.agenda.delegate')}
                placeholder={t('meetings.agenda.orName')}
                data={delegateOptions}
                value={s.delegateId}
                onChange={(v) => replace({ ...s, delegateId: v })}
                searchable
                clearable
              />,
              // A delegate is named by their record; anyone else by the name typed.
              ...(s.delegateId
                ? []
                : [
                    <TextInput
                      key="name"
                      label={t('meetings.fields.name')}
                      value={s.name}
                      onChange={(e) => replace({ ...s, name: e.currentTarget.value })}
                    />,
                  ]),
              <TextInput
                key="part"
                label={t('meetings.fields.part')}
                value={s.part}
                onChange={(e) => replace({ ...s, part: e.currentTarget.value })}
              />,
            ]}
          </EditableRows>
        </Stack>
        <FormActions onCancel={onClose}>
          <Button type="submit" loading={save.isPending} data-testid="agenda-save">
            {t('common.save')}
          </Button>
        </FormActions>
      </Stack>
    </form>
  );
}
