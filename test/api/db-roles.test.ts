import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createRoles } from '../../cli/roles';
import { RUNTIME_ROLE } from '../../server/platform/db';
import { freshDatabase, postgresAdminUrl, type TestDatabase, testDatabaseKind, withDatabase } from './databases';

/**
 * `npm run tadrib -- db roles` on a PostgreSQL server: the owner of the tables is exempt from
 * row-level security (so that registry search's owner function can use its indexes), the runtime
 * role never is. Roles belong to the whole server, so this one's owner has a name of its own.
 */
describe.runIf(testDatabaseKind === 'postgres')('db roles', () => {
  const owner = `tadrib_owner_test_${process.pid}`;
  let database: TestDatabase | undefined;
  const admin = () => new pg.Client({ connectionString: postgresAdminUrl });

  afterAll(async () => {
    await database?.close();
    await database?.drop();
    const client = admin();
    await client.connect();
    await client.query(`drop role if exists ${client.escapeIdentifier(owner)}`);
    await client.end();
  });

  it('gives the owner BYPASSRLS and the runtime role none, and a URL for each', async () => {
    database = await freshDatabase();
    const name = new URL(database.env.DATABASE_URL ?? '').pathname.slice(1);
    const urls = await createRoles(withDatabase(postgresAdminUrl, name), {
      owner,
      ownerPassword: 'owner-secret-1',
      appPassword: 'app-secret-1',
    });
    expect(urls.ownerBypassesWall).toBe(true);
    expect(new URL(urls.ownerUrl).username).toBe(owner);
    expect(new URL(urls.runtimeUrl).username).toBe(RUNTIME_ROLE);
    const client = admin();
    await client.connect();
    const { rows } = await client.query<{ rolname: string; rolbypassrls: boolean; rolsuper: boolean }>(
      'select rolname, rolbypassrls, rolsuper from pg_roles where rolname = any($1) order by rolname',
      [[owner, RUNTIME_ROLE]],
    );
    // The database goes back to the test's owner, so that the test can drop it and the role.
    await client.query(`alter database ${client.escapeIdentifier(name)} owner to postgres`);
    await client.end();
    expect(rows).toEqual([
      { rolname: RUNTIME_ROLE, rolbypassrls: false, rolsuper: false },
      { rolname: owner, rolbypassrls: true, rolsuper: false },
    ]);
  });
});
