import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, locales } from '../../../../contract/enums';
import { type ApiResponse, http } from '../../api/http';
import { EmptyTableRow } from '../../components/EmptyTableRow';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan, useMe } from '../../hooks/session';
import { currentLanguage, languageNames } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { RemoveIconButton } from './Removal';
import { LibraryFileInput } from './UploadForm';

type SessionDetail = ApiResponse<'/api/sessions/{id}'>;

const materialsQuery = (sessionId: string, lang: Locale) => ({
  queryKey: ['library', 'items', { session: sessionId }, lang],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    http.get('/library/items', { query: { session: sessionId, lang, limit: 50, offset: 0 }, signal }),
});

/**
 * The session's materials in the library (its own and its course's), as each reader may see them,
 * and, for the office and the session's trainers, a form to attach one: a file in one language,
 * for the accepted participants of this session (the office may give it to every session of the
 * course). The item then lives in the library, where more languages and versions are added; its
 * author (and the office) removes it here.
 */
export function SessionMaterialsPanel({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const can = useCan();
  const me = useMe();
  const { formatDay } = useFormat();
  const materials = useQuery(materialsQuery(session.id, lang));
  const attaches =
    can('library.manage') || (can('library.materials') && session.trainers.some((trainer) => trainer.id === me.id));
  const items = materials.data?.items ?? [];
  const removes = items.some((item) => item.can.delete);
  return (
    <Stack>
      {materials.isError && <ErrorAlert error={materials.error} />}
      <Paper withBorder>
        <Table.ScrollContainer minWidth={480}>
          <Table data-testid="session-materials">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('library.fields.title')}</Table.Th>
                <Table.Th>{t('library.facets.language')}</Table.Th>
                <Table.Th>{t('library.fields.publishedOn')}</Table.Th>
                {removes && (
                  <Table.Th>
                    <VisuallyHidden>{t('library.remove.item')}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {materials.isSuccess && items.length === 0 && (
                <EmptyTableRow colSpan={removes ? 4 : 3}>{t('library.materials.none')}</EmptyTableRow>
              )}
              {items.map((item) => (
                <Table.Tr key={item.id} data-testid="session-material">
                  <Table.Td>
                    <Anchor component={Link} to={`/library/items/${item.id}`} lang={item.title.lang ?? undefined}>
                      {item.title.text}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {item.languages.map((l) => (
                        <Badge key={l} variant="outline" color="gray" size="sm">
                          {languageNames[l]}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{item.publishedOn ? formatDay(item.publishedOn) : ''}</Table.Td>
                  {removes && (
                    <Table.Td>
                      {item.can.delete && (
                        <RemoveIconButton
                          label={t('library.materials.remove', { title: item.title.text })}
                          testId="session-material-remove"
                          title={t('library.remove.itemTitle')}
                          body={t('library.materials.removeBody', { title: item.title.text })}
                          removedMessage={t('library.remove.itemRemoved')}
                          remove={() => http.delete(`/library/items/${item.id}`)}
                        />
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {attaches && <AttachForm session={session} forCourse={can('library.manage')} />}
    </Stack>
  );
}

function AttachForm({ session, forCourse }: { session: SessionDetail; forCourse: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<Locale>(currentLanguage());
  const [file, setFile] = useState<File | null>(null);
  const [wholeCourse, setWholeCourse] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const attach = useMutation({
    mutationFn: async () => {
      const links = wholeCourse ? { courseIds: [session.course.id] } : { sessionIds: [session.id] };
      const item = await http.post('/library/items', {
        type: 'course_material',
        audience: 'participants',
        title: { [language]: title.trim() },
        publishedOn: new Date().toISOString().slice(0, 10),
        ...links,
      });
      const form = new FormData();
      form.append('language', language);
      if (file) form.append('file', file, file.name);
      return http.post(`/library/items/${item.id}/files`, form);
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ['library'] });
    },
    onSuccess: () => {
      setTitle('');
      setFile(null);
      setSubmitted(false);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (title.trim() && file) attach.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('library.materials.attach')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('library.materials.hint')}
          </Text>
          {attach.isError && <ErrorAlert error={attach.error} />}
          {attach.isSuccess && (
            <Text size="sm" c="green.8" role="status">
              {t('library.materials.attached')}
            </Text>
          )}
          <Group align="flex-start" gap="sm" grow preventGrowOverflow={false}>
            <TextInput
              label={t('library.fields.title')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              maxLength={300}
              required
              error={submitted && !title.trim() ? t('common.required') : null}
              lang={language}
              dir={language === 'ar' ? 'rtl' : 'ltr'}
              data-testid="material-title"
            />
            <Select
              label={t('library.fields.language')}
              data={locales.map((l) => ({ value: l, label: languageNames[l] }))}
              value={language}
              onChange={(v) => v && setLanguage(v as Locale)}
              allowDeselect={false}
              data-testid="material-language"
            />
          </Group>
          <LibraryFileInput value={file} onChange={setFile} submitted={submitted} required data-testid="material-file" />
          {forCourse && (
            <Checkbox
              label={t('library.materials.wholeCourse')}
              checked={wholeCourse}
              onChange={(e) => setWholeCourse(e.currentTarget.checked)}
              data-testid="material-whole-course"
            />
          )}
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={attach.isPending}
              leftSection={<IconUpload size={16} aria-hidden />}
              data-testid="material-submit"
            >
              {t('library.materials.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
