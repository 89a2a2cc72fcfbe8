import { queryOptions } from '@tanstack/react-query';
import { type ApiBody, type ApiResponse, http } from '../../api/http';
import type { Me } from '../../api/types';

export type Certificate = ApiResponse<'/api/certificates'>['items'][number];
export type Preview = ApiResponse<'/api/sessions/{id}/certificates/preview'>;
export type Verification = ApiResponse<'/api/credentials/verify', 'post'>;
export type VerifyInput = ApiBody<'/api/credentials/verify'>;
export type RevocationReason = ApiBody<'/api/certificates/{id}/revoke'>['reason'];

/** The reasons an officer may give; `superseded` is the server's own, on re-issue. */
export const revocationReasons: readonly RevocationReason[] = ['error', 'fraud', 'completion_withdrawn'];

type Locale = Me['locale'];

export const certificatesKey = ['certificates'] as const;

/**
 * The reader's certificates: their own (participants), their state's officials' (focal points), all
 * (officers). Course titles come in the language saved on the reader's account
 * (server/modules/certificates/service.ts): it is part of the key, so that once a switch of language
 * is saved they are fetched again.
 */
export const certificatesQuery = (locale: Locale, sessionId?: string) =>
  queryOptions({
    queryKey: [...certificatesKey, { sessionId, locale }],
    queryFn: ({ signal }) => http.get('/certificates', { signal, query: { sessionId } }),
  });

export const previewQuery = (sessionId: string) =>
  queryOptions({
    queryKey: [...certificatesKey, 'preview', sessionId],
    queryFn: ({ signal }) => http.get(`/sessions/${sessionId}/certificates/preview`, { signal }),
  });

/** The files of a certificate, fetched by the browser as downloads (the session cookie goes along). */
export const fileUrl = (id: string, file: 'certificate.pdf' | 'credential.jwt' | 'credential.json', lang?: string) =>
  `/api/certificates/${encodeURIComponent(id)}/${file}${lang ? `?lang=${lang}` : ''}`;

/** A pasted credential (three base64url parts) rather than a printed code. */
export const looksLikeJwt = (text: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text.trim());
