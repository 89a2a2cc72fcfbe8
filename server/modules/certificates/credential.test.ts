import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canonicalCode, encodeStatusList, identityHash, newVerificationCode, normaliseName, statusBit } from './credential';

describe('the holder’s hashed identity', () => {
  it('reads a name as typed from paper: accents, case, punctuation and order do not matter', () => {
    expect(normaliseName('  Aïsha  BELLO-')).toBe('aisha bello');
    expect(normaliseName('Bello, Aisha')).toBe(normaliseName('aisha bello'));
    expect(normaliseName('Aisha Bello')).not.toBe(normaliseName('Aicha Bello'));
  });

  it('hashes the name with the birth date (or the email) and the salt', () => {
    const person = { name: 'Aisha Bello', birthDate: '1985-03-14', email: null };
    const hash = identityHash('ext:NameAndBirthDate', person, 'salt');
    expect(hash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(identityHash('ext:NameAndBirthDate', { ...person, name: 'BELLO Aïsha' }, 'salt')).toBe(hash);
    expect(identityHash('ext:NameAndBirthDate', { ...person, birthDate: '1985-03-15' }, 'salt')).not.toBe(hash);
    expect(identityHash('ext:NameAndBirthDate', person, 'other salt')).not.toBe(hash);
    const byEmail = { name: 'Aisha Bello', birthDate: null, email: 'A.Bello@example.org' };
    expect(identityHash('ext:NameAndEmail', byEmail, 's')).toBe(
      identityHash('ext:NameAndEmail', { ...byEmail, email: 'a.bello@example.org ' }, 's'),
    );
  });
});

describe('verification codes', () => {
  it('are typed back in any case, with spaces or dashes, O for 0 and I or L for 1', () => {
    const code = newVerificationCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(canonicalCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
    expect(canonicalCode('oi1l-abcd-efgh')).toBe('0111-ABCD-EFGH');
    expect(canonicalCode('ABCD-EFGH-JKMU')).toBeNull();
    expect(canonicalCode('ABCD-EFGH')).toBeNull();
  });
});

describe('the bitstring status list', () => {
  it('sets exactly the bits of the revoked indexes, the first index the left-most bit', () => {
    const list = encodeStatusList(131_072, [0, 9, 131_071]);
    expect(list.startsWith('u')).toBe(true);
    for (const i of [0, 9, 131_071]) expect(statusBit(list, i)).toBe(true);
    for (const i of [1, 8, 10, 131_070]) expect(statusBit(list, i)).toBe(false);
    const bytes = gunzipSync(Buffer.from(list.slice(1), 'base64url'));
    expect(bytes.length).toBe(16_384);
    expect(bytes[0]).toBe(0x80);
    expect(bytes[1]).toBe(0x40);
  });
});
