import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/platform/db';
import { withWallScope } from '../../server/platform/wall';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { enrol, pastSession, person, programmeWithCourse } from './results-fixtures';
import { expectError } from './support';

type Records = {
  total: number;
  rows: { officialId: string | null; pseudonym: string; stateIso2: string; endedOn: string | null; sessionId: string | null }[];
  nextCursor: string | null;
};

/**
 * The drill-down's pages read by keyset through result_person_page_ids and result_enrolment_page_ids
 * (migration 0030), functions that run as the owner of the tables so that a page walks an index:
 * a walk gives every record once, in the order of the pages read by number, and a cursor is a place,
 * never a permission.
 */
describe(`results drill-down by keyset (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let pseudonymous: Client;
  let focalNg: Client;
  const states = ['NG', 'NG', 'NG', 'GH', 'GH', 'SN', 'SN'];

  const records = async (by: Client, query: string): Promise<Records> => {
    const res = await by.get(`/api/results/records?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Records;
  };
  /** Every page of `query` walked by keyset, `size` at a time. */
  const walk = async (by: Client, query: string, size: number) => {
    const seen: Records['rows'] = [];
    let after = '';
    for (let page = 1; page < 100; page += 1) {
      const body = await records(by, `${query}&pageSize=${size}&page=${page}${after ? `&after=${after}` : ''}`);
      seen.push(...body.rows);
      if (!body.nextCursor) return seen;
      after = body.nextCursor;
    }
    throw new Error('the walk did not end');
  };
  const key = (r: Records['rows'][number]) => `${r.pseudonym} ${r.sessionId ?? ''}`;

  beforeAll(async () => {
    t = await startTestApp();
    const { courseId } = await programmeWithCourse(t.db, { title: 'Keyset', threshold: 0.5, passMark: null, maxScore: 100 });
    const march = await pastSession(t.db, courseId, ['2025-03-04', '2025-03-05']);
    const june = await pastSession(t.db, courseId, ['2025-06-09', '2025-06-10']);
    const sameDay = await pastSession(t.db, courseId, ['2025-06-10']);
    for (const [i, state] of states.entries()) {
      const id = await person(t.db, { state, sex: i % 2 ? 'male' : 'female', name: `Keyset ${String.fromCharCode(75 - i)}` });
      await enrol(t.db, march, id, { present: 2, pre: 40, post: 60 });
      await enrol(t.db, i % 2 ? june : sameDay, id, i < 4 ? { present: 2, pre: 50, post: 70 } : { present: 2 });
    }
    officer = await t.as('programme_officer');
    pseudonymous = await t.as('me_officer');
    focalNg = await t.as('focal_point');
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('walks every record once, in the order of the pages read by number', async () => {
    for (const [by, query] of [
      [officer, 'measure=officials&from=2025&to=2025'],
      [pseudonymous, 'measure=officials&from=2025&to=2025'],
      [officer, 'measure=officials&from=2025-01-01&to=2025-12-31'],
      [officer, 'measure=officials&from=2025&to=2025&state=GH'],
      [officer, 'measure=participations&from=2025&to=2025'],
      [pseudonymous, 'measure=participations&from=2025&to=2025&sex=male'],
      [officer, 'measure=paired_tests&from=2025-03-01&to=2025-06-30'],
      [focalNg, 'measure=participations&from=2025&to=2025'],
    ] as const) {
      const byNumber = await records(by, `${query}&pageSize=200`);
      expect(byNumber.nextCursor, 'fewer than 200 records').toBeNull();
      expect(byNumber.rows.length, query).toBe(byNumber.total);
      const byKeyset = await walk(by, query, 2);
      expect(byKeyset.map(key), query).toEqual(byNumber.rows.map(key));
      // A page asked by number reads the same rows as the walk.
      const second = await records(by, `${query}&pageSize=2&page=2`);
      expect(second.rows.map(key), query).toEqual(byKeyset.slice(2, 4).map(key));
    }
    const enrolments = await records(officer, 'measure=participations&from=2025&to=2025&pageSize=200');
    expect(enrolments.total).toBe(states.length * 2);
    const days = enrolments.rows.map((r) => r.endedOn ?? '');
    expect(days).toEqual([...days].sort().reverse());
  });

  it('a cursor from another scope gives only the reader’s own records; one the server did not seal is refused', async () => {
    for (const query of ['measure=officials&from=2025&to=2025', 'measure=participations&from=2025&to=2025']) {
      const focalRows = (await records(focalNg, `${query}&pageSize=200`)).rows;
      expect(focalRows.every((r) => r.stateIso2 === 'NG')).toBe(true);
      // Every place the office's pages end at (GH's and SN's included), sent by NG's focal point.
      const cursors: string[] = [];
      for (let after = ''; ; ) {
        after = (await records(officer, `${query}&pageSize=1${after ? `&after=${after}` : ''}`)).nextCursor ?? '';
        if (!after) break;
        cursors.push(after);
      }
      expect(cursors.length).toBeGreaterThan(focalRows.length);
      for (const after of cursors) {
        const page = await records(focalNg, `${query}&pageSize=200&after=${after}`);
        expect(page.rows.every((r) => r.stateIso2 === 'NG' && focalRows.some((f) => key(f) === key(r)))).toBe(true);
      }
    }
    const cursor = (await records(officer, 'measure=officials&from=2025&to=2025&pageSize=1')).nextCursor ?? '';
    const forged = Buffer.from(JSON.stringify({ stateIso2: 'GH', familyName: '', givenNames: '', officialId: 'x' })).toString(
      'base64url',
    );
    for (const after of [forged, `${cursor.slice(0, -2)}AA`, 'nonsense'])
      expectError(await officer.get(`/api/results/records?measure=officials&after=${after}`), 400, 'VALIDATION_FAILED');
    // A place in the persons' order is not one in the enrolments'.
    expectError(await officer.get(`/api/results/records?measure=participations&after=${cursor}`), 400, 'VALIDATION_FAILED');
  });

  /** The functions called as the runtime role under `scope` (what a request's actor gives). */
  const personIds = (scope: string, state: string | null, size: number) =>
    withWallScope(scope, () =>
      t.db.transaction(async (tx) =>
        queryRows<{ id: string }>(
          tx,
          sql`select id from result_person_page_ids(null, null, null, null, false, ${(-1).toString()}::bigint, null, ${state}, null, null, 0, ${size}) as id`,
        ),
      ),
    );
  const enrolmentIds = (scope: string, state: string | null, size: number) =>
    withWallScope(scope, () =>
      t.db.transaction(async (tx) =>
        queryRows<{ id: string }>(
          tx,
          sql`select id from result_enrolment_page_ids(null, null, null, '2025-01-01', '2025-12-31', 'participations',
            ${state}, null, null, null, null, null, null, null, 0, ${size}) as id`,
        ),
      ),
    );

  it('the functions keep to the wall: owner-side, granted to the runtime role only, nothing outside the scope', async () => {
    const functions = await queryRows<{ definer: boolean; acl: string }>(
      t.db,
      sql`select prosecdef as definer, proacl::text as acl from pg_proc
          where proname in ('result_person_page_ids', 'result_enrolment_page_ids')`,
    );
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.definer).toBe(true);
      expect(fn.acl).toContain('tadrib_app=X/');
      expect(fn.acl).not.toMatch(/[{,]=X\//);
    }
    expect(await personIds('*', null, 500)).toHaveLength(states.length);
    expect(await personIds('NG', null, 500)).toHaveLength(3);
    expect(await enrolmentIds('*', null, 500)).toHaveLength(states.length * 2);
    expect(await enrolmentIds('NG', null, 500)).toHaveLength(6);
    // Another state asked for by name under a state's scope, no scope, a negative or huge size: nothing more.
    for (const ids of [personIds, enrolmentIds]) {
      expect(await ids('NG', 'GH', 500)).toEqual([]);
      expect(await ids('', null, 500)).toEqual([]);
      expect(await ids('*', null, -1)).toEqual([]);
      expect((await ids('*', null, 1_000_000)).length).toBeLessThanOrEqual(500);
    }
  });
});
