import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, auditLog, users } from '../../server/db/schema';
import { verifyAuditChain } from '../../server/platform/audit';
import { type DirectStatement, queryRows, readRows } from '../../server/platform/db';
import { withWallScope } from '../../server/platform/wall';
import { freshDatabase, type TestDatabase } from './databases';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';

/**
 * What a read goes through on its way to the database and back (docs/performance.md, "A request"):
 * the JS types of what the database answers, whichever way a query reaches it, and the audit rows
 * of reads let in together, written by one append.
 */
describe(`the read path (${testDatabaseKind})`, () => {
  const LITERALS = `select '2024-02-29 10:11:12.345+00'::timestamptz as tstz, '2024-02-29 10:11:12'::timestamp as ts,
    '2024-02-29'::date as d, '1 day 02:00'::interval as iv, 12.50::numeric as num, array[1.5, 2]::numeric[] as nums,
    array['2024-01-01 00:00:00']::timestamp[] as tss, array['2024-01-01 00:00:00+00']::timestamptz[] as tstzs,
    array['2024-01-01']::date[] as ds, array['1 hour']::interval[] as ivs, 9007199254740::int8 as big,
    array[1,2]::int4[] as ints, array['a','b"c']::text[] as texts, '{"a":[1,{"b":null}]}'::json as j,
    '{"a":1}'::jsonb as jb, true as b, 1.25::float8 as f, '00000000-0000-0000-0000-000000000001'::uuid as u`;
  const shared = {
    big: 9007199254740,
    ints: [1, 2],
    texts: ['a', 'b"c'],
    j: { a: [1, { b: null }] },
    jb: { a: 1 },
    b: true,
    f: 1.25,
    u: '00000000-0000-0000-0000-000000000001',
  };

  describe('types', () => {
    let handle: TestDatabase;
    beforeAll(async () => {
      handle = await freshDatabase();
    });
    afterAll(async () => handle?.drop());

    it('maps columns to the same JS types through drizzle, in a transaction and under a state scope', async () => {
      const read = (db: typeof handle.db) =>
        db.select({ createdAt: users.createdAt, email: users.email }).from(users).orderBy(users.email).limit(1);
      const [plain] = await read(handle.db);
      expect(plain?.createdAt).toBeInstanceOf(Date);
      expect(await handle.db.transaction((tx) => read(tx))).toEqual([plain]);
      const [ng] = await withWallScope('NG', () =>
        handle.db.select({ at: auditLog.at, details: auditLog.details }).from(auditLog).limit(1),
      );
      const [system] = await handle.db.select({ at: auditLog.at, details: auditLog.details }).from(auditLog).limit(1);
      expect(ng?.at).toBeInstanceOf(Date);
      expect(typeof ng?.details).not.toBe('string');
      expect(ng).toEqual(system);
    });

    // drizzle reads these as PostgreSQL's text and maps them itself; on PGlite its parsers are set
    // once in the client (platform/db.ts) rather than passed with every query: the same values.
    it.skipIf(testDatabaseKind !== 'pglite')(
      'gives raw rows as drizzle always got them on PGlite, and bulk rows as PGlite does',
      async () => {
        const drizzles = {
          tstz: '2024-02-29 10:11:12.345+00',
          ts: '2024-02-29 10:11:12',
          d: '2024-02-29',
          iv: '1 day 02:00:00',
          num: '12.50',
          nums: '{1.5,2}',
          tss: '{"2024-01-01 00:00:00"}',
          tstzs: '{"2024-01-01 00:00:00+00"}',
          ds: '{2024-01-01}',
          ivs: '{01:00:00}',
          ...shared,
        };
        expect(await queryRows(handle.db, sql.raw(LITERALS))).toEqual([drizzles]);
        expect(await handle.db.transaction((tx) => queryRows(tx, sql.raw(LITERALS)))).toEqual([drizzles]);
        expect(await withWallScope('NG', () => queryRows(handle.db, sql.raw(LITERALS)))).toEqual([drizzles]);
        // After the refresh of PGlite's array types that follows a migration.
        await handle.migrate();
        expect(await queryRows(handle.db, sql.raw(LITERALS))).toEqual([drizzles]);
        const day = new Date('2024-01-01T00:00:00Z');
        expect(await handle.bulk((session) => session.query(LITERALS))).toEqual([
          {
            tstz: new Date('2024-02-29T10:11:12.345Z'),
            ts: new Date('2024-02-29T10:11:12Z'),
            d: new Date('2024-02-29T00:00:00Z'),
            iv: '1 day 02:00:00',
            num: '12.50',
            nums: ['1.5', '2'],
            tss: [day],
            tstzs: [day],
            ds: [day],
            ivs: ['01:00:00'],
            ...shared,
          },
        ]);
      },
    );
  });

  describe('statements every request runs, straight through the driver', () => {
    let handle: TestDatabase;
    beforeAll(async () => {
      handle = await freshDatabase();
      await handle.db.insert(agencies).values({ stateIso2: 'NG', name: 'Nigeria Police Force', type: 'police' });
    });
    afterAll(async () => handle?.drop());

    const NUMBERS: DirectStatement = {
      name: 'test.read-path.numbers',
      text: `select $1::text as word, $2::int4 + 1 as next, extract(epoch from $3::timestamptz)::float8 * 1000 as ms,
        $4::boolean as flag, (select count(*)::int4 from agencies) as agencies`,
    };
    const values = ['mot', 41, '2024-02-29T10:11:12.345Z', true];

    it('gives the same rows on the database, in a transaction (through drizzle) and under a state scope', async () => {
      const [everyone] = await readRows<{ agencies: number }>(handle.db, NUMBERS, values);
      expect(everyone).toEqual({
        word: 'mot',
        next: 42,
        ms: Date.parse('2024-02-29T10:11:12.345Z'),
        flag: true,
        agencies: 1,
      });
      // Twice: the second time on PostgreSQL runs the statement prepared on its connection.
      expect(await readRows(handle.db, NUMBERS, values)).toEqual([everyone]);
      expect(await handle.db.transaction((tx) => readRows(tx, NUMBERS, values))).toEqual([everyone]);
      // The wall holds: under another state the count is that state's, not everyone's.
      const [walled] = await withWallScope('GH', () => readRows<{ agencies: number }>(handle.db, NUMBERS, values));
      expect(walled).toEqual({ ...everyone, agencies: 0 });
      expect(await withWallScope('NG', () => readRows(handle.db, NUMBERS, values))).toEqual([everyone]);
    });
  });

  describe('audited reads let in together', () => {
    let t: TestApp;
    let officer: Client;
    beforeAll(async () => {
      t = await startTestApp();
      officer = await t.as('programme_officer');
    });
    afterAll(async () => t?.close());

    it('are written by fewer appends than reads, each row committed before its answer, the chain intact', async () => {
      const [last] = await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
      const from = (last?.seq ?? 0) + 1;
      const answers = await Promise.all(Array.from({ length: 8 }, () => officer.get('/api/officials?pageSize=5')));
      expect(answers.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
      const rows = await t.db
        .select({ seq: auditLog.seq, at: auditLog.at, requestId: auditLog.requestId })
        .from(auditLog)
        .where(and(gte(auditLog.seq, from), eq(auditLog.action, 'official.list')));
      expect(rows).toHaveLength(8);
      expect(new Set(rows.map((r) => r.requestId)).size).toBe(8);
      // One append writes its rows with one time: fewer times than rows.
      expect(new Set(rows.map((r) => r.at.getTime())).size).toBeLessThan(8);
      expect((await verifyAuditChain(t.db, t.keys)).ok).toBe(true);
      // A read alone is written at once, by an append of its own.
      const alone = await officer.get('/api/officials?pageSize=5');
      expect(alone.statusCode).toBe(200);
      const [own] = await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
      expect(own?.seq).toBe(from + 8);
    });
  });
});
