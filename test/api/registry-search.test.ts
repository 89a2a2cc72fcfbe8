import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/platform/db';
import { withWallScope } from '../../server/platform/wall';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, expectError, login } from './support';

type OfficialList = {
  items: { id: string; stateIso2: string }[];
  total: number;
  page: number;
  pageSize: number;
  nextCursor: string | null;
};

/**
 * Registry search through official_search_ids (migration 0020), a function that runs as the owner
 * of the tables so that the trigram indexes serve it: it must use them where the runtime role's own
 * LIKE cannot, and its existence must give no reader anything outside their scope.
 */
describe(`registry search at scale: the trigram indexes behind the wall (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let focalNg: Client;
  let focalGh: Client;
  const ids: Record<string, string> = {};

  const cursorOf = (familyName: string, givenNames: string, id: string) =>
    Buffer.from(JSON.stringify([familyName, givenNames, id])).toString('base64url');
  const list = async (by: Client, query: string): Promise<OfficialList> => {
    const res = await by.get(`/api/officials?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OfficialList;
  };
  /** The function called as the runtime role, under `scope` (what a request's actor gives). */
  const candidates = (scope: string, pattern: string, keys: string[] | null, state: string | null) =>
    withWallScope(scope, () =>
      t.db.transaction(async (tx) => {
        const keyArray = keys
          ? sql`array[${sql.join(
              keys.map((k) => sql`${k}`),
              sql`, `,
            )}]`
          : sql`null`;
        const rows = await queryRows<{ id: string }>(
          tx,
          sql`select id from official_search_ids(${pattern}, ${keyArray}::text[], ${state}) as id`,
        );
        return rows.map((r) => r.id).sort();
      }),
    );

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    focalNg = await t.as('focal_point');
    const admin = await t.as('admin');
    const gh = await createUser(admin, { role: 'focal_point', stateIso2: 'GH' });
    focalGh = (await login(t, gh.email, gh.password)).client;
    const people: [string, Record<string, unknown>][] = [
      ['ng', { stateIso2: 'NG', familyName: 'Ould Zerbakane', givenNames: 'Mohamed Lemine', email: 'zerbakane.ng@example.ng' }],
      ['gh', { stateIso2: 'GH', familyName: 'Ould Zerbakane', givenNames: 'Mohamed Kofi', email: 'zerbakane.gh@example.gh' }],
      ['ghOnly', { stateIso2: 'GH', familyName: 'Quarshiefo', givenNames: 'Yaw', email: 'yaw.quarshiefo@example.gh' }],
    ];
    for (const [key, fields] of people) {
      const res = await officer.post('/api/officials', { sex: 'male', ...fields });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
    }
  });
  afterAll(async () => t.close());

  it('works as the runtime role, for which LIKE on officials cannot use the trigram index; the function does', async () => {
    await t.db.transaction(async (tx) => {
      const scans = async () =>
        Number(
          (
            await queryRows<{ n: number }>(
              tx,
              sql`select pg_stat_get_xact_numscans('officials_name_keys_trgm_idx'::regclass) as n`,
            )
          )[0]?.n,
        );
      const [who] = await queryRows<{ role: string }>(tx, sql`select current_user as role`);
      expect(who?.role).toBe('tadrib_app');
      // Scans priced out, so that any usable index is taken even on the test's few rows.
      await tx.execute(sql`set local enable_seqscan = off`);
      const before = await scans();
      const direct = await queryRows<{ id: string }>(
        tx,
        sql`select id from officials where (' ' || name_keys) like ${'% srbkn%'}`,
      );
      expect(direct.map((r) => r.id)).toContain(ids.ng);
      expect(await scans()).toBe(before);
      const found = await queryRows<{ id: string }>(
        tx,
        sql`select id from official_search_ids(${'%none%'}, array[${'% srbkn%'}]::text[], null) as id`,
      );
      expect(found.map((r) => r.id).sort()).toEqual([ids.ng, ids.gh].sort());
      expect(await scans()).toBeGreaterThan(before);
    });
  });

  it('is callable by the runtime role only, and runs as the owner', async () => {
    const [fn] = await queryRows<{ definer: boolean; acl: string }>(
      t.db,
      sql`select prosecdef as definer, proacl::text as acl from pg_proc where proname = 'official_search_ids'`,
    );
    expect(fn?.definer).toBe(true);
    expect(fn?.acl).toContain('tadrib_app=X/');
    // No entry for PUBLIC ("=X/…" with no grantee).
    expect(fn?.acl).not.toMatch(/[{,]=X\//);
  });

  it('keeps to the caller’s wall: a state’s ids for its scope, none with no scope', async () => {
    const both = [ids.ng, ids.gh].sort();
    expect(await candidates('*', '%zerbakane%', null, null)).toEqual(both);
    expect(await candidates('NG', '%zerbakane%', null, null)).toEqual([ids.ng]);
    expect(await candidates('GH', '%zerbakane%', null, null)).toEqual([ids.gh]);
    expect(await candidates('NG', '%zerbakane%', null, 'GH')).toEqual([]);
    expect(await candidates('', '%zerbakane%', null, null)).toEqual([]);
    expect(await candidates('NG', '%quarshiefo%', ['% krxf%'], null)).toEqual([]);
    // A pattern that matches every row still yields the scope's rows only.
    const everyNg = await candidates('NG', '%', null, null);
    expect(everyNg).toContain(ids.ng);
    expect(everyNg).not.toContain(ids.gh);
    expect(everyNg).not.toContain(ids.ghOnly);
  });

  it('gives a focal point nothing of another state: same list, count and cursor as for a name no one has', async () => {
    const nobody = await list(focalNg, 'q=Xylofrandt');
    expect(nobody).toEqual({ items: [], total: 0, page: 1, pageSize: 50, nextCursor: null });
    for (const q of ['Quarshiefo', 'yaw quarshiefo', 'yaw.quarshiefo@example', 'Mohamed Kofi']) {
      expect(await list(focalNg, `q=${encodeURIComponent(q)}`), q).toEqual(nobody);
      expect(await list(focalNg, `q=${encodeURIComponent(q)}&stateIso2=GH`), q).toEqual(nobody);
    }
    // A name both states hold: only the focal point's own, counted alone.
    const shared = await list(focalNg, 'q=ould%20zerbakane');
    expect(shared.items.map((o) => o.id)).toEqual([ids.ng]);
    expect(shared.total).toBe(1);
    expect((await list(focalGh, 'q=ould%20zerbakane')).items.map((o) => o.id)).toEqual([ids.gh]);
    // The office sees both.
    expect((await list(officer, 'q=ould%20zerbakane')).total).toBe(2);
  });

  it('counts a search’s matches in its page: every page carries the total of the whole search, in scope', async () => {
    const whole = await list(officer, 'q=ould%20zerbakane');
    for (const query of ['q=ould%20zerbakane&pageSize=1', 'q=ould%20zerbakane&pageSize=1&page=2']) {
      const page = await list(officer, query);
      expect(page.items).toHaveLength(1);
      expect(page.total, query).toBe(2);
    }
    // A page past the last match has no row to carry the total: still counted, the same for the
    // office (two matches) and for a focal point (one, their own; nothing of the other state's).
    expect(await list(officer, 'q=ould%20zerbakane&pageSize=1&page=3')).toMatchObject({ items: [], total: 2 });
    expect(await list(focalNg, 'q=ould%20zerbakane&pageSize=1&page=2')).toMatchObject({ items: [], total: 1 });
    expect(await list(focalNg, 'q=Quarshiefo&page=2')).toMatchObject({ items: [], total: 0 });
    expect(whole.items.map((o) => o.id).sort()).toEqual([ids.ng, ids.gh].sort());
  });

  it('keeps the trigram indexes’ pending lists short, since every search reads them whole', async () => {
    const options = await queryRows<{ name: string; options: string }>(
      t.db,
      sql`select relname as name, array_to_string(reloptions, ',') as options from pg_class
           where relname in ('officials_name_keys_trgm_idx', 'officials_name_original_trgm_idx', 'officials_email_trgm_idx')`,
    );
    expect(options).toHaveLength(3);
    for (const index of options) expect(index.options, index.name).toBe('gin_pending_list_limit=64');
  });

  it('a cursor naming another state’s official answers as one naming an unknown id', async () => {
    for (const [familyName, givenNames, key] of [
      ['Quarshiefo', 'Yaw', 'ghOnly'],
      ['Ould Zerbakane', 'Mohamed Kofi', 'gh'],
      ['A', 'A', 'gh'],
    ] as const) {
      const outOfScope = cursorOf(familyName, givenNames, ids[key] ?? '');
      const unknown = cursorOf(familyName, givenNames, randomUUID());
      for (const filter of ['', 'q=zerbakane&', 'stateIso2=GH&']) {
        const a = await focalNg.get(`/api/officials?${filter}pageSize=5&page=2&after=${outOfScope}`);
        const b = await focalNg.get(`/api/officials?${filter}pageSize=5&page=2&after=${unknown}`);
        expect(a.statusCode, a.body).toBe(200);
        expect(b.statusCode).toBe(200);
        const [x, y] = [a.json() as OfficialList, b.json() as OfficialList];
        expect({ ...x, nextCursor: null }, `${familyName} ${filter}`).toEqual({ ...y, nextCursor: null });
        expect(x.items.every((o) => o.stateIso2 === 'NG')).toBe(true);
      }
    }
  });

  /** official_page_ids (migration 0023) called as the runtime role under `scope`, after a cursor. */
  const pageIds = (scope: string, after: [string, string, string], state: string | null, size: number) =>
    withWallScope(scope, () =>
      t.db.transaction(async (tx) => {
        const rows = await queryRows<{ id: string }>(
          tx,
          sql`select id from official_page_ids(${after[0]}, ${after[1]}, ${after[2]}::uuid, ${state}, null, null, ${size}) as id`,
        );
        return rows.map((r) => r.id);
      }),
    );
  const ZERO = '00000000-0000-0000-0000-000000000000';
  /** Every page of `query` walked by keyset, `size` at a time. */
  const walk = async (by: Client, query: string, size: number) => {
    const seen: OfficialList['items'] = [];
    let after = '';
    for (let page = 1; page < 1000; page += 1) {
      const body = await list(by, `${query}pageSize=${size}&page=${page}${after ? `&after=${after}` : ''}`);
      seen.push(...body.items);
      if (!body.nextCursor) return seen;
      after = body.nextCursor;
    }
    throw new Error('the walk did not end');
  };

  it('pages by keyset through official_page_ids: a state’s ids for its scope, none with no scope, the owner’s index', async () => {
    const [fn] = await queryRows<{ definer: boolean; acl: string }>(
      t.db,
      sql`select prosecdef as definer, proacl::text as acl from pg_proc where proname = 'official_page_ids'`,
    );
    expect(fn?.definer).toBe(true);
    expect(fn?.acl).toContain('tadrib_app=X/');
    expect(fn?.acl).not.toMatch(/[{,]=X\//);
    const start: [string, string, string] = ['', '', ZERO];
    const every = await pageIds('*', start, null, 500);
    expect(every).toEqual(expect.arrayContaining([ids.ng, ids.gh, ids.ghOnly]));
    const ng = await pageIds('NG', start, null, 500);
    expect(ng).toContain(ids.ng);
    expect(ng).not.toContain(ids.gh);
    expect(ng).not.toContain(ids.ghOnly);
    // Another state asked for by name under a state's scope, no scope, a negative or huge size: nothing more.
    expect(await pageIds('NG', start, 'GH', 500)).toEqual([]);
    expect(await pageIds('', start, null, 500)).toEqual([]);
    expect(await pageIds('*', start, null, -1)).toEqual([]);
    expect((await pageIds('*', start, null, 1_000_000)).length).toBeLessThanOrEqual(500);
    // After a cursor, in the list's order, and only `size` of them.
    expect(await pageIds('*', ['Ould Zerbakane', 'Mohamed Kofi', ids.gh ?? ''], 'NG', 1)).toEqual([ids.ng]);
  });

  it('a keyset walk gives every official of the scope once, in the order of the offset pages', async () => {
    for (const [by, query] of [
      [officer, ''],
      [officer, 'stateIso2=GH&'],
      [officer, 'sex=male&'],
      [focalNg, ''],
      [focalGh, ''],
    ] as const) {
      const byOffset = await list(by, `${query}pageSize=200`);
      expect(byOffset.nextCursor, 'the test holds fewer than 200 officials').toBeNull();
      const byKeyset = await walk(by, query, 2);
      expect(
        byKeyset.map((o) => o.id),
        query,
      ).toEqual(byOffset.items.map((o) => o.id));
    }
    const ghIds = (await walk(focalGh, '', 3)).map((o) => o.id);
    expect(ghIds).toEqual(expect.arrayContaining([ids.gh, ids.ghOnly]));
    expect(ghIds).not.toContain(ids.ng);
  });

  it('a cursor handed out in another state’s scope reveals nothing of it to a focal point', async () => {
    // Every cursor the Ghanaian focal point is given, one official at a time, used by the Nigerian one.
    const ngAll = (await list(focalNg, 'pageSize=200')).items;
    let after = '';
    for (let page = 1; page < 1000; page += 1) {
      const gh = await list(focalGh, `pageSize=1&page=${page}${after ? `&after=${after}` : ''}`);
      if (!gh.nextCursor) break;
      after = gh.nextCursor;
      const [family, given, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string, string];
      for (const filter of ['', 'stateIso2=GH&', 'stateIso2=NG&', 'sex=male&']) {
        const a = await focalNg.get(`/api/officials?${filter}pageSize=200&page=2&after=${after}`);
        const b = await focalNg.get(`/api/officials?${filter}pageSize=200&page=2&after=${cursorOf(family, given, randomUUID())}`);
        expect(a.statusCode, a.body).toBe(200);
        const [x, y] = [a.json() as OfficialList, b.json() as OfficialList];
        expect(x.items.every((o) => o.stateIso2 === 'NG')).toBe(true);
        // Only the Nigerian officials after the cursor's place, as a cursor with an id no one has gives.
        expect(
          x.items.map((o) => o.id),
          `${family} ${filter}`,
        ).not.toContain(id);
        expect(x.items.every((o) => ngAll.some((n) => n.id === o.id))).toBe(true);
        expect(new Set(x.items.map((o) => o.id)), `${family} ${filter}`).toEqual(new Set(y.items.map((o) => o.id)));
      }
    }
  });

  it('refuses a malformed cursor with 400 in the envelope, writing no audit row', async () => {
    const before = (await auditRowsOf(t.db, 'official.list')).length;
    for (const after of [
      '',
      '%%%',
      'x'.repeat(1001),
      Buffer.from('["a","b"]').toString('base64url'),
      Buffer.from(`[1,"b","${ids.ng}"]`).toString('base64url'),
      Buffer.from(`["a","b","${ids.ng}","extra"]`).toString('base64url'),
      Buffer.from(`["a","b","${ids.ng}' or 1=1"]`).toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ]) {
      const res = await focalNg.get(`/api/officials?q=zerbakane&after=${encodeURIComponent(after)}`);
      if (after === '') {
        // An empty cursor is no cursor: the first page.
        expect(res.statusCode, res.body).toBe(200);
        continue;
      }
      const error = expectError(res, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(error), after).toContain('after');
    }
    const listed = (await auditRowsOf(t.db, 'official.list')).length;
    expect(listed).toBe(before + 1);
  });

  it('refuses a malformed audit cursor with 400; one past the head reads from the newest', async () => {
    const admin = await t.as('admin');
    for (const beforeSeq of ['abc', '0', '-1', '1.5', '2147483648', '1e3x']) {
      const res = await admin.get(`/api/audit?pageSize=5&beforeSeq=${encodeURIComponent(beforeSeq)}`);
      const error = expectError(res, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(error), beforeSeq).toContain('beforeSeq');
    }
    const first = (await admin.get('/api/audit?pageSize=5')).json() as { items: { seq: number }[]; nextBeforeSeq: number };
    const beyond = (await admin.get('/api/audit?pageSize=5&beforeSeq=2147483647')).json() as { items: { seq: number }[] };
    // Each read is itself audited, so the newest rows move: the page beyond the head starts at or after the first's newest.
    expect(beyond.items[0]?.seq).toBeGreaterThanOrEqual(first.items[0]?.seq ?? 0);
    const second = (await admin.get(`/api/audit?pageSize=5&beforeSeq=${first.nextBeforeSeq}`)).json() as {
      items: { seq: number }[];
    };
    expect(second.items[0]?.seq).toBe(first.nextBeforeSeq - 1);
    // The log is the admin's alone, cursor or not.
    expectError(await focalNg.get(`/api/audit?beforeSeq=${first.nextBeforeSeq}`), 403, 'FORBIDDEN');
  });
});
