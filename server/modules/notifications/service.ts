import { and, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import {
  notificationKinds,
  notificationPreferences,
  notifications,
  outboxMessages,
  type Role,
  stateBoundRoles,
  users,
} from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import type { Database } from '../../platform/db';
import { translator } from '../../platform/i18n';
import { readerLocale } from '../../platform/localised';
import type { NotificationView, PreferencesInput } from './schemas';
import { notificationText } from './text';

/** The reader's own notifications: a user reads and marks only theirs. */
const mine = (actor: Actor) => eq(notifications.recipientId, actor.userId);

function view(actor: Actor, row: typeof notifications.$inferSelect): NotificationView {
  const text = notificationText(readerLocale(actor), row.kind, row.params);
  return {
    id: row.id,
    kind: row.kind,
    title: text.title,
    body: text.body,
    link: row.link,
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Keyset paging, newest first: the rows older than the cursor (by time, then id). The cursor's time
 * is read in SQL: PostgreSQL keeps microseconds, a JavaScript Date only milliseconds, and a cursor
 * rounded through one skips the rows of the same millisecond.
 */
const olderThan = (table: typeof notifications | typeof outboxMessages, cursorId: string) =>
  sql`(${table.createdAt}, ${table.id}) < (select created_at, id from ${table} where id = ${cursorId})`;

export async function unreadCount(db: Database, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine(actor), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function list(db: Database, actor: Actor, query: { unread?: 'true' | 'false'; limit: number; before?: string }) {
  let after: SQL | undefined;
  if (query.before) {
    const [cursor] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(mine(actor), eq(notifications.id, query.before)));
    if (!cursor) throw notFound('Notification');
    after = olderThan(notifications, cursor.id);
  }
  const rows = await db
    .select()
    .from(notifications)
    .where(and(mine(actor), query.unread === 'true' ? isNull(notifications.readAt) : undefined, after))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  return {
    items: rows.slice(0, query.limit).map((row) => view(actor, row)),
    unread: await unreadCount(db, actor),
    more: rows.length > query.limit,
  };
}

/** Marks one of the reader's notifications read; another's does not exist for them. */
export async function markRead(db: Database, actor: Actor, id: string): Promise<void> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(mine(actor), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  if (!row) throw notFound('Notification');
}

export async function markAllRead(db: Database, actor: Actor): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(mine(actor), isNull(notifications.readAt)));
}

/** Every kind with the reader's choice (immediate when they made none). */
export async function preferences(db: Database, actor: Actor) {
  const rows = await db
    .select({ kind: notificationPreferences.kind, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, actor.userId));
  const chosen = new Map(rows.map((r) => [r.kind, r.email]));
  return { items: notificationKinds.map((kind) => ({ kind, email: chosen.get(kind) ?? ('immediate' as const) })) };
}

export async function setPreferences(db: Database, actor: Actor, input: PreferencesInput) {
  await db.transaction(async (tx) => {
    for (const item of input.items) {
      await tx
        .insert(notificationPreferences)
        .values({ userId: actor.userId, kind: item.kind, email: item.email })
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.kind],
          set: { email: item.email },
        });
    }
  });
  return preferences(db, actor);
}

/**
 * What the focal point's state was told: the notifications concerning it (the state wall holds the
 * query to it too), naming the recipient only when they are of that state; the office's staff are "the office".
 */
export async function sentToState(db: Database, actor: Actor, query: { limit: number; before?: string; emailsBefore?: string }) {
  const state = actor.stateIso2;
  if (!state) throw notFound('State');
  const t = translator(readerLocale(actor));
  // A cursor is one of this state's rows, or not found: paging never reaches into another state.
  let after: SQL | undefined;
  if (query.before) {
    const [cursor] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.stateIso2, state), eq(notifications.id, query.before)));
    if (!cursor) throw notFound('Notification');
    after = olderThan(notifications, cursor.id);
  }
  let emailsAfter: SQL | undefined;
  if (query.emailsBefore) {
    const [cursor] = await db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.stateIso2, state), eq(outboxMessages.id, query.emailsBefore)));
    if (!cursor) throw notFound('Email');
    emailsAfter = olderThan(outboxMessages, cursor.id);
  }
  const rows = await db
    .select({ row: notifications, name: users.displayName, role: users.role, recipientState: users.stateIso2 })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.recipientId))
    .where(and(eq(notifications.stateIso2, state), after))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  const mails = await db
    .select({ mail: outboxMessages, name: users.displayName, role: users.role, recipientState: users.stateIso2 })
    .from(outboxMessages)
    .leftJoin(users, eq(users.id, outboxMessages.toUserId))
    .where(and(eq(outboxMessages.stateIso2, state), emailsAfter))
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(query.limit + 1);
  /** A user of the state by name, the office's staff as "the office"; a person without an account by their address. */
  const recipientOf = (name: string | null, role: Role | null, recipientState: string | null, address: string | null) =>
    role === null
      ? (address ?? t.t('notifications.state.office'))
      : stateBoundRoles.includes(role) && recipientState === state
        ? (name ?? '')
        : t.t('notifications.state.office');
  return {
    stateIso2: state,
    more: rows.length > query.limit,
    emailsMore: mails.length > query.limit,
    emails: mails.slice(0, query.limit).map(({ mail, name, role, recipientState }) => ({
      id: mail.id,
      subject: mail.subject,
      recipient: recipientOf(name, role, recipientState, mail.toAddress),
      status: mail.status,
      createdAt: mail.createdAt.toISOString(),
    })),
    notifications: rows.slice(0, query.limit).map(({ row, name, role, recipientState }) => ({
      id: row.id,
      kind: row.kind,
      title: view(actor, row).title,
      recipient: recipientOf(name, role, recipientState, null),
      read: row.readAt !== null,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}
