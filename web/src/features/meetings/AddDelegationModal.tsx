import { Button, Modal, SegmentedControl, Select, Stack } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DelegationRole, delegationRoles } from '../../../../contract/enums';
import { agenciesQuery } from '../../api/agencies';
import { organisationLabel, organisationsQuery } from '../../api/curriculum';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/forms/FormActions';
import { useMemberStates } from '../../hooks/states';
import { useEditionChange } from './delegationHooks';
import type { Edition } from './meetings';

type PartyKind = 'state' | 'agency' | 'organisation';

export function AddDelegationModal({ edition, opened, onClose }: { edition: Edition; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('meetings.delegations.add')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <AddDelegationForm edition={edition} onClose={onClose} />}
    </Modal>
  );
}

function AddDelegationForm({ edition, onClose }: { edition: Edition; onClose(): void }) {
  const { t } = useTranslation();
  const changed = useEditionChange(edition);
  const states = useMemberStates();
  const [kind, setKind] = useState<PartyKind>('state');
  const [stateIso2, setStateIso2] = useState<string | null>(null);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [role, setRole] = useState<DelegationRole>('member');
  const agencies = useQuery({
    ...agenciesQuery({ stateIso2: stateIso2 ?? undefined }),
    enabled: kind === 'agency' && Boolean(stateIso2),
  });
  const organisations = useQuery({ ...organisationsQuery(), enabled: kind === 'organisation' });
  const party =
    kind === 'state'
      ? stateIso2
        ? { stateIso2 }
        : null
      : kind === 'agency'
        ? agencyId
          ? { agencyId }
          : null
        : organisationId
          ? { organisationId }
          : null;
  const roles = delegationRoles.filter((r) => (kind === 'organisation' ? r !== 'member' : r !== 'international_organisation'));
  const save = useMutation({
    mutationFn: () => http.post(`/meetings/editions/${edition.id}/delegations`, { ...party, role }),
    onSuccess: async () => {
      await changed();
      onClose();
    },
  });
  const choose = (next: PartyKind) => {
    setKind(next);
    setRole(next === 'organisation' ? 'international_organisation' : 'member');
  };
  return (
    <Stack>
      {save.isError && <ErrorAlert error={save.error} />}
      <SegmentedControl
        value={kind}
        onChange={(v) => choose(v as PartyKind)}
        data={(['state', 'agency', 'organisation'] as const).map((k) => ({
          value: k,
          label: t(`meetings.delegations.kinds.${k}`),
        }))}
        data-testid="delegation-kind"
      />
      {kind !== 'organisation' && (
        <Select
          label={t('meetings.fields.state')}
          data={states.options}
          value={stateIso2}
          onChange={(v) => {
            setStateIso2(v);
            setAgencyId(null);
          }}
          searchable
          required
          data-testid="delegation-state"
        />
      )}
      {kind === 'agency' && (
        <Select
          label={t('meetings.fields.agency')}
          data={(agencies.data?.items ?? []).map((a) => ({
            value: a.id,
            label: a.acronym ? `${a.acronym} — ${a.name}` : a.name,
          }))}
          value={agencyId}
          onChange={setAgencyId}
          searchable
          required
          disabled={!stateIso2}
          data-testid="delegation-agency"
        />
      )}
      {kind === 'organisation' && (
        <Select
          label={t('meetings.fields.organisation')}
          data={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: organisationLabel(o) }))}
          value={organisationId}
          onChange={setOrganisationId}
          searchable
          required
          data-testid="delegation-organisation"
        />
      )}
      <Select
        label={t('meetings.fields.role')}
        data={roles.map((r) => ({ value: r, label: t(`meetings.roles.${r}`) }))}
        value={role}
        onChange={(v) => v && setRole(v as DelegationRole)}
        allowDeselect={false}
        data-testid="delegation-role"
      />
      <FormActions onCancel={onClose}>
        <Button disabled={!party} loading={save.isPending} onClick={() => save.mutate()} data-testid="delegation-save">
          {t('common.save')}
        </Button>
      </FormActions>
    </Stack>
  );
}
