import { Button, Group, Modal, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../i18n/format';
import { type LocalisedText, organisationLabel, organisationsQuery } from '../curriculum/curriculum';
import { LocalisedInput } from '../curriculum/LocalisedInput';
import { agenciesQuery } from '../registry/registry';
import { useMemberStates } from '../states/states';
import { type ActionDetail, type OwnerKind, ownerKinds, recommendationsKey } from './recommendations';

type Props = {
  /** Add an action to this recommendation… */
  recommendationId: string;
  /** …whose default due date is this (twelve months after the edition). */
  defaultDueDate: string;
  /** Or change this action. */
  action: ActionDetail | null;
  opened: boolean;
  onClose(saved?: ActionDetail): void;
};

const filled = (value: LocalisedText) => Object.values(value).some((v) => v && v.trim() !== '');

export function ActionFormModal(props: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={() => props.onClose()}
      size="lg"
      title={props.action ? t('recommendations.actionForm.editTitle') : t('recommendations.actionForm.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {props.opened && <ActionForm key={props.action?.id ?? props.recommendationId} {...props} />}
    </Modal>
  );
}

function ActionForm({ recommendationId, defaultDueDate, action, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const states = useMemberStates();
  const { formatDay } = useFormat();
  const [description, setDescription] = useState<LocalisedText>(action?.description.values ?? {});
  const [kind, setKind] = useState<OwnerKind>(action?.owner.kind ?? 'state');
  const [stateIso2, setStateIso2] = useState<string | null>(action?.owner.stateIso2 ?? null);
  const [agencyId, setAgencyId] = useState<string | null>(action?.owner.agencyId ?? null);
  const [organisationId, setOrganisationId] = useState<string | null>(action?.owner.organisationId ?? null);
  const [dueDate, setDueDate] = useState(action?.dueDate ?? '');
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const agencies = useQuery({
    ...agenciesQuery({ stateIso2: stateIso2 ?? undefined }),
    enabled: kind === 'agency' && Boolean(stateIso2),
  });
  const organisations = useQuery({ ...organisationsQuery(), enabled: kind === 'organisation' });

  const owner =
    kind === 'office'
      ? { office: true }
      : kind === 'state'
        ? stateIso2 && { stateIso2 }
        : kind === 'agency'
          ? agencyId && { agencyId }
          : organisationId && { organisationId };
  const errors = {
    description: filled(description) ? null : t('curriculum.form.oneLanguage'),
    owner: owner ? null : t('recommendations.actionForm.ownerRequired'),
    dueDate: action && !dueDate ? t('common.required') : null,
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { description, owner, ...(dueDate ? { dueDate } : {}) };
      return action
        ? api.patch<ActionDetail>(`/recommendation-actions/${action.id}`, { ...body, ...(reason.trim() ? { reason } : {}) })
        : api.post<ActionDetail>(`/recommendations/${recommendationId}/actions`, body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: recommendationsKey });
      notifications.show({ color: 'green', message: t('recommendations.actionForm.saved') });
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
        {save.isError && <ErrorAlert error={save.error} />}
        <LocalisedInput
          label={t('recommendations.fields.actionDescription')}
          value={description}
          onChange={setDescription}
          multiline
          required
          error={submitted ? errors.description : null}
          testId="action-description"
        />
        <Stack gap={6}>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as OwnerKind)}
            data={ownerKinds.map((k) => ({ value: k, label: t(`recommendations.ownerKinds.${k}`) }))}
            aria-label={t('recommendations.fields.owner')}
            data-testid="action-owner-kind"
          />
          {(kind === 'state' || kind === 'agency') && (
            <Select
              label={kind === 'state' ? t('recommendations.fields.owner') : t('recommendations.actionForm.agencyState')}
              data={states.options}
              value={stateIso2}
              onChange={(v) => {
                setStateIso2(v);
                setAgencyId(null);
              }}
              searchable
              required
              nothingFoundMessage={t('common.noMatch')}
              error={submitted && kind === 'state' ? errors.owner : null}
              data-testid="action-owner-state"
            />
          )}
          {kind === 'agency' && (
            <Select
              label={t('recommendations.ownerKinds.agency')}
              data={(agencies.data?.items ?? []).map((a) => ({
                value: a.id,
                label: a.acronym ? `${a.acronym} — ${a.name}` : a.name,
              }))}
              value={agencyId}
              onChange={setAgencyId}
              disabled={!stateIso2}
              searchable
              required
              nothingFoundMessage={t('common.noMatch')}
              error={submitted ? errors.owner : null}
              data-testid="action-owner-agency"
            />
          )}
          {kind === 'organisation' && (
            <Select
              label={t('recommendations.ownerKinds.organisation')}
              data={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }))}
              value={organisationId}
              onChange={setOrganisationId}
              searchable
              required
              nothingFoundMessage={t('common.noMatch')}
              error={submitted ? errors.owner : null}
              data-testid="action-owner-organisation"
            />
          )}
        </Stack>
        <TextInput
          type="date"
          label={t('recommendations.fields.dueDate')}
          description={action ? undefined : t('recommendations.actionForm.dueDateHint', { date: formatDay(defaultDueDate) })}
          value={dueDate}
          onChange={(e) => setDueDate(e.currentTarget.value)}
          required={Boolean(action)}
          error={submitted && errors.dueDate}
          w={220}
          data-testid="action-due-date"
        />
        {action && (
          <Textarea
            label={t('recommendations.actionForm.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="action-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
