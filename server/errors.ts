import { type ErrorCode, errorStatus } from '../contract/errors';
import type { RuleCode, RuleParams } from './platform/rules';

export type { ErrorCode };

/** A field the refusal names; a broken rule's detail names the rule too (platform/rules.ts). */
export type ErrorDetail = { path: string; message: string; rule?: RuleCode; params?: RuleParams };

type Options = { details?: ErrorDetail[]; headers?: Record<string, string>; rule?: RuleCode; params?: RuleParams };

/** The one error type of the application: a code the client can act on, mapped to an HTTP status. */
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
