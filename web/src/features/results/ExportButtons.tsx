import { Button, Group } from '@mantine/core';
import { IconFileSpreadsheet, IconFileTypeCsv } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { type Dimension, exportUrl, type ResultsFilters } from './results';

type ExportButtonsProps = {
  filters: ResultsFilters;
  table: { table: 'dashboard' } | { table: 'breakdown'; dimension: Dimension };
  /** What is exported, for screen readers ("Officials trained by year"). */
  subject: string;
};

/** CSV and XLSX downloads of a table, with the page's filters, in the reader's language. */
export function ExportButtons({ filters, table, subject }: ExportButtonsProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const testId = table.table === 'dashboard' ? 'dashboard' : table.dimension;
  return (
    <Group gap={6} wrap="nowrap">
      <Button
        component="a"
        href={exportUrl(filters, table, 'csv', lang)}
        download
        size="compact-xs"
        variant="default"
        leftSection={<IconFileTypeCsv size={14} aria-hidden />}
        aria-label={t('results.export.csvOf', { subject })}
        data-testid={`export-csv-${testId}`}
      >
        {t('results.export.csv')}
      </Button>
      <Button
        component="a"
        href={exportUrl(filters, table, 'xlsx', lang)}
        download
        size="compact-xs"
        variant="default"
        leftSection={<IconFileSpreadsheet size={14} aria-hidden />}
        aria-label={t('results.export.xlsxOf', { subject })}
        data-testid={`export-xlsx-${testId}`}
      >
        {t('results.export.xlsx')}
      </Button>
    </Group>
  );
}
