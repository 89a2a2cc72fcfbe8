import { setImmediate as nextTurn } from 'node:timers/promises';
import { foldText, nameKeysOf } from '../registry/names';

/**
 * Duplicate scoring: how likely two registry records are the same person. Pure and symmetric, so
 * that it can be property-tested and run over blocks of records in memory.
 *
 * Evidence for (each a probability-like weight) is combined as a noisy OR: 1 − Π(1 − wᵢ), which
 * stays in [0, 1] and never falls when one more piece of evidence is added. Evidence against (two
 * different birth dates, different sexes, different emails) multiplies the result down.
 */

export type DuplicateReason =
  | 'same_name'
  | 'same_name_keys'
  | 'name_keys_overlap'
  | 'same_original_name'
  | 'same_birth_date'
  | 'same_agency'
  | 'same_state'
  | 'same_email'
  | 'same_phone'
  | 'different_birth_date'
  | 'different_sex'
  | 'different_email';

/** What scoring reads of a record, precomputed once per record (see `scoringRecordOf`). */
export type ScoringRecord = {
  stateIso2: string;
  agencyId: string | null;
  /** Folded family and given names, sorted, joined: equal for "Traoré Awa" and "awa TRAORE". */
  foldedName: string;
  nameKeys: readonly string[];
  nameOriginal: string | null;
  sex: string;
  birthDate: string | null;
  email: string | null;
  /** Digits only, at most the last 9 (so that +223 and 00223 prefixes do not matter). */
  phone: string | null;
};

export type OfficialLike = {
  stateIso2: string;
  agencyId?: string | null;
  familyName: string;
  givenNames: string;
  nameOriginal?: string | null;
  sex: string;
  birthDate?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Stored keys (space-separated), when already known: saves recomputing them. */
  nameKeys?: string | null;
};

export const normalisePhone = (phone: string | null | undefined): string | null => {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 6 ? digits.slice(-9) : null;
};

