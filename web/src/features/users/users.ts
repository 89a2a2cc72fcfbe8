import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Role } from '../../../../contract/enums';
import { http } from '../../api/http';
import type { OfficialCandidate } from '../../api/types';

export const USERS_PAGE_SIZE = 25;

type UserFilters = {
  q?: string;
  role?: Role;
  stateIso2?: string;
  active?: 'true' | 'false';
  page: number;
};

export const usersQuery = (filters: UserFilters) =>
  queryOptions({
    queryKey: ['users', 'list', filters],
    queryFn: ({ signal }) => http.get('/users', { query: { ...filters, pageSize: USERS_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

/** Every list of users is stale after a change to any user. */
export const usersKey = ['users'] as const;

/** Officials of a state that a participant account may be linked to (the edited account's own first). */
export const officialCandidatesQuery = (stateIso2: string | null, q: string, userId: string | null) =>
  queryOptions({
    queryKey: ['users', 'official-candidates', stateIso2, q, userId],
    queryFn: ({ signal }) =>
      http.get('/users/official-candidates', {
        query: { stateIso2: stateIso2 ?? '', ...(q ? { q } : {}), ...(userId ? { userId } : {}) },
        signal,
      }),
    enabled: stateIso2 !== null,
    placeholderData: keepPreviousData,
  });

export const candidateLabel = (c: OfficialCandidate): string =>
  [`${c.familyName.toUpperCase()}, ${c.givenNames}`, c.nameOriginal, c.agencyName].filter(Boolean).join(' · ');
