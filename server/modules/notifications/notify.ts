import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  type EmailDelivery,
  type Locale,
  type NotificationKind,
  type NotificationParam,
  notificationPreferences,
  notifications,
  stateBoundRoles,
  users,
} from '../../db/schema';
import type { Queryable } from '../../platform/db';
import { translator } from '../../platform/i18n';
import { asSystemWithin, currentWallScope, SYSTEM_SCOPE } from '../../platform/wall';
import { renderMail } from '../outbox/layout';
import { enqueueMail } from '../outbox/outbox';
import { notificationText } from './text';

/** A file sent with the email (a calendar invitation), made for each recipient. */
export type Attachment = { filename: string; contentType: string; content: string };

export type NotificationEvent = {
  kind: NotificationKind;
  /** Users to tell; the inactive, and anyone bound to a state other than `stateIso2`, are left out. */
  recipients: string[];
  params: Record<string, NotificationParam>;
  /** The page concerned: a path of the web app. */
  link: string;
  /** The member state the event concerns; for a state-bound recipient, none means their own. */
  stateIso2: string | null;
  /** One notification per recipient and key, ever: an event raised twice tells once. */
  dedupeKey: string;
  /** The email's attachment for one recipient (their calendar invitation). */
  attachment?: (recipient: { userId: string; locale: Locale }) => Attachment;
};

/** Where the links of the emails point, and who organises the sessions a calendar invitation names: set when the app is built (server/app.ts). */
let publicUrl = 'http://localhost:3000';
let organiser = { name: 'Tadrib', email: 'tadrib@localhost' };
export function configureNotifications(options: { publicUrl: string; organiserName: string; organiserEmail: string }): void {
  publicUrl = options.publicUrl.replace(/\/+$/, '');
  organiser = { name: options.organiserName, email: options.organiserEmail };
}
export const absoluteLink = (link: string): string => `${publicUrl}${link}`;
export const calendarOrganiser = (): { name: string; email: string } => organiser;

/**
 * Runs `work` across every state inside the caller's transaction: an event's recipients and rows
 * are often of several states (and a focal point's change may tell the office). Reads and writes
 * of this module are then narrowed by their own conditions, and `notify` checks each recipient.
 */
export function withinSystem<T>(db: Queryable, work: () => Promise<T>): Promise<T> {
  return currentWallScope() === SYSTEM_SCOPE ? work() : asSystemWithin(db, work);
}

type Recipient = { id: string; email: string; locale: Locale; role: string; stateIso2: string | null; delivery: EmailDelivery };

/**
 * Tells the recipients of an event, in the transaction of the change that causes it: a row each in
 * the app, and, as each one's preference for the kind says, an email now (the outbox) or one held
 * for the daily digest. Returns the users newly told (none when the key was already used).
 */
export async function notify(db: Queryable, event: NotificationEvent): Promise<string[]> {
  const ids = [...new Set(event.recipients)];
  if (ids.length === 0) return [];
  const found: Recipient[] = await db
    .select({
      id: users.id,
      email: users.email,
      locale: users.locale,
      role: users.role,
      stateIso2: users.stateIso2,
      delivery: sql<EmailDelivery>`coalesce(${notificationPreferences.email}, 'immediate')`,
    })
    .from(users)
    .leftJoin(
      notificationPreferences,
      and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, event.kind)),
    )
    .where(and(inArray(users.id, ids), eq(users.active, true)));
  // A user of one state is never told of another state's affairs, whatever the caller passed.
  const recipients = found
    .map((r) => {
      const stateBound = stateBoundRoles.includes(r.role as never);
      if (stateBound && (!r.stateIso2 || (event.stateIso2 && event.stateIso2 !== r.stateIso2))) return null;
      return { ...r, concerns: event.stateIso2 ?? (stateBound ? r.stateIso2 : null) };
    })
    .filter((r) => r !== null);
  if (recipients.length === 0) return [];

  const write = async () => {
    const inserted = await db
      .insert(notifications)
      .values(
        recipients.map((r) => ({
          recipientId: r.id,
          kind: event.kind,
          params: event.params,
          link: event.link,
          stateIso2: r.concerns,
          dedupeKey: event.dedupeKey,
          email: r.delivery,
        })),
      )
      .onConflictDoNothing({ target: [notifications.recipientId, notifications.dedupeKey] })
      .returning({ id: notifications.id, recipientId: notifications.recipientId });
    for (const row of inserted) {
      const r = recipients.find((candidate) => candidate.id === row.recipientId);
      if (r?.delivery !== 'immediate') continue;
      const text = notificationText(r.locale, event.kind, event.params);
      const t = translator(r.locale);
      await enqueueMail(db, {
        kind: `notification.${event.kind}`,
        dedupeKey: `notification:${row.id}`,
        toAddress: r.email,
        toUserId: r.id,
        stateIso2: r.concerns,
        locale: r.locale,
        subject: text.title,
        ...renderMail({
          locale: r.locale,
          heading: text.title,
          paragraphs: [text.body, t.t('notifications.mail.preferences', { url: absoluteLink('/notifications/preferences') })],
          action: { label: t.t('notifications.mail.open'), url: absoluteLink(event.link) },
        }),
        ...(event.attachment ? { attachments: [event.attachment({ userId: r.id, locale: r.locale })] } : {}),
      });
    }
    return inserted.map((row) => row.recipientId);
  };
  // Written whoever caused the event: a focal point's change may tell the office or another reader.
  return withinSystem(db, write);
}
