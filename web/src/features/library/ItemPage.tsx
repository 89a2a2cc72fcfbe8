import { Anchor, Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconExternalLink, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../contract/enums';
import { pick, programmesQuery } from '../../api/curriculum';
import { Ltr } from '../../components/Ltr';
import { useDocumentTitle } from '../../components/PageHeader';
import { RecordPage } from '../../components/RecordPage';
import { sessionQuery } from '../../hooks/session';
import { currentLanguage, languageNames } from '../../i18n';
import { regionName, useFormat } from '../../i18n/format';
import { ItemFormModal } from './ItemFormModal';
import { fileUrl, itemLanguages, type LibraryFile, type LibraryItem, libraryItemQuery } from './library';
import { RemoveFileButton, RemoveItemButton } from './Removal';
import { UploadForm } from './UploadForm';

const route = getRouteApi('/open/library/items/$id');

/** One library item: every language version with its file, the earlier versions (the office), and what it is about. */
export function ItemPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const item = useQuery(libraryItemQuery(id, currentLanguage()));
  return (
    <RecordPage
      back={{ to: '/library', label: t('library.back') }}
      query={item}
      notFound={{ title: t('library.notFoundTitle'), body: t('library.notFound') }}
    >
      {(data) => <ItemView item={data} />}
    </RecordPage>
  );
}

function ItemView({ item }: { item: LibraryItem }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const title = pick(item.title, lang);
  const [editing, setEditing] = useState(false);
  useDocumentTitle(title.text);
  return (
    <>
      <Stack gap={6}>
        <Title order={1} size="h2" lang={title.lang ?? undefined} data-testid="library-item-title">
          {title.text}
        </Title>
        <Group gap={6}>
          <Badge variant="light">{t(`library.types.${item.type}`)}</Badge>
          <Badge variant="outline" color="gray" data-testid="library-item-audience">
            {t(`library.audiences.${item.audience}`)}
          </Badge>
          {item.can.edit && (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPencil size={14} aria-hidden />}
              onClick={() => setEditing(true)}
              data-testid="library-item-edit"
            >
              {t('library.form.edit')}
            </Button>
          )}
          <RemoveItemButton item={item} />
        </Group>
      </Stack>
      <Metadata item={item} />
      {item.linkUrl && (
        <Anchor href={item.linkUrl} target="_blank" rel="noopener noreferrer" w="fit-content">
          <Group gap={4} component="span">
            <IconExternalLink size={16} aria-hidden />
            {t('library.link')}
          </Group>
        </Anchor>
      )}
      <Title order={2} size="h4">
        {t('library.versions')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {itemLanguages(item).map((l) => (
          <LanguageVersion key={l} item={item} lang={l} />
        ))}
      </SimpleGrid>
      {item.can.upload && <UploadForm item={item} />}
      {item.previousVersions.length > 0 && <History item={item} />}
      <ItemFormModal item={item} opened={editing} onClose={() => setEditing(false)} />
    </>
  );
}

