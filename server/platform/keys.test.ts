import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerKeys } from './keys';

const folders: string[] = [];
const freshFolder = () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'tadrib-keys-unit-')), 'keys');
  folders.push(path.dirname(dir));
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadServerKeys', () => {
  it('creates the missing keys once, readable by the owner only, and loads the same ones after', () => {
    const dir = freshFolder();
    const first = loadServerKeys({ dir, fromEnvironment: {} });
    const names = first.created.map((f) => path.relative(dir, f)).sort();
    expect(names).toEqual([
      'audit-chain.key',
      'checkpoint-signing.key',
      `credential-signing/${first.keys.credentialSigning.current().kid}.key`,
      'totp.key',
    ]);
    for (const file of first.created) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const again = loadServerKeys({ dir, fromEnvironment: {} });
    expect(again.created).toEqual([]);
    expect(again.keys.auditChain.equals(first.keys.auditChain)).toBe(true);
    expect(again.keys.secondFactor.secrets.equals(first.keys.secondFactor.secrets)).toBe(true);
    expect(
      again.keys.checkpointSigning.publicKey
        .export({ format: 'der', type: 'spki' })
        .equals(first.keys.checkpointSigning.publicKey.export({ format: 'der', type: 'spki' })),
    ).toBe(true);
    expect(again.keys.checkpointsFile).toBe(path.join(dir, 'audit-checkpoints.jsonl'));
  });

  it('takes a key from the environment over the folder, and writes no file for it', () => {
    const dir = freshFolder();
    const given = randomBytes(32);
    const { keys, created } = loadServerKeys({ dir, fromEnvironment: { auditChain: given } });
    expect(created.map((f) => path.basename(f))).not.toContain('audit-chain.key');
    const fromFile = loadServerKeys({ dir: freshFolder(), fromEnvironment: {} }).keys;
    expect(keys.auditChain.export().equals(given)).toBe(true);
    expect(fromFile.auditChain.export().equals(given)).toBe(false);
  });

  it('uses two different subkeys for TOTP secrets and recovery codes', () => {
    const { keys } = loadServerKeys({ dir: freshFolder(), fromEnvironment: {} });
    expect(keys.secondFactor.secrets.equals(keys.secondFactor.recoveryCodes)).toBe(false);
  });

  it('refuses a key file that does not hold 32 bytes', () => {
    const dir = freshFolder();
    loadServerKeys({ dir, fromEnvironment: {} });
    writeFileSync(path.join(dir, 'totp.key'), 'c2hvcnQ=\n');
    expect(() => loadServerKeys({ dir, fromEnvironment: {} })).toThrow(/totp.key must hold 32 bytes/);
    expect(readFileSync(path.join(dir, 'totp.key'), 'utf8')).toBe('c2hvcnQ=\n');
  });
});
