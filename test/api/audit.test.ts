import { asc, count, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/schema';
import { verifyAuditChain } from '../../server/platform/audit';
import { type Client, DEMO_PASSWORD, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, expectError, login } from './support';

type AuditEntry = {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  recordType: string | null;
  recordId: string | null;
  address: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
};
type AuditPage = { items: AuditEntry[]; total: number; page: number; pageSize: number; nextBeforeSeq: number | null };

const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe(`audit log (${testDatabaseKind})`, () => {
  let t: TestApp;
  let admin: Client;
  let adminId: string;

  beforeAll(async () => {
    // No admission queue (server/platform/admission.ts): on PGlite it lets two reads in at once, and
    // the concurrent-reads test below needs many reads waiting on the audit chain's lock together.
    t = await startTestApp({ TADRIB_READS_AT_ONCE: '0' });
    admin = await t.as('admin');
    adminId = (await admin.get('/api/me')).json().id;
  });
  afterAll(async () => t.close());

  /** The one audit row a request wrote under its request id. */
  async function rowOfRequest(response: LightMyRequestResponse, action: string) {
    const requestId = response.headers['x-request-id'];
    expect(typeof requestId).toBe('string');
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.requestId, String(requestId)));
    const matching = rows.filter((r) => r.action === action);
    expect(matching, `one ${action} row for request ${requestId}`).toHaveLength(1);
    return matching[0] as (typeof rows)[number];
  }

  async function search(query: string): Promise<AuditPage> {
    const res = await admin.get(`/api/audit${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  describe('what is recorded', () => {
    it('a successful sign-in: actor, role, action, record, address, request id, outcome', async () => {
      const { response } = await login(t, demoEmail('me_officer'), DEMO_PASSWORD, {
        remoteAddress: '203.0.113.41',
        headers: { 'x-request-id': 'signin-success-0001' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-request-id']).toBe('signin-success-0001');
      const userId = response.json().user.id;
      const row = await rowOfRequest(response, 'auth.login');
      expect(row).toMatchObject({
        actorUserId: userId,
        actorRole: 'me_officer',
        action: 'auth.login',
        outcome: 'success',
        recordType: 'user',
        recordId: userId,
        address: '203.0.113.41',
        requestId: 'signin-success-0001',
      });
      expect(Date.now() - row.at.getTime()).toBeLessThan(60_000);
    });

    it('a failed sign-in: no actor, the account tried, the reason, outcome failure', async () => {
      const { response } = await login(t, demoEmail('partner'), 'wrong-password-000', { remoteAddress: '203.0.113.42' });
      expect(response.statusCode).toBe(401);
      const row = await rowOfRequest(response, 'auth.login');
      expect(row).toMatchObject({
        actorUserId: null,
        action: 'auth.login',
        outcome: 'failure',
        recordType: 'user',
        address: '203.0.113.42',
      });
      expect(row.recordId).toEqual(expect.any(String));
      expect(row.details).toMatchObject({ email: demoEmail('partner'), reason: 'wrong_password' });
      // The password itself is never recorded.
      expect(JSON.stringify(row)).not.toContain('wrong-password-000');
    });

    it('a request id that does not look like one is replaced by a generated one', async () => {
      const res = await admin.request({ method: 'GET', url: '/api/users', headers: { 'x-request-id': 'bad id with spaces' } });
      const requestId = String(res.headers['x-request-id']);
      expect(requestId).not.toBe('bad id with spaces');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await rowOfRequest(res, 'user.list')).requestId).toBe(requestId);
    });

    it('a write: the admin, the change and the record', async () => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: { email: 'audited.user@tadrib.test', displayName: 'Audited User', role: 'trainer' },
        remoteAddress: '203.0.113.43',
      });
      expect(res.statusCode).toBe(201);
      const row = await rowOfRequest(res, 'user.create');
      expect(row).toMatchObject({
        actorUserId: adminId,
        actorRole: 'admin',
        outcome: 'success',
        recordType: 'user',
        recordId: res.json().user.id,
        address: '203.0.113.43',
      });
      expect(row.details).toMatchObject({ email: 'audited.user@tadrib.test', role: 'trainer' });
      expect(JSON.stringify(row.details)).not.toContain(res.json().temporaryPassword);
    });

    it('reads of personal data: the user list, one user, a state’s contacts', async () => {
      const list = await admin.get('/api/users?role=focal_point');
      expect(await rowOfRequest(list, 'user.list')).toMatchObject({
        actorUserId: adminId,
        actorRole: 'admin',
        outcome: 'success',
        recordType: 'user',
        address: '127.0.0.1',
      });

      const focalId = (list.json().items as { id: string }[])[0]?.id as string;
      const one = await admin.get(`/api/users/${focalId}`);
      expect(await rowOfRequest(one, 'user.read')).toMatchObject({
        actorUserId: adminId,
        actorRole: 'admin',
        outcome: 'success',
        recordType: 'user',
        recordId: focalId,
        address: '127.0.0.1',
      });

      const officer = await t.as('programme_officer');
      const officerId = (await officer.get('/api/me')).json().id;
      const state = await officer.get('/api/states/NG');
      const row = await rowOfRequest(state, 'state.contacts.read');
      expect(row).toMatchObject({
        actorUserId: officerId,
        actorRole: 'programme_officer',
        recordType: 'member_state',
        recordId: 'NG',
        outcome: 'success',
        address: '127.0.0.1',
      });
      expect(row.details).toEqual({ userIds: [focalId] });
    });

    it('a refused request: access.denied with outcome denied', async () => {
      const partner = await t.as('partner');
      const res = await partner.get('/api/users');
      expect(res.statusCode).toBe(403);
      const row = await rowOfRequest(res, 'access.denied');
      expect(row).toMatchObject({ actorRole: 'partner', outcome: 'denied' });
      expect(row.details).toMatchObject({ method: 'GET', route: '/api/users' });
    });

    it('reading the audit log is itself recorded', async () => {
      const res = await admin.get('/api/audit?action=user.create');
      expect(await rowOfRequest(res, 'audit.read')).toMatchObject({ actorUserId: adminId, recordType: 'audit_log' });
    });
  });

  describe('browsing the log', () => {
    it('filters by action and outcome, newest first', async () => {
      const failures = await search('?action=auth.login&outcome=failure');
      expect(failures.total).toBeGreaterThanOrEqual(1);
      expect(failures.items.every((e) => e.action === 'auth.login' && e.outcome === 'failure')).toBe(true);
      const logins = await search('?action=auth.login');
      expect(logins.items.some((e) => e.outcome === 'success')).toBe(true);
      const seqs = logins.items.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect((await search('?action=no.such.action')).total).toBe(0);
    });

    it('pages by keyset: the next page starts below the last seq of the one before', async () => {
      const first = await search('?pageSize=3');
      expect(first.nextBeforeSeq).toBe(first.items[2]?.seq);
      const byOffset = await search('?pageSize=3&page=2');
      const byKeyset = await search(`?pageSize=3&page=2&beforeSeq=${first.nextBeforeSeq}`);
      // The first read was itself audited (a newer row): offset paging shifts by it, keyset does not.
      expect(byKeyset.items.map((e) => e.seq)).toEqual([first.items[2]?.seq ?? 0].flatMap((s) => [s - 1, s - 2, s - 3]));
      expect(byOffset.items.length).toBe(3);
      expect(byKeyset.page).toBe(2);
    });

    it('filters by the actor’s email (part of it) or id', async () => {
      const byEmail = await search(`?actor=${encodeURIComponent('me@tadrib')}`);
      expect(byEmail.total).toBeGreaterThanOrEqual(1);
      expect(byEmail.items.every((e) => e.actorEmail === demoEmail('me_officer'))).toBe(true);
      const byId = await search(`?actor=${adminId}`);
      expect(byId.total).toBeGreaterThanOrEqual(1);
      expect(byId.items.every((e) => e.actorUserId === adminId && e.actorEmail === demoEmail('admin'))).toBe(true);
    });

    it('filters by record type and id', async () => {
      const user = await createUser(admin, { role: 'partner', keepTemporaryPassword: true });
      expect((await admin.get(`/api/users/${user.id}`)).statusCode).toBe(200);
      const rows = await search(`?recordType=user&recordId=${user.id}`);
      // createUser gives the test a temporary password: the reset is the record's too.
      expect(rows.items.map((e) => e.action).sort()).toEqual(['user.create', 'user.password.reset', 'user.read']);
      expect(rows.items.every((e) => e.recordId === user.id)).toBe(true);
    });

    it('filters by date, inclusive of both ends', async () => {
      const all = await search('?pageSize=1');
      // + 1: the audit.read row of the first search.
      expect((await search(`?from=${today()}&to=${today()}&pageSize=1`)).total).toBe(all.total + 1);
      expect((await search(`?from=${dayOffset(1)}`)).total).toBe(0);
      expect((await search(`?to=${dayOffset(-1)}`)).total).toBe(0);
      expectError(await admin.get('/api/audit?from=yesterday'), 400, 'VALIDATION_FAILED');
    });

    it('counts the whole log without a filter: every row', async () => {
      const [rows] = await t.db.select({ n: count() }).from(auditLog);
      expect((await search('?pageSize=1')).total).toBe(Number(rows?.n));
    });

    it('pages, with a total', async () => {
      // Rows about users: no new ones appear between these reads (each read adds an audit_log row).
      const six = await search('?recordType=user&page=1&pageSize=6');
      expect(six.total).toBeGreaterThanOrEqual(6);
      const first = await search('?recordType=user&page=1&pageSize=3');
      const second = await search('?recordType=user&page=2&pageSize=3');
      expect(first).toMatchObject({ page: 1, pageSize: 3, total: six.total });
      expect(second).toMatchObject({ page: 2, pageSize: 3, total: six.total });
      expect([...first.items, ...second.items].map((e) => e.seq)).toEqual(six.items.map((e) => e.seq));
      expect((await search(`?recordType=user&page=${six.total + 1}&pageSize=1`)).items).toEqual([]);
      expectError(await admin.get('/api/audit?pageSize=501'), 400, 'VALIDATION_FAILED');
    });

    it('lists the distinct actions for the filter', async () => {
      const res = await admin.get('/api/audit/actions');
      expect(res.statusCode).toBe(200);
      const { actions } = res.json() as { actions: string[] };
      expect(actions).toEqual([...new Set(actions)].sort());
      for (const action of ['auth.login', 'user.create', 'user.list', 'state.contacts.read']) expect(actions).toContain(action);
    });
  });

  describe('concurrent reads', () => {
    it('each read has its row, committed before it answers; reads waiting on the lock share one append', async () => {
      const officer = await t.as('programme_officer');
      const responses = await Promise.all(Array.from({ length: 24 }, () => officer.get('/api/officials?pageSize=5')));
      const rows = [];
      for (const response of responses) {
        expect(response.statusCode, response.body).toBe(200);
        // Looked up right after the answer: the row is already there.
        rows.push(await rowOfRequest(response, 'official.list'));
      }
      // One append writes its rows at one instant: 24 reads took fewer appends than reads.
      expect(new Set(rows.map((r) => r.at.toISOString())).size).toBeLessThan(rows.length);
      const seqs = rows.map((r) => r.seq).sort((a, b) => a - b);
      expect(new Set(seqs).size).toBe(24);
      expect((await verifyAuditChain(t.db, t.keys)).ok).toBe(true);
    });
  });

  describe('tamper evidence', () => {
    it('the chain of an untouched log verifies, through the route and the function', async () => {
      const [row] = await t.db.select({ n: count() }).from(auditLog);
      const direct = await verifyAuditChain(t.db, t.keys);
      expect(direct).toMatchObject({ ok: true, checked: Number(row?.n), firstProblem: null });
      expect(direct.checkpoint?.signatureValid).toBe(true);
      const res = await admin.get('/api/audit/verify');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, firstProblem: null });
      expect(res.json().checked).toBeGreaterThanOrEqual(direct.checked);
      // Small batches walk the same chain.
      expect((await verifyAuditChain(t.db, t.keys, 3)).ok).toBe(true);
    });

    it('the database refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
      await expect(t.db.execute(sql`update audit_log set action = 'forged' where seq = 1`)).rejects.toThrow();
      await expect(t.db.execute(sql`delete from audit_log where seq = 1`)).rejects.toThrow();
      await expect(t.db.execute(sql`truncate audit_log`)).rejects.toThrow();
      const [first] = await t.db.select().from(auditLog).where(eq(auditLog.seq, 1));
      expect(first?.action).not.toBe('forged');
      expect((await verifyAuditChain(t.db, t.keys)).ok).toBe(true);
    });

    it('an altered row is reported by its seq; restoring it makes the chain whole again', async () => {
      const rows = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq));
      const target = rows[Math.floor(rows.length / 2)];
      if (!target) throw new Error('no audit rows');
      const original = target.details;
      await t.asOwner(async (owner) => {
        await owner.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
        await owner.execute(
          sql`update audit_log set details = ${JSON.stringify({ forged: true })}::jsonb where seq = ${target.seq}`,
        );
        await owner.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      });
      const direct = await verifyAuditChain(t.db, t.keys);
      expect(direct.ok).toBe(false);
      expect(direct.firstProblem?.seq).toBe(target.seq);
      expect(direct.checked).toBe(target.seq - 1);
      expect(direct.firstProblem?.problem).toMatch(/altered/);
      const res = await admin.get('/api/audit/verify');
      expect(res.json()).toMatchObject({ ok: false, firstProblem: { seq: target.seq } });
      // The failed verification is itself recorded.
      const [verdictRow] = await auditRowsOf(t.db, 'audit.verify');
      expect(verdictRow?.outcome).toBe('failure');

      await t.asOwner(async (owner) => {
        await owner.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
        await owner.execute(
          sql`update audit_log set details = ${original === null ? null : JSON.stringify(original)}::jsonb where seq = ${target.seq}`,
        );
        await owner.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      });
      expect((await verifyAuditChain(t.db, t.keys)).ok).toBe(true);
    });

    it('a deleted middle row is reported as the missing seq', async () => {
      const rows = await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq));
      const target = rows[Math.floor(rows.length / 3)]?.seq;
      if (target === undefined) throw new Error('no audit rows');
      await t.asOwner(async (owner) => {
        await owner.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
        await owner.execute(sql`delete from audit_log where seq = ${target}`);
        await owner.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      });
      const direct = await verifyAuditChain(t.db, t.keys);
      expect(direct).toMatchObject({ ok: false, checked: target - 1, firstProblem: { seq: target } });
      expect(direct.firstProblem?.problem).toMatch(/missing/);
      const res = await admin.get('/api/audit/verify');
      expect(res.json()).toMatchObject({ ok: false, firstProblem: { seq: target } });
    });
  });
});
