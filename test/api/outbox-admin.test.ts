import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages } from '../../server/db/schema';
import { enqueueMail } from '../../server/modules/outbox/outbox';
import { queryRows } from '../../server/platform/db';
import { SYSTEM_SCOPE, withWallScope } from '../../server/platform/wall';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, expectError, expectRule, uniqueEmail } from './support';

/**
 * The admin's Outbox (issue 11): the list and its filters, one message with its bodies (a read of
 * personal data, audited), resend (back to pending, attempts from zero, audited), and every bad
 * input refused without a change.
 */
describe(`the admin's outbox (${testDatabaseKind})`, () => {
  let t: TestApp;
  let admin: Client;
  const tag = Date.now().toString(36);
  const recipient = uniqueEmail(`outbox-${tag}`);
  const ids: Record<string, string> = {};

  const row = async (id: string) =>
    withWallScope(SYSTEM_SCOPE, async () => (await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]);
  const set = async (id: string, values: Partial<typeof outboxMessages.$inferInsert>) =>
    withWallScope(SYSTEM_SCOPE, () => t.db.update(outboxMessages).set(values).where(eq(outboxMessages.id, id)));

  beforeAll(async () => {
    t = await startTestApp({ TADRIB_DEMO: 'false' });
    admin = await t.as('admin');
    for (const [name, kind] of [
      ['reset', 'account.password_reset'],
      ['invite', 'account.invitation'],
      ['other', 'account.invitation'],
    ] as const) {
      const to = name === 'other' ? uniqueEmail(`elsewhere-${tag}`) : recipient;
      await withWallScope(SYSTEM_SCOPE, () =>
        enqueueMail(t.db, {
          kind,
          dedupeKey: `${tag}:${name}`,
          toAddress: to,
          toUserId: null,
          stateIso2: 'SN',
          locale: 'fr',
          subject: `Sujet ${name} ${tag}`,
          text: `Bonjour, ${name} https://tadrib.test/set-password#token=secret-${name}`,
          html: `<p>Bonjour, <a href="https://tadrib.test/set-password#token=secret-${name}">${name}</a></p>`,
        }),
      );
      const [stored] = await withWallScope(SYSTEM_SCOPE, () =>
        t.db
          .select()
          .from(outboxMessages)
          .where(eq(outboxMessages.dedupeKey, `${tag}:${name}`)),
      );
      ids[name] = stored?.id ?? '';
    }
    await set(ids.reset ?? '', { status: 'failed', attempts: 8, lastError: '550 mailbox unavailable' });
  });
  afterAll(async () => t.close());

  it('lists messages newest first with their delivery, filtered by status, kind, recipient and date, in pages', async () => {
    const all = await admin.get(`/api/outbox?recipient=${encodeURIComponent(`-${tag}`)}`);
    expect(all.statusCode, all.body).toBe(200);
    const page = all.json();
    expect(page.total).toBe(3);
    expect(page.delivering).toBe(false);
    expect(page.kinds).toEqual(expect.arrayContaining(['account.invitation', 'account.password_reset']));
    const failed = page.items.find((m: { id: string }) => m.id === ids.reset);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 8,
      lastError: '550 mailbox unavailable',
      toAddress: recipient,
      locale: 'fr',
      kind: 'account.password_reset',
    });
    // The list carries no body: a link that sets a password is shown only when one message is opened.
    expect(all.body).not.toContain('secret-');

    const ofRecipient = (await admin.get(`/api/outbox?recipient=${encodeURIComponent(recipient.toUpperCase())}`)).json();
    expect(ofRecipient.items.map((m: { id: string }) => m.id).sort()).toEqual([ids.reset, ids.invite].sort());
    const byStatus = (await admin.get(`/api/outbox?status=failed&recipient=${tag}`)).json();
    expect(byStatus.items.map((m: { id: string }) => m.id)).toEqual([ids.reset]);
    const byKind = (await admin.get(`/api/outbox?kind=account.invitation&recipient=${tag}`)).json();
    expect(byKind.total).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.get(`/api/outbox?from=${today}&to=${today}&recipient=${tag}`)).json().total).toBe(3);
    expect((await admin.get(`/api/outbox?to=2020-01-01&recipient=${tag}`)).json().total).toBe(0);
    // A wildcard typed in the recipient is a character, not a pattern.
    expect((await admin.get(`/api/outbox?recipient=%25`)).json().total).toBe(0);

    const first = (await admin.get(`/api/outbox?recipient=${tag}&pageSize=2&page=1`)).json();
    const second = (await admin.get(`/api/outbox?recipient=${tag}&pageSize=2&page=2`)).json();
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(1);
    expect(new Set([...first.items, ...second.items].map((m: { id: string }) => m.id)).size).toBe(3);

    const audited = await auditRowsOf(t.db, 'outbox.list');
    expect(audited[0]?.details).toMatchObject({ filter: { recipient: tag }, page: 2, returned: 1 });
  });

  it('shows one message with its text and HTML bodies, and audits the read', async () => {
    const res = await admin.get(`/api/outbox/${ids.invite}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: ids.invite,
      textBody: expect.stringContaining('#token=secret-invite'),
      htmlBody: expect.stringContaining('<a href="https://tadrib.test/set-password#token=secret-invite">'),
      attachments: [],
      inDelivery: false,
      status: 'pending',
    });
    expect(await auditRowsOf(t.db, 'outbox.read', ids.invite)).toHaveLength(1);
  });

  it('resends a failed message: pending, due now, attempts from zero, audited', async () => {
    const res = await admin.post(`/api/outbox/${ids.reset}/resend`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'pending', attempts: 0 });
    const stored = await row(ids.reset ?? '');
    expect(stored).toMatchObject({ status: 'pending', attempts: 0, sentAt: null, leasedBy: null });
    expect(stored?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const [entry] = await auditRowsOf(t.db, 'outbox.resend', ids.reset);
    expect(entry?.details).toMatchObject({ previousStatus: 'failed', previousAttempts: 8 });
  });

  it('resends a sent message (the recipient says it never arrived)', async () => {
    await set(ids.other ?? '', { status: 'sent', sentAt: new Date(), attempts: 1 });
    const res = await admin.post(`/api/outbox/${ids.other}/resend`);
    expect(res.statusCode, res.body).toBe(200);
    expect(await row(ids.other ?? '')).toMatchObject({ status: 'pending', attempts: 0, sentAt: null });
  });

  it('refuses to reset a message a worker holds, and changes nothing', async () => {
    const leasedUntil = new Date(Date.now() + 60_000);
    await set(ids.invite ?? '', { leasedUntil, leasedBy: 'worker-a', attempts: 2 });
    expect((await admin.get(`/api/outbox/${ids.invite}`)).json().inDelivery).toBe(true);
    expectRule(await admin.post(`/api/outbox/${ids.invite}/resend`), 'outbox.in_delivery', 409);
    expect(await row(ids.invite ?? '')).toMatchObject({ leasedBy: 'worker-a', attempts: 2, status: 'pending' });
    expect(await auditRowsOf(t.db, 'outbox.resend', ids.invite)).toHaveLength(0);
  });

  it('refuses bad input with a 4xx and changes nothing', async () => {
    const snapshot = () =>
      withWallScope(SYSTEM_SCOPE, () =>
        queryRows(t.db, sql`select id, status, attempts, next_attempt_at, leased_by from outbox_messages order by id`),
      );
    const before = await snapshot();
    expect(before.length).toBeGreaterThanOrEqual(3);
    for (const query of [
      'status=lost',
      'from=2026-13-01',
      'to=yesterday',
      'page=0',
      'pageSize=0',
      'pageSize=201',
      'page=abc',
      'recipient=',
      `kind=${'k'.repeat(61)}`,
      'sort=subject',
    ]) {
      expectError(await admin.get(`/api/outbox?${query}`), 400, 'VALIDATION_FAILED');
    }
    expectError(await admin.get('/api/outbox/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/outbox/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await admin.post('/api/outbox/not-a-uuid/resend'), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/outbox/00000000-0000-4000-8000-000000000000/resend'), 404, 'NOT_FOUND');
    // Without the CSRF token the resend is refused before it is looked at.
    const forged = await admin.request({
      method: 'POST',
      url: `/api/outbox/${ids.other}/resend`,
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('no one but the admin reads a message, not even the focal point of the state it concerns', async () => {
    for (const role of ['focal_point', 'programme_officer', 'participant'] as const) {
      const reader = await t.as(role);
      expectError(await reader.get(`/api/outbox/${ids.invite}`), 403, 'FORBIDDEN');
      expectError(await reader.get('/api/outbox'), 403, 'FORBIDDEN');
      expectError(await reader.post(`/api/outbox/${ids.other}/resend`), 403, 'FORBIDDEN');
    }
    expectError(await t.anonymous.get(`/api/outbox/${ids.invite}`), 401, 'UNAUTHENTICATED');
  });

  it('says whether messages are sent: true with TADRIB_SMTP_URL', async () => {
    const other = await startTestApp({ TADRIB_DEMO: 'false', TADRIB_SMTP_URL: 'smtp://127.0.0.1:2599' });
    try {
      const res = await (await other.as('admin')).get('/api/outbox?pageSize=1');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().delivering).toBe(true);
    } finally {
      await other.close();
    }
  });
});
