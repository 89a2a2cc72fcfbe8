import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SecondFactorKeys } from './keys';
import {
  currentTotpCode,
  hashRecoveryCode,
  isSealedTotpSecret,
  matchTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  openTotpSecret,
  sealTotpSecret,
} from './totp';

const someKeys = (): SecondFactorKeys => ({
  secrets: createSecretKey(randomBytes(32)),
  recoveryCodes: createSecretKey(randomBytes(32)),
});
const keys = someKeys();

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 10, 29, 12, 0, 15);
  const step = Math.floor(now / 30_000);

  it('accepts the current code and names its time step', () => {
    expect(matchTotpStep(secret, currentTotpCode(secret, now), now)).toBe(step);
  });
  it('tolerates one step of clock drift either way, and no more', () => {
    expect(matchTotpStep(secret, currentTotpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotpStep(secret, currentTotpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchTotpStep(secret, currentTotpCode(secret, now - 90_000), now)).toBeNull();
  });
  it('refuses anything that is not six digits', () => {
    expect(matchTotpStep(secret, 'abcdef', now)).toBeNull();
    expect(matchTotpStep(secret, '12345', now)).toBeNull();
  });
  it('refuses a code of another secret', () => {
    expect(matchTotpStep(newTotpSecret(), currentTotpCode(secret, now), now)).toBeNull();
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of the form xxxxx-xxxxx', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  });
  it('hash the same however the user types them', () => {
    expect(hashRecoveryCode(keys, ' ABCDE-fghjk ')).toBe(hashRecoveryCode(keys, 'abcde-fghjk'));
    expect(hashRecoveryCode(keys, 'abcde-fghjk')).not.toBe(hashRecoveryCode(keys, 'abcde-fghjm'));
  });
  it('hash under the key: without it the stored hash cannot be searched', () => {
    expect(hashRecoveryCode(keys, 'abcde-fghjk')).not.toBe(hashRecoveryCode(someKeys(), 'abcde-fghjk'));
  });
});

describe('TOTP secrets at rest', () => {
  const userId = '4f1c2d3e-0000-4000-8000-000000000001';
  const secret = newTotpSecret();

  it('are sealed: the stored form does not hold the base32 secret, and opens back to it', () => {
    const sealed = sealTotpSecret(keys, userId, secret);
    expect(isSealedTotpSecret(sealed)).toBe(true);
    expect(sealed).not.toContain(secret);
    expect(sealTotpSecret(keys, userId, secret)).not.toBe(sealed);
    expect(openTotpSecret(keys, userId, sealed)).toBe(secret);
  });
  it('do not open under another key, for another user, or when altered', () => {
    const sealed = sealTotpSecret(keys, userId, secret);
    expect(openTotpSecret(someKeys(), userId, sealed)).toBeNull();
    expect(openTotpSecret(keys, '4f1c2d3e-0000-4000-8000-000000000002', sealed)).toBeNull();
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(openTotpSecret(keys, userId, altered)).toBeNull();
  });
  it('a plain base32 secret is not taken for a sealed one', () => {
    expect(isSealedTotpSecret(secret)).toBe(false);
    expect(openTotpSecret(keys, userId, secret)).toBeNull();
  });
  it('opens a secret sealed by an earlier release (the stored format is kept)', () => {
    const fixedKey = createSecretKey(Buffer.alloc(32, 7));
    const stored = 'v1.mE764TAblhLuKT8OTfIe_TfGAPEp3e01IJ8Qofc4l0TZQATUvj_Dt5ZEgVc';
    const fixedKeys = { secrets: fixedKey, recoveryCodes: fixedKey };
    expect(openTotpSecret(fixedKeys, userId, stored)).toBe('JBSWY3DPEHPK3PXP');
  });
});
