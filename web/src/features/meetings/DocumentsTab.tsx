import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconDownload, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales, type MeetingDocumentKind, meetingDocumentKinds } from '../../../../contract/enums';
import { http } from '../../api/http';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../hooks/session';
import { languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { documentsQuery, type Edition, editionKey, type MeetingDocument } from './meetings';

/** Accepted by the file store (server/platform/files.ts); the server checks again. */
const ACCEPT = '.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt,.rtf,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.md';
const MAX_BYTES = 20 * 1024 * 1024;

/** The outcome document and other documents of an edition, each in its language. */
export function DocumentsTab({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const { formatDay, formatFileSize } = useFormat();
  const can = useCan();
  const documents = useQuery(documentsQuery(edition.id));
  const officer = can('meetings.manage');
  const items = documents.data?.items ?? [];
  const columns = officer ? 5 : 4;
  return (
    <Stack gap="md">
      {officer && <UploadForm edition={edition} />}
      {documents.isError && <ErrorAlert error={documents.error} />}
      <Paper withBorder>
        <Table.ScrollContainer minWidth={600}>
          <Table data-testid="documents-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('meetings.fields.documentTitle')}</Table.Th>
                <Table.Th>{t('meetings.fields.kind')}</Table.Th>
                <Table.Th>{t('meetings.fields.language')}</Table.Th>
                <Table.Th>{t('meetings.fields.uploadedAt')}</Table.Th>
                {officer && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {documents.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={columns}>
                    <Loader size="sm" aria-label={t('common.loading')} />
                  </Table.Td>
                </Table.Tr>
              )}
              {documents.isSuccess && items.length === 0 && (
                <EmptyTableRow colSpan={columns}>{t('meetings.documents.none')}</EmptyTableRow>
              )}
              {items.map((d) => (
                <Table.Tr key={d.id} data-testid="document-row">
                  <Table.Td>
                    <Anchor href={`/api/meetings/documents/${d.id}/file`} download={d.fileName} lang={d.language}>
                      <Group gap={6} wrap="nowrap" component="span">
                        <IconDownload size={16} aria-hidden />
                        <span dir={d.language === 'ar' ? 'rtl' : undefined}>{d.title}</span>
                      </Group>
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {t('meetings.documents.file', { name: d.fileName, size: formatFileSize(d.size) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={d.kind === 'outcome' ? 'teal' : 'gray'}>
                      {t(`meetings.meetingDocumentKinds.${d.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{languageNames[d.language]}</Table.Td>
                  <Table.Td>{formatDay(d.uploadedAt.slice(0, 10))}</Table.Td>
                  {officer && (
                    <Table.Td>
                      <DeleteDocument edition={edition} document={d} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

function DeleteDocument({ edition, document }: { edition: Edition; document: MeetingDocument }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => http.delete(`/meetings/documents/${document.id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: editionKey(edition.id) });
      setOpen(false);
    },
  });
  return (
    <>
      <Tooltip label={t('meetings.documents.remove')}>
        <ActionIcon variant="subtle" color="red" aria-label={t('meetings.documents.remove')} onClick={() => setOpen(true)}>
          <IconTrash size={18} />
        </ActionIcon>
      </Tooltip>
      <ConfirmModal
        opened={open}
        title={t('meetings.documents.remove')}
        confirmLabel={t('meetings.documents.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setOpen(false)}
      >
        {t('meetings.documents.removeConfirm', { title: document.title })}
      </ConfirmModal>
    </>
  );
}

function UploadForm({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<MeetingDocumentKind>('outcome');
  const [language, setLanguage] = useState<Locale>('en');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const errors = {
    title: title.trim() ? null : t('common.required'),
    file: !file ? t('meetings.documents.chooseFile') : file.size > MAX_BYTES ? t('meetings.documents.tooLarge') : null,
  };
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('kind', kind);
      form.append('language', language);
      form.append('title', title.trim());
      if (file) form.append('file', file, file.name);
      return http.post(`/meetings/editions/${edition.id}/documents`, form);
    },
    onSuccess: async () => {
      // Emptied before the edition is fetched again: on a slow link the next title may be typed meanwhile.
      setTitle('');
      setFile(null);
      setSubmitted(false);
      await queryClient.invalidateQueries({ queryKey: editionKey(edition.id) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(errors).every((e) => e === null)) upload.mutate();
  };
  const shown = (error: string | null) => (submitted ? error : null);
  return (
    <Paper withBorder p="md" data-print-hide>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('meetings.documents.add')}
          </Title>
          {upload.isError && <ErrorAlert error={upload.error} />}
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <Select
              label={t('meetings.fields.kind')}
              data={meetingDocumentKinds.map((k) => ({ value: k, label: t(`meetings.meetingDocumentKinds.${k}`) }))}
              value={kind}
              onChange={(v) => v && setKind(v as MeetingDocumentKind)}
              allowDeselect={false}
              data-testid="document-kind"
            />
            <Select
              label={t('meetings.fields.language')}
              data={locales.map((l) => ({ value: l, label: languageNames[l] }))}
              value={language}
              onChange={(v) => v && setLanguage(v as Locale)}
              allowDeselect={false}
              data-testid="document-language"
            />
            <TextInput
              label={t('meetings.fields.documentTitle')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              required
              dir={language === 'ar' ? 'rtl' : undefined}
              error={shown(errors.title)}
              data-testid="document-title"
            />
            <FileInput
              label={t('meetings.fields.file')}
              value={file}
              onChange={setFile}
              accept={ACCEPT}
              required
              clearable
              error={shown(errors.file)}
              data-testid="document-file"
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t('meetings.documents.accepted')}
          </Text>
          <Group justify="flex-end">
            <Button
              type="submit"
              leftSection={<IconUpload size={16} aria-hidden />}
              loading={upload.isPending}
              data-testid="document-upload"
            >
              {t('meetings.documents.upload')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
