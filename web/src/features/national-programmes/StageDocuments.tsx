import { ActionIcon, Anchor, Badge, Button, FileInput, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPaperclip, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '../../../../contract/enums';
import { http } from '../../api/http';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/forms/FormActions';
import { Ltr } from '../../components/Ltr';
import { languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { documentUrl, nationalProgrammesKey, type ProgrammeDocument, type Stage, stageLabel } from './nationalProgrammes';

/** A stage's documents as download links; programme officers also attach and remove them. */
export function StageDocuments({ stage }: { stage: Stage }) {
  const canWrite = stage.can.edit;
  const { t } = useTranslation();
  const { formatFileSize } = useFormat();
  const [uploading, setUploading] = useState(false);
  const [removing, setRemoving] = useState<ProgrammeDocument | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => http.delete(`/national-programmes/documents/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: nationalProgrammesKey });
      notifications.show({ color: 'green', message: t('nationalProgrammes.documents.removed') });
      setRemoving(null);
    },
  });

  return (
    <Stack gap={4}>
      {stage.documents.map((d) => (
        <Group key={d.id} gap={6} wrap="nowrap">
          <IconPaperclip size={14} aria-hidden />
          <Anchor href={documentUrl(d.id)} size="sm" download={d.name} data-testid={`document-${d.id}`}>
            <Ltr>{d.name}</Ltr>
          </Anchor>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            <Ltr>{formatFileSize(d.size)}</Ltr>
          </Text>
          {d.language && (
            <Badge size="xs" variant="outline" color="gray" title={languageNames[d.language]}>
              {d.language.toUpperCase()}
            </Badge>
          )}
          {canWrite && (
            <ActionIcon
              variant="subtle"
              color="red"
              size="sm"
              aria-label={t('nationalProgrammes.documents.remove', { name: d.name })}
              onClick={() => setRemoving(d)}
            >
              <IconTrash size={14} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      ))}
      {stage.documents.length === 0 && !canWrite && (
        <Text size="sm" c="dimmed">
          —
        </Text>
      )}
      {canWrite && (
        <Button
          variant="subtle"
          size="compact-xs"
          w="fit-content"
          leftSection={<IconUpload size={14} aria-hidden />}
          onClick={() => setUploading(true)}
          data-testid={`document-upload-${stage.kind}-${stage.sequence}`}
        >
          {t('nationalProgrammes.documents.attach')}
        </Button>
      )}
      <UploadModal stage={stage} opened={uploading} onClose={() => setUploading(false)} />
      <ConfirmModal
        opened={removing !== null}
        title={t('nationalProgrammes.documents.removeTitle')}
        confirmLabel={t('nationalProgrammes.documents.removeConfirm')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
      >
        {t('nationalProgrammes.documents.removeBody', { name: removing?.name ?? '' })}
      </ConfirmModal>
    </Stack>
  );
}

function UploadModal({ stage, opened, onClose }: { stage: Stage; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('nationalProgrammes.documents.attachTitle', { stage: stageLabel(t, stage) })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <UploadForm stage={stage} onClose={onClose} />}
    </Modal>
  );
}

function UploadForm({ stage, onClose }: { stage: Stage; onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [language, setLanguage] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (language) form.append('language', language);
      if (file) form.append('file', file, file.name);
      return http.post(`/national-programmes/stages/${stage.id}/documents`, form);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: nationalProgrammesKey });
      notifications.show({ color: 'green', message: t('nationalProgrammes.documents.attached') });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (file) upload.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {upload.isError && <ErrorAlert error={upload.error} />}
        <FileInput
          label={t('nationalProgrammes.documents.file')}
          description={t('nationalProgrammes.documents.fileHint')}
          value={file}
          onChange={setFile}
          required
          clearable
          error={submitted && !file ? t('common.required') : null}
          data-testid="document-file"
        />
        <Select
          label={t('nationalProgrammes.documents.language')}
          placeholder={t('nationalProgrammes.documents.anyLanguage')}
          data={locales.map((l) => ({ value: l, label: languageNames[l] }))}
          value={language}
          onChange={setLanguage}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
        />
        <FormActions onCancel={onClose}>
          <Button type="submit" loading={upload.isPending} data-testid="document-save">
            {t('nationalProgrammes.documents.attach')}
          </Button>
        </FormActions>
      </Stack>
    </form>
  );
}
