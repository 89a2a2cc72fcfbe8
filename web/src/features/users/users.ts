import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page, Role, User } from '../../api/types';

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
    queryFn: ({ signal }) => api.get<Page<User>>('/users', { query: { ...filters, pageSize: USERS_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

/** Every list of users is stale after a change to any user. */
export const usersKey = ['users'] as const;
