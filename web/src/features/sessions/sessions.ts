import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { CourseLevel, Locale, Modality, SessionStatus } from '../../../../contract/enums';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import type { LocalisedField } from '../curriculum/curriculum';

export type SessionSummary = {
  id: string;
  code: string;
  course: { id: string; code: string; title: LocalisedField; level: CourseLevel };
  status: SessionStatus;
  startDate: string;
  endDate: string;
  nominationDeadline: string;
  venueCity: string | null;
  venueCountry: string | null;
  modality: Modality;
  languages: Locale[];
  capacity: number;
};

export type Quota = { stateIso2: string; seats: number; nominated: number; seatsLeft: number };

export type SessionDetail = SessionSummary & {
  womenTarget: number | null;
  trainers: { id: string; displayName: string }[];
  quotas: Quota[];
  days: string[];
  allowedTransitions: SessionStatus[];
  /** What the reader may do with it (server/modules/sessions/policy.ts). */
  can: { edit: boolean };
  createdAt: string;
  updatedAt: string;
};

export type Trainer = { id: string; displayName: string; email: string };

export const SESSIONS_PAGE_SIZE = 25;

export const sessionsKey = ['sessions'] as const;

export const sessionsQuery = (filters: { status?: SessionStatus; courseId?: string; year?: number; page: number }) =>
  queryOptions({
    queryKey: ['sessions', 'list', filters],
    queryFn: ({ signal }) =>
      api.get<Page<SessionSummary>>('/sessions', { query: { ...filters, pageSize: SESSIONS_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

export const sessionQuery = (id: string) =>
  queryOptions({
    queryKey: ['sessions', 'detail', id],
    queryFn: ({ signal }) => api.get<SessionDetail>(`/sessions/${encodeURIComponent(id)}`, { signal }),
  });

export const trainersQuery = () =>
  queryOptions({
    queryKey: ['sessions', 'trainers'],
    queryFn: ({ signal }) => api.get<{ items: Trainer[] }>('/sessions/trainers', { signal }),
    staleTime: 60_000,
  });

export const statusColours: Record<SessionStatus, string> = {
  planned: 'gray',
  open: 'blue',
  closed: 'orange',
  completed: 'green',
  cancelled: 'red',
};
