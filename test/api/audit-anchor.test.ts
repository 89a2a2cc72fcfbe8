import { readFileSync, writeFileSync } from 'node:fs';
import { asc, desc, type SQL, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/schema';
import { checkpointAuditChain, unkeyedChainHash, verifyAuditChain } from '../../server/platform/audit';
import type { Database } from '../../server/platform/db';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';

/** What the owner of the tables can do: switch the append-only trigger off, change rows, switch it on. */
async function asTableOwner(t: TestApp, ...statements: SQL[]): Promise<void> {
  await t.asOwner(async (owner) => {
    await owner.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    for (const statement of statements) await owner.execute(statement);
    await owner.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  });
}

async function headSeq(db: Database): Promise<number> {
  const [last] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return last?.seq ?? 0;
}

describe(`audit anchor: keyed chain and signed checkpoints (${testDatabaseKind})`, () => {
  let t: TestApp;
  let admin: Client;

  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.as('admin');
    expect((await admin.patch('/api/me', { locale: 'fr' })).statusCode).toBe(200);
    // The server signs the head at an interval and at shutdown: here, now.
    expect(await checkpointAuditChain(t.db, t.keys)).not.toBeNull();
  });
  afterEach(async () => t.close());

  it('a correct log is intact and agrees with its latest checkpoint', async () => {
    const head = await headSeq(t.db);
    const verdict = await verifyAuditChain(t.db, t.keys);
    expect(verdict).toMatchObject({ ok: true, firstProblem: null, checkpoint: { seq: head, signatureValid: true } });
    const status = await admin.get('/api/audit/checkpoint');
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ problem: null, head, checkpoint: { seq: head, keyedFrom: 1 } });
    expect(status.json().checkpoints).toBeGreaterThanOrEqual(2);
    // Nothing new: no new checkpoint line.
    expect(await checkpointAuditChain(t.db, t.keys)).toBeNull();
  });

  it('deleting the newest rows as the owner is a cut, reported against the checkpoint', async () => {
    const head = await headSeq(t.db);
    await asTableOwner(t, sql`delete from audit_log where seq > ${head - 3}`);
    const verdict = await verifyAuditChain(t.db, t.keys);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstProblem?.problem).toMatch(
      new RegExp(`^cut after seq ${head - 3} \\(checkpoint ${verdict.checkpoint?.number} says head was ${head}\\)$`),
    );
    const status = await admin.get('/api/audit/checkpoint');
    expect(status.json().problem).toMatch(/^cut after seq \d+ \(checkpoint \d+ says head was \d+\)$/);
    const route = await admin.get('/api/audit/verify');
    expect(route.json()).toMatchObject({ ok: false, firstProblem: { problem: expect.stringMatching(/^cut after seq/) } });
    // The shortened head is never signed over the checkpoint.
    expect(await checkpointAuditChain(t.db, t.keys)).toBeNull();
  });

  it('altering a row and recomputing the old unkeyed chain after it is reported as that row altered', async () => {
    const rows = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    const target = rows[Math.floor(rows.length / 2)];
    if (!target) throw new Error('no audit rows');
    const statements: SQL[] = [];
    let prevHash = rows[rows.indexOf(target) - 1]?.hash ?? '0'.repeat(64);
    for (const row of rows.slice(rows.indexOf(target))) {
      const { hash: _h, prevHash: _p, ...fields } = row;
      const forged = row.seq === target.seq ? { ...fields, details: { forged: true } } : fields;
      const hash = unkeyedChainHash(prevHash, forged);
      statements.push(
        sql`update audit_log set details = ${JSON.stringify(forged.details)}::jsonb, prev_hash = ${prevHash}, hash = ${hash} where seq = ${row.seq}`,
      );
      prevHash = hash;
    }
    await asTableOwner(t, ...statements);
    const verdict = await verifyAuditChain(t.db, t.keys);
    expect(verdict).toMatchObject({ ok: false, checked: target.seq - 1, firstProblem: { seq: target.seq } });
    expect(verdict.firstProblem?.problem).toMatch(new RegExp(`^row ${target.seq} altered`));
  });

  it('a checkpoint whose signature was tampered with is detected', async () => {
    const lines = readFileSync(t.keys.checkpointsFile, 'utf8').trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1] as string);
    // Claiming a shorter head (to hide a cut) without the signing key.
    lines[lines.length - 1] = JSON.stringify({ ...last, seq: last.seq - 2 });
    writeFileSync(t.keys.checkpointsFile, `${lines.join('\n')}\n`);
    const verdict = await verifyAuditChain(t.db, t.keys);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstProblem?.problem).toBe(
      `checkpoint ${lines.length} is not signed with this server's key (the checkpoints file was tampered with)`,
    );
    expect((await admin.get('/api/audit/checkpoint')).json().problem).toMatch(/^checkpoint \d+ is not signed/);
  });
});
