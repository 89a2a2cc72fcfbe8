import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfWithText } from '../../server/modules/library/documents';
import { createCourse, createNomination, createOfficial, createSession, linkParticipant, userIdOf } from './delivery-fixtures';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { createItem, type Found, type LibraryItem, search, snippetText, upload } from './library-fixtures';
import { auditRowsOf, createUser, login } from './support';

/**
 * Who sees which library item (server/platform/access.ts, libraryItemScopeCondition): one item per
 * audience, each holding the same rare word inside its PDF, and every reader asked by list, search,
 * facets, snippets, id and download. A reader must get exactly the items of their audiences and
 * no trace of the others.
 */

const WORD = 'quillonade';
const AUDIENCES = ['public', 'signed_in', 'participants_session', 'participants_course', 'office', 'states_gh'] as const;
type Key = (typeof AUDIENCES)[number];

describe(`library audiences (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  const readers: Record<string, Client> = {};
  const ids = {} as Record<Key, string>;
  const fileIds = {} as Record<Key, string>;
  const titleOf = (key: Key) => `Manuel ${key.replace('_', ' ')} ${WORD}`;

  /** What each reader must see, and nothing else. */
  const EXPECTED: Record<string, Key[]> = {
    anonymous: ['public'],
    partner: ['public', 'signed_in'],
    accepted: ['public', 'signed_in', 'participants_session', 'participants_course'],
    withdrawn: ['public', 'signed_in'],
    rejected: ['public', 'signed_in'],
    nominated: ['public', 'signed_in'],
    otherSession: ['public', 'signed_in'],
    trainer: ['public', 'signed_in', 'participants_session', 'participants_course'],
    focalNg: ['public', 'signed_in', 'participants_session', 'participants_course'],
    focalGh: ['public', 'signed_in', 'states_gh'],
    participantGh: ['public', 'signed_in'],
    officer: [...AUDIENCES],
    me: [...AUDIENCES],
    admin: [...AUDIENCES],
  };

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    const admin = await t.as('admin');
    readers.anonymous = t.anonymous;
    readers.officer = officer;
    readers.admin = admin;
    readers.me = await t.as('me_officer');
    readers.partner = await t.as('partner');
    readers.trainer = await t.as('trainer');
    readers.focalNg = await t.as('focal_point');

    const trainerId = await userIdOf(t.db, demoEmail('trainer'));
    const course = await createCourse(t.db);
    const session = await createSession(t.db, {
      courseId: course.id,
      quotas: { NG: 4 },
      trainerIds: [trainerId],
      start: -20,
      end: -16,
      deadline: -30,
      status: 'completed',
    });
    const otherCourse = await createCourse(t.db);
    const otherSession = await createSession(t.db, { courseId: otherCourse.id, quotas: { NG: 2 } });

    // The demo participant, accepted (the session is over: materials stay theirs).
    const accepted = await createOfficial(t.db);
    await createNomination(t.db, session.id, accepted.id, 'accepted');
    await linkParticipant(t.db, demoEmail('participant'), accepted.id);
    readers.accepted = await t.as('participant');
    // Participants of the same session who are not (or no longer) in it, and one of another session.
    for (const [name, status, where] of [
      ['withdrawn', 'withdrawn', session.id],
      ['rejected', 'rejected', session.id],
      ['nominated', 'nominated', session.id],
      ['otherSession', 'accepted', otherSession.id],
    ] as const) {
      const official = await createOfficial(t.db);
      await createNomination(t.db, where, official.id, status);
      const user = await createUser(admin, { role: 'participant', stateIso2: 'NG' });
      await linkParticipant(t.db, user.email, official.id);
      readers[name] = (await login(t, user.email, user.password)).client;
    }
    const focalGh = await createUser(admin, { role: 'focal_point', stateIso2: 'GH' });
    readers.focalGh = (await login(t, focalGh.email, focalGh.password)).client;
    const participantGh = await createUser(admin, { role: 'participant', stateIso2: 'GH' });
    readers.participantGh = (await login(t, participantGh.email, participantGh.password)).client;

    const bodies: Record<Key, Record<string, unknown>> = {
      public: { audience: 'public', states: ['NG'] },
      signed_in: { audience: 'signed_in' },
      participants_session: { audience: 'participants', sessionIds: [session.id] },
      participants_course: { audience: 'participants', courseIds: [course.id] },
      office: { audience: 'office', pillars: ['II'] },
      states_gh: { audience: 'states', states: ['GH'], type: 'national_strategy', publishedOn: '2019-03-01' },
    };
    for (const key of AUDIENCES) {
      const item = await createItem(officer, {
        type: 'manual',
        title: { fr: titleOf(key) },
        summary: { fr: `Résumé du document ${key}` },
        pillars: ['I'],
        publishedOn: '2024-05-01',
        ...bodies[key],
      });
      ids[key] = item.id;
      const pdf = pdfWithText([[`Texte du manuel ${key}.`, `Le mot ${WORD} figure dans la page.`]]);
      const res = await upload(officer, item.id, 'fr', { name: `${key}.pdf`, content: pdf, type: 'application/pdf' });
      expect(res.statusCode, res.body).toBe(201);
      const file = (res.json() as LibraryItem).files[0];
      expect(file?.textStatus).toBe('extracted');
      fileIds[key] = file?.id ?? '';
    }
  }, 120_000);
  afterAll(async () => t.close());

  const keysOf = (found: Found) =>
    found.items
      .map((i) => AUDIENCES.find((k) => ids[k] === i.id))
      .filter((k): k is Key => k !== undefined)
      .sort();

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} finds exactly their items by list, search, count, facets and snippets`, async () => {
      const reader = readers[name] as Client;
      const sorted = [...expected].sort();
      // The list of everything (our items among whatever else is there).
      const all = await search(reader, 'limit=50');
      expect(keysOf(all)).toEqual(sorted);
      // The search by a word found only inside the files: exactly these, counted and faceted alike.
      const found = await search(reader, `q=${WORD}&limit=50`);
      expect(keysOf(found)).toEqual(sorted);
      expect(found.total).toBe(expected.length);
      expect(found.items).toHaveLength(expected.length);
      expect(found.facets.type.reduce((n, f) => n + f.count, 0)).toBe(expected.length);
      expect(found.facets.language).toEqual([{ value: 'fr', count: expected.length }]);
      const pillarII = found.facets.pillar.find((f) => f.value === 'II')?.count ?? 0;
      expect(pillarII).toBe(expected.includes('office') ? 1 : 0);
      const gh = found.facets.state.find((f) => f.value === 'GH')?.count ?? 0;
      expect(gh).toBe(expected.includes('states_gh') ? 1 : 0);
      const year2019 = found.facets.year.find((f) => f.value === '2019')?.count ?? 0;
      expect(year2019).toBe(expected.includes('states_gh') ? 1 : 0);
      for (const item of found.items) expect(snippetText(item.snippet)).toContain(`[${WORD}]`);
      // No hidden title anywhere in the answer, not even in a snippet.
      for (const key of AUDIENCES.filter((k) => !expected.includes(k))) {
        const body = JSON.stringify(found);
        expect(body).not.toContain(titleOf(key));
        expect(body).not.toContain(ids[key]);
      }
      // A filter cannot be subtracted from another to reveal a hidden item.
      const ghOnly = await search(reader, `q=${WORD}&state=GH`);
      expect(ghOnly.total).toBe(expected.includes('states_gh') ? 1 : 0);
      const strategies = await search(reader, 'type=national_strategy&year=2019&limit=50');
      expect(keysOf(strategies)).toEqual(expected.includes('states_gh') ? ['states_gh'] : []);
    });

    it(`${name} reads and downloads exactly their items; the others are 404`, async () => {
      const reader = readers[name] as Client;
      for (const key of AUDIENCES) {
        const visible = expected.includes(key);
        const item = await reader.get(`/api/library/items/${ids[key]}`);
        expect(item.statusCode, `${name} reading ${key}`).toBe(visible ? 200 : 404);
        const file = await reader.get(`/api/library/items/${ids[key]}/files/${fileIds[key]}`);
        expect(file.statusCode, `${name} downloading ${key}`).toBe(visible ? 200 : 404);
        if (visible) {
          expect(file.headers['content-disposition']).toMatch(/^attachment;/);
          expect(file.headers['content-type']).toBe('application/pdf');
          expect(file.headers['x-content-type-options']).toBe('nosniff');
        } else {
          expect(file.json().error.code).toBe('NOT_FOUND');
          expect(item.body).not.toContain(titleOf(key));
        }
      }
    });
  }

  it('a half-signed-in session reads the library as anyone would (public only)', async () => {
    const admin = readers.admin as Client;
    const fresh = await createUser(admin, { role: 'focal_point', stateIso2: 'GH', keepTemporaryPassword: true });
    const { client } = await login(t, fresh.email, fresh.password);
    const found = await search(client, `q=${WORD}`);
    expect(keysOf(found)).toEqual(['public']);
    expect((await client.get(`/api/library/items/${ids.states_gh}`)).statusCode).toBe(404);
  });

  it('every download of an item that is not public is audited; a public one is not', async () => {
    const before = (await auditRowsOf(t.db, 'library_file.download')).length;
    expect(
      (await readers.accepted?.get(`/api/library/items/${ids.participants_session}/files/${fileIds.participants_session}`))
        ?.statusCode,
    ).toBe(200);
    expect((await t.anonymous.get(`/api/library/items/${ids.public}/files/${fileIds.public}`)).statusCode).toBe(200);
    // A refused download writes no download row either.
    expect((await readers.partner?.get(`/api/library/items/${ids.office}/files/${fileIds.office}`))?.statusCode).toBe(404);
    const rows = await auditRowsOf(t.db, 'library_file.download');
    expect(rows.length).toBe(before + 1);
    expect(rows.some((r) => r.recordId === fileIds.participants_session)).toBe(true);
  });

  it('a file id of another item is 404, even to the office', async () => {
    const res = await officer.get(`/api/library/items/${ids.public}/files/${fileIds.office}`);
    expect(res.statusCode).toBe(404);
  });

  it('the wall holds the items of named states even for a query that forgets the access layer', async () => {
    // A focal point of Nigeria's requests run under scope NG (platform/wall.ts): the rows of an item
    // for Ghana are not there for them at all.
    const { sql } = await import('drizzle-orm');
    const { withWallScope } = await import('../../server/platform/wall');
    const count = (scope: string) =>
      withWallScope(scope, () =>
        t.db.transaction(async (tx) => {
          const r = (await tx.execute(
            sql`select (select count(*)::int from library_items where id = ${ids.states_gh}) as items,
                       (select count(*)::int from library_files where item_id = ${ids.states_gh}) as files,
                       (select count(*)::int from library_search where item_id = ${ids.states_gh}) as docs,
                       (select count(*)::int from library_passages where item_id = ${ids.states_gh}) as passages`,
          )) as unknown as { rows: { items: number; files: number; docs: number; passages: number }[] };
          return r.rows[0];
        }),
      );
    expect(await count('NG')).toEqual({ items: 0, files: 0, docs: 0, passages: 0 });
    expect(await count('')).toEqual({ items: 0, files: 0, docs: 0, passages: 0 });
    expect(await count('GH')).toEqual({ items: 1, files: 1, docs: 1, passages: 2 });
  });

  it("an item's new audience or states reach its search at once: results, totals and facets", async () => {
    // A search answers from the item's columns copied into its search documents (migration 0034):
    // a change of the item must leave no reader a trace of it through the old copy.
    const word = 'ombrelinette';
    const item = await createItem(officer, {
      type: 'research',
      audience: 'public',
      title: { fr: `Étude ${word}` },
      pillars: ['III'],
      states: ['NG'],
      publishedOn: '2021-02-01',
    });
    const focalNg = readers.focalNg as Client;
    const focalGh = readers.focalGh as Client;
    const trace = async (reader: Client) => {
      const found = await search(reader, `q=${word}`);
      const ofType = await search(reader, `q=${word}&type=research&state=NG&pillar=III&year=2021`);
      const facetSum = Object.values(found.facets).reduce((n, list) => n + list.reduce((m, f) => m + f.count, 0), 0);
      return { ids: found.items.map((i) => i.id), total: found.total, facetSum, filtered: ofType.total };
    };
    const seen = { ids: [item.id], total: 1, facetSum: 5, filtered: 1 };
    const unseen = { ids: [], total: 0, facetSum: 0, filtered: 0 };
    expect(await trace(t.anonymous)).toEqual(seen);
    expect(await trace(focalNg)).toEqual(seen);

    const office = await officer.patch(`/api/library/items/${item.id}`, { audience: 'office' });
    expect(office.statusCode, office.body).toBe(200);
    expect(await trace(t.anonymous)).toEqual(unseen);
    expect(await trace(focalNg)).toEqual(unseen);
    expect(await trace(officer)).toEqual(seen);

    const ghana = await officer.patch(`/api/library/items/${item.id}`, { audience: 'states', states: ['GH'] });
    expect(ghana.statusCode, ghana.body).toBe(200);
    expect(await trace(t.anonymous)).toEqual(unseen);
    expect(await trace(focalNg)).toEqual(unseen);
    // Ghana's focal point finds it under its new states (no longer NG: the filter on NG finds nothing).
    expect(await trace(focalGh)).toEqual({ ...seen, filtered: 0 });
    expect((await search(focalGh, `q=${word}&state=GH`)).total).toBe(1);

    const back = await officer.patch(`/api/library/items/${item.id}`, { audience: 'public', states: ['NG'] });
    expect(back.statusCode, back.body).toBe(200);
    expect(await trace(focalNg)).toEqual(seen);
    expect(await trace(focalGh)).toEqual(seen);
  });
});
