import { Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format';

type PageSwitcherProps = { total: number; value: number; onChange: (page: number) => void };

/** Pagination with translated labels for screen readers and page numbers in the UI's digits. */
export function PageSwitcher({ total, value, onChange }: PageSwitcherProps) {
  const { t } = useTranslation();
  const controlLabels = {
    first: t('common.pagination.first'),
    previous: t('common.pagination.previous'),
    next: t('common.pagination.next'),
    last: t('common.pagination.last'),
  };
  return (
    <Pagination
      total={total}
      value={value}
      onChange={onChange}
      withEdges
      getControlProps={(control) => ({ 'aria-label': controlLabels[control] })}
      getItemProps={(page) => ({ 'aria-label': t('common.pagination.page', { page: formatNumber(page) }) })}
      mt="sm"
    />
  );
}
