import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCrown, IconEdit, IconPlus, IconTrash, IconUserPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { useFormat } from '../../i18n/format';
import { useCan, useMe } from '../auth/session';
import { organisationLabel, organisationsQuery } from '../curriculum/curriculum';
import { agenciesQuery } from '../registry/registry';
import { useMemberStates } from '../states/states';
import {
  type Delegate,
  type DelegateStatus,
  type Delegation,
  type DelegationRole,
  delegateStatusColours,
  delegateStatuses,
  delegationRoles,
  delegationsQuery,
  type Edition,
  editionKey,
  fullName,
  roleColours,
} from './meetings';

type StatusFilter = DelegateStatus | 'all';

/** Delegations of an edition with their delegates; the office approves or declines, focal points register. */
export function DelegationsTab({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const delegations = useQuery(delegationsQuery(edition.id));
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [adding, setAdding] = useState(false);
  const past = edition.status === 'past';
  const items = delegations.data?.items ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as StatusFilter)}
          data={[
            { value: 'all', label: t('meetings.delegates.all') },
            ...delegateStatuses.map((s) => ({ value: s, label: t(`meetings.delegateStatuses.${s}`) })),
          ]}
          data-testid="delegates-filter"
        />
        {can('meetings.manage') && !past && (
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setAdding(true)} data-testid="delegation-add">
            {t('meetings.delegations.add')}
          </Button>
        )}
      </Group>
      {past && <Alert color="gray">{t('meetings.delegations.closed')}</Alert>}
      {delegations.isPending && <Loader aria-label={t('common.loading')} />}
      {delegations.isError && <ErrorAlert error={delegations.error} />}
      {delegations.isSuccess && items.length === 0 && (
        <Text c="dimmed">{me.stateIso2 ? t('meetings.delegations.noneForState') : t('meetings.delegations.none')}</Text>
      )}
      {items.map((delegation) => (
        <DelegationCard key={delegation.id} edition={edition} delegation={delegation} filter={filter} />
      ))}
      <AddDelegationModal edition={edition} opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

/** The delegation's name: the state (and the agency that leads it) or the organisation. */
function useDelegationLabel() {
  const states = useMemberStates();
  return (d: {
    stateIso2: string | null;
    agency: { name: string } | null;
    organisation: { name: string; acronym: string | null } | null;
  }) => {
    if (d.stateIso2) return d.agency ? `${states.nameOf(d.stateIso2)} – ${d.agency.name}` : states.nameOf(d.stateIso2);
    return d.organisation
      ? d.organisation.acronym
        ? `${d.organisation.acronym} – ${d.organisation.name}`
        : d.organisation.name
      : '';
  };
}

function useEditionChange(edition: Edition) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: editionKey(edition.id) });
}

