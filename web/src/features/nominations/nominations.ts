import { queryOptions } from '@tanstack/react-query';
import { type ApiResponse, http } from '../../api/http';

type NominationList = ApiResponse<'/api/sessions/{id}/nominations'>;
export type Nomination = NominationList['items'][number];
export type Nominee = Nomination['official'];
export type Seats = NominationList['seats'];

export const nominationsKey = (sessionId: string) => ['nominations', sessionId] as const;

export const nominationsQuery = (sessionId: string) =>
  queryOptions({
    queryKey: nominationsKey(sessionId),
    queryFn: ({ signal }) => http.get(`/sessions/${sessionId}/nominations`, { signal }),
  });

export const candidatesQuery = (sessionId: string, q: string) =>
  queryOptions({
    queryKey: [...nominationsKey(sessionId), 'candidates', q],
    queryFn: ({ signal }) => http.get(`/sessions/${sessionId}/nomination-candidates`, { query: { q }, signal }),
  });
