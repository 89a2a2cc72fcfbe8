import pg from 'pg';
import { RUNTIME_ROLE } from '../server/platform/db';

export type RolesOptions = {
  /** The owner of the tables, who runs the migrations and bulk loads. */
  owner: string;
  ownerPassword: string;
  appPassword: string;
};

/**
 * Creates (or updates the passwords of) the two roles of a deployment on a PostgreSQL server, for
 * the database of `adminUrl`, connected as a superuser or a role with CREATEROLE: the owner, who
 * owns the database (and so its public schema) and runs the migrations; and RUNTIME_ROLE, the
 * role the server works as (not a superuser, no BYPASSRLS, owner of nothing). Migration 0014 gives
 * RUNTIME_ROLE its privileges. Returns the two URLs to configure.
 */
export async function createRoles(
  adminUrl: string,
  options: RolesOptions,
): Promise<{ runtimeUrl: string; ownerUrl: string; ownerBypassesWall: boolean }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const id = (name: string) => client.escapeIdentifier(name);
    const literal = (value: string) => client.escapeLiteral(value);
    const ensure = async (role: string, password: string) => {
      const { rows } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
      const verb = rows.length > 0 ? 'alter' : 'create';
      await client.query(`${verb} role ${id(role)} login password ${literal(password)}`);
    };
    await ensure(options.owner, options.ownerPassword);
    await ensure(RUNTIME_ROLE, options.appPassword);
    await client.query(`alter role ${id(RUNTIME_ROLE)} nosuperuser nobypassrls nocreatedb nocreaterole`);
    const ownerBypassesWall = await exemptOwnerFromWall(client, id(options.owner));
    // The owner may act as the runtime role (SET ROLE), never the reverse.
    await client.query(`grant ${id(RUNTIME_ROLE)} to ${id(options.owner)}`);
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    const database = rows[0]?.db ?? '';
    await client.query(`alter database ${id(database)} owner to ${id(options.owner)}`);
    const urlAs = (user: string, password: string) => {
      const url = new URL(adminUrl);
      url.username = encodeURIComponent(user);
      url.password = encodeURIComponent(password);
      return url.toString();
    };
    return {
      runtimeUrl: urlAs(RUNTIME_ROLE, options.appPassword),
      ownerUrl: urlAs(options.owner, options.ownerPassword),
      ownerBypassesWall,
    };
  } finally {
    await client.end();
  }
}

/**
 * BYPASSRLS for the owner, so that registry search (official_search_ids, migration 0020, which
 * runs as the owner) can use the trigram indexes. It gives the owner nothing it lacks: it owns the
 * tables and may switch their row-level security off. Only a superuser may grant it (PostgreSQL
 * 15); without it search gives the same answers by reading every official.
 */
async function exemptOwnerFromWall(client: pg.Client, owner: string): Promise<boolean> {
  try {
    await client.query(`alter role ${owner} bypassrls`);
    return true;
  } catch {
    return false;
  }
}
