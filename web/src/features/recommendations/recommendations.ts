import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { ActionOwnerKind, ActionStatus } from '../../../../contract/enums';
import { ApiError } from '../../api/client';
import { type ApiResponse, http } from '../../api/http';

export type ActionList = ApiResponse<'/api/recommendation-actions'>;
export type Action = ActionList['items'][number];
export type ActionDetail = ApiResponse<'/api/recommendation-actions/{id}'>;
export type Owner = Action['owner'];
export type RecommendationDetail = ApiResponse<'/api/recommendations/{id}'>;
export type RecommendationList = ApiResponse<'/api/recommendations'>;
export type EditionSummaries = ApiResponse<'/api/recommendations/editions'>;
export type FollowThrough = ApiResponse<'/api/recommendations/follow-through'>;
export type FollowThroughCounts = EditionSummaries['items'][number]['followThrough'];
export type ActionCounts = EditionSummaries['items'][number]['actions'];
export type StateSummaries = ApiResponse<'/api/recommendations/by-state'>;
export type OwnerSummaries = ApiResponse<'/api/recommendations/by-owner'>;
export type HistoryEntry = ActionDetail['history'][number];
export type Evidence = ActionDetail['evidence'][number];

export const statusColours: Record<ActionStatus, string> = {
  planned: 'gray',
  in_progress: 'blue',
  done: 'green',
  dropped: 'dark',
};

export const recommendationsKey = ['recommendations'] as const;

export const editionSummariesQuery = () =>
  queryOptions({
    queryKey: ['recommendations', 'editions'],
    queryFn: ({ signal }) => http.get('/recommendations/editions', { signal }),
  });

export type EditionSummary = EditionSummaries['items'][number];

/** One edition's summary (an unknown edition is NOT_FOUND, like any record). */
export const editionSummaryQuery = (id: string) =>
  queryOptions({
    queryKey: ['recommendations', 'edition', id],
    queryFn: async ({ signal }) => {
      const { items } = await http.get('/recommendations/editions', { signal });
      const found = items.find((e) => e.edition.id === id);
      if (!found) throw new ApiError(404, 'NOT_FOUND', 'Edition not found');
      return found;
    },
  });

export const followThroughQuery = (filter: { fromYear?: number; toYear?: number; stateIso2?: string } = {}) =>
  queryOptions({
    queryKey: ['recommendations', 'follow-through', filter],
    queryFn: ({ signal }) => http.get('/recommendations/follow-through', { query: filter, signal }),
  });

export const recommendationsQuery = (filter: { editionId?: string; stateIso2?: string }) =>
  queryOptions({
    queryKey: ['recommendations', 'list', filter],
    queryFn: ({ signal }) => http.get('/recommendations', { query: filter, signal }),
  });

export const recommendationQuery = (id: string) =>
  queryOptions({
    queryKey: ['recommendations', 'detail', id],
    queryFn: ({ signal }) => http.get(`/recommendations/${encodeURIComponent(id)}`, { signal }),
  });

export type ActionFilters = {
  editionId?: string;
  stateIso2?: string;
  ownerKind?: ActionOwnerKind;
  status?: ActionStatus;
  overdue?: boolean;
  page: number;
};

export const ACTIONS_PAGE_SIZE = 50;

export const actionsQuery = (filters: ActionFilters) =>
  queryOptions({
    queryKey: ['recommendations', 'actions', filters],
    queryFn: ({ signal }) =>
      http.get('/recommendation-actions', {
        query: { ...filters, overdue: filters.overdue ? 'true' : undefined, pageSize: ACTIONS_PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

/** Every action of an edition (an edition has a few dozen): the edition page groups them by recommendation. */
export const editionActionsQuery = (editionId: string) =>
  queryOptions({
    queryKey: ['recommendations', 'actions', 'edition', editionId],
    queryFn: ({ signal }) => http.get('/recommendation-actions', { query: { editionId, pageSize: 200 }, signal }),
  });

export const actionQuery = (id: string) =>
  queryOptions({
    queryKey: ['recommendations', 'action', id],
    queryFn: ({ signal }) => http.get(`/recommendation-actions/${encodeURIComponent(id)}`, { signal }),
  });

export const stateSummariesQuery = (filter: { fromYear?: number; toYear?: number }) =>
  queryOptions({
    queryKey: ['recommendations', 'by-state', filter],
    queryFn: ({ signal }) => http.get('/recommendations/by-state', { query: filter, signal }),
  });

export const ownerSummariesQuery = () =>
  queryOptions({
    queryKey: ['recommendations', 'by-owner'],
    queryFn: ({ signal }) => http.get('/recommendations/by-owner', { signal }),
  });

export const evidenceFileUrl = (evidenceId: string) => `/api/recommendation-evidence/${encodeURIComponent(evidenceId)}/file`;

/** An owner in words: the state's name, the agency or organisation (with its state), or the office. */
export function ownerLabel(t: TFunction, owner: Owner, stateName: (iso2: string) => string): string {
  switch (owner.kind) {
    case 'state':
      return owner.stateIso2 ? stateName(owner.stateIso2) : '—';
    case 'agency':
      return `${owner.acronym ?? owner.name ?? '—'}${owner.stateIso2 ? ` (${stateName(owner.stateIso2)})` : ''}`;
    case 'organisation':
      return owner.acronym ?? owner.name ?? '—';
    case 'office':
      return t('recommendations.owner.office');
  }
}
