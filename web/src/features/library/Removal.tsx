import { ActionIcon, Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../../api/curriculum';
import { http } from '../../api/http';
import { ConfirmModal } from '../../components/ConfirmModal';
import { currentLanguage, languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import type { LibraryFile, LibraryItem } from './library';

/**
 * The office removes an item with all its files (then the library opens), or one version of one
 * file (the previous version, if any, becomes current). Each asks first; shown when `can.delete`
 * (the office, or a trainer for their own materials) and `can.deleteVersion` (the office).
 */
export function RemoveItemButton({ item }: { item: LibraryItem }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => http.delete(`/library/items/${item.id}`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('library.remove.itemRemoved') });
      await navigate({ to: '/library' });
      queryClient.removeQueries({ queryKey: ['library', 'item', item.id] });
      await queryClient.invalidateQueries({ queryKey: ['library'] });
    },
  });
  if (!item.can.delete) return null;
  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        color="red"
        leftSection={<IconTrash size={14} aria-hidden />}
        onClick={() => setAsking(true)}
        data-testid="library-item-remove"
      >
        {t('library.remove.item')}
      </Button>
      <ConfirmRemoval opened={asking} title={t('library.remove.itemTitle')} remove={remove} onClose={() => setAsking(false)}>
        {t('library.remove.itemBody', { title: pick(item.title, currentLanguage()).text, count: item.files.length })}
      </ConfirmRemoval>
    </>
  );
}

export function RemoveFileButton({ item, file }: { item: LibraryItem; file: LibraryFile }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  if (!item.can.deleteVersion) return null;
  const isCurrent = item.files.some((f) => f.id === file.id);
  const values = { version: formatNumber(file.version), language: languageNames[file.language], name: file.fileName };
  return (
    <RemoveIconButton
      label={t('library.remove.file', values)}
      testId={`library-file-remove-${file.language}-${file.version}`}
      title={t('library.remove.fileTitle')}
      body={t(isCurrent ? 'library.remove.currentFileBody' : 'library.remove.fileBody', values)}
      removedMessage={t('library.remove.fileRemoved')}
      remove={() => http.delete(`/library/items/${item.id}/files/${file.id}`)}
    />
  );
}

/** A trash button in a row that removes what it stands for after a confirmation, then refreshes the library's lists. */
export function RemoveIconButton(props: {
  label: string;
  testId: string;
  title: string;
  body: string;
  removedMessage: string;
  remove: () => Promise<unknown>;
}) {
  const [asking, setAsking] = useState(false);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: props.remove,
    onSuccess: async () => {
      notifications.show({ color: 'green', message: props.removedMessage });
      setAsking(false);
      await queryClient.invalidateQueries({ queryKey: ['library'] });
    },
  });
  return (
    <>
      <ActionIcon
        variant="subtle"
        color="red"
        size="sm"
        aria-label={props.label}
        onClick={() => setAsking(true)}
        data-testid={props.testId}
      >
        <IconTrash size={14} aria-hidden />
      </ActionIcon>
      <ConfirmRemoval opened={asking} title={props.title} remove={remove} onClose={() => setAsking(false)}>
        {props.body}
      </ConfirmRemoval>
    </>
  );
}

/** The confirmation before a removal: the removal's refusal shows in it, and closing it forgets that refusal. */
function ConfirmRemoval(props: {
  opened: boolean;
  title: string;
  remove: UseMutationResult<unknown, Error, void>;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { remove } = props;
  return (
    <ConfirmModal
      opened={props.opened}
      title={props.title}
      confirmLabel={t('library.remove.confirm')}
      danger
      loading={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={() => {
        props.onClose();
        remove.reset();
      }}
    >
      {props.children}
    </ConfirmModal>
  );
}
