import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { candidatePairSchema, duplicateListSchema, mergeResultSchema } from '../../../../server/modules/duplicates/schemas';
import { http } from '../../api/http';

/** Shapes of the duplicates API, inferred from the server's schemas (type-only). */
export type CandidatePair = z.infer<typeof candidatePairSchema>;
export type DuplicateList = z.infer<typeof duplicateListSchema>;
export type MergeResult = z.infer<typeof mergeResultSchema>;
export type DuplicateReason = CandidatePair['reasons'][number];

export const DUPLICATES_PAGE_SIZE = 20;

export const duplicatesQuery = (filters: { stateIso2?: string; page: number }) =>
  queryOptions({
    queryKey: ['duplicates', filters],
    queryFn: ({ signal }) => http.get('/duplicates', { query: { ...filters, pageSize: DUPLICATES_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });

export const mergeOfficials = (input: { survivorId: string; absorbedId: string; reason: string }) =>
  http.post('/duplicates/merge', input);

export const markDistinct = (input: { firstId: string; secondId: string }) => http.post('/duplicates/distinct', input);

/** Reasons that count against a pair are shown in another colour. */
export const isEvidenceAgainst = (reason: DuplicateReason) => reason.startsWith('different_');
