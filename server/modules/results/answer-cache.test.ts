import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../platform/db';
import { cachedAnswer, MAX_ANSWERS } from './answer-cache';
import { breakdownQuerySchema } from './schemas';

/** A database handle stands for its own cache; nothing is queried here. */
const handle = () => ({}) as Queryable;

function counter() {
  let calls = 0;
  return {
    compute: (value: unknown) => async () => {
      calls += 1;
      return { value };
    },
    get calls() {
      return calls;
    },
  };
}

describe('answers kept at a version', () => {
  it('gives the kept answer for the same query at the same version, whatever the order of its parameters', async () => {
    const db = handle();
    const c = counter();
    // As the route reads a query: through its schema.
    const query = (fields: Record<string, string | undefined>) => breakdownQuerySchema.parse(fields);
    const first = await cachedAnswer(db, '3', ['breakdown', query({ dimension: 'sex', from: '2024', to: '2025' })], c.compute(1));
    const again = await cachedAnswer(
      db,
      '3',
      ['breakdown', query({ to: '2025', from: '2024', sex: undefined, dimension: 'sex' })],
      c.compute(2),
    );
    expect(again).toBe(first);
    expect(c.calls).toBe(1);
    // A filter given as null is another query than one not given.
    await cachedAnswer(db, '3', ['breakdown', { state: null }], c.compute(3));
    await cachedAnswer(db, '3', ['breakdown', {}], c.compute(4));
    expect(c.calls).toBe(3);
  });

  it('computes again for another key: another scope, another language, another view', async () => {
    const db = handle();
    const c = counter();
    const office = { kind: 'office', stateIso2: null, programmeIds: null, suppress: false };
    const nigeria = { kind: 'state', stateIso2: 'NG', programmeIds: null, suppress: false };
    const ghana = { ...nigeria, stateIso2: 'GH' };
    const keys = [
      ['dashboard', office, {}, 'en'],
      ['dashboard', nigeria, {}, 'en'],
      ['dashboard', ghana, {}, 'en'],
      ['dashboard', ghana, {}, 'ar'],
      ['breakdown', ghana, {}, 'ar'],
      ['dashboard', { ...office, suppress: true }, {}, 'en'],
    ];
    const answers = [];
    for (const [i, key] of keys.entries()) answers.push(await cachedAnswer(db, '1', key, c.compute(i)));
    expect(answers.map((a) => a.value)).toEqual([0, 1, 2, 3, 4, 5]);
    // Each asked again gets its own answer back.
    for (const [i, key] of keys.entries()) expect((await cachedAnswer(db, '1', key, c.compute(-1))).value).toBe(i);
    expect(c.calls).toBe(keys.length);
  });

  it('forgets every answer when the version moves, and keeps none computed at an older version', async () => {
    const db = handle();
    const c = counter();
    await cachedAnswer(db, '1', ['dashboard'], c.compute('one'));
    expect((await cachedAnswer(db, '2', ['dashboard'], c.compute('two'))).value).toBe('two');
    // A reader who read the version before the change: answered, not kept.
    expect((await cachedAnswer(db, '1', ['dashboard'], c.compute('late'))).value).toBe('late');
    expect((await cachedAnswer(db, '2', ['dashboard'], c.compute('three'))).value).toBe('two');
    expect(c.calls).toBe(3);
  });

  it('keeps one cache per database', async () => {
    const c = counter();
    const a = await cachedAnswer(handle(), '1', ['dashboard'], c.compute('a'));
    const b = await cachedAnswer(handle(), '1', ['dashboard'], c.compute('b'));
    expect([a.value, b.value]).toEqual(['a', 'b']);
  });

  it('computes an answer once for readers asking at the same time', async () => {
    const db = handle();
    const c = counter();
    const answers = await Promise.all(Array.from({ length: 20 }, () => cachedAnswer(db, '1', ['dashboard'], c.compute('x'))));
    expect(new Set(answers).size).toBe(1);
    expect(c.calls).toBe(1);
  });

  it('keeps no failure: the next reader computes again', async () => {
    const db = handle();
    await expect(
      cachedAnswer(db, '1', ['dashboard'], async () => {
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    expect((await cachedAnswer(db, '1', ['dashboard'], async () => ({ value: 'ok' }))).value).toBe('ok');
  });

  it('gives answers that cannot be changed by whoever reads them', async () => {
    const db = handle();
    const answer = await cachedAnswer(db, '1', ['dashboard'], async () => ({ rows: [{ key: 'NG', officials: 3 }] }));
    expect(() => {
      (answer.rows[0] as { officials: number }).officials = 4;
    }).toThrow(TypeError);
    expect(() => {
      answer.rows.push({ key: 'GH', officials: 1 });
    }).toThrow(TypeError);
  });

  it(`keeps at most ${MAX_ANSWERS} answers, dropping the least recently used`, async () => {
    const db = handle();
    const c = counter();
    for (let i = 0; i < MAX_ANSWERS; i += 1) await cachedAnswer(db, '1', ['breakdown', i], c.compute(i));
    // Answer 0 is used again, so answer 1 is the least recently used when one more comes.
    await cachedAnswer(db, '1', ['breakdown', 0], c.compute(-1));
    await cachedAnswer(db, '1', ['breakdown', 'one more'], c.compute('more'));
    expect(c.calls).toBe(MAX_ANSWERS + 1);
    expect((await cachedAnswer(db, '1', ['breakdown', 0], c.compute('again'))).value).toBe(0);
    expect((await cachedAnswer(db, '1', ['breakdown', 1], c.compute('recomputed'))).value).toBe('recomputed');
  });
});
