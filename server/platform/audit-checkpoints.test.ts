import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendCheckpoint, latestCheckpoint, readCheckpoints, signCheckpoint } from './audit-checkpoints';
import { loadServerKeys } from './keys';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-checkpoints-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = loadServerKeys({ dir: path.join(dir, 'keys'), fromEnvironment: {} }).keys;
const other = loadServerKeys({ dir: path.join(dir, 'other'), fromEnvironment: {} }).keys;
const fields = (seq: number) => ({ seq, hash: 'ab'.repeat(32), time: '2026-12-06T01:00:00.000Z', keyedFrom: 1 });

describe('audit checkpoints', () => {
  it('are appended in order, numbered, and read back as validly signed', () => {
    expect(readCheckpoints(keys)).toEqual([]);
    expect(appendCheckpoint(keys, signCheckpoint(keys, fields(3))).number).toBe(1);
    expect(appendCheckpoint(keys, signCheckpoint(keys, fields(7))).number).toBe(2);
    const entries = readCheckpoints(keys);
    expect(entries.map((e) => [e.number, e.seq, e.signatureValid])).toEqual([
      [1, 3, true],
      [2, 7, true],
    ]);
    expect(latestCheckpoint(entries)?.seq).toBe(7);
  });

  it('a line signed with another key, changed after signing, or unreadable is not valid, and never the latest', () => {
    appendFileSync(keys.checkpointsFile, `${JSON.stringify(signCheckpoint(other, fields(50)))}\n`);
    appendFileSync(keys.checkpointsFile, `${JSON.stringify({ ...signCheckpoint(keys, fields(9)), seq: 60 })}\n`);
    appendFileSync(keys.checkpointsFile, 'not json\n');
    const entries = readCheckpoints(keys);
    expect(entries.slice(2).map((e) => [e.number, e.signatureValid])).toEqual([
      [3, false],
      [4, false],
      [5, false],
    ]);
    expect(latestCheckpoint(entries)?.seq).toBe(7);
  });
});
