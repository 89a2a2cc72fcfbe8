import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { MemberState, MemberStateDetail, Subregion } from '../../api/types';

export const statesQuery = (filters: { q?: string; subregion?: Subregion }) =>
  queryOptions({
    queryKey: ['states', 'list', filters],
    queryFn: ({ signal }) => api.get<{ items: MemberState[] }>('/states', { query: filters, signal }),
    // The list rarely changes; keep showing the last result while a new search runs.
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });

export const stateQuery = (iso2: string) =>
  queryOptions({
    queryKey: ['states', 'detail', iso2],
    queryFn: ({ signal }) => api.get<MemberStateDetail>(`/states/${encodeURIComponent(iso2)}`, { signal }),
  });
