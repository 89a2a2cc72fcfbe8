import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  agencySchema,
  officialInputSchema,
  officialSchema,
  officialSummarySchema,
} from '../../../../server/modules/registry/schemas';
import { api } from '../../api/client';
import type { Page } from '../../api/types';

/** Shapes of the registry API, inferred from the server's schemas (type-only). */
export type Agency = z.infer<typeof agencySchema>;
export type OfficialSummary = z.infer<typeof officialSummarySchema>;
export type Official = z.infer<typeof officialSchema>;
export type OfficialInput = z.input<typeof officialInputSchema>;
export type Sex = Official['sex'];
export const sexes: readonly Sex[] = ['female', 'male'];

export const OFFICIALS_PAGE_SIZE = 25;

/** `after`: the `nextCursor` of the page before (keyset paging: fast however deep the page). */
export type OfficialFilters = { q?: string; stateIso2?: string; agencyId?: string; sex?: Sex; page: number; after?: string };

export const officialsQuery = (filters: OfficialFilters) =>
  queryOptions({
    queryKey: ['officials', 'list', filters],
    queryFn: ({ signal }) =>
      api.get<Omit<Page<OfficialSummary>, 'total'> & { total: number | null; nextCursor: string | null }>('/officials', {
        query: { ...filters, pageSize: OFFICIALS_PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

export const officialQuery = (id: string) =>
  queryOptions({
    queryKey: ['officials', 'detail', id],
    queryFn: ({ signal }) => api.get<Official>(`/officials/${encodeURIComponent(id)}`, { signal }),
  });

export const ownOfficialQuery = queryOptions({
  queryKey: ['officials', 'me'],
  queryFn: ({ signal }) => api.get<Official>('/officials/me', { signal }),
  retry: false,
});

export const agenciesQuery = (filters: { stateIso2?: string }) =>
  queryOptions({
    queryKey: ['agencies', 'list', filters],
    queryFn: ({ signal }) => api.get<{ items: Agency[] }>('/agencies', { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const agencyTypesQuery = queryOptions({
  queryKey: ['reference', 'agencyTypes'],
  queryFn: async ({ signal }) => (await api.get<{ agencyTypes: string[] }>('/reference', { signal })).agencyTypes,
  staleTime: Number.POSITIVE_INFINITY,
});

/** Every list or detail of officials is stale after a change to one. */
export const officialsKey = ['officials'] as const;
export const agenciesKey = ['agencies'] as const;

/** The name as the registry shows it: family name in capitals first, as on UN lists. */
export const displayName = (o: { familyName: string; givenNames: string }) => `${o.familyName.toUpperCase()}, ${o.givenNames}`;
