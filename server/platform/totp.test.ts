import { describe, expect, it } from 'vitest';
import { currentTotpCode, hashRecoveryCode, matchTotpStep, newRecoveryCodes, newTotpSecret } from './totp';

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
    expect(hashRecoveryCode(' ABCDE-fghjk ')).toBe(hashRecoveryCode('abcde-fghjk'));
    expect(hashRecoveryCode('abcde-fghjk')).not.toBe(hashRecoveryCode('abcde-fghjm'));
  });
});
