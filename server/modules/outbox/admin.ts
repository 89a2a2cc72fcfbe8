import { and, asc, count, desc, eq, gte, ilike, lt, type SQL, sql } from 'drizzle-orm';
import { outboxMessages } from '../../db/schema';
import { notFound } from '../../errors';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import type { OutboxQuery } from './schemas';

/**
 * The admin's Outbox (issue 11): what Tadrib wrote to send, whether it went, and a resend. Messages
 * name people and often carry a link that signs someone in: every read of one is audited.
 */

type Row = typeof outboxMessages.$inferSelect;

const DAY_MS = 86_400_000;

function filterCondition(filter: Omit<OutboxQuery, 'page' | 'pageSize'>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status) conditions.push(eq(outboxMessages.status, filter.status));
  if (filter.kind) conditions.push(eq(outboxMessages.kind, filter.kind));
  if (filter.recipient) {
    const pattern = `%${filter.recipient.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(ilike(outboxMessages.toAddress, pattern));
  }
  if (filter.from) conditions.push(gte(outboxMessages.createdAt, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) conditions.push(lt(outboxMessages.createdAt, new Date(Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS)));
  return and(...conditions);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summary(row: Row) {
  return {
    id: row.id,
    kind: row.kind,
    toAddress: row.toAddress,
    locale: row.locale,
    stateIso2: row.stateIso2,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: iso(row.lastAttemptAt),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: iso(row.sentAt),
  };
}

const inDelivery = (row: Row) => row.leasedUntil !== null && row.leasedUntil.getTime() > Date.now();

function detail(row: Row) {
  return {
    ...summary(row),
    textBody: row.textBody,
    htmlBody: row.htmlBody,
    attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
    inDelivery: inDelivery(row),
  };
}

export async function listOutbox(db: Queryable, audit: AuditContext, query: OutboxQuery, delivering: boolean) {
  const { page, pageSize, ...filter } = query;
  const where = filterCondition(filter);
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(where)
    .orderBy(desc(outboxMessages.createdAt), asc(outboxMessages.id))
    .offset((page - 1) * pageSize)
    .limit(pageSize);
  const [totals] = await db.select({ n: count() }).from(outboxMessages).where(where);
  const kinds = await db.selectDistinct({ kind: outboxMessages.kind }).from(outboxMessages).orderBy(asc(outboxMessages.kind));
  // Recipients' addresses and subjects are personal data: the listing is a read of it.
  await writeAudit(db, audit, {
    action: 'outbox.list',
    recordType: 'outbox_message',
    details: { filter, page, returned: rows.length },
  });
  return {
    items: rows.map(summary),
    total: Number(totals?.n ?? 0),
    page,
    pageSize,
    kinds: kinds.map((k) => k.kind),
    delivering,
  };
}

async function existing(db: Queryable, id: string, lock = false): Promise<Row> {
  const query = db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Message');
  return row;
}

export async function readMessage(db: Queryable, audit: AuditContext, id: string) {
  const row = await existing(db, id);
  await writeAudit(db, audit, { action: 'outbox.read', recordType: 'outbox_message', recordId: id, details: { kind: row.kind } });
  return detail(row);
}

/**
 * Back to pending, due now, its attempts counted from zero. Refused while a worker holds the
 * message (it may be on the wire): resetting it then could send it twice.
 */
export async function resendMessage(db: Queryable, audit: AuditContext, id: string) {
  return db.transaction(async (tx) => {
    const row = await existing(tx, id, true);
    if (inDelivery(row)) throw ruleViolation('outbox.in_delivery', {}, 'id');
    const [updated] = await tx
      .update(outboxMessages)
      .set({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: sql`now()`,
        sentAt: null,
        leasedUntil: null,
        leasedBy: null,
      })
      .where(eq(outboxMessages.id, id))
      .returning();
    await writeAudit(tx, audit, {
      action: 'outbox.resend',
      recordType: 'outbox_message',
      recordId: id,
      details: { kind: row.kind, previousStatus: row.status, previousAttempts: row.attempts },
    });
    return detail(updated ?? row);
  });
}
