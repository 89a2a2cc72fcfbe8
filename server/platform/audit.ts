import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { asc, desc, eq, gt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { auditLog } from '../db/schema';
import { appendCheckpoint, type CheckpointEntry, latestCheckpoint, readCheckpoints, signCheckpoint } from './audit-checkpoints';
import type { Database, Queryable } from './db';
import type { ServerKeys } from './keys';
import { outsideWall } from './wall';

/**
 * Who did it and from where: filled from the request, or from the CLI; and the key the row is
 * chained with (kept outside the database, see platform/keys.ts).
 */
export type AuditContext = {
  actorUserId: string | null;
  actorRole: string | null;
  address: string | null;
  requestId: string | null;
  chainKey: KeyObject;
  /**
   * Called while an audited read's row waits for the next append of the chain: the request leaves
   * the admission queue (platform/admission.ts `leaveAdmission`, at the first call) and this returns
   * how many reads are still running their statements there.
   */
  waiting?: () => number;
};

export type AuditEvent = {
  action: string;
  outcome?: 'success' | 'failure' | 'denied';
  recordType?: string;
  recordId?: string;
  details?: Record<string, unknown>;
};

const GENESIS = '0'.repeat(64);
// One lock for the whole chain: rows get contiguous seq numbers even across processes.
const AUDIT_CHAIN_LOCK = 472_019_002;

type ChainedFields = {
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  recordType: string | null;
  recordId: string | null;
  address: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
};

/** JSON with keys sorted at every depth, so that jsonb's reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The link of one row: HMAC-SHA-256, keyed, so that whoever can write the table but does not
 * hold the key cannot recompute the chain after altering a row.
 */
export function chainHash(chainKey: KeyObject, prevHash: string, row: ChainedFields): string {
  return createHmac('sha256', chainKey)
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ ...row, at: row.at.toISOString() }))
    .digest('hex');
}

/**
 * The unkeyed link of rows written before the chain was keyed (before the first checkpoint of
 * a database upgraded from a version without keys). Checked only below that checkpoint's
 * keyedFrom, so nobody can move keyed rows back to it.
 */
export function unkeyedChainHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ ...row, at: row.at.toISOString() }))
    .digest('hex');
}

/**
 * The one audit writer. Pass the transaction of the change being recorded so that the change
 * and its audit row commit or roll back together.
 *
 * Outside a transaction (an audited read: a list, a record, a log page), the row joins the next
 * append of this process: every read waiting while one append holds the chain's lock is written
 * by the following one, in one transaction under one lock, so that concurrent reads no longer
 * queue one by one behind that lock. The call still returns only once its row is committed: a
 * read whose row was not written fails, as before.
 */
export async function writeAudit(db: Queryable, context: AuditContext, event: AuditEvent): Promise<void> {
  if (db instanceof PgTransaction) return appendChained(db, [{ context, event }]);
  return new Promise((resolve, reject) => {
    const queue = pendingReads.get(db) ?? [];
    pendingReads.set(db, queue);
    queue.push({ context, event, done: (error) => (error === undefined ? resolve() : reject(error)) });
    const readsRunning = context.waiting?.() ?? 0;
    if (!appending.has(db)) gather(db, queue, readsRunning);
  });
}

/**
 * Starts the next append once the rows waiting for it are GATHER_ROWS, or no other read is inside
 * the admission queue or waiting to go in (`readsAhead`, asked again at each turn of the event
 * loop), or GATHER_MS after the first row. Under load, one transaction (five statements) then
 * writes the rows of several reads, where each read had one of its own: on PGlite, whose one
 * connection runs the reads and the appends one after another, no row arrived while an append ran.
 * A read alone is appended at once.
 */
function gather(db: Database, queue: Pending[], readsAhead: number): void {
  if (gathering.has(db)) return;
  if (queue.length >= GATHER_ROWS || readsAhead === 0) {
    void appendPending(db, queue);
    return;
  }
  gathering.add(db);
  const until = performance.now() + GATHER_MS;
  const again = () => {
    const ahead = queue[queue.length - 1]?.context.waiting?.() ?? 0;
    if (queue.length >= GATHER_ROWS || ahead === 0 || performance.now() >= until) {
      gathering.delete(db);
      if (!appending.has(db) && queue.length > 0) void appendPending(db, queue);
      return;
    }
    setImmediate(again);
  };
  setImmediate(again);
}

