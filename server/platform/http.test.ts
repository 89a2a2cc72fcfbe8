import { describe, expect, it } from 'vitest';
import { flawOf, MAX_BODY_DEPTH } from './http';

describe('flawOf: what no field of a request may hold', () => {
  it('finds nothing in ordinary text, numbers, arrays, empty parts and emoji (a surrogate pair)', () => {
    for (const value of [undefined, null, {}, [], 'Côte d’Ivoire', 'ابوجا', '😀', { a: ['x', 1, true, null], b: { c: 'é😀' } }]) {
      expect(flawOf(value)).toBeNull();
    }
    const query = Object.assign(Object.create(null), { dimension: 'state', q: 'wld ahmed' });
    expect(flawOf(query)).toBeNull();
  });

  it('names the first flaw in document order with its path: a NUL, a lone surrogate of either half', () => {
    expect(flawOf({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toEqual({ path: 'b.c.1', message: 'Contains a NUL character' });
    expect(flawOf({ a: [{ b: 'x\uDC00' }] })).toEqual({
      path: 'a.0.b',
      message: 'Contains an invalid character (a lone surrogate)',
    });
    expect(flawOf({ first: '\uD800x', second: '\u0000' })?.path).toBe('first');
    expect(flawOf('\u0000')).toEqual({ path: '', message: 'Contains a NUL character' });
  });

  it('checks field names too, naming the object that holds the name', () => {
    expect(flawOf({ a: { 'b\u0000': 1 } })).toEqual({ path: 'a', message: 'A field name contains a nul character' });
    expect(flawOf({ 'k\uD800': 1 })).toEqual({
      path: '',
      message: 'A field name contains an invalid character (a lone surrogate)',
    });
  });

  it(`refuses nesting deeper than ${MAX_BODY_DEPTH} levels, however deep, without running out of stack`, () => {
    const nested = (levels: number) => {
      let value: unknown = 'x';
      for (let i = 0; i < levels; i++) value = { a: value };
      return value;
    };
    expect(flawOf(nested(MAX_BODY_DEPTH))).toBeNull();
    expect(flawOf(nested(MAX_BODY_DEPTH + 1))).toEqual({
      path: Array(MAX_BODY_DEPTH).fill('a').join('.'),
      message: `Nested deeper than ${MAX_BODY_DEPTH} levels`,
    });
    expect(flawOf(nested(200_000))?.message).toMatch(/Nested deeper/);
  });
});
