import { and, count, eq, inArray, isNull, like, type SQL, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bulkLoad } from '../../server/db/bulk-load';
import { agencies, officials } from '../../server/db/schema';
import { storedNameKeys } from '../../server/modules/registry/names';
import { queryRows } from '../../server/platform/db';
import { withWallScope } from '../../server/platform/wall';
import { type Client, testDatabaseKind } from './harness';
import { type Agency, base, createOfficial, search, startRegistryApp } from './registry-fixtures';
import { sharedApp } from './support';

/**
 * The officials list's total read from official_counts (migration 0040): exact after every kind of
 * change, and behind the same state wall as the officials it counts.
 */
describe(`registry: the officials list's counts (${testDatabaseKind})`, () => {
  const app = sharedApp(startRegistryApp);
  const NO_AGENCY = '00000000-0000-0000-0000-000000000000';

  /** Groups where the kept counts and a count of the officials disagree (none when exact), and groups kept at zero. */
  const disagreements = () =>
    queryRows<{ state: string; agency: string; sex: string; merged: boolean; kept: number | null; counted: number | null }>(
      app.t.db,
      sql`select coalesce(c.state_iso2, o.state_iso2) as state, coalesce(c.agency, o.agency)::text as agency,
            coalesce(c.sex, o.sex) as sex, coalesce(c.merged, o.merged) as merged, c.n as kept, o.n as counted
          from (select state_iso2, coalesce(agency_id, ${NO_AGENCY}::uuid) as agency, sex, merged, n from official_counts) c
          full join (select state_iso2, coalesce(agency_id, ${NO_AGENCY}::uuid) as agency, sex,
                       merged_into_id is not null as merged, count(*)::int as n
                     from officials group by 1, 2, 3, 4) o
            on c.state_iso2 = o.state_iso2 and c.agency = o.agency and c.sex = o.sex and c.merged = o.merged
          where c.n is distinct from o.n or c.n <= 0`,
    );
  const expectExact = async () => expect(await disagreements()).toEqual([]);
  const counted = async (where?: SQL) => Number((await app.t.db.select({ n: count() }).from(officials).where(where))[0]?.n ?? 0);
  const listed = async (query: string) => (await search(app.officer, `pageSize=5${query}`)).total;
  /** The officer's totals, unfiltered and by each filter, against a count of the officials. */
  const expectTotals = async () => {
    expect(await listed('')).toBe(await counted(isNull(officials.mergedIntoId)));
    expect(await listed('&includeMerged=true')).toBe(await counted());
    expect(await listed('&stateIso2=NG&sex=female')).toBe(
      await counted(and(isNull(officials.mergedIntoId), eq(officials.stateIso2, 'NG'), eq(officials.sex, 'female'))),
    );
    expect(await listed(`&agencyId=${app.ngPolice.id}`)).toBe(
      await counted(and(isNull(officials.mergedIntoId), eq(officials.agencyId, app.ngPolice.id))),
    );
  };

  it('match the officials of a database as migrated and seeded', async () => {
    await expectExact();
    await expectTotals();
  });

  it('follow an official recorded, edited, moved to another state, agency and sex', async () => {
    const before = await listed('&stateIso2=NG');
    const created = await createOfficial(app.focalNg, { ...base, familyName: 'Counted', agencyId: app.ngPolice.id });
    await expectExact();
    expect(await listed('&stateIso2=NG')).toBe(before + 1);
    // A name changes no group.
    const renamed = await app.officer.put(`/api/officials/${created.id}`, {
      ...base,
      familyName: 'Recounted',
      agencyId: app.ngPolice.id,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    await expectExact();
    const moved = await app.officer.put(`/api/officials/${created.id}`, {
      ...base,
      stateIso2: 'GH',
      sex: 'female',
      familyName: 'Recounted',
      agencyId: app.ghPolice.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await expectExact();
    expect(await listed('&stateIso2=NG')).toBe(before);
    await expectTotals();
  });

  it('follow statements of many rows: a bulk insert, an update of many, an import, a delete', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      stateIso2: i % 3 === 0 ? 'GH' : 'NG',
      agencyId: i % 3 === 0 ? app.ghPolice.id : i % 2 ? app.ngDss.id : null,
      familyName: `Manycount${i}`,
      givenNames: 'Bulk',
      sex: i % 2 ? ('female' as const) : ('male' as const),
      nameKeys: storedNameKeys(`Manycount${i}`, 'Bulk'),
    }));
    await app.t.db.insert(officials).values(rows);
    await expectExact();
    await app.t.db.update(officials).set({ sex: 'female', agencyId: null }).where(like(officials.familyName, 'Manycount1%'));
    await expectExact();
    const imported = await app.focalNg.post('/api/imports/officials/commit', {
      filename: 'ng.csv',
      contentBase64: Buffer.from('family_name,given_names,sex,agency\nImportcount,Hauwa,F,NPF\nImportcount,Ngozi,F,\n').toString(
        'base64',
      ),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().created).toBe(2);
    await expectExact();
    await expectTotals();
    // Deleted (no route deletes an official; the database must still count right), emptying groups.
    await app.t.db.delete(officials).where(like(officials.familyName, 'Manycount%'));
    await expectExact();
    await expectTotals();
  });

  it('follow a merge: the absorbed official leaves the list’s total, not the total with merged officials', async () => {
    const survivor = await createOfficial(app.officer, { ...base, familyName: 'Mergecount', agencyId: app.ngDss.id });
    const absorbed = await createOfficial(app.officer, { ...base, familyName: 'Mergecount', sex: 'female' });
    const [shown, withMerged] = [await listed(''), await listed('&includeMerged=true')];
    const res = await app.officer.post('/api/duplicates/merge', {
      survivorId: survivor.id,
      absorbedId: absorbed.id,
      reason: 'Same person',
    });
    expect(res.statusCode, res.body).toBe(200);
    await expectExact();
    expect(await listed('')).toBe(shown - 1);
    expect(await listed('&includeMerged=true')).toBe(withMerged);
    await expectTotals();
  });

  it('follow COPY with the triggers on, and are counted again after a bulk load that turns them off', async () => {
    const line = (i: number, state: string) =>
      [
        crypto.randomUUID(),
        state,
        `Copycount${i}`,
        'Loaded',
        i % 2 ? 'female' : 'male',
        storedNameKeys(`Copycount${i}`, 'Loaded'),
      ]
        .map((v) => `"${v}"`)
        .join(',');
    await app.t.bulk((session) =>
      session.copyCsv(
        'officials',
        ['id', 'state_iso2', 'family_name', 'given_names', 'sex', 'name_keys'],
        Array.from({ length: 50 }, (_, i) => line(i, i % 2 ? 'NG' : 'SN')).join('\n'),
      ),
    );
    await expectExact();
    await app.t.bulk((session) =>
      bulkLoad(session, [officials], async (sink) => {
        for (let i = 50; i < 80; i++)
          await sink.add(officials, {
            id: crypto.randomUUID(),
            stateIso2: 'SN',
            familyName: `Copycount${i}`,
            givenNames: 'Loaded',
            sex: 'female',
            nameKeys: storedNameKeys(`Copycount${i}`, 'Loaded'),
          });
      }),
    );
    await expectExact();
    await expectTotals();
  });

  it('are emptied with the officials by TRUNCATE', async () => {
    const emptied = await app.t
      .bulk(async (session) => {
        await session.query('truncate officials cascade');
        const [row] = await session.query('select count(*)::int as n from official_counts');
        throw Object.assign(new Error('rolled back'), { kept: row?.n });
      })
      .catch((error: { kept?: number }) => error.kept);
    expect(emptied).toBe(0);
    await expectExact();
  });

  it('are what the first page of the list reads in the wall’s scopes (a search and a trainer count apart)', async () => {
    const [officer, focal, trainer] = [
      await listed(''),
      (await search(app.focalNg, 'pageSize=5')).total,
      await search(app.trainer, 'pageSize=5'),
    ];
    // Counts made wrong on purpose, as the owner, then counted again.
    await app.t.asOwner((tx) =>
      tx.execute(
        sql`update official_counts set n = n + 1000 where state_iso2 = 'NG' and not merged and ctid = (select min(ctid) from official_counts where state_iso2 = 'NG' and not merged)`,
      ),
    );
    try {
      expect(await listed('')).toBe(officer + 1000);
      expect((await search(app.focalNg, 'pageSize=5')).total).toBe(focal + 1000);
      expect((await search(app.focalGh, 'pageSize=5')).total).toBe(
        await counted(and(isNull(officials.mergedIntoId), eq(officials.stateIso2, 'GH'))),
      );
      expect((await search(app.trainer, 'pageSize=5')).total).toBe(trainer.total);
    } finally {
      await app.t.asOwner((tx) => tx.execute(sql`select official_counts_recount()`));
    }
    await expectExact();
  });

  describe('the wall', () => {
    it('gives a focal point the total of their own state only, whatever the filters', async () => {
      const stateTotal = async (state: string) => counted(and(isNull(officials.mergedIntoId), eq(officials.stateIso2, state)));
      expect((await search(app.focalNg, 'pageSize=5')).total).toBe(await stateTotal('NG'));
      expect((await search(app.focalGh, 'pageSize=5')).total).toBe(await stateTotal('GH'));
      expect(await stateTotal('GH')).toBeGreaterThan(0);
      const elsewhere = await search(app.focalNg, 'pageSize=5&stateIso2=GH');
      expect(elsewhere).toMatchObject({ total: 0, items: [] });
      expect((await search(app.focalNg, `pageSize=5&agencyId=${app.ghPolice.id}`)).total).toBe(0);
      // Past the last page: no row carries the total, which is still the state's.
      expect((await search(app.focalGh, 'pageSize=5&page=100000')).total).toBe(await stateTotal('GH'));
    });

    it('holds the counts by state for the runtime role, which may read them but never write them', async () => {
      const states = await withWallScope('NG', async () =>
        queryRows<{ state: string }>(app.t.db, sql`select distinct state_iso2 as state from official_counts`),
      );
      expect(states.map((r) => r.state)).toEqual(['NG']);
      for (const statement of [
        sql`insert into official_counts (state_iso2, agency_id, sex, merged, n) values ('NG', null, 'male', false, 1000)`,
        sql`update official_counts set n = n + 1`,
        sql`delete from official_counts`,
        sql`select official_counts_recount()`,
      ]) {
        const outcome = await queryRows(app.t.db, statement).then(
          () => 'done',
          (error: { message?: string; cause?: { message?: string } }) => `${error.message} ${error.cause?.message ?? ''}`,
        );
        expect(outcome).toMatch(/permission denied/);
      }
      await expectExact();
    });

    it('keeps a reader of another scope (a trainer) and a search to their own count', async () => {
      const trainer = await search(app.trainer, 'pageSize=100');
      expect(trainer.total).toBe(trainer.items.length);
      const found = await search(app.officer, 'pageSize=100&q=Counted');
      expect(found.total).toBe(found.items.length);
      const ids = found.items.map((o) => o.id);
      if (ids.length > 0) expect(await counted(inArray(officials.id, ids))).toBe(ids.length);
    });
  });

  it('are kept for agencies that exist: an agency’s count row leaves with its last official', async () => {
    const [agency] = await app.t.db
      .insert(agencies)
      .values({ stateIso2: 'NG', name: 'Counted Agency', type: 'police' })
      .returning();
    const id = agency?.id as string;
    const one = await createOfficial(app.officer, { ...base, familyName: 'Lonecount', agencyId: id });
    expect(await listed(`&agencyId=${id}`)).toBe(1);
    await app.t.db.delete(officials).where(eq(officials.id, one.id));
    expect(await listed(`&agencyId=${id}`)).toBe(0);
    const kept = await queryRows<{ n: number }>(
      app.t.db,
      sql`select count(*)::int as n from official_counts where agency_id = ${id}`,
    );
    expect(kept[0]?.n).toBe(0);
    await app.t.db.delete(agencies).where(eq(agencies.id, id));
    await expectExact();
  });
  describe('a search’s page, found whole by official_search_page', () => {
    const names = ['Ada', 'Bola', 'Chidi', 'Dayo', 'Efe', 'Funmi', 'Gbenga'];
    const made: { id: string; stateIso2: string; agencyId: string | null; sex: string; given: string; merged: boolean }[] = [];
    const ids = (list: { id: string }[]) => list.map((o) => o.id);
    const expected = (keep: (o: (typeof made)[number]) => boolean) =>
      made
        .filter(keep)
        .sort((a, b) => a.given.localeCompare(b.given))
        .map((o) => o.id);
    /** Every page of a search, in pages of 3: the ids in order and each page's total. */
    const pages = async (by: Parameters<typeof search>[0], query: string) => {
      const seen: string[] = [];
      const totals = new Set<number>();
      for (let page = 1; page <= 4; page++) {
        const list = await search(by, `q=Zyxcount&pageSize=3&page=${page}${query}`);
        seen.push(...ids(list.items));
        totals.add(list.total);
      }
      return { seen, totals: [...totals] };
    };

    it('gives the officials, order and total of the list’s own conditions, with every filter', async () => {
      for (const [i, given] of names.entries()) {
        const inGhana = i % 3 === 2;
        const body = {
          ...base,
          stateIso2: inGhana ? 'GH' : 'NG',
          familyName: 'Zyxcount',
          givenNames: given,
          sex: i % 2 ? 'female' : 'male',
          agencyId: inGhana ? app.ghPolice.id : i % 2 ? app.ngPolice.id : undefined,
        };
        const official = await createOfficial(app.officer, body);
        made.push({
          id: official.id,
          stateIso2: body.stateIso2,
          agencyId: body.agencyId ?? null,
          sex: body.sex,
          given,
          merged: false,
        });
      }
      // Chidi (GH) and Dayo (NG) merged into others of their state.
      const chidi = made[2] as (typeof made)[number];
      const dayo = made[3] as (typeof made)[number];
      await app.t.db.update(officials).set({ mergedIntoId: made[5]?.id }).where(eq(officials.id, chidi.id));
      await app.t.db.update(officials).set({ mergedIntoId: made[0]?.id }).where(eq(officials.id, dayo.id));
      chidi.merged = true;
      dayo.merged = true;
      const cases: [string, (o: (typeof made)[number]) => boolean][] = [
        ['', (o) => !o.merged],
        ['&includeMerged=true', () => true],
        ['&sex=female', (o) => !o.merged && o.sex === 'female'],
        ['&stateIso2=GH&includeMerged=true', (o) => o.stateIso2 === 'GH'],
        [`&agencyId=${app.ngPolice.id}`, (o) => !o.merged && o.agencyId === app.ngPolice.id],
      ];
      for (const [query, keep] of cases) {
        const want = expected(keep);
        expect(await pages(app.officer, query), query).toEqual({ seen: want, totals: [want.length] });
      }
    });

    it('keeps a focal point to their state’s matches, and a trainer to their own scope', async () => {
      const ng = expected((o) => !o.merged && o.stateIso2 === 'NG');
      expect(await pages(app.focalNg, '')).toEqual({ seen: ng, totals: [ng.length] });
      expect(await pages(app.focalNg, '&stateIso2=GH')).toEqual({ seen: [], totals: [0] });
      const trainer = await search(app.trainer, 'q=Zyxcount&pageSize=50');
      expect(trainer).toMatchObject({ items: [], total: 0 });
    });
  });

  describe('the agencies list', () => {
    type Listed = { items: Agency[] };
    const agenciesOf = async (by: Client, query = '') => {
      const res = await by.get(`/api/agencies${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Listed;
    };
    /** Each agency's live officials, counted from the officials, within `where`. */
    const countsOf = async (items: Agency[], where?: SQL) =>
      Object.fromEntries(
        await Promise.all(
          items.map(async (a) => [a.id, await counted(and(isNull(officials.mergedIntoId), eq(officials.agencyId, a.id), where))]),
        ),
      );
    const countsListed = (listed: Listed) => Object.fromEntries(listed.items.map((a) => [a.id, a.officialCount]));

    it('counts every agency’s officials from the kept counts for office staff, and a trainer’s own participants', async () => {
      await createOfficial(app.officer, { ...base, familyName: 'Agencycount', agencyId: app.ngDss.id });
      const officer = await agenciesOf(app.officer);
      expect(officer.items.map((a) => a.id)).toEqual(expect.arrayContaining([app.ngPolice.id, app.ngDss.id, app.ghPolice.id]));
      expect(countsListed(officer)).toEqual(await countsOf(officer.items));
      expect(countsListed(await agenciesOf(app.me))).toEqual(countsListed(officer));
      // The counts are what the list reads: made wrong on purpose, as the owner, then counted again.
      await app.t.asOwner((tx) =>
        tx.execute(sql`update official_counts set n = n + 1000 where agency_id = ${app.ngDss.id} and not merged`),
      );
      try {
        expect((await agenciesOf(app.officer)).items.find((a) => a.id === app.ngDss.id)?.officialCount).toBe(
          (countsListed(officer)[app.ngDss.id] as number) + 1000,
        );
      } finally {
        await app.t.asOwner((tx) => tx.execute(sql`select official_counts_recount()`));
      }
      const trainer = await agenciesOf(app.trainer);
      const participants = (await search(app.trainer, 'pageSize=100')).items;
      for (const agency of trainer.items)
        expect(agency.officialCount).toBe(participants.filter((o) => o.agency?.id === agency.id).length);
    });

    it('tells a focal point nothing of another state’s counts', async () => {
      const before = await app.focalGh.get('/api/agencies');
      const listed = before.json() as Listed;
      expect(listed.items.length).toBeGreaterThan(0);
      expect(listed.items.every((a) => a.stateIso2 === 'GH')).toBe(true);
      expect(countsListed(listed)).toEqual(await countsOf(listed.items, eq(officials.stateIso2, 'GH')));
      // Another state's officials: recorded in Nigeria's agencies, and one of Nigeria working in
      // Ghana's police (written past the service's rules, as a faulty import might).
      await createOfficial(app.officer, { ...base, familyName: 'Elsewhere', agencyId: app.ngPolice.id });
      await app.t.db.insert(officials).values({
        ...base,
        stateIso2: 'NG',
        familyName: 'Acrossborder',
        agencyId: app.ghPolice.id,
        nameKeys: storedNameKeys('Acrossborder', base.givenNames, null),
      });
      await expectExact();
      const after = await app.focalGh.get('/api/agencies');
      expect(after.body).toBe(before.body);
      expect((await app.focalGh.get(`/api/agencies/${app.ghPolice.id}`)).json().officialCount).toBe(
        listed.items.find((a) => a.id === app.ghPolice.id)?.officialCount,
      );
      expect((await agenciesOf(app.focalGh, '?stateIso2=NG')).items).toEqual([]);
      expect((await app.focalGh.get(`/api/agencies/${app.ngPolice.id}`)).statusCode).toBe(404);
      // Office staff count the official of Nigeria in Ghana's police.
      const officer = await agenciesOf(app.officer, '?stateIso2=GH');
      expect(countsListed(officer)).toEqual(await countsOf(officer.items));
    });
  });
});
