import { Group, Loader, type MantineSpacing, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';
import { PageSwitcher } from './PageSwitcher';

type Props<D> = {
  /** The list's query (React Query's result). */
  query: { isError: boolean; error: unknown; isPending: boolean; isFetching: boolean; data: D | undefined };
  /** What the page shows, said to screen readers too ("1–50 of 1,204"). */
  count: ReactNode;
  countTestId: string;
  pages: number;
  page: number;
  onPage(next: number): void;
  gap?: MantineSpacing;
  /** The table of the loaded page. */
  children(data: D): ReactNode;
};

/** A paged list's frame: its refusal or loader, then its count, the table and the page switcher. */
export function PagedList<D>({ query, count, countTestId, pages, page, onPage, gap = 'xs', children }: Props<D>) {
  const { t } = useTranslation();
  return (
    <>
      {query.isError && <ErrorAlert error={query.error} />}
      {query.isPending && <Loader aria-label={t('common.loading')} />}
      {query.data !== undefined && (
        <Stack gap={gap}>
          <Group justify="space-between">
            <Text size="sm" c="dimmed" role="status" data-testid={countTestId}>
              {count}
            </Text>
            {query.isFetching && <Loader size="xs" aria-label={t('common.loading')} />}
          </Group>
          {children(query.data)}
          {pages > 1 && <PageSwitcher total={pages} value={page} onChange={onPage} />}
        </Stack>
      )}
    </>
  );
}
