import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { SessionStatus } from '../../../../contract/enums';
import { type ApiResponse, http } from '../../api/http';

export type SessionSummary = ApiResponse<'/api/sessions'>['items'][number];
export type SessionDetail = ApiResponse<'/api/sessions/{id}'>;
export type Quota = SessionDetail['quotas'][number];
export type Trainer = ApiResponse<'/api/sessions/trainers'>['items'][number];

export const SESSIONS_PAGE_SIZE = 25;

export const sessionsKey = ['sessions'] as const;

export const sessionsQuery = (filters: { status?: SessionStatus; courseId?: string; year?: number; page: number }) =>
  queryOptions({
    queryKey: ['sessions', 'list', filters],
    queryFn: ({ signal }) => http.get('/sessions', { query: { ...filters, pageSize: SESSIONS_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

export const sessionQuery = (id: string) =>
  queryOptions({
    queryKey: ['sessions', 'detail', id],
    queryFn: ({ signal }) => http.get(`/sessions/${encodeURIComponent(id)}`, { signal }),
  });

export const trainersQuery = () =>
  queryOptions({
    queryKey: ['sessions', 'trainers'],
    queryFn: ({ signal }) => http.get('/sessions/trainers', { signal }),
    staleTime: 60_000,
  });
