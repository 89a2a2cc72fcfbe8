import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type MailConfig } from '../../server/config';
import { outboxMessages } from '../../server/db/schema';
import { DeliveryWorker, type MailTransport, smtpTransport } from '../../server/modules/outbox/delivery';
import { renderMail } from '../../server/modules/outbox/layout';
import { enqueueMail, type OutgoingMail } from '../../server/modules/outbox/outbox';
import { type Database, type DatabaseHandle, openPostgres } from '../../server/platform/db';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';
import { startSmtp, type TestSmtp } from './smtp';

/**
 * The delivery worker against a real SMTP server (issue 11): the message as received, in French
 * and Arabic; a server down or refusing for now → retried later, nothing lost; a refusal for good
 * → failed; two workers (on PostgreSQL, two connection pools as two processes have) → each
 * message delivered exactly once.
 */
describe(`mail delivery over SMTP (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let db: Database;
  let smtp: TestSmtp;
  let mail: MailConfig;
  const workers: DeliveryWorker[] = [];
  const quiet = { info: () => undefined, warn: () => undefined };

  const worker = (config: MailConfig = mail, on: Database = db, transport?: MailTransport) => {
    const w = new DeliveryWorker(on, config, transport ?? smtpTransport(config), quiet);
    workers.push(w);
    return w;
  };
  const outgoing = (key: string, over: Partial<OutgoingMail> = {}): OutgoingMail => ({
    kind: 'test.delivery',
    dedupeKey: key,
    toAddress: `${key}@example.org`,
    toUserId: null,
    stateIso2: null,
    locale: 'en',
    subject: `Subject ${key}`,
    ...renderMail({ locale: 'en', heading: 'Hello', paragraphs: [`Body ${key}`] }),
    ...over,
  });
  const rowOf = async (key: string) => (await db.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, key)))[0];
  /** Makes every pending message due now (instead of waiting out the back-off). */
  const makeDue = () => db.execute(sql`update outbox_messages set next_attempt_at = now() where status = 'pending'`);

  beforeAll(async () => {
    database = await freshDatabase();
    db = database.db;
    smtp = await startSmtp();
    mail = loadConfig({
      TADRIB_SMTP_URL: smtp.url,
      TADRIB_MAIL_FROM: 'Tadrib <no-reply@tadrib.test>',
      TADRIB_MAIL_MAX_ATTEMPTS: '3',
    }).mail;
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await smtp?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    smtp.refuse(null);
    smtp.received.length = 0;
    // Earlier tests' messages are done with: each test counts its own.
    await db.execute(sql`update outbox_messages set status = 'failed' where status = 'pending'`);
  });

  it('delivers a French message with its parts, sender, Message-ID and attachment', async () => {
    const content = renderMail({
      locale: 'fr',
      heading: 'Votre candidature est acceptée',
      paragraphs: ['Bienvenue à la session « Enquêtes financières » à Niamey.'],
      action: { label: 'Voir la session', url: 'https://tadrib.test/sessions/1' },
    });
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    await enqueueMail(db, {
      ...outgoing('fr-message', { locale: 'fr', subject: 'Candidature acceptée — Enquêtes financières' }),
      ...content,
      attachments: [{ filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST', content: ics }],
    });
    expect(await worker().runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [message] = await smtp.waitFor(1);
    const row = await rowOf('fr-message');
    expect(message?.envelopeTo).toEqual(['fr-message@example.org']);
    expect(message?.from?.value).toEqual([{ name: 'Tadrib', address: 'no-reply@tadrib.test' }]);
    expect(message?.subject).toBe('Candidature acceptée — Enquêtes financières');
    expect(message?.text).toContain('Bienvenue à la session « Enquêtes financières » à Niamey.');
    expect(message?.text).toContain('https://tadrib.test/sessions/1');
    expect(message?.html).toContain('<html lang="fr" dir="ltr">');
    expect(message?.html).toContain('Voir la session');
    expect(message?.messageId).toBe(`<${row?.id}@tadrib.test>`);
    expect(message?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message?.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')])).toEqual([
      ['invite.ics', 'text/calendar', ics],
    ]);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      lastError: null,
      leasedBy: null,
      messageId: `<${row?.id}@tadrib.test>`,
    });
    expect(row?.sentAt).toBeInstanceOf(Date);
  });

  it('delivers an Arabic message right to left, its subject and text intact', async () => {
    const content = renderMail({
      locale: 'ar',
      heading: 'إعادة تعيين كلمة المرور',
      paragraphs: ['طلبتَ إعادة تعيين كلمة المرور.'],
    });
    await enqueueMail(db, { ...outgoing('ar-message', { locale: 'ar', subject: 'تدريب: إعادة تعيين كلمة المرور' }), ...content });
    await worker().runOnce();
    const [message] = await smtp.waitFor(1);
    expect(message?.subject).toBe('تدريب: إعادة تعيين كلمة المرور');
    expect(message?.text).toContain('طلبتَ إعادة تعيين كلمة المرور.');
    expect(message?.html).toContain('<html lang="ar" dir="rtl">');
    expect(message?.html).toContain('إعادة تعيين كلمة المرور</h1>');
  });

  it('keeps a message when the server is down, and delivers it once it is back', async () => {
    await enqueueMail(db, outgoing('while-down'));
    const down = loadConfig({ TADRIB_SMTP_URL: 'smtp://127.0.0.1:1', TADRIB_MAIL_RETRY_SECONDS: '60' }).mail;
    expect(await worker(down).runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const waiting = await rowOf('while-down');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, leasedBy: null });
    expect(waiting?.lastError).toMatch(/ECONNREFUSED|connect/i);
    // Back-off: not due again for a minute, so a worker now sends nothing.
    expect((waiting?.nextAttemptAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(50_000);
    expect(await worker().runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    await makeDue();
    expect(await worker().runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
    expect(await rowOf('while-down')).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('retries a refusal for now (4xx) with a growing wait, and gives up after the last attempt', async () => {
    await enqueueMail(db, outgoing('greylisted'));
    smtp.refuse(451);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const before = Date.now();
      await worker().runOnce();
      const row = await rowOf('greylisted');
      waits.push((row?.nextAttemptAt.getTime() ?? 0) - before);
      expect(row?.attempts).toBe(attempt);
      expect(row?.lastError).toMatch(/451/);
      await makeDue();
    }
    // 60 s, then 120 s (each ± the clock of the database); the third attempt was the last (TADRIB_MAIL_MAX_ATTEMPTS=3).
    expect(waits[0]).toBeGreaterThan(55_000);
    expect(waits[1]).toBeGreaterThan(115_000);
    expect((await rowOf('greylisted'))?.status).toBe('failed');
    expect(smtp.received).toHaveLength(0);
  });

  it('marks a message failed at once when the server refuses the recipient for good (5xx)', async () => {
    await enqueueMail(db, outgoing('no-such-mailbox'));
    smtp.refuse(550);
    expect(await worker().runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await rowOf('no-such-mailbox')).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await rowOf('no-such-mailbox'))?.lastError).toMatch(/550/);
  });

  it('delivers each message exactly once when two workers run at the same time', async () => {
    // On PostgreSQL, each worker has its own pool, as two server processes do; PGlite has one connection.
    let second: DatabaseHandle | null = null;
    if (database.kind === 'postgres') {
      second = await openPostgres(database.env.DATABASE_URL as string);
      await second.switchToRuntimeRole();
    }
    try {
      const count = 60;
      for (let i = 0; i < count; i += 1) await enqueueMail(db, outgoing(`race-${i}`));
      const one = worker();
      const two = worker(mail, second?.db ?? db);
      const totals = await Promise.all(
        [one, two, one, two].map(async (w) => {
          let sent = 0;
          for (;;) {
            const r = await w.runOnce();
            sent += r.sent;
            if (r.sent + r.retried + r.failed === 0) return sent;
          }
        }),
      );
      await smtp.waitFor(count);
      expect(totals.reduce((a, b) => a + b, 0)).toBe(count);
      const recipients = smtp.received.map((m) => m.envelopeTo[0]);
      expect(new Set(recipients).size).toBe(count);
      expect(recipients).toHaveLength(count);
      const states = await db.execute(
        sql`select count(*)::int as n from outbox_messages where dedupe_key like 'race-%' and status = 'sent' and attempts = 1`,
      );
      expect((states as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(count);
    } finally {
      await second?.close();
    }
  });

  it('stops cleanly: the batch in hand is sent and marked, and nothing is sent after', async () => {
    await enqueueMail(db, outgoing('before-stop'));
    const w = worker(loadConfig({ TADRIB_SMTP_URL: smtp.url, TADRIB_MAIL_POLL_SECONDS: '0.05' }).mail);
    w.start();
    await smtp.waitFor(1);
    await w.stop();
    expect((await rowOf('before-stop'))?.status).toBe('sent');
    await enqueueMail(db, outgoing('after-stop'));
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(1);
    expect((await rowOf('after-stop'))?.status).toBe('pending');
  });
});
