import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { OutboxStatus } from '../../../../contract/enums';
import { http } from '../../api/http';

export const OUTBOX_PAGE_SIZE = 50;

export type OutboxFilters = {
  status?: OutboxStatus;
  kind?: string;
  recipient?: string;
  from?: string;
  to?: string;
  page: number;
};

export const outboxQuery = (filters: OutboxFilters) =>
  queryOptions({
    queryKey: ['outbox', 'list', filters],
    queryFn: ({ signal }) => http.get('/outbox', { query: { ...filters, pageSize: OUTBOX_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

export const outboxMessageQuery = (id: string) =>
  queryOptions({
    queryKey: ['outbox', 'message', id],
    queryFn: ({ signal }) => http.get(`/outbox/${id}`, { signal }),
  });

/** A kind's name in the reader's language (`outbox.kinds.<kind with _>`), else the kind itself. */
export const kindName = (t: TFunction, kind: string) => t(`outbox.kinds.${kind.replaceAll('.', '_')}`, { defaultValue: kind });

export const outboxStatusColours: Record<OutboxStatus, string> = { pending: 'blue', sent: 'green', failed: 'red' };
