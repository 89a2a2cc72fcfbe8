import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { ruleText } from '../ErrorAlert';

/** One message per form field, in the reader's language. */
export type FieldErrors = Partial<Record<string, string>>;

/** What the form needs of a zod issue (zod 4's issue shape, without depending on its types). */
export type SchemaIssue = {
  code: string;
  path: PropertyKey[];
  origin?: string;
  format?: string;
  expected?: string;
  minimum?: number | bigint | Date;
  maximum?: number | bigint | Date;
  inclusive?: boolean;
};

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(isEmpty));

function valueAt(values: unknown, path: PropertyKey[]): unknown {
  let current = values;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const limit = (bound: SchemaIssue['minimum']) => (bound instanceof Date ? bound.toISOString().slice(0, 10) : String(bound));

/**
 * The translated message of one issue. The server's schemas word their messages in English for API
 * clients; a form speaks the reader's language, so it words the issue from its code and bounds.
 */
export function issueMessage(t: TFunction, issue: SchemaIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return t('form.tooShort', { limit: limit(issue.minimum) });
      if (issue.origin === 'array' || issue.origin === 'set') return t('form.tooFew', { limit: limit(issue.minimum) });
      return t(issue.inclusive === false ? 'form.above' : 'form.atLeast', { limit: limit(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('form.tooLong', { limit: limit(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set') return t('form.tooMany', { limit: limit(issue.maximum) });
      return t(issue.inclusive === false ? 'form.below' : 'form.atMost', { limit: limit(issue.maximum) });
    case 'invalid_format':
      if (issue.format === 'email') return t('form.email');
      if (issue.format === 'url') return t('form.url');
      if (issue.format === 'date') return t('form.date');
      return t('form.format');
    case 'invalid_value':
      return t('form.choose');
    case 'invalid_type':
      return issue.expected === 'int' ? t('form.wholeNumber') : t('form.invalid');
    default:
      return t('form.invalid');
  }
}

/**
 * Issues of the body schema as field errors: the first segment of an issue's path names the field
 * (an issue inside a localised text or a row of a list lands on its field), and the first issue of a
 * field wins. An empty field is "required"; otherwise `messages` may word a field's rule in the
 * screen's own terms (say, "in at least one language"). An issue without a path (a whole-body
 * refinement) is left to the server.
 */
export function schemaFieldErrors(
  t: TFunction,
  issues: readonly SchemaIssue[],
  body: unknown,
  messages: Readonly<Record<string, string>> = {},
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || field in errors) continue;
    const empty = issue.code !== 'custom' && isEmpty(valueAt(body, issue.path));
    errors[field] = empty ? t('form.required') : (messages[field] ?? issueMessage(t, issue));
  }
  return errors;
}

/**
 * The fields a refused request names (the envelope's details, `path` "title.en" or "body.title"),
 * each with a translated message: the rule it breaks in the reader's language, else a generic one
 * (the server's own wording is English).
 */
export function serverFieldErrors(t: TFunction, error: unknown, fields: readonly string[]): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const errors: FieldErrors = {};
  for (const detail of error.details) {
    for (const path of detail.path.split(', ')) {
      const field = path.replace(/^body\./, '').split('.')[0] ?? '';
      if (!fields.includes(field) || field in errors) continue;
      errors[field] = ruleText(t, detail, t(error.code === 'CONFLICT' ? 'form.taken' : 'form.rejected'));
    }
  }
  return errors;
}

/** Whether the values differ from the ones the form opened with (plain data: JSON tells). */
export const changedFrom = (initial: unknown, current: unknown): boolean => JSON.stringify(initial) !== JSON.stringify(current);
