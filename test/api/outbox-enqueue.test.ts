import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages } from '../../server/db/schema';
import { renderMail } from '../../server/modules/outbox/layout';
import { enqueueMail, type OutgoingMail } from '../../server/modules/outbox/outbox';
import { queryRows } from '../../server/platform/db';
import { NO_SCOPE, SYSTEM_SCOPE, withWallScope } from '../../server/platform/wall';
import { startTestApp, type TestApp, testDatabaseKind } from './harness';

/** The outbox's contract with the modules that send mail (issue 11): written in their transaction, once per key. */
describe(`enqueueMail (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const inScope = <T>(scope: string, work: () => PromiseLike<T>) => withWallScope(scope, async () => await work());
  const mail = (key: string, over: Partial<OutgoingMail> = {}): OutgoingMail => ({
    kind: 'test.kind',
    dedupeKey: key,
    toAddress: 'someone@example.org',
    toUserId: null,
    stateIso2: null,
    locale: 'fr',
    subject: 'Objet',
    ...renderMail({ locale: 'fr', heading: 'Bonjour', paragraphs: ['Texte'] }),
    ...over,
  });
  const rowsOf = (key: string) =>
    inScope(SYSTEM_SCOPE, () => t.db.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, key)));

  it('stores a pending message with both parts and its attachments', async () => {
    const attachments = [{ filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST', content: 'BEGIN:VCALENDAR' }];
    await enqueueMail(t.db, mail('stored', { attachments, subject: 'Line one\r\nBcc: evil@example.org' }));
    const [row] = await rowsOf('stored');
    expect(row).toMatchObject({
      kind: 'test.kind',
      status: 'pending',
      attempts: 0,
      locale: 'fr',
      toAddress: 'someone@example.org',
      subject: 'Line one Bcc: evil@example.org',
      attachments,
      sentAt: null,
    });
    expect(row?.textBody).toContain('Bonjour');
    expect(row?.htmlBody).toContain('<html lang="fr" dir="ltr">');
  });

  it('stores one message per key, however often it is enqueued', async () => {
    await enqueueMail(t.db, mail('once', { subject: 'first' }));
    await enqueueMail(t.db, mail('once', { subject: 'second' }));
    await t.db.transaction(async (tx) => enqueueMail(tx, mail('once', { subject: 'third' })));
    const rows = await rowsOf('once');
    expect(rows.map((r) => r.subject)).toEqual(['first']);
  });

  it('writes nothing when the change that caused it rolls back', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueMail(tx, mail('rolled-back'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf('rolled-back')).toEqual([]);
  });

  it('lets a request without a scope write a message (a password reset) but read none back', async () => {
    await inScope(NO_SCOPE, () => enqueueMail(t.db, mail('anonymous')));
    await inScope(NO_SCOPE, () => enqueueMail(t.db, mail('anonymous')));
    expect(await rowsOf('anonymous')).toHaveLength(1);
    const seen = await inScope(NO_SCOPE, () =>
      queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from outbox_messages`),
    );
    expect(seen[0]?.n).toBe(0);
  });

  it("shows a focal point's scope only the messages about their own state, and lets it change none", async () => {
    await enqueueMail(t.db, mail('about-ng', { stateIso2: 'NG' }));
    await enqueueMail(t.db, mail('about-sn', { stateIso2: 'SN' }));
    const seen = await inScope('NG', () => t.db.select({ key: outboxMessages.dedupeKey }).from(outboxMessages));
    expect(seen.map((r) => r.key)).toEqual(['about-ng']);
    const changed = await inScope('NG', () =>
      t.db
        .update(outboxMessages)
        .set({ toAddress: 'thief@example.org' })
        .where(eq(outboxMessages.dedupeKey, 'about-ng'))
        .returning(),
    );
    expect(changed).toEqual([]);
    const deleted = await inScope('NG', () =>
      t.db.delete(outboxMessages).where(eq(outboxMessages.dedupeKey, 'about-ng')).returning(),
    );
    expect(deleted).toEqual([]);
    expect((await rowsOf('about-ng'))[0]?.toAddress).toBe('someone@example.org');
  });

  it('refuses a message no mail server could take, and stores nothing', async () => {
    for (const bad of [
      mail('bad-address', { toAddress: 'not an address' }),
      mail('bad-header', { toAddress: 'a@example.org\r\nBcc: b@example.org' }),
      mail('bad-locale', { locale: 'de' as never }),
      mail('', {}),
    ]) {
      await expect(enqueueMail(t.db, bad)).rejects.toThrow(/enqueueMail/);
    }
    for (const key of ['bad-address', 'bad-header', 'bad-locale']) expect(await rowsOf(key)).toEqual([]);
  });
});
