import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, recoveryCodes } from '../../server/db/schema';
import { chainHash, unkeyedChainHash, verifyAuditChain } from '../../server/platform/audit';
import { readCheckpoints } from '../../server/platform/audit-checkpoints';
import { queryRows } from '../../server/platform/db';
import { protectWithKeys } from '../../server/platform/startup';
import { currentTotpCode } from '../../server/platform/totp';
import { sessionCookieOf, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { awaitFreshTotpStep, createUser, login, userRow } from './support';

const STEP = 30_000;

/**
 * A database of the version before the keys folder: an unkeyed SHA-256 audit chain, TOTP secrets
 * in plain base32, recovery codes as unkeyed SHA-256, and no checkpoints. Upgrading it must keep
 * it verifying, key the chain from then on, and seal the second factors.
 */
describe(`upgrade of a database from before the keys folder (${testDatabaseKind})`, () => {
  let t: TestApp;
  let user: Awaited<ReturnType<typeof createUser>>;
  let secret: string;
  let codes: string[];
  let base: number;

  async function rewriteChainUnkeyed(upTo = Number.POSITIVE_INFINITY, changeSeq?: number): Promise<void> {
    const rows = await t.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    const statements: SQL[] = [];
    let prevHash = '0'.repeat(64);
    for (const row of rows) {
      if (row.seq > upTo) break;
      const { hash: _h, prevHash: _p, ...fields } = row;
      const content = row.seq === changeSeq ? { ...fields, details: { forged: true } } : fields;
      const hash = unkeyedChainHash(prevHash, content);
      statements.push(
        sql`update audit_log set details = ${JSON.stringify(content.details)}::jsonb, prev_hash = ${prevHash}, hash = ${hash} where seq = ${row.seq}`,
      );
      prevHash = hash;
    }
    await t.asOwner(async (owner) => {
      await owner.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
      for (const statement of statements) await owner.execute(statement);
      await owner.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.as('admin');
    user = await createUser(admin, { role: 'programme_officer' });
    const { client } = await login(t, user.email, user.password);
    await awaitFreshTotpStep();
    base = Date.now();
    secret = (await client.post('/api/me/mfa/setup')).json().secret;
    const confirm = await client.post('/api/me/mfa/confirm', { code: currentTotpCode(secret, base - STEP) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    codes = confirm.json().recoveryCodes;

    // Back to how the previous version stored all of it.
    await t.db.execute(sql`update users set totp_secret = ${secret} where id = ${user.id}`);
    await t.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await t.db
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ userId: user.id, codeHash: createHash('sha256').update(c).digest('hex') })));
    await rewriteChainUnkeyed();
    rmSync(t.keys.checkpointsFile);
  });
  afterAll(async () => t.close());

  it('at start, the unkeyed rows are anchored by a first checkpoint and verify; rows after it are keyed', async () => {
    const [{ head } = { head: 0 }] = await queryRows<{ head: number }>(t.db, sql`select max(seq)::int as head from audit_log`);
    await protectWithKeys(t.db, t.keys); // what the server and the CLI do after migrating
    const [first, ...rest] = readCheckpoints(t.keys);
    expect(rest).toHaveLength(0);
    expect(first).toMatchObject({ seq: head, keyedFrom: head + 1, signatureValid: true });
    expect(await verifyAuditChain(t.db, t.keys)).toMatchObject({ ok: true, checked: head });

    const admin = await t.as('admin');
    expect((await admin.get('/api/users')).statusCode).toBe(200);
    const [after] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.seq, head + 1));
    if (!after) throw new Error('no row written after the upgrade');
    const { hash, prevHash, ...fields } = after;
    expect(hash).toBe(chainHash(t.keys.auditChain, prevHash, fields));
    expect((await verifyAuditChain(t.db, t.keys)).ok).toBe(true);
    // Running the start-up step again changes nothing about where keying starts.
    await protectWithKeys(t.db, t.keys);
    expect(readCheckpoints(t.keys).every((c) => c.keyedFrom === head + 1)).toBe(true);
  });

  it('the plain TOTP secret and the unkeyed recovery hashes are now sealed and keyed, and still sign in', async () => {
    const row = await userRow(t.db, user.id);
    expect(row?.totpSecret).not.toContain(secret);
    const stored = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    for (const r of stored) expect(r.codeHash).toMatch(/^h1\.[0-9a-f]{64}$/);

    const byCode = await login(t, user.email, user.password);
    const ok = await byCode.client.post('/api/auth/mfa', { code: currentTotpCode(secret, base) });
    expect(ok.statusCode, ok.body).toBe(200);
    const byRecovery = await login(t, user.email, user.password);
    const recovered = await byRecovery.client.post('/api/auth/mfa', { code: codes[0] });
    expect(recovered.statusCode, recovered.body).toBe(200);
    expect(sessionCookieOf(recovered)).toBeTruthy();
  });

  it('rewriting the old unkeyed rows (chain recomputed up to the upgrade) is still detected', async () => {
    const [first] = readCheckpoints(t.keys);
    if (!first) throw new Error('no checkpoint');
    await rewriteChainUnkeyed(first.keyedFrom - 1, 5);
    const verdict = await verifyAuditChain(t.db, t.keys);
    expect(verdict.ok).toBe(false);
    // The forged head of the unkeyed part no longer matches what the first checkpoint signed.
    expect(verdict.firstProblem).toMatchObject({ seq: first.seq });
    expect(verdict.firstProblem?.problem).toMatch(/altered: checkpoint 1 recorded another hash/);
  });
});
