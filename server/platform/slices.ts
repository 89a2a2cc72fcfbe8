import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Maps a long list in slices, letting the event loop serve other requests (health checks first)
 * between them: checking a 20,000-row import file must not stall the server for everyone else.
 */
export async function mapInSlices<T, R>(items: readonly T[], map: (item: T) => R, slice = 250): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % slice === 0) await nextTurn();
    out.push(map(items[i] as T));
  }
  return out;
}
