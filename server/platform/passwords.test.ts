import { describe, expect, it } from 'vitest';
import { hashPassword, temporaryPassword, verifyPassword } from './passwords';

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
