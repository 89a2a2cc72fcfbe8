import { Button, FileInput, type FileInputProps, Group, Paper, Select, Stack, Title } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales } from '../../../../contract/enums';
import { http } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { languageNames } from '../../i18n';
import type { LibraryItem } from './library';

/**
 * A file in one language: a new upload becomes that language's next version, the previous one kept.
 * The server checks the kind by content and the size (docs/api.md); its refusal is shown as is.
 */
export function UploadForm({ item }: { item: LibraryItem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [language, setLanguage] = useState<Locale>(item.files[0]?.language ?? 'en');
  const [file, setFile] = useState<File | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('language', language);
      if (file) form.append('file', file, file.name);
      return http.post(`/library/items/${item.id}/files`, form);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['library'] });
      setFile(null);
      setSubmitted(false);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (file) upload.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('library.upload.title')}
          </Title>
          {upload.isError && <ErrorAlert error={upload.error} />}
          <Group align="flex-end" gap="sm">
            <Select
              label={t('library.fields.language')}
              data={locales.map((l) => ({ value: l, label: languageNames[l] }))}
              value={language}
              onChange={(v) => v && setLanguage(v as Locale)}
              allowDeselect={false}
              w={{ base: '100%', sm: 180 }}
              data-testid="library-upload-language"
            />
            <LibraryFileInput
              value={file}
              onChange={setFile}
              submitted={submitted}
              w={{ base: '100%', sm: 320 }}
              data-testid="library-upload-file"
            />
            <Button
              type="submit"
              loading={upload.isPending}
              leftSection={<IconUpload size={16} aria-hidden />}
              data-testid="library-upload-submit"
            >
              {t('library.upload.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The file field of an upload: the kinds the library takes, and a refusal when none was chosen. */
export function LibraryFileInput({ submitted, ...props }: FileInputProps<false> & { submitted: boolean }) {
  const { t } = useTranslation();
  return (
    <FileInput
      label={t('library.fields.file')}
      description={t('library.upload.hint')}
      accept=".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.txt"
      clearable
      error={submitted && !props.value ? t('library.upload.chooseFile') : null}
      {...props}
    />
  );
}
