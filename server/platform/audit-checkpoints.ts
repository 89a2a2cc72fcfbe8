import { sign, verify } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ServerKeys } from './keys';

/**
 * A signed statement of the audit chain's head at a time, appended to a file outside the
 * database: whoever can rewrite the database cannot make the log shorter than, or different
 * from, what a checkpoint recorded.
 */
export type Checkpoint = {
  seq: number;
  hash: string;
  time: string;
  /** Rows from this seq on are chained with the HMAC key; rows before it (an upgraded database) are not. */
  keyedFrom: number;
  /** Ed25519 over the four fields above, base64. */
  signature: string;
};

/** A checkpoint as read back: its line number in the file and whether its signature holds. */
export type CheckpointEntry = Checkpoint & { number: number; signatureValid: boolean };

const signedText = (c: Omit<Checkpoint, 'signature'>) =>
  `tadrib audit checkpoint\nseq ${c.seq}\nhash ${c.hash}\ntime ${c.time}\nkeyed-from ${c.keyedFrom}`;

export function signCheckpoint(keys: ServerKeys, fields: Omit<Checkpoint, 'signature'>): Checkpoint {
  const signature = sign(null, Buffer.from(signedText(fields)), keys.checkpointSigning.privateKey).toString('base64');
  return { ...fields, signature };
}

export function checkpointSignatureValid(keys: ServerKeys, c: Checkpoint): boolean {
  try {
    return verify(null, Buffer.from(signedText(c)), keys.checkpointSigning.publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

function parseLine(line: string): Checkpoint | null {
  try {
    const c = JSON.parse(line) as Partial<Checkpoint>;
    const ok =
      Number.isInteger(c.seq) &&
      typeof c.hash === 'string' &&
      typeof c.time === 'string' &&
      Number.isInteger(c.keyedFrom) &&
      typeof c.signature === 'string';
    return ok ? (c as Checkpoint) : null;
  } catch {
    return null;
  }
}

/** Every checkpoint in the file, in file order; a line that does not parse counts as unsigned. */
export function readCheckpoints(keys: ServerKeys): CheckpointEntry[] {
  if (!existsSync(keys.checkpointsFile)) return [];
  const lines = readFileSync(keys.checkpointsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const entries: CheckpointEntry[] = [];
  lines.forEach((line, index) => {
    const c = parseLine(line);
    const number = index + 1;
    entries.push(
      c
        ? { ...c, number, signatureValid: checkpointSignatureValid(keys, c) }
        : { seq: 0, hash: '', time: '', keyedFrom: 1, signature: '', number, signatureValid: false },
    );
  });
  return entries;
}

/** The validly signed checkpoint of the highest seq: the longest the log is known to have been. */
export function latestCheckpoint(entries: CheckpointEntry[]): CheckpointEntry | null {
  let latest: CheckpointEntry | null = null;
  for (const e of entries) if (e.signatureValid && (!latest || e.seq >= latest.seq)) latest = e;
  return latest;
}

/** Appends one line (O_APPEND: lines of concurrent writers never interleave), file mode 0600. */
export function appendCheckpoint(keys: ServerKeys, checkpoint: Checkpoint): CheckpointEntry {
  const existing = existsSync(keys.checkpointsFile)
    ? readFileSync(keys.checkpointsFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '').length
    : 0;
  appendFileSync(keys.checkpointsFile, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600, flag: 'a' });
  return { ...checkpoint, number: existing + 1, signatureValid: true };
}
