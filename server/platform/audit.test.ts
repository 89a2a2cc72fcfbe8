import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, unkeyedChainHash } from './audit';

const key = createSecretKey(randomBytes(32));

const row = {
  seq: 1,
  at: new Date('2026-03-01T10:00:00.123Z'),
  actorUserId: '4f1c2d3e-0000-4000-8000-000000000001',
  actorRole: 'admin',
  action: 'user.create',
  outcome: 'success',
  recordType: 'user',
  recordId: 'abc',
  address: '10.0.0.1',
  requestId: 'req-1',
  details: { b: 1, a: { y: [1, 2], x: null } },
};

describe('canonicalJson', () => {
  it('orders keys at every depth so that jsonb reordering does not change it', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(canonicalJson({ a: [{ z: 1, y: 2 }] })).toBe('{"a":[{"y":2,"z":1}]}');
  });
  it('drops undefined members like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe('chainHash', () => {
  const base = chainHash(key, '0'.repeat(64), row);
  it('is stable for the same content whatever the key order', () => {
    expect(chainHash(key, '0'.repeat(64), { ...row, details: { a: { x: null, y: [1, 2] }, b: 1 } })).toBe(base);
  });
  it.each([
    ['seq', { seq: 2 }],
    ['time', { at: new Date('2026-03-01T10:00:00.124Z') }],
    ['actor', { actorUserId: null }],
    ['role', { actorRole: 'trainer' }],
    ['action', { action: 'user.update' }],
    ['outcome', { outcome: 'failure' }],
    ['record', { recordId: 'abd' }],
    ['address', { address: '10.0.0.2' }],
    ['request id', { requestId: 'req-2' }],
    ['details', { details: { b: 2, a: { y: [1, 2], x: null } } }],
  ])('changes when the %s changes', (_name, change) => {
    expect(chainHash(key, '0'.repeat(64), { ...row, ...change })).not.toBe(base);
  });
  it('changes when the previous hash changes', () => {
    expect(chainHash(key, '1'.repeat(64), row)).not.toBe(base);
  });
  it('depends on the key: the unkeyed hash, or another key, never gives it', () => {
    expect(unkeyedChainHash('0'.repeat(64), row)).not.toBe(base);
    expect(chainHash(createSecretKey(randomBytes(32)), '0'.repeat(64), row)).not.toBe(base);
  });
});
