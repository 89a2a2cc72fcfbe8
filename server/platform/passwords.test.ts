import { describe, expect, it } from 'vitest';
import { hashPassword, PUBLISHED_DEMO_PASSWORD, passwordRuleBroken, temporaryPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('are hashed with argon2id and verified', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
  });
  it('treat a malformed hash as a failed check, not a crash', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
  it('make temporary passwords of unambiguous characters', () => {
    const p = temporaryPassword();
    expect(p).toHaveLength(16);
    expect(p).not.toMatch(/[0O1lI]/);
  });
});

describe('the rules of a new password', () => {
  const owner = { email: 'wanjiru.kamau@office.example', displayName: 'Wanjiru Kamau' };
  const ruleOf = (password: string, demo = false) => passwordRuleBroken(password, owner, { demo });

  it('accept long passwords that are hard to guess', async () => {
    for (const p of ['correct horse battery staple', 'Kestrel-abc123-orbit', 'a-new-long-password-2026']) {
      expect(await ruleOf(p), p).toBeNull();
    }
    expect(await ruleOf(temporaryPassword())).toBeNull();
  });

  it('refuse short ones', async () => {
    expect(await ruleOf('Zq7#pL2m!xR')).toBe('password.too_short');
  });

  it('refuse common and breached passwords, in English and French, and keyboard runs', async () => {
    for (const p of [
      'password1234',
      'Password123!',
      'iloveyou2024',
      'motdepasse2024',
      'bonjour123456',
      'qwertyuiop12',
      '123456789012',
    ]) {
      expect(await ruleOf(p), p).toBe('password.common');
    }
  });

  it('refuse passwords that are easy to guess otherwise', async () => {
    for (const p of ['aaaaaaaaaaaa', 'soleil-soleil-1', 'azertyuiop123']) expect(await ruleOf(p), p).toBe('password.weak');
  });

  it('refuse the published demo password outside the demo (in any case), and keep it for the demo accounts', async () => {
    expect(await ruleOf(PUBLISHED_DEMO_PASSWORD)).toBe('password.demo');
    expect(await ruleOf(PUBLISHED_DEMO_PASSWORD.toLowerCase())).toBe('password.demo');
    expect(await ruleOf(PUBLISHED_DEMO_PASSWORD, true)).toBeNull();
    expect(await ruleOf(PUBLISHED_DEMO_PASSWORD.toUpperCase(), true)).toBe('password.demo');
  });

  it('refuse passwords that contain the email or the name of their owner', async () => {
    for (const p of ['Wanjiru-Kestrel-2031', 'kamau-Kestrel-2031', 'office-kestrel-2031', 'x-wanjiru.kamau-x9']) {
      expect(await ruleOf(p), p).toBe('password.personal');
    }
  });
});
