import i18n from 'i18next';
import { type ErrorCode, errorCodes } from '../../../contract/errors';
import { earlyKey, takeEarlyAnswer } from './early';

/** Error codes of the API envelope (contract/errors.ts), plus NETWORK when the server could not be reached at all. */
export const apiErrorCodes = [...errorCodes, 'NETWORK'] as const;
export type ApiErrorCode = ErrorCode | 'NETWORK';

/** The values a broken rule's message is filled with (`{{name}}` in the `rules` section of the catalogues). */
export type RuleParams = Record<string, string | number>;

/** A field a refusal names; a broken rule's detail names its rule too. */
export type ApiErrorDetail = { path: string; message: string; rule?: string; params?: RuleParams };

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    /** From `retry-after` on 429 responses. */
    readonly retryAfterSeconds: number | null = null,
    readonly requestId: string | null = null,
    /** The rule a refused request breaks (server/platform/rules.ts), worded by `rules.<rule>` in the catalogues. */
    readonly rule: string | null = null,
    readonly params: RuleParams = {},
  ) {
    super(message);
  }
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

type RequestOptions = {
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
  /** The caller handles 401 itself (the session probe): do not send the user to sign-in. */
  allowUnauthenticated?: boolean;
};

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let onPasswordChangeRequired: (() => void) | null = null;

/** The token from the latest SessionView; every write sends it back as `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a signed-in request gets 401 UNAUTHENTICATED (session expired or ended elsewhere). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Called when the server refuses a request until the user's temporary password is changed. */
export function setPasswordChangeRequiredHandler(handler: () => void): void {
  onPasswordChangeRequired = handler;
}

function toQueryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function toApiError(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => null);
  const envelope = (
    payload as { error?: { code?: unknown; message?: unknown; details?: unknown; rule?: unknown; params?: unknown } } | null
  )?.error;
  const code = (apiErrorCodes as readonly unknown[]).includes(envelope?.code) ? (envelope?.code as ApiErrorCode) : 'INTERNAL';
  const message = typeof envelope?.message === 'string' ? envelope.message : response.statusText;
  const details = Array.isArray(envelope?.details) ? (envelope.details as ApiErrorDetail[]) : [];
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return new ApiError(
    response.status,
    code,
    message,
    details,
    Number.isFinite(retryAfter) ? retryAfter : null,
    response.headers.get('x-request-id'),
    typeof envelope?.rule === 'string' ? envelope.rule : null,
    envelope?.params && typeof envelope.params === 'object' ? (envelope.params as RuleParams) : {},
  );
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    // Lets the server word its messages in the user's language where it can.
    'accept-language': i18n.resolvedLanguage ?? 'en',
  };
  // A FormData body (a file upload) goes as multipart/form-data, its boundary set by the browser.
  const form = options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  // The first screen's reads were asked for by web/src/boot.ts before this code arrived.
  const query = toQueryString(options.query);
  const early = method === 'GET' ? takeEarlyAnswer(earlyKey(path, query)) : null;
  let response = early ? await early : null;
  if (!response) {
    try {
      response = await fetch(`/api${path}${query}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : form ? (options.body as FormData) : JSON.stringify(options.body),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'Network error');
    }
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.code === 'UNAUTHENTICATED' && !options.allowUnauthenticated) onUnauthenticated?.();
    if (error.code === 'PASSWORD_CHANGE_REQUIRED') onPasswordChangeRequired?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};
