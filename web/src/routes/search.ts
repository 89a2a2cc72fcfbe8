/**
 * Readers of the address's search values: each keeps a value it can trust and drops the rest, so a
 * hand-edited or stale link opens the page with that filter unset instead of failing.
 */

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

export const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;

export const pageNumber = (value: unknown): number | undefined => {
  const n = Number(value);
  return Number.isInteger(n) && n > 1 ? n : undefined;
};

/** Only same-site paths: a crafted sign-in link must not send the user to another site. */
export const safeRedirect = (value: unknown): string | undefined =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : undefined;

export const publicationYear = (value: unknown): number | undefined => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1900 && n <= 2100 ? n : undefined;
};

export const year = (value: unknown): number | undefined => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : undefined;
};

export const iso2 = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[A-Z]{2}$/.test(value) ? value : undefined;

export const isoDay = (value: unknown): string | undefined =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
