import type { Queryable } from '../../platform/db';
import { keepWritten } from '../../platform/serializer';

/**
 * Answers of the results (the dashboard, the breakdowns) kept for as long as the version of the
 * facts they were computed at (./freshness.ts `resultsVersion`) stays the current one. Every
 * change that can move a figure or a label moves that version, so an answer given from here is the
 * one a computation would give now (docs/results-definitions.md, "Exact at every moment").
 *
 * The key is everything the answer depends on besides the data: what is asked (the view and its
 * query), the reader's scope as resolved for this request (office, a state, a partner's
 * programmes, whether the disclosure control applies), the language and the day (the
 * follow-through of recommendations is judged as of today). Never the reader alone: two readers
 * share an answer only when they have the same scope. One cache per database handle; answers being
 * computed are shared too, so a burst of requests after a change computes the answer once.
 *
 * The key is the JSON of those parts, undefined fields left out. The query is the one its zod schema
 * gave, whose fields come in the schema's order whatever their order in the address, so the same
 * query always gives the same key (a key built in another order would only compute the answer once
 * more, never give another's). Normalising every key by hand, sorting each object's fields, took
 * 6 µs of a kept answer's 280.
 */

/** At most this many answers per database (the least recently used go first). */
export const MAX_ANSWERS = 500;

type Cache = { version: bigint; entries: Map<string, Promise<unknown>> };

const caches = new WeakMap<object, Cache>();

/** Freezes an answer all the way down: a caller that changed a shared answer would fail loudly. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  }
  return value;
}

/**
 * The answer for `key` at `version`: the one kept if it was computed at that version, else
 * `compute()`'s (kept for the next reader with the same key). An answer computed at an older
 * version than one already seen is given but not kept.
 */
export function cachedAnswer<T>(db: Queryable, version: string, key: unknown[], compute: () => Promise<T>): Promise<T> {
  const at = BigInt(version);
  let cache = caches.get(db);
  if (!cache) {
    cache = { version: at, entries: new Map() };
    caches.set(db, cache);
  }
  if (at > cache.version) {
    cache.version = at;
    cache.entries.clear();
  }
  if (at < cache.version) return compute();
  const id = JSON.stringify(key);
  const { entries } = cache;
  const kept = entries.get(id);
  if (kept) {
    // Most recently used last.
    entries.delete(id);
    entries.set(id, kept);
    return kept as Promise<T>;
  }
  // Frozen, it is written once (platform/serializer.ts): every reader after the first gets its text.
  const answer = compute().then((computed) => keepWritten(deepFreeze(computed)));
  entries.set(id, answer);
  // A failure is not kept: the next reader asks again.
  answer.catch(() => {
    if (entries.get(id) === answer) entries.delete(id);
  });
  for (const oldest of entries.keys()) {
    if (entries.size <= MAX_ANSWERS) break;
    entries.delete(oldest);
  }
  return answer;
}
