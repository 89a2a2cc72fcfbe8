import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One process at a time opens a PGlite folder: PGlite is one PostgreSQL backend writing its files
 * without any lock of its own, so a second process (the command line beside the server) would
 * write into files the first one keeps in memory, and the first one's next checkpoint erases
 * those writes. The lock file says who holds the folder; the server also serves the database on
 * a Unix socket in the folder (pglite-socket.ts) so that the command line goes through it.
 */
export const LOCK_FILE = 'tadrib.lock';
/** node-postgres connects to `<host>/.s.PGSQL.<port>` when host is a folder. */
export const SOCKET_PORT = 5432;
export const socketPath = (dataDir: string) => path.join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);

export type LockHolder = {
  pid: number;
  host: string;
  startedAt: string;
  /** What holds it: the server (which serves the socket) or a command. */
  holder: string;
  /** The holder serves the database on socketPath(dataDir). */
  socket: boolean;
};

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderInfo: LockHolder,
  ) {
    super(
      `The database folder ${dataDir} is in use by ${holderInfo.holder} (process ${holderInfo.pid} on ${holderInfo.host}, since ${holderInfo.startedAt}). ` +
        'Two processes never open one PGlite folder: stop that process, or use the command line, which goes through the running server.',
    );
    this.name = 'DataDirLockedError';
  }
}

export type DataDirLock = {
  /** Marks that the holder now serves the database on socketPath(dataDir). */
  announceSocket(): void;
  release(): void;
};

const lockPath = (dataDir: string) => path.join(dataDir, LOCK_FILE);

/** The process that holds the folder, or null when it is free or its holder has died. */
export function liveLockHolder(dataDir: string): LockHolder | null {
  const holder = readHolder(dataDir);
  return holder && alive(holder) ? holder : null;
}

function readHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A lock file cut short by a crash while it was written: its writer never held the folder.
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/** A holder on another host cannot be checked from here: it counts as alive. */
function alive(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's lock, atomically (the file is created only if absent). A lock left by a dead
 * process on this host is taken over; a live holder makes this fail at once with its name.
 */
export function lockDataDir(dataDir: string, holder: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const mine: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    holder,
    socket: false,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return {
        announceSocket() {
          mine.socket = true;
          // Written aside and renamed: a reader never sees a half-written file.
          writeFileSync(`${file}.${process.pid}`, JSON.stringify(mine));
          renameSync(`${file}.${process.pid}`, file);
        },
        release() {
          const current = readHolder(dataDir);
          if (current?.pid === mine.pid && current.host === mine.host) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readHolder(dataDir);
    if (current && alive(current)) throw new DataDirLockedError(dataDir, current);
    if (current) takeOverStale(file, current);
  }
  const current = readHolder(dataDir);
  if (current) throw new DataDirLockedError(dataDir, current);
  throw new Error(`Could not lock the database folder ${dataDir}`);
}

/**
 * Moves a dead holder's lock aside by one rename. Of two processes taking it over at once, the
 * second may have moved the first one's fresh lock: it sees that the file it moved is not the
 * dead holder's and puts it back.
 */
function takeOverStale(file: string, stale: LockHolder) {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let moved: LockHolder | null = null;
  try {
    moved = JSON.parse(readFileSync(aside, 'utf8')) as LockHolder;
  } catch {
    // Half written: a live process's fresh lock, not the dead holder's.
  }
  if (moved?.pid === stale.pid && moved.startedAt === stale.startedAt) rmSync(aside, { force: true });
  else renameSync(aside, file);
}
