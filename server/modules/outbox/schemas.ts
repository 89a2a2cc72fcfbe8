import { z } from 'zod';
import { locales, outboxStatuses } from '../../../contract/enums';
import { int4, queryInt4 } from '../../platform/schemas';

/** The admin's Outbox (issue 11): which messages to list. */
export const outboxQuerySchema = z.strictObject({
  status: z.enum(outboxStatuses, `Use one of ${outboxStatuses.join(', ')}`).optional(),
  kind: z.string().trim().min(1).max(60).optional(),
  /** Part of the recipient's address. */
  recipient: z.string().trim().min(1).max(254).optional(),
  /** Written on or after this day (UTC). */
  from: z.iso.date('Use a date like 2026-01-31').optional(),
  /** Written on or before this day (UTC). */
  to: z.iso.date('Use a date like 2026-01-31').optional(),
  page: queryInt4().min(1).max(100_000).default(1),
  pageSize: queryInt4().min(1).max(200).default(50),
});
export type OutboxQuery = z.infer<typeof outboxQuerySchema>;

export const outboxIdSchema = z.object({ id: z.uuid('Not a valid message id') });

export const outboxSummarySchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  toAddress: z.string(),
  locale: z.enum(locales),
  stateIso2: z.string().nullable(),
  subject: z.string(),
  status: z.enum(outboxStatuses),
  attempts: int4(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastAttemptAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});

export const outboxPageSchema = z.object({
  items: z.array(outboxSummarySchema),
  total: int4(),
  page: int4(),
  pageSize: int4(),
  /** Every kind of message written so far, for the filter. */
  kinds: z.array(z.string()),
  /** False without TADRIB_SMTP_URL: messages are kept in the outbox, not sent. */
  delivering: z.boolean(),
});

export const outboxMessageSchema = outboxSummarySchema.extend({
  textBody: z.string(),
  htmlBody: z.string(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })),
  /** A worker holds it now: it cannot be resent until the attempt ends. */
  inDelivery: z.boolean(),
});
