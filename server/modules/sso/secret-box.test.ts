import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box';

describe('SSO client secret box', () => {
  const dirs: string[] = [];
  const keysDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tadrib-keys-'));
    dirs.push(dir);
    return path.join(dir, 'keys');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a secret without keeping it in clear, and creates a private key file', () => {
    const dir = keysDir();
    const sealed = sealSecret(dir, 's3cret-value');
    expect(sealed).not.toContain('s3cret');
    expect(sealSecret(dir, 's3cret-value')).not.toBe(sealed);
    expect(openSecret(dir, sealed)).toBe('s3cret-value');
    expect(statSync(path.join(dir, 'sso-client-secret.key')).mode & 0o077).toBe(0);
  });

  it('refuses a tampered secret, a replaced key and a missing key', () => {
    const dir = keysDir();
    const sealed = sealSecret(dir, 'abc');
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('abd').toString('base64url')].join('.');
    expect(() => openSecret(dir, tampered)).toThrow(/cannot be decrypted/);
    writeFileSync(path.join(dir, 'sso-client-secret.key'), Buffer.alloc(32, 7).toString('base64'));
    expect(() => openSecret(dir, sealed)).toThrow(/cannot be decrypted/);
    expect(() => openSecret(keysDir(), sealed)).toThrow(/missing/);
  });
});
