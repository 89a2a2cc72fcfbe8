import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { type ApiResponse, http } from '../../api/http';

export type Agency = ApiResponse<'/api/agencies/{id}'>;
export type OfficialSummary = ApiResponse<'/api/officials'>['items'][number];
export type Official = ApiResponse<'/api/officials/{id}'>;
export type Sex = Official['sex'];

export const OFFICIALS_PAGE_SIZE = 25;

/** `after`: the `nextCursor` of the page before (keyset paging: fast however deep the page). */
export type OfficialFilters = { q?: string; stateIso2?: string; agencyId?: string; sex?: Sex; page: number; after?: string };

export const officialsQuery = (filters: OfficialFilters) =>
  queryOptions({
    queryKey: ['officials', 'list', filters],
    queryFn: ({ signal }) =>
      http.get('/officials', {
        query: { ...filters, pageSize: OFFICIALS_PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

export const officialQuery = (id: string) =>
  queryOptions({
    queryKey: ['officials', 'detail', id],
    queryFn: ({ signal }) => http.get(`/officials/${encodeURIComponent(id)}`, { signal }),
  });

export const ownOfficialQuery = queryOptions({
  queryKey: ['officials', 'me'],
  queryFn: ({ signal }) => http.get('/officials/me', { signal }),
  retry: false,
});

export const agencyTypesQuery = queryOptions({
  queryKey: ['reference', 'agencyTypes'],
  queryFn: async ({ signal }) => (await http.get('/reference', { signal })).agencyTypes,
  staleTime: Number.POSITIVE_INFINITY,
});

/** Every list or detail of officials is stale after a change to one. */
export const officialsKey = ['officials'] as const;
export const agenciesKey = ['agencies'] as const;

/** The name as the registry shows it: family name in capitals first, as on UN lists. */
export const displayName = (o: { familyName: string; givenNames: string }) => `${o.familyName.toUpperCase()}, ${o.givenNames}`;
