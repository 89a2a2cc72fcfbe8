import { SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type ActionOwnerKind, actionOwnerKinds } from '../../../../contract/enums';
import { actionInputSchema, updateActionSchema } from '../../../../server/modules/recommendations/inputs';
import { agenciesQuery } from '../../api/agencies';
import { type LocalisedText, organisationLabel, organisationsQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { FormModal, ModalForm } from '../../components/forms/FormModal';
import { LocalisedInput } from '../../components/forms/LocalisedInput';
import { useSchemaForm } from '../../components/forms/useSchemaForm';
import { useMemberStates } from '../../hooks/states';
import { useFormat } from '../../i18n/format';
import { type ActionDetail, recommendationsKey } from './recommendations';

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

export function ActionFormModal(props: Props) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={props.opened}
      onClose={() => props.onClose()}
      size="lg"
      title={props.action ? t('recommendations.actionForm.editTitle') : t('recommendations.actionForm.createTitle')}
      formKey={props.action?.id ?? props.recommendationId}
    >
      <ActionForm {...props} />
    </FormModal>
  );
}

function ActionForm({ recommendationId, defaultDueDate, action, onClose }: Props) {
  const { t } = useTranslation();
  const states = useMemberStates();
  const { formatDay } = useFormat();
  const form = useSchemaForm({
    initial: {
      description: (action?.description.values ?? {}) as LocalisedText,
      kind: (action?.owner.kind ?? 'state') as ActionOwnerKind,
      stateIso2: action?.owner.stateIso2 ?? (null as string | null),
      agencyId: action?.owner.agencyId ?? (null as string | null),
      organisationId: action?.owner.organisationId ?? (null as string | null),
      dueDate: action?.dueDate ?? '',
      reason: '',
    },
    schema: action ? updateActionSchema : actionInputSchema,
    toBody: ({ description, kind, stateIso2, agencyId, organisationId, dueDate, reason }) => {
      const owner =
        kind === 'office'
          ? { office: true as const }
          : kind === 'state'
            ? stateIso2 && { stateIso2 }
            : kind === 'agency'
              ? agencyId && { agencyId }
              : organisationId && { organisationId };
      return {
        description,
        owner: owner || null,
        ...(dueDate ? { dueDate } : {}),
        ...(action && reason.trim() ? { reason } : {}),
      };
    },
    // The service's rules (an owner, a due date once set), checked before sending.
    check: (v) => ({
      ...(v.kind !== 'office' && !{ state: v.stateIso2, agency: v.agencyId, organisation: v.organisationId }[v.kind]
        ? { owner: t('recommendations.actionForm.ownerRequired') }
        : {}),
      ...(action && !v.dueDate ? { dueDate: t('common.required') } : {}),
    }),
    messages: { description: t('curriculum.form.oneLanguage') },
    save: (body) =>
      action
        ? http.patch(`/recommendation-actions/${action.id}`, body)
        : http.post(`/recommendations/${recommendationId}/actions`, body),
    invalidate: [recommendationsKey],
    savedNotice: t('recommendations.actionForm.saved'),
    close: onClose,
    editing: action !== null,
  });
  const { kind, stateIso2 } = form.values;
  const agencies = useQuery({
    ...agenciesQuery({ stateIso2: stateIso2 ?? undefined }),
    enabled: kind === 'agency' && Boolean(stateIso2),
  });
  const organisations = useQuery({ ...organisationsQuery(), enabled: kind === 'organisation' });
  const ownerError = form.error('owner');
  return (
    <ModalForm form={form} onCancel={() => onClose()} saveTestId="action-save">
      <LocalisedInput
        label={t('recommendations.fields.actionDescription')}
        value={form.values.description}
        onChange={(v) => form.set('description', v)}
        multiline
        required
        error={form.error('description')}
        testId="action-description"
      />
      <Stack gap={6}>
        <SegmentedControl
          value={kind}
          onChange={(v) => form.set('kind', v as ActionOwnerKind)}
          data={actionOwnerKinds.map((k) => ({ value: k, label: t(`recommendations.actionOwnerKinds.${k}`) }))}
          aria-label={t('recommendations.fields.owner')}
          data-testid="action-owner-kind"
        />
        {(kind === 'state' || kind === 'agency') && (
          <Select
            label={kind === 'state' ? t('recommendations.fields.owner') : t('recommendations.actionForm.agencyState')}
            data={states.options}
            value={stateIso2}
            onChange={(v) => {
              form.set('stateIso2', v);
              form.set('agencyId', null);
            }}
            searchable
            required
            nothingFoundMessage={t('common.noMatch')}
            error={kind === 'state' ? ownerError : undefined}
            data-testid="action-owner-state"
          />
        )}
        {kind === 'agency' && (
          <Select
            label={t('recommendations.actionOwnerKinds.agency')}
            data={(agencies.data?.items ?? []).map((a) => ({
              value: a.id,
              label: a.acronym ? `${a.acronym} — ${a.name}` : a.name,
            }))}
            value={form.values.agencyId}
            onChange={(v) => form.set('agencyId', v)}
            disabled={!stateIso2}
            searchable
            required
            nothingFoundMessage={t('common.noMatch')}
            error={ownerError}
            data-testid="action-owner-agency"
          />
        )}
        {kind === 'organisation' && (
          <Select
            label={t('recommendations.actionOwnerKinds.organisation')}
            data={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }))}
            value={form.values.organisationId}
            onChange={(v) => form.set('organisationId', v)}
            searchable
            required
            nothingFoundMessage={t('common.noMatch')}
            error={ownerError}
            data-testid="action-owner-organisation"
          />
        )}
      </Stack>
      <TextInput
        type="date"
        label={t('recommendations.fields.dueDate')}
        description={action ? undefined : t('recommendations.actionForm.dueDateHint', { date: formatDay(defaultDueDate) })}
        value={form.values.dueDate}
        onChange={(e) => form.set('dueDate', e.currentTarget.value)}
        required={Boolean(action)}
        error={form.error('dueDate')}
        w={220}
        data-testid="action-due-date"
      />
      {action && <Textarea label={t('recommendations.actionForm.reason')} {...form.textField('reason')} autosize minRows={2} />}
    </ModalForm>
  );
}
