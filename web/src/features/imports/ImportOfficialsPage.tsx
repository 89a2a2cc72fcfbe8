import { Alert, Anchor, Badge, Button, Checkbox, FileInput, Group, List, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../../hooks/session';
import { useMemberStates } from '../../hooks/states';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../i18n/format';
import {
  commitImport,
  type ImportFile,
  type ImportPreview,
  type ImportPreviewRow,
  MAX_FILE_BYTES,
  previewImport,
  readAsBase64,
  templateUrl,
} from './imports';

const SHOWN_FIELDS = ['state', 'familyName', 'givenNames', 'sex', 'birthDate', 'agency', 'email'] as const;

function RowStatus({ row }: { row: ImportPreviewRow }) {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  return (
    <Stack gap={4}>
      {row.errors.length === 0 && (
        <Badge color="green" variant="light">
          {t('quality.imports.valid')}
        </Badge>
      )}
      {row.errors.map((e) => (
        <Text key={`${e.field}-${e.message}`} size="xs" c="red.8">
          {t(`quality.imports.fields.${e.field}`, { defaultValue: e.field })}: {e.message}
        </Text>
      ))}
      {row.existingDuplicates.map((d) => (
        <Text key={d.officialId} size="xs" c="orange.9">
          {t('quality.imports.existingDuplicate', {
            name: `${d.familyName} ${d.givenNames}`,
            score: formatNumber(Math.round(d.score * 100)),
          })}
        </Text>
      ))}
      {row.fileDuplicates.map((d) => (
        <Text key={d.line} size="xs" c="orange.9">
          {t('quality.imports.fileDuplicate', { line: formatNumber(d.line), score: formatNumber(Math.round(d.score * 100)) })}
        </Text>
      ))}
    </Stack>
  );
}

export function ImportOfficialsPage() {
  const { t } = useTranslation();
  const { formatNumber } = useFormat();
  const me = useMe();
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const ownState = me.stateIso2;
  const [stateIso2, setStateIso2] = useState<string | null>(ownState);
  const [file, setFile] = useState<File | null>(null);
  const [payload, setPayload] = useState<ImportFile | null>(null);
  const [skip, setSkip] = useState<Set<number>>(new Set());
  const memberStates = useMemberStates();
  const stateOptions = memberStates.options;
  const templateLang = lang === 'fr' ? 'fr' : 'en';

  const preview = useMutation({
    mutationFn: async (): Promise<{ body: ImportFile; preview: ImportPreview }> => {
      if (!file) throw new Error('no file');
      const body: ImportFile = {
        filename: file.name,
        contentBase64: await readAsBase64(file),
        ...(stateIso2 && !ownState ? { stateIso2 } : {}),
      };
      return { body, preview: await previewImport(body) };
    },
    onSuccess: ({ body, preview: result }) => {
      setPayload(body);
      // Rows that look like someone already registered are left out unless the person ticks them back.
      setSkip(new Set(result.rows.filter((r) => r.errors.length === 0 && r.existingDuplicates.length > 0).map((r) => r.line)));
    },
  });
  const commit = useMutation({
    mutationFn: () => commitImport({ ...(payload as ImportFile), skipLines: [...skip] }),
    onSuccess: (result) => {
      notifications.show({ color: 'green', message: t('quality.imports.done', { n: formatNumber(result.created) }) });
      void queryClient.invalidateQueries({ queryKey: ['officials'] });
      preview.reset();
      setPayload(null);
      setFile(null);
    },
  });

  const data = preview.data?.preview;
  const toImport = data ? data.rows.filter((r) => r.errors.length === 0 && !skip.has(r.line)).length : 0;
  const tooLarge = file !== null && file.size > MAX_FILE_BYTES;
  const toggle = (line: number) =>
    setSkip((current) => {
      const next = new Set(current);
      if (next.has(line)) next.delete(line);
      else next.add(line);
      return next;
    });

  return (
    <>
      <PageHeader title={t('quality.imports.title')} description={t('quality.imports.description')} />
      <Paper withBorder p="md" mb="md">
        <Stack>
          <Group gap="lg">
            <Text size="sm">{t('quality.imports.template')}</Text>
            <Anchor href={templateUrl('xlsx', templateLang)} size="sm" data-testid="template-xlsx">
              <Group gap={4}>
                <IconDownload size={16} aria-hidden />
                XLSX
              </Group>
            </Anchor>
            <Anchor href={templateUrl('csv', templateLang)} size="sm" data-testid="template-csv">
              <Group gap={4}>
                <IconDownload size={16} aria-hidden />
                CSV
              </Group>
            </Anchor>
          </Group>
          <Text size="sm" c="dimmed">
            {t('quality.imports.columnsHelp')}
          </Text>
          <Group align="flex-end">
            {!ownState && (
              <Select
                label={t('quality.imports.state')}
                description={t('quality.imports.stateHelp')}
                data={stateOptions}
                value={stateIso2}
                onChange={setStateIso2}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('common.clear') }}
                nothingFoundMessage={t('common.noMatch')}
                w={{ base: '100%', sm: 280 }}
                data-testid="import-state"
              />
            )}
            <FileInput
              label={t('quality.imports.file')}
              placeholder={t('quality.imports.choose')}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={(f) => {
                setFile(f);
                preview.reset();
                commit.reset();
                setPayload(null);
              }}
              leftSection={<IconFileUpload size={16} aria-hidden />}
              error={tooLarge ? t('quality.imports.tooLarge') : undefined}
              w={{ base: '100%', sm: 320 }}
              clearable
              data-testid="import-file"
            />
            <Button
              onClick={() => preview.mutate()}
              disabled={!file || tooLarge}
              loading={preview.isPending}
              data-testid="import-preview"
            >
              {t('quality.imports.preview')}
            </Button>
          </Group>
          {preview.isError && <ErrorAlert error={preview.error} />}
        </Stack>
      </Paper>

      {commit.data && !data && (
        <Alert color="green" mb="md" data-testid="import-done">
          {t('quality.imports.done', { n: formatNumber(commit.data.created) })}
        </Alert>
      )}
      {data && (
        <>
          <Alert color={data.validRows > 0 ? 'blue' : 'red'} mb="md" data-testid="import-summary">
            <List size="sm">
              <List.Item>{t('quality.imports.rows', { n: formatNumber(data.totalRows) })}</List.Item>
              <List.Item>{t('quality.imports.validRows', { n: formatNumber(data.validRows) })}</List.Item>
              <List.Item>{t('quality.imports.invalidRows', { n: formatNumber(data.invalidRows) })}</List.Item>
              <List.Item>{t('quality.imports.duplicateRows', { n: formatNumber(data.rowsWithDuplicates) })}</List.Item>
            </List>
            <Text size="sm" mt="xs">
              {t('quality.imports.nothingWritten')}
            </Text>
          </Alert>
          <Paper withBorder mb="md">
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="xs" data-testid="import-rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('quality.imports.import')}</Table.Th>
                    <Table.Th>{t('quality.imports.line')}</Table.Th>
                    {SHOWN_FIELDS.map((f) => (
                      <Table.Th key={f}>{t(`quality.imports.fields.${f}`)}</Table.Th>
                    ))}
                    <Table.Th>{t('quality.imports.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.slice(0, 500).map((row) => {
                    const valid = row.errors.length === 0;
                    const duplicate = row.existingDuplicates.length > 0 || row.fileDuplicates.length > 0;
                    return (
                      <Table.Tr
                        key={row.line}
                        bg={
                          !valid ? 'var(--mantine-color-red-light)' : duplicate ? 'var(--mantine-color-orange-light)' : undefined
                        }
                        data-testid={`import-row-${row.line}`}
                      >
                        <Table.Td>
                          <Checkbox
                            aria-label={t('quality.imports.importLine', { line: formatNumber(row.line) })}
                            checked={valid && !skip.has(row.line)}
                            disabled={!valid}
                            onChange={() => toggle(row.line)}
                          />
                        </Table.Td>
                        <Table.Td>{formatNumber(row.line)}</Table.Td>
                        {SHOWN_FIELDS.map((f) => (
                          <Table.Td key={f}>
                            <bdi>{row.values[f] || '—'}</bdi>
                          </Table.Td>
                        ))}
                        <Table.Td>
                          <RowStatus row={row} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {data.rows.length > 500 && (
              <Text size="sm" c="dimmed" p="sm">
                {t('quality.imports.firstRows', { n: formatNumber(500), total: formatNumber(data.rows.length) })}
              </Text>
            )}
          </Paper>
          {commit.isError && <ErrorAlert error={commit.error} />}
          <Group justify="flex-end">
            <Button
              onClick={() => commit.mutate()}
              disabled={toImport === 0}
              loading={commit.isPending}
              data-testid="import-commit"
            >
              {t('quality.imports.commit', { n: formatNumber(toImport) })}
            </Button>
          </Group>
        </>
      )}
    </>
  );
}
