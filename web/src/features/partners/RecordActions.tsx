import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { partnersKey } from './partners';

/** A row's edit and delete buttons; `deleteBlocked` says why the record may not be deleted. */
export function RowActions({ onEdit, onDelete, deleteBlocked }: { onEdit(): void; onDelete(): void; deleteBlocked?: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={t('partners.edit')}>
        <ActionIcon variant="subtle" onClick={onEdit} aria-label={t('partners.edit')}>
          <IconEdit size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={deleteBlocked ?? t('partners.delete')}>
        <ActionIcon
          variant="subtle"
          color="red"
          onClick={onDelete}
          disabled={Boolean(deleteBlocked)}
          aria-label={deleteBlocked ?? t('partners.delete')}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

type Deletion<T> = {
  record: T | null;
  remove: UseMutationResult<unknown, Error, string>;
  /** Asks about this record (forgetting the failure of an earlier attempt). */
  ask(record: T): void;
  cancel(): void;
};

/** Deleting one record of an organisation (contact, agreement, contribution): the record asked about and the request. */
export function useDeletion<T extends { id: string }>(request: (id: string) => Promise<unknown>): Deletion<T> {
  const queryClient = useQueryClient();
  const [record, setRecord] = useState<T | null>(null);
  const remove = useMutation({
    mutationFn: request,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: partnersKey });
      setRecord(null);
    },
  });
  return {
    record,
    remove,
    ask: (asked: T) => {
      remove.reset();
      setRecord(asked);
    },
    cancel: () => setRecord(null),
  };
}

/** The confirmation of a deletion, its body saying which record goes. */
export function DeleteConfirm<T extends { id: string }>({
  deletion,
  title,
  body,
}: {
  deletion: Deletion<T>;
  title: string;
  body(record: T): ReactNode;
}) {
  const { t } = useTranslation();
  const { record, remove } = deletion;
  return (
    <ConfirmModal
      opened={record !== null}
      title={title}
      confirmLabel={t('partners.delete')}
      danger
      loading={remove.isPending}
      error={remove.error}
      onConfirm={() => record && remove.mutate(record.id)}
      onClose={deletion.cancel}
    >
      {record && body(record)}
    </ConfirmModal>
  );
}
