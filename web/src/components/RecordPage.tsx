import { Alert, Anchor, Group, Loader, Stack, useDirection } from '@mantine/core';
import { IconArrowLeft, IconArrowRight } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link, type LinkProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorAlert } from './ErrorAlert';

type RecordPageProps<T> = {
  /** Where the back link leads (the list the record belongs to), and its label. */
  back: { to: LinkProps['to']; label: string };
  query: UseQueryResult<T>;
  /** Shown when the record does not exist for this reader (unknown, malformed or out of scope). */
  notFound: { title?: string; body: ReactNode };
  children: (record: T) => ReactNode;
};

/** The frame of every record's page: a back link, then loading, not found, an error or the record. */
export function RecordPage<T>({ back, query, notFound, children }: RecordPageProps<T>) {
  const { t } = useTranslation();
  const BackIcon = useDirection().dir === 'rtl' ? IconArrowRight : IconArrowLeft;
  const missing =
    query.error instanceof ApiError && (query.error.code === 'NOT_FOUND' || query.error.code === 'VALIDATION_FAILED');
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={back.to} size="sm" w="fit-content">
        <Group gap={4} component="span">
          <BackIcon size={16} aria-hidden />
          {back.label}
        </Group>
      </Anchor>
      {query.isPending && <Loader aria-label={t('common.loading')} />}
      {query.isError &&
        (missing ? (
          <Alert color="gray" title={notFound.title}>
            {notFound.body}
          </Alert>
        ) : (
          <ErrorAlert error={query.error} />
        ))}
      {query.data !== undefined && children(query.data)}
    </Stack>
  );
}
