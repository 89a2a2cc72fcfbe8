import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Locale, OutboxStatus } from '../../../contract/enums';
import { users } from './identity';
import { memberStates } from './reference';

/** A file sent with a message (e.g. an iCalendar invitation), its content as text. */
export type OutboxAttachment = { filename: string; contentType: string; content: string };

/**
 * Mail waiting for, or done with, delivery (issue 11). A row is written in the transaction of the
 * change that causes it (server/modules/outbox/outbox.ts `enqueueMail`), so a message exists only
 * if the change committed; the delivery worker then sends it over SMTP. `dedupe_key` makes a cause
 * produce one message, ever. A worker takes a message by setting a lease (`leased_until`,
 * `leased_by`) under `for update skip locked`, so two processes never send the same message.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What caused it, e.g. 'nomination.decided', 'account.password_reset'. */
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    toAddress: text('to_address').notNull(),
    toUserId: uuid('to_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The member state the message concerns: its focal point may read what their state was sent. */
    stateIso2: text('state_iso2').references(() => memberStates.iso2),
    locale: text('locale').$type<Locale>().notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    attachments: jsonb('attachments').$type<OutboxAttachment[]>().notNull().default([]),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** When a worker may next try it (back-off after a failure). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leasedUntil: timestamp('leased_until', { withTimezone: true }),
    leasedBy: text('leased_by'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    /** The Message-ID header it was sent with (the same at every attempt, so that a receiver can drop a duplicate). */
    messageId: text('message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outbox_messages_dedupe_key').on(t.dedupeKey),
    // What the worker looks for: pending messages by the time they are due.
    index('outbox_messages_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_messages_created_idx').on(t.createdAt),
    index('outbox_messages_user_idx').on(t.toUserId),
    index('outbox_messages_state_idx').on(t.stateIso2, t.createdAt),
    check('outbox_messages_status_valid', sql`${t.status} in ('pending','sent','failed')`),
    check('outbox_messages_locale_valid', sql`${t.locale} in ('en','fr','ar','pt')`),
    check('outbox_messages_attempts_nonnegative', sql`${t.attempts} >= 0`),
    check('outbox_messages_sent_when_sent', sql`(${t.status} = 'sent') = (${t.sentAt} is not null)`),
  ],
);
