import { z } from 'zod';

/**
 * Integers as PostgreSQL's `integer` (int4) holds them, for every request field that reaches an
 * integer column or parameter: a number outside its range is a 400 naming the field, not a failed
 * query. (zod's own `.int()` allows any safe integer, up to 2^53.)
 */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

/** An integer of a JSON body. */
export const int4 = (message?: string) => z.int32(message);

/** An integer of a query string or path, given as text. */
export const queryInt4 = (message?: string) => z.coerce.number().int(message).min(INT4_MIN).max(INT4_MAX);

/**
 * What the reader may do with one record (`can: { edit, decide, … }`), computed by the domain's
 * policy (server/modules/<domain>/policy.ts): the web shows its buttons from it, never from the role.
 */
export const capabilities = <K extends string>(...names: [K, ...K[]]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.boolean()])) as Record<K, z.ZodBoolean>);