function DelegationCard({ edition, delegation, filter }: { edition: Edition; delegation: Delegation; filter: StatusFilter }) {
  const { t } = useTranslation();
  const label = useDelegationLabel();
  const changed = useEditionChange(edition);
  const [registering, setRegistering] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const canRegister = delegation.can.register;
  // The head first, then by name (the server's order).
  const shown = delegation.delegates
    .filter((d) => filter === 'all' || d.status === filter)
    .sort((a, b) => Number(b.id === delegation.headDelegateId) - Number(a.id === delegation.headDelegateId));
  const approved = delegation.delegates.filter((d) => d.status === 'approved').length;

  const setRole = useMutation({
    mutationFn: (role: DelegationRole) => api.patch<Delegation>(`/meetings/delegations/${delegation.id}`, { role }),
    onSuccess: changed,
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/meetings/delegations/${delegation.id}`),
    onSuccess: async () => {
      await changed();
      setDeleting(false);
    },
  });
  const roles = delegationRoles.filter((r) => (delegation.stateIso2 ? r !== 'international_organisation' : r !== 'member'));

  return (
    <Paper
      withBorder
      p="md"
      data-testid={`delegation-${delegation.stateIso2 ?? delegation.organisation?.acronym ?? delegation.id}`}
    >
      <Group justify="space-between" align="flex-start" mb="sm" gap="sm">
        <Stack gap={4}>
          <Title order={3} size="h5">
            {label(delegation)}
          </Title>
          <Group gap="xs">
            {delegation.can.edit ? (
              <Select
                size="xs"
                w={220}
                aria-label={t('meetings.fields.role')}
                data={roles.map((r) => ({ value: r, label: t(`meetings.roles.${r}`) }))}
                value={delegation.role}
                onChange={(v) => v && v !== delegation.role && setRole.mutate(v as DelegationRole)}
                allowDeselect={false}
              />
            ) : (
              <Badge color={roleColours[delegation.role]} variant="light">
                {t(`meetings.roles.${delegation.role}`)}
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {t('meetings.delegations.approvedOf', { approved, total: delegation.delegates.length })}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs">
          {canRegister && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconUserPlus size={16} aria-hidden />}
              onClick={() => setRegistering(true)}
              data-testid="delegate-register"
            >
              {t('meetings.delegates.register')}
            </Button>
          )}
          {delegation.can.edit && delegation.delegates.length === 0 && (
            <Tooltip label={t('meetings.delegations.remove')}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('meetings.delegations.remove')}
                onClick={() => setDeleting(true)}
              >
                <IconTrash size={18} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      {setRole.isError && <ErrorAlert error={setRole.error} />}
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('meetings.delegates.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('meetings.fields.name')}</Table.Th>
                <Table.Th>{t('meetings.fields.function')}</Table.Th>
                <Table.Th>{t('meetings.fields.email')}</Table.Th>
                <Table.Th>{t('meetings.fields.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((d) => (
                <DelegateRow key={d.id} edition={edition} delegation={delegation} delegate={d} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <DelegateFormModal
        edition={edition}
        delegation={delegation}
        delegate={null}
        opened={registering}
        onClose={() => setRegistering(false)}
      />
      <ConfirmModal
        opened={deleting}
        title={t('meetings.delegations.remove')}
        confirmLabel={t('meetings.delegations.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        {t('meetings.delegations.removeConfirm', { name: label(delegation) })}
      </ConfirmModal>
    </Paper>
  );
}

function DelegateRow({ edition, delegation, delegate }: { edition: Edition; delegation: Delegation; delegate: Delegate }) {
  const { t } = useTranslation();
  const { formatDateTime } = useFormat();
  const changed = useEditionChange(edition);
  const [editing, setEditing] = useState(false);
  const [declining, setDeclining] = useState(false);
  const past = edition.status === 'past';
  const isHead = delegation.headDelegateId === delegate.id;
  const states = useMemberStates();
  const sameEmail = delegate.sameEmailElsewhere ?? [];
  const approvedElsewhere = sameEmail.some((m) => m.status === 'approved');

  const approve = useMutation({
    mutationFn: () => api.post<Delegate>(`/meetings/delegates/${delegate.id}/decision`, { decision: 'approved' }),
    onSuccess: async () => {
      await changed();
      notifications.show({ color: 'green', message: t('meetings.delegates.approved', { name: fullName(delegate) }) });
    },
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });
  const makeHead = useMutation({
    mutationFn: () => api.put<Delegation>(`/meetings/delegations/${delegation.id}/head`, { delegateId: delegate.id }),
    onSuccess: changed,
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });

  return (
    <Table.Tr data-testid={`delegate-${delegate.id}`}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={isHead ? 700 : 400}>
            {fullName(delegate)}
          </Text>
          {isHead && (
            <Badge size="xs" color="orange" variant="light" leftSection={<IconCrown size={12} aria-hidden />}>
              {t('meetings.delegates.head')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{delegate.function}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <Ltr>{delegate.email}</Ltr>
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Badge color={delegateStatusColours[delegate.status]} variant="light" data-testid="delegate-status">
            {t(`meetings.delegateStatuses.${delegate.status}`)}
          </Badge>
          {delegate.decisionReason && (
            <Text size="xs" c="dimmed">
              {delegate.decisionReason}
            </Text>
          )}
          {delegate.decidedAt && (
            <Text size="xs" c="dimmed">
              {formatDateTime(delegate.decidedAt)}
            </Text>
          )}
          {sameEmail.length > 0 && (
            <Text size="xs" c="orange.8" data-testid="delegate-same-email">
              {t('meetings.delegates.sameEmailElsewhere', {
                delegations: sameEmail
                  .map(
                    (m) =>
                      `${m.stateIso2 ? states.nameOf(m.stateIso2) : (m.organisationName ?? '')} (${t(`meetings.delegateStatuses.${m.status}`)})`,
                  )
                  .join(', '),
              })}
              {approvedElsewhere && delegate.status !== 'approved' && ` ${t('meetings.delegates.sameEmailApproved')}`}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        {!past && (
          <Group gap={4} justify="flex-end" wrap="nowrap">
            {delegate.can.decide && delegate.status !== 'approved' && !approvedElsewhere && (
              <Button
                size="compact-xs"
                color="green"
                leftSection={<IconCheck size={14} aria-hidden />}
                loading={approve.isPending}
                onClick={() => approve.mutate()}
                data-testid="delegate-approve"
              >
                {t('meetings.delegates.approve')}
              </Button>
            )}
            {delegate.can.decide && delegate.status !== 'declined' && !isHead && (
              <Button
                size="compact-xs"
                color="red"
                variant="light"
                leftSection={<IconX size={14} aria-hidden />}
                onClick={() => setDeclining(true)}
                data-testid="delegate-decline"
              >
                {t('meetings.delegates.decline')}
              </Button>
            )}
            {delegation.can.register && !isHead && delegate.status !== 'declined' && (
              <Tooltip label={t('meetings.delegates.makeHead')}>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('meetings.delegates.makeHead')}
                  loading={makeHead.isPending}
                  onClick={() => makeHead.mutate()}
                  data-testid="delegate-make-head"
                >
                  <IconCrown size={18} />
                </ActionIcon>
              </Tooltip>
            )}
            {delegate.can.edit && (
              <Tooltip label={t('meetings.delegates.edit')}>
                <ActionIcon variant="subtle" aria-label={t('meetings.delegates.edit')} onClick={() => setEditing(true)}>
                  <IconEdit size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        )}
        <DelegateFormModal
          edition={edition}
          delegation={delegation}
          delegate={delegate}
          opened={editing}
          onClose={() => setEditing(false)}
        />
        <DeclineModal edition={edition} delegate={delegate} opened={declining} onClose={() => setDeclining(false)} />
      </Table.Td>
    </Table.Tr>
  );
}

function DeclineModal({
  edition,
  delegate,
  opened,
  onClose,
}: {
  edition: Edition;
  delegate: Delegate;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const changed = useEditionChange(edition);
  const [reason, setReason] = useState('');
  const decline = useMutation({
    mutationFn: () => api.post<Delegate>(`/meetings/delegates/${delegate.id}/decision`, { decision: 'declined', reason }),
    onSuccess: async () => {
      await changed();
      setReason('');
      onClose();
    },
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('meetings.delegates.declineTitle', { name: fullName(delegate) })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        {decline.isError && <ErrorAlert error={decline.error} />}
        <Textarea
          label={t('meetings.fields.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          autosize
          minRows={2}
          data-testid="decline-reason"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            disabled={reason.trim() === ''}
            loading={decline.isPending}
            onClick={() => decline.mutate()}
            data-testid="decline-confirm"
          >
            {t('meetings.delegates.decline')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function DelegateFormModal({
  edition,
  delegation,
  delegate,
  opened,
  onClose,
}: {
  edition: Edition;
  delegation: Delegation;
  delegate: Delegate | null;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const label = useDelegationLabel();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={
        delegate
          ? t('meetings.delegates.editTitle', { name: fullName(delegate) })
          : t('meetings.delegates.registerTitle', { delegation: label(delegation) })
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <DelegateForm edition={edition} delegation={delegation} delegate={delegate} onClose={onClose} />}
    </Modal>
  );
}

function DelegateForm({
  edition,
  delegation,
  delegate,
  onClose,
}: {
  edition: Edition;
  delegation: Delegation;
  delegate: Delegate | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const changed = useEditionChange(edition);
  const [values, setValues] = useState({
    title: delegate?.title ?? '',
    givenNames: delegate?.givenNames ?? '',
    familyName: delegate?.familyName ?? '',
    function: delegate?.function ?? '',
    email: delegate?.email ?? '',
  });
  const [submitted, setSubmitted] = useState(false);
  // The value is read now: React clears currentTarget before a state updater runs.
  const set = (key: keyof typeof values) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
  };
  const errors = {
    givenNames: values.givenNames.trim() ? null : t('common.required'),
    familyName: values.familyName.trim() ? null : t('common.required'),
    function: values.function.trim() ? null : t('common.required'),
    email: EMAIL.test(values.email.trim()) ? null : t('meetings.form.email'),
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { ...values, title: values.title.trim() || null };
      return delegate
        ? api.patch<Delegate>(`/meetings/delegates/${delegate.id}`, body)
        : api.post<Delegate>(`/meetings/delegations/${delegation.id}/delegates`, body);
    },
    onSuccess: async (saved) => {
      await changed();
      notifications.show({
        color: 'green',
        message: delegate ? t('meetings.delegates.saved') : t('meetings.delegates.registered', { name: fullName(saved) }),
      });
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
        {!delegate && <Text size="sm">{t('meetings.delegates.approvalNote')}</Text>}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('meetings.fields.title')}
            value={values.title}
            onChange={set('title')}
            data-testid="delegate-title"
          />
          <TextInput
            label={t('meetings.fields.givenNames')}
            value={values.givenNames}
            onChange={set('givenNames')}
            required
            error={shown(errors.givenNames)}
            data-testid="delegate-given-names"
          />
          <TextInput
            label={t('meetings.fields.familyName')}
            value={values.familyName}
            onChange={set('familyName')}
            required
            error={shown(errors.familyName)}
            data-testid="delegate-family-name"
          />
        </SimpleGrid>
        <TextInput
          label={t('meetings.fields.function')}
          value={values.function}
          onChange={set('function')}
          required
          error={shown(errors.function)}
          data-testid="delegate-function"
        />
        <TextInput
          type="email"
          label={t('meetings.fields.email')}
          value={values.email}
          onChange={set('email')}
          required
          dir="ltr"
          error={shown(errors.email)}
          data-testid="delegate-email"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="delegate-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type PartyKind = 'state' | 'agency' | 'organisation';

function AddDelegationModal({ edition, opened, onClose }: { edition: Edition; opened: boolean; onClose(): void }) {
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
    mutationFn: () => api.post<Delegation>(`/meetings/editions/${edition.id}/delegations`, { ...party, role }),
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
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button disabled={!party} loading={save.isPending} onClick={() => save.mutate()} data-testid="delegation-save">
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}
