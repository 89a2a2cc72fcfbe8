import type { RuleCode, RuleParams } from './platform/rules';

/** The one error type of the application: a code the client can act on, mapped to an HTTP status. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  INVALID_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  MFA_INVALID: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  MFA_REQUIRED: 403,
  /** Signed in with a temporary password: nothing but changing it (and signing out) until it is changed. */
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  /** Too many failed sign-ins on this account from this client (untrusted clients, or this one device). */
  SIGN_IN_LOCKED: 429,
  INTERNAL: 500,
  /** The server is starting (migrations, first seeding) or shutting down: try again shortly. */
  NOT_READY: 503,
  /** A PDF was asked for and no Chromium can print it here (not installed, failed, busy or too slow). */
  PDF_RENDERER_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A field the refusal names; a broken rule's detail names the rule too (platform/rules.ts). */
export type ErrorDetail = { path: string; message: string; rule?: RuleCode; params?: RuleParams };

type Options = { details?: ErrorDetail[]; headers?: Record<string, string>; rule?: RuleCode; params?: RuleParams };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];
  readonly headers?: Record<string, string>;
  /** The rule a refused request breaks, and the values its message is filled with (platform/rules.ts). */
  readonly rule?: RuleCode;
  readonly params?: RuleParams;

  constructor(code: ErrorCode, message: string, options: Options = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
    this.rule = options.rule;
    this.params = options.params;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
