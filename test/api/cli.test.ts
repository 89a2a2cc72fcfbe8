import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { openDatabase, queryRows } from '../../server/platform/db';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';
import { tadrib } from './tadrib-cli';

/** Runs `npm run tadrib -- …` against the test database; resolves with the exit code and output. */
// Each command starts a tsx process: on a busy machine several take longer than the default 30 s.
describe(`command line (${testDatabaseKind})`, { timeout: 120_000 }, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
    await database.close(); // the CLI opens it itself
  });
  afterAll(async () => database.drop());

  it('rotates the certificate signing key: the old public key stays published, its private part is gone', async () => {
    const before = database.keys.credentialSigning.current().kid;
    const rotated = await tadrib(database.env, 'credentials', 'rotate-key');
    expect(rotated.code, rotated.out).toBe(0);
    const now = database.keys.credentialSigning.current().kid;
    expect(now).not.toBe(before);
    expect(rotated.out).toContain(`signed with key ${now}; retired (still published): ${before}`);
    expect(database.keys.credentialSigning.published().keys.map((k) => k.kid)).toEqual(expect.arrayContaining([before, now]));
    expect(existsSync(path.join(database.keys.credentialSigning.dir, `${before}.key`))).toBe(false);
  });

  it('creates a user, refuses a bad one with the rule, and deactivates', async () => {
    const created = await tadrib(
      database.env,
      'users',
      'create',
      '--email',
      'New@Example.org',
      '--name',
      'New One',
      '--role',
      'focal_point',
      '--state',
      'gh',
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Created new@example.org \(focal_point, GH\)/);
    expect(created.out).toMatch(/Temporary password/);
    const refused = await tadrib(
      database.env,
      'users',
      'create',
      '--email',
      'x@example.org',
      '--name',
      'X',
      '--role',
      'participant',
    );
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      /RULE_VIOLATION: This role belongs to a member state: choose one\. \(rule: user\.state_required\)/,
    );
    const deactivated = await tadrib(database.env, 'users', 'deactivate', '--email', 'new@example.org');
    expect(deactivated.code).toBe(0);
  });

  it('refuses a weak, common or (outside the demo) published demo password, naming the rule, and creates no one', async () => {
    const create = (env: Record<string, string>, email: string, password: string) =>
      tadrib(env, 'users', 'create', '--email', email, '--name', 'Pat Example', '--role', 'trainer', '--password', password);
    const common = await create(database.env, 'weak@example.org', 'password1234');
    expect(common.code).toBe(1);
    expect(common.out).toMatch(/RULE_VIOLATION: .*\(rule: password\.common\)/);
    const outsideDemo = { ...database.env, TADRIB_DEMO: 'false' };
    const demo = await create(outsideDemo, 'demo@example.org', 'Tadrib-Demo-2026');
    expect(demo.code).toBe(1);
    expect(demo.out).toMatch(/\(rule: password\.demo\)/);
    const reset = await tadrib(
      outsideDemo,
      'users',
      'reset-password',
      '--email',
      'admin@tadrib.demo',
      '--password',
      'Tadrib-Demo-2026',
    );
    expect(reset.code).toBe(1);
    expect(reset.out).toMatch(/\(rule: password\.demo\)/);
    const strong = await create(outsideDemo, 'strong@example.org', 'correct horse battery staple');
    expect(strong.code, strong.out).toBe(0);
    expect(strong.out).not.toMatch(/Temporary password/);
  }, 120_000); // four runs of the command line

  it('verifies the audit chain and reports the first altered row', async () => {
    const intact = await tadrib(database.env, 'audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/Audit log intact: \d+ rows checked \(against checkpoint \d+: head \d+ at /);

    const handle = await openDatabase(loadConfig(database.env).database);
    await handle.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await handle.db.execute(sql`update audit_log set action = 'user.read' where seq = 3`);
    await handle.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    await handle.close();

    const broken = await tadrib(database.env, 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/BROKEN: row 3 altered/);
  });

  it('reports newest rows deleted by the owner as a cut against the signed checkpoint, with the server’s keys', async () => {
    const own = await freshDatabase(); // the server's database and keys folder, shared with the CLI
    try {
      const [{ head } = { head: 0 }] = await queryRows<{ head: number }>(
        own.db,
        sql`select max(seq)::int as head from audit_log`,
      );
      await own.db.transaction(async (owner) => {
        await owner.execute(sql`set local role none`); // the owner of the tables, not the server's runtime role
        await owner.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
        await owner.execute(sql`delete from audit_log where seq > ${head - 2}`);
        await owner.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      });
      await own.close();
      const cut = await tadrib(own.env, 'audit', 'verify');
      expect(cut.code).toBe(1);
      expect(cut.out).toMatch(new RegExp(`BROKEN: cut after seq ${head - 2} \\(checkpoint \\d+ says head was ${head}\\)`));
      // Without the server's keys folder the chain cannot be checked as intact either.
      const { TADRIB_KEYS_DIR: _k, ...withoutKeys } = own.env;
      const otherKeys = await tadrib({ ...withoutKeys, TADRIB_KEYS_DIR: `${own.keysDir}-other` }, 'audit', 'verify');
      expect(otherKeys.code).toBe(1);
      rmSync(`${own.keysDir}-other`, { recursive: true, force: true });
    } finally {
      await own.drop();
    }
  });

  it('explains its usage on an unknown command', async () => {
    const result = await tadrib(database.env, 'frobnicate');
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/Unknown command: frobnicate/);
  });
});
