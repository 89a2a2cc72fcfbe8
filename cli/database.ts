import type { Config } from '../server/config';
import { type DatabaseHandle, openPglite, openPostgres } from '../server/platform/db';
import { type LockHolder, liveLockHolder } from '../server/platform/pglite-lock';

export type CommandDatabase = DatabaseHandle & {
  /** The running server that holds the PGlite folder and serves it on its socket, if any. */
  throughServer: LockHolder | null;
};

/**
 * The database a command works on. A PGlite folder that a running server holds is reached
 * through the server's socket (never opened a second time); a folder held by anything else
 * refuses with the holder's name (openPglite).
 */
export async function openCommandDatabase(database: Config['database']): Promise<CommandDatabase> {
  if (database.kind === 'postgres') return { ...(await openPostgres(database.url)), throughServer: null };
  const holder = liveLockHolder(database.dataDir);
  if (holder?.socket) {
    // node-postgres reads a folder as host and connects to its .s.PGSQL.5432 socket.
    const url = `postgres://postgres@${encodeURIComponent(database.dataDir)}/postgres`;
    return { ...(await openPostgres(url)), kind: 'pglite', throughServer: holder };
  }
  return { ...(await openPglite(database.dataDir, 'a tadrib command')), throughServer: null };
}
