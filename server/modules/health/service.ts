import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, migrationsFolder, queryRows } from '../../platform/db';

type Journal = { entries: { tag: string; when: number }[] };
const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
const latestMigration = journal.entries.at(-1);

/**
 * Why the database cannot serve yet, or null when it answers and has every migration this
 * release ships (drizzle records each applied migration with its journal time).
 */
export async function databaseNotReady(db: Database, logCause: (error: unknown) => void): Promise<string | null> {
  try {
    const [row] = await queryRows<{ last: string | number | null }>(
      db,
      sql`select max(created_at) as last from drizzle.__drizzle_migrations`,
    );
    if (latestMigration && Number(row?.last ?? 0) < latestMigration.when)
      return `migration ${latestMigration.tag} is not applied yet`;
    return null;
  } catch (error) {
    // The cause (SQL, connection details) goes to the server's log, not to anonymous callers.
    logCause(error);
    return 'the database does not answer';
  }
}
