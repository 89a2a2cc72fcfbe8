import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DelegateStatus, type DelegationRole, delegateStatuses, delegationRoles } from '../../../../contract/enums';
import { http } from '../../api/http';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan, useMe } from '../../hooks/session';
import { AddDelegationModal } from './AddDelegationModal';
import { DelegateFormModal } from './DelegateFormModal';
import { DelegateRow } from './DelegateRow';
import { useDelegationLabel, useEditionChange } from './delegationHooks';
import { type Delegation, delegationsQuery, type Edition, roleColours } from './meetings';

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
    mutationFn: (role: DelegationRole) => http.patch(`/meetings/delegations/${delegation.id}`, { role }),
    onSuccess: changed,
  });
  const remove = useMutation({
    mutationFn: () => http.delete(`/meetings/delegations/${delegation.id}`),
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
