import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from './db';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './pglite-lock';

const folders: string[] = [];
function folder() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-lock-'));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('one process at a time opens a PGlite folder', () => {
  it('refuses a second openPglite on a held folder, naming the holder', async () => {
    const dir = folder();
    const first = await openPglite(dir, 'the Tadrib server (port 3999)');
    try {
      const second = openPglite(dir, 'a tadrib command');
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(
        new RegExp(`in use by the Tadrib server \\(port 3999\\) \\(process ${process.pid} on ${os.hostname()}, since `),
      );
    } finally {
      await first.close();
    }
    // Closed: the folder is free again.
    const again = await openPglite(dir);
    await again.close();
  }, 60_000);

  it('takes over the lock a dead process left', () => {
    const dir = folder();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({
        pid: dead,
        host: os.hostname(),
        startedAt: '2026-01-01T00:00:00.000Z',
        holder: 'a crashed server',
        socket: true,
      }),
    );
    const lock = lockDataDir(dir, 'the new server');
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      holder: 'the new server',
    });
    lock.release();
  });

  it('counts a holder on another host as alive', () => {
    const dir = folder();
    const holder = {
      pid: 1,
      host: 'elsewhere',
      startedAt: '2026-01-01T00:00:00.000Z',
      holder: 'a server elsewhere',
      socket: true,
    };
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(holder));
    expect(() => lockDataDir(dir, 'me')).toThrow(/in use by a server elsewhere \(process 1 on elsewhere/);
  });
});
