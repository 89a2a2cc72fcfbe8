import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialKeyRing } from './credential-keys';

const folders: string[] = [];
const freshFolder = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-credential-keys-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('CredentialKeyRing', () => {
  it('rotates: a new key signs, the old seed is deleted, both public keys stay published', () => {
    const dir = freshFolder();
    const ring = new CredentialKeyRing(dir);
    expect(ring.ensureKey()).not.toBeNull();
    const first = ring.current();
    expect(ring.ensureKey()).toBeNull();
    const { retired, current } = ring.rotate();
    expect(retired).toEqual([first.kid]);
    expect(current).not.toBe(first.kid);
    // Another process (the server beside the command line) sees the rotation at its next read.
    const elsewhere = new CredentialKeyRing(dir);
    expect(elsewhere.current().kid).toBe(current);
    expect(existsSync(path.join(ring.dir, `${first.kid}.key`))).toBe(false);
    expect(
      elsewhere
        .published()
        .keys.map((k) => k.kid)
        .sort(),
    ).toEqual([first.kid, current].sort());
    expect(elsewhere.published().keys.every((k) => !('d' in k))).toBe(true);
  });

  it('signs with a key given by the environment, publishes it, and refuses to rotate it', () => {
    const dir = freshFolder();
    const ring = new CredentialKeyRing(dir, randomBytes(32));
    expect(ring.ensureKey()).toBeNull();
    expect(ring.published().keys.map((k) => k.kid)).toEqual([ring.current().kid]);
    expect(() => ring.rotate()).toThrow(/TADRIB_CREDENTIAL_SIGNING_KEY/);
    // The operator replaces it: the old public key is still published from the folder.
    const next = new CredentialKeyRing(dir, randomBytes(32));
    expect(next.published().keys).toHaveLength(2);
  });
});