const normaliseOriginal = (name: string | null | undefined): string | null => {
  const folded = (name ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
  return folded ? folded.split(' ').sort().join(' ') : null;
};

const LATIN_KEY = /^[a-z0-9]+$/;
const PLAIN_ASCII = /^[A-Za-z0-9 ]*$/;
/** foldText, with a fast path for the common plain-ASCII name. */
const fold = (text: string) => (PLAIN_ASCII.test(text) ? text.toLowerCase().trim().replace(/ +/g, ' ') : foldText(text));

export function scoringRecordOf(o: OfficialLike): ScoringRecord {
  // Latin-script keys only: a name in its original script is compared whole (same_original_name).
  const nameKeys = [
    ...new Set((o.nameKeys ? o.nameKeys.split(' ') : nameKeysOf(o.familyName, o.givenNames)).filter((k) => LATIN_KEY.test(k))),
  ].sort();
  return {
    stateIso2: o.stateIso2,
    agencyId: o.agencyId ?? null,
    foldedName: `${fold(o.familyName)} ${fold(o.givenNames)}`.split(' ').filter(Boolean).sort().join(' '),
    nameKeys,
    nameOriginal: normaliseOriginal(o.nameOriginal),
    sex: o.sex,
    birthDate: o.birthDate ?? null,
    email: o.email ? o.email.trim().toLowerCase() : null,
    phone: normalisePhone(o.phone),
  };
}

export const WEIGHTS = {
  nameKeys: 0.75,
  exactName: 0.3,
  originalName: 0.6,
  birthDate: 0.6,
  agency: 0.25,
  state: 0.1,
  email: 0.7,
  phone: 0.6,
} as const;

export const PENALTIES = {
  differentBirthDate: 0.4,
  differentSex: 0.3,
  differentEmail: 0.8,
} as const;

/** Pairs at or above this score are proposed as likely duplicates. */
export const DUPLICATE_THRESHOLD = 0.6;

export type DuplicateScore = { score: number; reasons: DuplicateReason[] };

/** Shared keys of two sorted, de-duplicated key lists. */
function sharedCount(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x === y) {
      n += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return n;
}

export function scorePair(a: ScoringRecord, b: ScoringRecord): DuplicateScore {
  const reasons: DuplicateReason[] = [];
  let miss = 1; // Π(1 − wᵢ)
  const evidence = (weight: number, reason: DuplicateReason) => {
    miss *= 1 - weight;
    reasons.push(reason);
  };

  const shared = sharedCount(a.nameKeys, b.nameKeys);
  const largest = Math.max(a.nameKeys.length, b.nameKeys.length);
  if (shared > 0 && largest > 0) {
    const overlap = shared / largest;
    evidence(WEIGHTS.nameKeys * overlap, overlap === 1 ? 'same_name_keys' : 'name_keys_overlap');
  }
  if (a.foldedName !== '' && a.foldedName === b.foldedName) evidence(WEIGHTS.exactName, 'same_name');
  if (a.nameOriginal && a.nameOriginal === b.nameOriginal) evidence(WEIGHTS.originalName, 'same_original_name');
  if (a.birthDate && a.birthDate === b.birthDate) evidence(WEIGHTS.birthDate, 'same_birth_date');
  if (a.agencyId && a.agencyId === b.agencyId) evidence(WEIGHTS.agency, 'same_agency');
  if (a.stateIso2 === b.stateIso2) evidence(WEIGHTS.state, 'same_state');
  if (a.email && a.email === b.email) evidence(WEIGHTS.email, 'same_email');
  if (a.phone && a.phone === b.phone) evidence(WEIGHTS.phone, 'same_phone');

  let score = 1 - miss;
  if (a.birthDate && b.birthDate && a.birthDate !== b.birthDate) {
    score *= PENALTIES.differentBirthDate;
    reasons.push('different_birth_date');
  }
  if (a.sex !== b.sex) {
    score *= PENALTIES.differentSex;
    reasons.push('different_sex');
  }
  if (a.email && b.email && a.email !== b.email) {
    score *= PENALTIES.differentEmail;
    reasons.push('different_email');
  }
  // Rounded so that equal evidence gives equal scores whatever the order of the factors.
  return { score: Math.round(score * 1000) / 1000, reasons };
}

/**
 * Blocking keys: two records are compared only when they share one. A likely duplicate shares at
 * least two name keys (or its only key), or a birth date, an email or a phone, within a state.
 * Never all pairs: a block holds the few records that share such a key.
 */
export function blockingKeys(r: ScoringRecord): string[] {
  const keys: string[] = [];
  const nk = [...new Set(r.nameKeys)];
  if (nk.length === 1) keys.push(`n1|${r.stateIso2}|${nk[0]}`);
  for (let i = 0; i < nk.length; i++) for (let j = i + 1; j < nk.length; j++) keys.push(`n2|${r.stateIso2}|${nk[i]}|${nk[j]}`);
  if (r.birthDate) keys.push(`b|${r.stateIso2}|${r.birthDate}`);
  if (r.email) keys.push(`e|${r.email}`);
  if (r.phone) keys.push(`p|${r.phone}`);
  if (r.nameOriginal) keys.push(`o|${r.stateIso2}|${r.nameOriginal}`);
  return keys;
}

/** Blocks larger than this are compared only within sub-blocks (same birth year or agency). */
export const MAX_BLOCK = 400;

/** Pairs looked at between two turns of the event loop: at most a few tens of milliseconds of scoring. */
const PAIRS_PER_TURN = 2_000;

/**
 * All candidate pairs (i < j, by index into `records`) scoring at least `threshold`. `skip` says
 * whether a pair was already decided (marked distinct) and must not be proposed again. Over a
 * whole registry or a 20,000-row file this is seconds of work: it lets the event loop serve other
 * requests (health checks first) every few thousand comparisons.
 */
export async function findCandidatePairs(
  records: readonly ScoringRecord[],
  options: { threshold?: number; skip?: (i: number, j: number) => boolean } = {},
): Promise<{ i: number; j: number; score: number; reasons: DuplicateReason[] }[]> {
  const threshold = options.threshold ?? DUPLICATE_THRESHOLD;
  const { blocks } = await buildBlockIndex(records);
  const compared = [...blocks.values()].filter((members) => members.length >= 2 && members.length <= MAX_BLOCK * 4);
  // Two records sharing several blocks are compared once, in the first block they share: each
  // record's blocks in order, instead of a set of every pair seen (millions of entries for a large
  // file, whose collection stalled the event loop).
  const blocksOf = records.map((): number[] => []);
  for (const [block, members] of compared.entries()) {
    if (block > 0 && block % RECORDS_PER_TURN === 0) await nextTurn();
    for (const index of members) {
      const own = blocksOf[index] as number[];
      if (own.at(-1) !== block) own.push(block);
    }
  }
  const pairs: { i: number; j: number; score: number; reasons: DuplicateReason[] }[] = [];
  let visited = 0;
  for (const [block, members] of compared.entries()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        visited += 1;
        if (visited % PAIRS_PER_TURN === 0) await nextTurn();
        const p = members[x] as number;
        const q = members[y] as number;
        if (p === q || firstSharedBlock(blocksOf[p] as number[], blocksOf[q] as number[]) !== block) continue;
        const i = Math.min(p, q);
        const j = Math.max(p, q);
        if (options.skip?.(i, j)) continue;
        const result = scorePair(records[i] as ScoringRecord, records[j] as ScoringRecord);
        if (result.score >= threshold) pairs.push({ i, j, ...result });
      }
    }
  }
  return pairs;
}

