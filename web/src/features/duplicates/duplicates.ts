import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { type ApiBody, type ApiResponse, http } from '../../api/http';

export type DuplicateList = ApiResponse<'/api/duplicates'>;
export type CandidatePair = DuplicateList['items'][number];
export type MergeResult = ApiResponse<'/api/duplicates/merge', 'post'>;
export type DuplicateReason = CandidatePair['reasons'][number];

export const DUPLICATES_PAGE_SIZE = 20;

export const duplicatesQuery = (filters: { stateIso2?: string; page: number }) =>
  queryOptions({
    queryKey: ['duplicates', filters],
    queryFn: ({ signal }) => http.get('/duplicates', { query: { ...filters, pageSize: DUPLICATES_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

export const mergeOfficials = (input: ApiBody<'/api/duplicates/merge'>) => http.post('/duplicates/merge', input);

export const markDistinct = (input: ApiBody<'/api/duplicates/distinct'>) => http.post('/duplicates/distinct', input);

/** Reasons that count against a pair are shown in another colour. */
export const isEvidenceAgainst = (reason: DuplicateReason) => reason.startsWith('different_');