const GATHER_ROWS = 16;
const GATHER_MS = 100;

type Entry = { context: AuditContext; event: AuditEvent };
type Pending = Entry & { done(error?: unknown): void };

// Per database handle: the rows waiting for the next append, and whether one is running.
const pendingReads = new WeakMap<Database, Pending[]>();
const appending = new WeakSet<Database>();
const gathering = new WeakSet<Database>();

async function appendPending(db: Database, queue: Pending[]): Promise<void> {
  appending.add(db);
  try {
    while (queue.length > 0) {
      const batch = queue.splice(0, APPEND_BATCH);
      // audit_log is outside row-level security: whichever request's scope this runs under is not needed.
      const failed = await outsideWall(() => appendChained(db, batch)).then(
        () => null,
        (error: unknown) => error,
      );
      if (failed === null) for (const p of batch) p.done();
      else if (batch.length === 1) batch[0]?.done(failed);
      else {
        // One bad row must fail its own read only: the others are written one by one.
        for (const p of batch)
          p.done(
            await outsideWall(() => appendChained(db, [p])).then(
              () => undefined,
              (e: unknown) => e,
            ),
          );
      }
    }
  } finally {
    appending.delete(db);
  }
}

const APPEND_BATCH = 500;

/**
 * Many audit rows at once (one per record of a bulk change, e.g. an import), chained exactly as
 * writeAudit would chain them one by one, but with one lock and few round trips.
 */
export async function writeAuditBatch(db: Queryable, context: AuditContext, events: AuditEvent[]): Promise<void> {
  await appendChained(
    db,
    events.map((event) => ({ context, event })),
  );
}

/** Appends `entries` to the chain in one transaction (nested in `db` when it is one), under the chain's lock. */
async function appendChained(db: Queryable, entries: Entry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [last] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS;
    const at = new Date();
    const values: (typeof auditLog.$inferInsert)[] = [];
    for (const { context, event } of entries) {
      seq += 1;
      const row: ChainedFields = {
        seq,
        at,
        actorUserId: context.actorUserId,
        actorRole: context.actorRole,
        action: event.action,
        outcome: event.outcome ?? 'success',
        recordType: event.recordType ?? null,
        recordId: event.recordId ?? null,
        address: context.address,
        requestId: context.requestId,
        details: event.details ?? null,
      };
      const hash = chainHash(context.chainKey, prevHash, row);
      values.push({ ...row, outcome: row.outcome as 'success' | 'failure' | 'denied', prevHash, hash });
      prevHash = hash;
    }
    for (let i = 0; i < values.length; i += 500) await tx.insert(auditLog).values(values.slice(i, i + 500));
  });
}

export type ChainVerdict = {
  ok: boolean;
  checked: number;
  firstProblem: { seq: number; problem: string } | null;
  /** The latest signed checkpoint the chain was checked against (none before the first is written). */
  checkpoint: CheckpointEntry | null;
};

async function chainHead(db: Queryable): Promise<number> {
  const [last] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return last?.seq ?? 0;
}

/**
 * Signs the head of the chain into the checkpoints file when it moved since the latest
 * checkpoint. The first checkpoint of a database also records from which seq rows are keyed:
 * every row when the database is new, the rows after the current head when it is upgraded from
 * the unkeyed chain. Never signs over a log that contradicts its checkpoints (cut, or the
 * checkpointed row changed) nor a head row whose keyed hash does not hold.
 */
export async function checkpointAuditChain(db: Queryable, keys: ServerKeys, now = new Date()): Promise<CheckpointEntry | null> {
  const status = await auditAnchorStatus(db, keys);
  if (status.problem) return null;
  const latest = status.checkpoint;
  if (latest && status.head === latest.seq) return null;
  const keyedFrom = latest?.keyedFrom ?? status.head + 1;
  const [head] = await db.select().from(auditLog).where(eq(auditLog.seq, status.head));
  if (head && head.seq >= keyedFrom) {
    const { hash, prevHash, ...fields } = head;
    if (chainHash(keys.auditChain, prevHash, fields) !== hash) return null;
  }
  const checkpoint = signCheckpoint(keys, {
    seq: status.head,
    hash: head?.hash ?? GENESIS,
    time: now.toISOString(),
    keyedFrom,
  });
  return appendCheckpoint(keys, checkpoint);
}

