import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { auditLog } from '../db/schema';
import type { Database, Queryable } from './db';

/** Who did it and from where: filled from the request, or from the CLI. */
export type AuditContext = {
  actorUserId: string | null;
  actorRole: string | null;
  address: string | null;
  requestId: string | null;
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

export function chainHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ ...row, at: row.at.toISOString() }))
    .digest('hex');
}

/**
 * The one audit writer. Pass the transaction of the change being recorded so that the change
 * and its audit row commit or roll back together.
 */
export async function writeAudit(db: Queryable, context: AuditContext, event: AuditEvent): Promise<void> {
  await writeAuditBatch(db, context, [event]);
}

/**
 * Many audit rows at once (one per record of a bulk change, e.g. an import), chained exactly as
 * writeAudit would chain them one by one, but with one lock and few round trips.
 */
export async function writeAuditBatch(db: Queryable, context: AuditContext, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
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
    for (const event of events) {
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
      const hash = chainHash(prevHash, row);
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
};

/** Walks the whole chain in order; reports the first missing, altered or re-linked row. */
export async function verifyAuditChain(db: Database, batchSize = 2000): Promise<ChainVerdict> {
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
    if (rows.length === 0) return { ok: true, checked, firstProblem: null };
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return fail(checked, expectedSeq, `row ${expectedSeq} is missing (deleted); next row is ${r.seq}`);
      }
      if (r.prevHash !== prevHash) {
        return fail(checked, r.seq, `row ${r.seq} does not link to row ${r.seq - 1} (a row was altered or replaced)`);
      }
      const { hash, prevHash: _p, ...fields } = r;
      if (chainHash(prevHash, fields) !== hash) {
        return fail(checked, r.seq, `row ${r.seq} was altered: its content does not match its hash`);
      }
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
}

function fail(checked: number, seq: number, problem: string): ChainVerdict {
  return { ok: false, checked, firstProblem: { seq, problem } };
}
