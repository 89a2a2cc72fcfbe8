import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { EmailDelivery, NotificationKind } from '../../../contract/enums';
import { nominations } from './delivery';
import { users } from './identity';
import { memberStates } from './reference';

/**
 * A value a notification's text names, kept as data so that each reader gets it in their own
 * language: text as is, a number, a day (YYYY-MM-DD), a catalogue key, or text typed in up to four languages.
 */
export type NotificationParam =
  | string
  | number
  | { day: string }
  | { t: string }
  | { en?: string; fr?: string; ar?: string; pt?: string };

/**
 * What one user was told (issue 11): shown in the app (the bell, the notifications page), and by
 * email as the user's preferences say. Written in the transaction of the change that causes it;
 * the dedupe key (one per recipient) makes every event, and the daily reminders, tell once.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<NotificationKind>().notNull(),
    params: jsonb('params').$type<Record<string, NotificationParam>>().notNull().default({}),
    /** The page concerned, a path of the web app. */
    link: text('link').notNull(),
    /** The member state the notification concerns (its focal points see it); none for the office's own. */
    stateIso2: text('state_iso2').references(() => memberStates.iso2),
    dedupeKey: text('dedupe_key').notNull(),
    /** How it went out by email, as the recipient's preference was then. */
    email: text('email').$type<EmailDelivery>().notNull(),
    /** When a 'digest' notification went out in the daily digest. */
    digestedAt: timestamp('digested_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('notifications_recipient_dedupe_key').on(t.recipientId, t.dedupeKey),
    index('notifications_recipient_created_idx').on(t.recipientId, t.createdAt),
    index('notifications_unread_idx').on(t.recipientId).where(sql`${t.readAt} is null`),
    index('notifications_state_created_idx').on(t.stateIso2, t.createdAt),
    index('notifications_digest_idx').on(t.recipientId).where(sql`${t.email} = 'digest' and ${t.digestedAt} is null`),
    check('notifications_email_valid', sql`${t.email} in ('immediate','digest','none')`),
  ],
);

/** A user's choice per kind; a kind without a row goes out immediately. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<NotificationKind>().notNull(),
    email: text('email').$type<EmailDelivery>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind] }),
    check('notification_preferences_email_valid', sql`${t.email} in ('immediate','digest','none')`),
  ],
);

/**
 * The calendar invitation of an accepted participant (RFC 5545): its UID is the nomination's, so
 * every update replaces the event in the participant's calendar; SEQUENCE grows with each one.
 */
export const calendarInvitations = pgTable(
  'calendar_invitations',
  {
    nominationId: uuid('nomination_id')
      .primaryKey()
      .references(() => nominations.id),
    sequence: integer('sequence').notNull(),
    /** The session's dates and venue the last invitation carried (what a change is measured against). */
    sentFor: text('sent_for').notNull(),
    cancelled: timestamp('cancelled', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('calendar_invitations_sequence', sql`${t.sequence} >= 0`)],
);

/** The daily jobs' runs: one row per job and day, taken by the one process that runs it. */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    day: date('day').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.job, t.day] })],
);