/**
 * Walks the whole chain in order and holds it against the signed checkpoints: reports the first
 * missing, altered or re-linked row, a log cut below the latest checkpoint, or a checkpoint not
 * signed with this server's key.
 */
export async function verifyAuditChain(db: Database, keys: ServerKeys, batchSize = 2000): Promise<ChainVerdict> {
  const checkpoints = readCheckpoints(keys);
  const latest = latestCheckpoint(checkpoints);
  const forged = checkpoints.find((c) => !c.signatureValid);
  if (forged) {
    return {
      ok: false,
      checked: 0,
      firstProblem: {
        seq: forged.seq,
        problem: `checkpoint ${forged.number} is not signed with this server's key (the checkpoints file was tampered with)`,
      },
      checkpoint: latest,
    };
  }
  const keyedFrom = latest?.keyedFrom ?? 1;
  const pinned = new Map(checkpoints.map((c) => [c.seq, c]));
  const fail = (checked: number, seq: number, problem: string): ChainVerdict => ({
    ok: false,
    checked,
    firstProblem: { seq, problem },
    checkpoint: latest,
  });
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return fail(checked, expectedSeq, `row ${expectedSeq} is missing (deleted); next row is ${r.seq}`);
      }
      if (r.prevHash !== prevHash) {
        return fail(checked, r.seq, `row ${r.seq} does not link to row ${r.seq - 1} (a row was altered or replaced)`);
      }
      const { hash, prevHash: _p, ...fields } = r;
      const expected = r.seq >= keyedFrom ? chainHash(keys.auditChain, prevHash, fields) : unkeyedChainHash(prevHash, fields);
      if (expected !== hash) {
        return fail(checked, r.seq, `row ${r.seq} altered: its content does not match its hash`);
      }
      const pin = pinned.get(r.seq);
      if (pin && pin.hash !== hash) {
        return fail(checked, r.seq, `row ${r.seq} altered: checkpoint ${pin.number} recorded another hash for it`);
      }
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  const head = expectedSeq - 1;
  if (latest && latest.seq > head) {
    return fail(checked, head, `cut after seq ${head} (checkpoint ${latest.number} says head was ${latest.seq})`);
  }
  return { ok: true, checked, firstProblem: null, checkpoint: latest };
}

export type AnchorStatus = {
  /** The latest validly signed checkpoint, if any. */
  checkpoint: CheckpointEntry | null;
  /** How many checkpoints the file holds. */
  checkpoints: number;
  /** The seq of the newest row in the database. */
  head: number;
  /** What contradicts the checkpoints, null when nothing does (the full walk is verifyAuditChain). */
  problem: string | null;
};

/** A quick look, for the audit page and the start of the server: the head against the latest checkpoint. */
export async function auditAnchorStatus(db: Queryable, keys: ServerKeys): Promise<AnchorStatus> {
  const checkpoints = readCheckpoints(keys);
  const latest = latestCheckpoint(checkpoints);
  const head = await chainHead(db);
  const status = (problem: string | null): AnchorStatus => ({
    checkpoint: latest,
    checkpoints: checkpoints.length,
    head,
    problem,
  });
  const forged = checkpoints.find((c) => !c.signatureValid);
  if (forged) {
    return status(`checkpoint ${forged.number} is not signed with this server's key (the checkpoints file was tampered with)`);
  }
  if (!latest) return status(null);
  if (head < latest.seq) {
    return status(`cut after seq ${head} (checkpoint ${latest.number} says head was ${latest.seq})`);
  }
  const [pinned] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, latest.seq));
  if (latest.seq > 0 && pinned?.hash !== latest.hash) {
    return status(`row ${latest.seq} altered: checkpoint ${latest.number} recorded another hash for it`);
  }
  return status(null);
}
