import { z } from 'zod';
import { locales } from '../../contract/enums';
import type { LocalisedText } from '../db/schema';

/**
 * Integers as PostgreSQL's `integer` (int4) holds them, for every request field that reaches an
 * integer column or parameter: a number outside its range is a 400 naming the field, not a failed
 * query. (zod's own `.int()` allows any safe integer, up to 2^53.)
 */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

/** An integer of a JSON body. */
export const int4 = (message?: string) => z.int32(message);

/** A member state or country as its ISO 3166 alpha-2 code. */
export const iso2Schema = z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166 code in capitals, e.g. NG');

/** An integer of a query string or path, given as text. */
export const queryInt4 = (message?: string) => z.coerce.number().int(message).min(INT4_MIN).max(INT4_MAX);

/** A date of a request, YYYY-MM-DD. */
export const isoDate = z.iso.date('Use a date like 2025-10-06');

/** Free text that may be left out or blank (kept as null), trimmed, at most `max` characters. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullish();

/** A short code (of a programme, a session): letters, digits and . _ -, kept in capitals. */
export const codeSchema = z
  .string()
  .trim()
  .min(2, 'At least 2 characters')
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Letters, digits and . _ - only')
  .transform((v) => v.toUpperCase());

/** A change that names no field would write and audit nothing: every edit body is refused empty. */
export const someFieldGiven = (change: object) => Object.keys(change).length > 0;
export const NO_FIELD_GIVEN = 'Give at least one field to change';

/** The body of an edit: any of the fields a record is created with, at least one of them. */
export const changeOf = <S extends z.ZodRawShape>(fields: S) =>
  z.strictObject(fields).partial().refine(someFieldGiven, NO_FIELD_GIVEN);

/**
 * What the reader may do with one record (`can: { edit, decide, … }`), computed by the domain's
 * policy (server/modules/<domain>/policy.ts): the web shows its buttons from it, never from the role.
 */
export const capabilities = <K extends string>(...names: [K, ...K[]]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.boolean()])) as Record<K, z.ZodBoolean>);

/**
 * Input of a content field: { en?, fr?, ar?, pt? }; blank languages are dropped. `required` asks for
 * at least one language.
 */
export function localisedInput(max: number, options: { required: boolean }) {
  const text = z.string().trim().max(max, `At most ${max} characters`).optional();
  return z
    .strictObject({ en: text, fr: text, ar: text, pt: text })
    .transform((v) => {
      const out: LocalisedText = {};
      for (const lang of locales) {
        const value = v[lang];
        if (value) out[lang] = value;
      }
      return out;
    })
    .refine((v) => !options.required || Object.keys(v).length > 0, 'Give the text in at least one of en, fr, ar, pt');
}
