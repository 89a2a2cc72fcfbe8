import { z } from 'zod';
import { emailDeliveries, notificationKinds, outboxStatuses } from '../../db/schema';

export const idParamSchema = z.object({ id: z.uuid('Not a valid id') });

export const listQuerySchema = z.strictObject({
  /** Only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int('A whole number').min(1).max(100).default(30),
  /** The next page: the notifications older than this one. */
  before: z.uuid('Not a valid id').optional(),
});

const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(notificationKinds),
  /** In the reader's language. */
  title: z.string(),
  body: z.string(),
  link: z.string(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  unread: z.number().int(),
  /** Whether older notifications follow (ask with `before` = the last id). */
  more: z.boolean(),
});

export const unreadSchema = z.object({ unread: z.number().int() });

const preferenceSchema = z.strictObject({ kind: z.enum(notificationKinds), email: z.enum(emailDeliveries) });
export const preferencesSchema = z.object({ items: z.array(preferenceSchema) });
export const preferencesInputSchema = z.strictObject({
  items: z
    .array(preferenceSchema)
    .min(1, 'Give at least one preference')
    .max(notificationKinds.length)
    .refine((items) => new Set(items.map((i) => i.kind)).size === items.length, 'Each kind once'),
});
export type PreferencesInput = z.infer<typeof preferencesInputSchema>;

export const stateQuerySchema = z.strictObject({
  limit: z.coerce.number().int('A whole number').min(1).max(200).default(50),
  /** The next page of notifications: those older than this one (of the state). */
  before: z.uuid('Not a valid id').optional(),
  /** The next page of emails: those older than this one (of the state). */
  emailsBefore: z.uuid('Not a valid id').optional(),
});

/** What a focal point's state was told: each notification, to whom (their state's users, or the office), and each email. */
export const stateSentSchema = z.object({
  stateIso2: z.string(),
  /** Whether older notifications follow (ask with `before` = the last one's id). */
  more: z.boolean(),
  /** Whether older emails follow (ask with `emailsBefore` = the last one's id). */
  emailsMore: z.boolean(),
  emails: z.array(
    z.object({ id: z.uuid(), subject: z.string(), recipient: z.string(), status: z.enum(outboxStatuses), createdAt: z.string() }),
  ),
  notifications: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(notificationKinds),
      title: z.string(),
      recipient: z.string(),
      read: z.boolean(),
      createdAt: z.string(),
    }),
  ),
});

export const reminderReportSchema = z.object({
  /** Null when the day's run had already been done (only by the timer; the admin's run always runs). */
  day: z.string(),
  nominationDeadline: z.number().int(),
  evaluation: z.number().int(),
  followUp: z.number().int(),
  actions: z.number().int(),
  digests: z.number().int(),
});

export const lastRunSchema = z.object({ lastRun: z.object({ day: z.string(), finishedAt: z.string().nullable() }).nullable() });
