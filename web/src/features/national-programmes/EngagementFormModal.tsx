import { Button, Group, Input, Modal, SegmentedControl, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EngagementKind, type EngagementStatus, engagementKinds, engagementStatuses } from '../../../../contract/enums';
import type { LocalisedText } from '../../api/curriculum';
import { http } from '../../api/http';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useMemberStates } from '../../hooks/states';
import { type Engagement, nationalProgrammesKey } from './nationalProgrammes';
import { ProgrammeErrorAlert } from './ProgrammeErrorAlert';

type Props = {
  /** The engagement to edit, or null to open one (for `stateIso2` when given). */
  engagement: Engagement | null;
  stateIso2?: string;
  opened: boolean;
  onClose(saved?: Engagement): void;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function EngagementFormModal({ engagement, stateIso2, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={() => onClose()}
      size="lg"
      title={engagement ? t('nationalProgrammes.form.editTitle') : t('nationalProgrammes.form.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <EngagementForm key={engagement?.id ?? 'new'} engagement={engagement} stateIso2={stateIso2} onClose={onClose} />}
    </Modal>
  );
}

function EngagementForm({ engagement, stateIso2, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const memberStates = useMemberStates();
  const [state, setState] = useState<string | null>(engagement?.stateIso2 ?? stateIso2 ?? null);
  const [kind, setKind] = useState<EngagementKind>(engagement?.kind ?? 'strategy');
  const [status, setStatus] = useState<EngagementStatus>(engagement?.status ?? 'active');
  const [title, setTitle] = useState<LocalisedText>(engagement?.title.values ?? {});
  const [notes, setNotes] = useState(engagement?.notes ?? '');
  const [requestedOn, setRequestedOn] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const errors = {
    state: state ? null : t('common.required'),
    title: Object.values(title).some((v) => v?.trim()) ? null : t('nationalProgrammes.form.titleRequired'),
    requestedOn: requestedOn === '' || DAY.test(requestedOn) ? null : t('nationalProgrammes.form.invalidDate'),
  };
  const save = useMutation({
    mutationFn: () =>
      engagement
        ? http.patch(`/national-programmes/engagements/${engagement.id}`, { title, kind, status, notes })
        : http.post('/national-programmes/engagements', {
            stateIso2: state,
            title,
            kind,
            notes,
            ...(requestedOn ? { requestedOn } : {}),
          }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: nationalProgrammesKey });
      notifications.show({ color: 'green', message: t('nationalProgrammes.form.saved') });
      onClose(saved);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) save.mutate();
  };
  const err = (key: keyof typeof errors) => (submitted ? errors[key] : null);

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && <ProgrammeErrorAlert error={save.error} />}
        <Select
          label={t('nationalProgrammes.form.state')}
          data={memberStates.options}
          value={state}
          onChange={setState}
          searchable
          required
          disabled={engagement !== null || stateIso2 !== undefined}
          error={err('state')}
          nothingFoundMessage={t('common.noMatch')}
          data-testid="engagement-state"
        />
        <Input.Wrapper label={t('nationalProgrammes.form.kind')}>
          <SegmentedControl
            display="flex"
            value={kind}
            onChange={(v) => setKind(v as EngagementKind)}
            data={engagementKinds.map((k) => ({ value: k, label: t(`nationalProgrammes.kinds.${k}`) }))}
            data-testid="engagement-kind"
          />
        </Input.Wrapper>
        <LocalisedInput
          label={t('nationalProgrammes.form.title')}
          value={title}
          onChange={setTitle}
          required
          error={err('title')}
          testId="engagement-title"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {engagement ? (
            <Select
              label={t('nationalProgrammes.form.status')}
              data={engagementStatuses.map((s) => ({ value: s, label: t(`nationalProgrammes.statuses.${s}`) }))}
              value={status}
              onChange={(v) => v && setStatus(v as EngagementStatus)}
              allowDeselect={false}
              data-testid="engagement-status"
            />
          ) : (
            <TextInput
              type="date"
              label={t('nationalProgrammes.form.requestedOn')}
              description={t('nationalProgrammes.form.requestedOnHint')}
              value={requestedOn}
              onChange={(e) => setRequestedOn(e.currentTarget.value)}
              error={err('requestedOn')}
              data-testid="engagement-requested-on"
            />
          )}
        </SimpleGrid>
        <Textarea
          label={t('nationalProgrammes.form.notes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={8}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="engagement-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
