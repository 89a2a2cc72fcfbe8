import { drizzle } from 'drizzle-orm/node-postgres';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { type Queryable, readsSideBySide } from './db';

/** Reads that record when each starts and ends, each answering after the event loop turns once. */
function recordedReads(log: string[]) {
  const read = (name: string) => async () => {
    log.push(`start ${name}`);
    await new Promise((resolve) => setImmediate(resolve));
    log.push(`end ${name}`);
    return name;
  };
  return [read('a'), read('b')] as const;
}

describe('readsSideBySide', () => {
  it('starts every read at once on a pooled database', async () => {
    const log: string[] = [];
    const db = drizzle.mock() as unknown as Queryable;
    expect(await readsSideBySide(db, recordedReads(log))).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'start b', 'end a', 'end b']);
  });

  it('runs them one after another in a transaction, which has one connection', async () => {
    const log: string[] = [];
    const tx = Object.create(PgTransaction.prototype) as Queryable;
    expect(await readsSideBySide(tx, recordedReads(log))).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
