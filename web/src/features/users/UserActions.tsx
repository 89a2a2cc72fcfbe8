import { ActionIcon, Button, Group, Menu, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconEdit, IconKey, IconMailForward, IconShieldOff, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/http';
import type { TemporaryPassword, User } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { usersKey } from './users';

export type UserAction = 'deactivate' | 'reactivate' | 'invite' | 'resetPassword' | 'resetMfa';

type UserActionMenuProps = {
  user: User;
  isSelf: boolean;
  onEdit: () => void;
  onAction: (action: UserAction) => void;
};

export function UserActionMenu({ user, isSelf, onEdit, onAction }: UserActionMenuProps) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('users.actions.menu', { name: user.displayName })}
          data-testid={`user-actions-${user.email}`}
        >
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconEdit size={16} />} onClick={onEdit}>
          {t('users.actions.edit')}
        </Menu.Item>
        {user.active && (
          <Menu.Item leftSection={<IconMailForward size={16} />} onClick={() => onAction('invite')}>
            {t('users.actions.invite')}
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => onAction('resetPassword')}>
          {t('users.actions.resetPassword')}
        </Menu.Item>
        {user.mfaEnabled && (
          <Menu.Item leftSection={<IconShieldOff size={16} />} onClick={() => onAction('resetMfa')}>
            {t('users.actions.resetMfa')}
          </Menu.Item>
        )}
        {!isSelf &&
          (user.active ? (
            <Menu.Item c="red" leftSection={<IconUserOff size={16} />} onClick={() => onAction('deactivate')}>
              {t('users.actions.deactivate')}
            </Menu.Item>
          ) : (
            <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={() => onAction('reactivate')}>
              {t('users.actions.reactivate')}
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}

const wording = (t: TFunction, action: UserAction, name: string) =>
  ({
    deactivate: {
      title: t('users.actions.deactivate'),
      body: t('users.actions.deactivateConfirm', { name }),
      confirm: t('users.actions.deactivate'),
      done: t('users.actions.deactivated', { name }),
    },
    reactivate: {
      title: t('users.actions.reactivate'),
      body: t('users.actions.reactivateConfirm', { name }),
      confirm: t('users.actions.reactivate'),
      done: t('users.actions.reactivated', { name }),
    },
    invite: {
      title: t('users.actions.invite'),
      body: t('users.actions.inviteConfirm', { name }),
      confirm: t('users.actions.invite'),
      done: t('users.actions.invited', { name }),
    },
    resetPassword: {
      title: t('users.actions.resetPassword'),
      body: t('users.actions.resetPasswordConfirm', { name }),
      confirm: t('users.actions.resetPassword'),
      done: t('users.actions.passwordReset', { name }),
    },
    resetMfa: {
      title: t('users.actions.resetMfa'),
      body: t('users.actions.resetMfaConfirm', { name }),
      confirm: t('users.actions.resetMfa'),
      done: t('users.actions.mfaReset', { name }),
    },
  })[action];

type UserActionDialogProps = { user: User; action: UserAction; onClose: () => void };

/** Confirms an account action, runs it, and for a password reset shows the temporary password once. */
export function UserActionDialog({ user, action, onClose }: UserActionDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const words = wording(t, action, user.displayName);

  const run = useMutation({
    mutationFn: () => {
      const path = (
        {
          deactivate: 'deactivate',
          reactivate: 'reactivate',
          invite: 'invite',
          resetPassword: 'reset-password',
          resetMfa: 'reset-mfa',
        } as const
      )[action];
      return http.post(`/users/${user.id}/${path}`);
    },
    onSuccess: async () => {
      notifications.show({ color: 'green', message: words.done });
      await queryClient.invalidateQueries({ queryKey: usersKey });
      if (action !== 'resetPassword') onClose();
    },
  });

  if (run.isSuccess && action === 'resetPassword') {
    const { temporaryPassword } = run.data as TemporaryPassword;
    return (
      <Modal opened onClose={onClose} title={words.title} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack>
          <OneTimeSecret
            label={t('users.temporaryPassword.label', { email: user.email })}
            secret={temporaryPassword}
            note={t('users.temporaryPassword.note')}
          />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.done')}</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <ConfirmModal
      opened
      title={words.title}
      confirmLabel={words.confirm}
      danger={action !== 'reactivate' && action !== 'invite'}
      loading={run.isPending}
      error={run.error}
      onConfirm={() => run.mutate()}
      onClose={onClose}
    >
      {words.body}
    </ConfirmModal>
  );
}
