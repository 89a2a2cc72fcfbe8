import { ActionIcon, Badge, Button, Group, Modal, Stack, Table, Text, Textarea, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCrown, IconEdit, IconX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import { describeError, ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/forms/FormActions';
import { Ltr } from '../../components/Ltr';
import { useMemberStates } from '../../hooks/states';
import { useFormat } from '../../i18n/format';
import { DelegateFormModal } from './DelegateFormModal';
import { useEditionChange } from './delegationHooks';
import { type Delegate, type Delegation, delegateStatusColours, type Edition, fullName } from './meetings';

export function DelegateRow({ edition, delegation, delegate }: { edition: Edition; delegation: Delegation; delegate: Delegate }) {
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
    mutationFn: () => http.post(`/meetings/delegates/${delegate.id}/decision`, { decision: 'approved' }),
    onSuccess: async () => {
      await changed();
      notifications.show({ color: 'green', message: t('meetings.delegates.approved', { name: fullName(delegate) }) });
    },
    onError: (error) => notifications.show({ color: 'red', message: describeError(t, error) }),
  });
  const makeHead = useMutation({
    mutationFn: () => http.put(`/meetings/delegations/${delegation.id}/head`, { delegateId: delegate.id }),
    onSuccess: changed,
    onError: (error) => notifications.show({ color: 'red', message: describeError(t, error) }),
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
    mutationFn: () => http.post(`/meetings/delegates/${delegate.id}/decision`, { decision: 'declined', reason }),
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
        <FormActions onCancel={onClose}>
          <Button
            color="red"
            disabled={reason.trim() === ''}
            loading={decline.isPending}
            onClick={() => decline.mutate()}
            data-testid="decline-confirm"
          >
            {t('meetings.delegates.decline')}
          </Button>
        </FormActions>
      </Stack>
    </Modal>
  );
}
