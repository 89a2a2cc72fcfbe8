import { type Locale, locales } from '../../../contract/enums';
import { outboxMessages } from '../../db/schema';
import type { Queryable } from '../../platform/db';

/** A message to send, as the module that causes it writes it (issue 11). */
export interface OutgoingMail {
  /** What caused it, e.g. 'nomination.decided', 'account.password_reset'. */
  kind: string;
  /** One message per key, ever: enqueueing the same key twice stores one row. */
  dedupeKey: string;
  toAddress: string;
  toUserId: string | null;
  /** The member state it concerns, so a focal point can see what their state was sent. */
  stateIso2: string | null;
  locale: Locale;
  subject: string;
  /** Plain text part. */
  text: string;
  /** HTML part (server/modules/outbox/layout.ts `renderMail` writes both). */
  html: string;
  /** e.g. invite.ics */
  attachments?: { filename: string; contentType: string; content: string }[];
}

// A simple shape check: the address comes from an account or the registry, already validated there;
// this stops a message that no mail server could take from waiting in the outbox forever.
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

/** The unique violation of the dedupe key, as node-postgres or PGlite reports it (wrapped by drizzle or not). */
function isDuplicateKey(error: unknown): boolean {
  for (let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return e.constraint === undefined || e.constraint === 'outbox_messages_dedupe_key';
  }
  return false;
}

/**
 * Writes a message to the outbox. Written in the caller's transaction, so the message exists only
 * if the change commits; the delivery worker sends it afterwards. A second message with the same
 * `dedupeKey` is dropped without error.
 *
 * Why a savepoint and not `on conflict do nothing`: the wall (migration 0023) lets any request
 * write a message but not read one, and PostgreSQL checks an `on conflict` insert against the
 * policies that read. The insert runs in a nested transaction (a savepoint inside the caller's),
 * so that a duplicate key undoes the insert alone and the caller's transaction goes on.
 */
export async function enqueueMail(db: Queryable, mail: OutgoingMail): Promise<void> {
  if (!ADDRESS.test(mail.toAddress)) throw new Error(`enqueueMail: not an email address: ${mail.toAddress}`);
  if (!locales.includes(mail.locale)) throw new Error(`enqueueMail: unknown locale ${mail.locale}`);
  if (mail.dedupeKey.length === 0 || mail.kind.length === 0) throw new Error('enqueueMail: kind and dedupeKey are required');
  const row = {
    kind: mail.kind,
    dedupeKey: mail.dedupeKey,
    toAddress: mail.toAddress,
    toUserId: mail.toUserId,
    stateIso2: mail.stateIso2,
    locale: mail.locale,
    // A subject is one line: a line break would start a header of its own.
    subject: mail.subject.replace(/[\r\n]+/g, ' ').trim(),
    textBody: mail.text,
    htmlBody: mail.html,
    attachments: mail.attachments ?? [],
  };
  try {
    await db.transaction(async (savepoint) => {
      await savepoint.insert(outboxMessages).values(row);
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}
