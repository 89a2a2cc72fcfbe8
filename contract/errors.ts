/**
 * The error codes of the API envelope and their HTTP status, free of any import: the server raises
 * them (server/errors.ts), the web reads them (web/src/api/client.ts).
 */
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
  /** Too many reads are already waiting for the database on this server: try again shortly (platform/admission.ts). */
  BUSY: 503,
  /** A PDF was asked for and no Chromium can print it here (not installed, failed, busy or too slow). */
  PDF_RENDERER_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as ErrorCode[];