/** The item in one language: its title, summary and current file. */
function LanguageVersion({ item, lang }: { item: LibraryItem; lang: Locale }) {
  const { t } = useTranslation();
  const file = item.files.find((f) => f.language === lang);
  const title = item.title.values[lang];
  const summary = item.summary.values[lang];
  return (
    <Card withBorder data-testid={`library-version-${lang}`}>
      <Stack gap="xs">
        <Badge variant="outline" color="gray" w="fit-content">
          {languageNames[lang]}
        </Badge>
        <div lang={lang} dir={lang === 'ar' ? 'rtl' : 'ltr'}>
          {title && <Text fw={600}>{title}</Text>}
          {summary && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {summary}
            </Text>
          )}
        </div>
        {file ? (
          <FileLine item={item} file={file} />
        ) : (
          <Text size="sm" c="dimmed">
            {t('library.noFile')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function FileLine({ item, file }: { item: LibraryItem; file: LibraryFile }) {
  const { t } = useTranslation();
  const { formatNumber, formatFileSize, formatDateTime } = useFormat();
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap">
        <Anchor href={fileUrl(item.id, file.id)} download={file.fileName} data-testid={`library-download-${file.language}`}>
          <Group gap={4} component="span" wrap="nowrap">
            <IconDownload size={16} aria-hidden />
            <Ltr>{file.fileName}</Ltr>
          </Group>
        </Anchor>
        <RemoveFileButton item={item} file={file} />
      </Group>
      <Text size="xs" c="dimmed">
        {[
          t('library.version', { version: formatNumber(file.version) }),
          formatFileSize(file.size),
          file.pages ? t('library.pages', { count: file.pages, pages: formatNumber(file.pages) }) : null,
          formatDateTime(file.uploadedAt),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {file.textStatus === 'not_extracted' && (
        <Text size="xs" c="orange.8">
          {t('library.textNotExtracted')}
        </Text>
      )}
    </Stack>
  );
}

/** Earlier versions of each language's file, newest first (the API sends them to the office only). */
function History({ item }: { item: LibraryItem }) {
  const { t } = useTranslation();
  const { formatNumber, formatFileSize, formatDateTime } = useFormat();
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('library.history')}
      </Title>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="library-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('library.fields.language')}</Table.Th>
                <Table.Th>{t('library.fields.version')}</Table.Th>
                <Table.Th>{t('library.fields.file')}</Table.Th>
                <Table.Th>{t('library.fields.uploadedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {item.previousVersions.map((file) => (
                <Table.Tr key={file.id}>
                  <Table.Td>{languageNames[file.language]}</Table.Td>
                  <Table.Td>{formatNumber(file.version)}</Table.Td>
                  <Table.Td>
                    <Anchor href={fileUrl(item.id, file.id)} download={file.fileName} size="sm">
                      <Ltr>{file.fileName}</Ltr>
                    </Anchor>{' '}
                    <Text span size="xs" c="dimmed">
                      ({formatFileSize(file.size)})
                    </Text>{' '}
                    <RemoveFileButton item={item} file={file} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(file.uploadedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

/** What the item is about. Programme and course names come from the curriculum, for readers who may read it. */
function Metadata({ item }: { item: LibraryItem }) {
  const { t } = useTranslation();
  const { formatDay } = useFormat();
  const lang = currentLanguage();
  const session = useQuery(sessionQuery);
  const readsCurriculum = session.data?.permissions.includes('curriculum.read') ?? false;
  const programmes = useQuery({
    ...programmesQuery(),
    enabled: readsCurriculum && item.programmeIds.length + item.courseIds.length > 0,
  });
  const all = programmes.data?.items ?? [];
  const programmeNames = all.filter((p) => item.programmeIds.includes(p.id)).map((p) => pick(p.title, lang).text);
  const courseNames = all
    .flatMap((p) => p.courses)
    .filter((c) => item.courseIds.includes(c.id))
    .map((c) => pick(c.title, lang).text);
  const rows: [string, ReactNode][] = [
    [t('library.fields.publishedOn'), item.publishedOn ? formatDay(item.publishedOn) : null],
    [t('library.fields.author'), item.author],
    [t('library.facets.pillar'), item.pillars.map((code) => t('library.pillar', { code })).join(', ')],
    [
      t('library.fields.resolutions'),
      item.resolutions.length > 0 ? <Ltr key="resolutions">{item.resolutions.map((n) => `S/RES/${n}`).join(', ')}</Ltr> : null,
    ],
    [t('library.fields.thematicAreas'), item.thematicAreas.join(', ')],
    [t('library.facets.state'), item.states.map((iso2) => regionName(iso2, lang)).join(', ')],
    [t('library.fields.programmes'), programmeNames.join(', ')],
    [t('library.fields.courses'), courseNames.join(', ')],
  ];
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" component="dl" m={0} data-testid="library-item-metadata">
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <Text component="dt" size="xs" c="dimmed">
                {label}
              </Text>
              <Text component="dd" m={0} size="sm">
                {value}
              </Text>
            </div>
          ))}
      </SimpleGrid>
    </Paper>
  );
}
