import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained log. seq is contiguous (assigned under a lock), so a deleted row
 * shows as a gap; hash = sha256(prev_hash + canonical row), so an altered row breaks the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    outcome: text('outcome').$type<'success' | 'failure' | 'denied'>().notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    address: text('address'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorUserId),
    index('audit_log_record_idx').on(t.recordType, t.recordId),
    index('audit_log_action_idx').on(t.action),
  ],
);