/** The first block two records share, given each record's blocks in ascending order. */
function firstSharedBlock(a: readonly number[], b: readonly number[]): number {
  let x = 0;
  let y = 0;
  while (x < a.length && y < b.length) {
    const left = a[x] as number;
    const right = b[y] as number;
    if (left === right) return left;
    if (left < right) x += 1;
    else y += 1;
  }
  return -1;
}

/** Records grouped by blocking key, to find the likely duplicates of new records (an import) among them. */
export type BlockIndex = { records: readonly ScoringRecord[]; blocks: Map<string, number[]>; oversized: Set<string> };

/** Records indexed between two turns of the event loop while blocks are built. */
const RECORDS_PER_TURN = 1_000;

/** Groups records by blocking key; over tens of thousands of records it lets the event loop turn as it goes. */
export async function buildBlockIndex(records: readonly ScoringRecord[]): Promise<BlockIndex> {
  const blocks = new Map<string, number[]>();
  const add = (key: string, index: number) => {
    const block = blocks.get(key);
    if (block) block.push(index);
    else blocks.set(key, [index]);
  };
  for (let index = 0; index < records.length; index++) {
    if (index > 0 && index % RECORDS_PER_TURN === 0) await nextTurn();
    for (const key of blockingKeys(records[index] as ScoringRecord)) add(key, index);
  }
  const oversized = new Set<string>();
  for (const [key, members] of [...blocks]) {
    if (members.length <= MAX_BLOCK) continue;
    oversized.add(key);
    blocks.delete(key);
    for (const index of members) {
      const r = records[index] as ScoringRecord;
      if (r.birthDate) add(`${key}|y${r.birthDate.slice(0, 4)}`, index);
      if (r.agencyId) add(`${key}|a${r.agencyId}`, index);
    }
    await nextTurn();
  }
  return { records, blocks, oversized };
}

/** The indexed records that are likely duplicates of `record`, best first. */
export function matchesIn(
  index: BlockIndex,
  record: ScoringRecord,
  threshold = DUPLICATE_THRESHOLD,
): { index: number; score: number; reasons: DuplicateReason[] }[] {
  const candidates = new Set<number>();
  for (const key of blockingKeys(record)) {
    const keys = index.oversized.has(key)
      ? [
          ...(record.birthDate ? [`${key}|y${record.birthDate.slice(0, 4)}`] : []),
          ...(record.agencyId ? [`${key}|a${record.agencyId}`] : []),
        ]
      : [key];
    for (const k of keys) for (const i of index.blocks.get(k) ?? []) candidates.add(i);
  }
  const found: { index: number; score: number; reasons: DuplicateReason[] }[] = [];
  for (const i of candidates) {
    const result = scorePair(record, index.records[i] as ScoringRecord);
    if (result.score >= threshold) found.push({ index: i, ...result });
  }
  return found.sort((a, b) => b.score - a.score || a.index - b.index);
}
