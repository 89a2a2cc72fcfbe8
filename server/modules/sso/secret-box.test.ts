import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box';

describe('SSO client secret box', () => {
  const key = createSecretKey(randomBytes(32));

  it('round-trips a secret without keeping it in clear', () => {
    const sealed = sealSecret(key, 's3cret-value');
    expect(sealed).not.toContain('s3cret');
    expect(sealSecret(key, 's3cret-value')).not.toBe(sealed);
    expect(openSecret(key, sealed)).toBe('s3cret-value');
  });

  it('refuses a tampered secret and another key', () => {
    const sealed = sealSecret(key, 'abc');
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('abd').toString('base64url')].join('.');
    expect(() => openSecret(key, tampered)).toThrow(/cannot be decrypted/);
    expect(() => openSecret(createSecretKey(randomBytes(32)), sealed)).toThrow(/cannot be decrypted/);
  });

  it('opens a secret sealed by an earlier release (the stored format is kept)', () => {
    const fixedKey = createSecretKey(Buffer.alloc(32, 7));
    expect(openSecret(fixedKey, 'v1.4FvoYD6hbQL-uLdZ.ItYcjVC4WmPdxKebHxxiXg.o7UuD8JL0McIj5R4')).toBe('s3cret-value');
  });
});
