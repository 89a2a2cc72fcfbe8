import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencies,
  auditLog,
  courses,
  nominations,
  officials,
  programmes,
  sessionTrainers,
  trainingSessions,
  users,
} from '../../server/db/schema';
import { type Client, demoEmail, type TestApp, testDatabaseKind } from './harness';
import {
  type Agency,
  agencyCount,
  base,
  createOfficial,
  type Official,
  officialCount,
  type RegistryApp,
  search,
  startRegistryApp,
} from './registry-fixtures';
import { auditRowsOf, detailPaths, expectError } from './support';

/** The registry: agencies, and officials entered, read, changed and refused one by one. */

describe(`registry: agencies and officials (${testDatabaseKind})`, () => {
  let app: RegistryApp;
  let t: TestApp;
  let officer: Client;
  let me: Client;
  let focalNg: Client;
  let focalGh: Client;
  let trainer: Client;
  let participant: Client;
  let partner: Client;
  let admin: Client;
  let officerId: string;
  let ngPolice: Agency;
  let ngDss: Agency;
  let ghPolice: Agency;

  beforeAll(async () => {
    app = await startRegistryApp();
    ({ t, officer, me, focalNg, focalGh, trainer, participant, partner, admin, officerId, ngPolice, ngDss, ghPolice } = app);
  });
  afterAll(async () => t.close());

  describe('agencies', () => {
    it('creates an agency with a parent of the same state, audited', async () => {
      const ministry = await officer.post('/api/agencies', {
        stateIso2: 'NG',
        name: 'Federal Ministry of Interior',
        type: 'ministry_of_interior',
      });
      expect(ministry.statusCode, ministry.body).toBe(201);
      const child = await officer.post('/api/agencies', {
        stateIso2: 'NG',
        name: '  Nigeria Immigration Service ',
        acronym: 'NIS',
        type: 'border_and_immigration',
        parentId: ministry.json().id,
      });
      expect(child.statusCode, child.body).toBe(201);
      expect(child.json()).toMatchObject({
        stateIso2: 'NG',
        name: 'Nigeria Immigration Service',
        acronym: 'NIS',
        type: 'border_and_immigration',
        parentId: ministry.json().id,
        parentName: 'Federal Ministry of Interior',
        officialCount: 0,
      });
      const [row] = await auditRowsOf(t.db, 'agency.create', child.json().id);
      expect(row).toMatchObject({ actorUserId: officerId, recordType: 'agency', outcome: 'success' });
    });

    it('lists agencies by state; a focal point sees only their own state', async () => {
      const ng = (await officer.get('/api/agencies?stateIso2=NG')).json().items as Agency[];
      expect(ng.every((a) => a.stateIso2 === 'NG')).toBe(true);
      expect(ng.map((a) => a.name)).toContain('Nigeria Police Force');
      const all = (await officer.get('/api/agencies')).json().items as Agency[];
      expect(new Set(all.map((a) => a.stateIso2))).toEqual(new Set(['NG', 'GH']));

      const fromNg = (await focalNg.get('/api/agencies')).json().items as Agency[];
      expect(fromNg.length).toBeGreaterThan(0);
      expect(fromNg.every((a) => a.stateIso2 === 'NG')).toBe(true);
      expect((await focalNg.get('/api/agencies?stateIso2=GH')).json().items).toEqual([]);
      expectError(await focalNg.get(`/api/agencies/${ghPolice.id}`), 404, 'NOT_FOUND');
      expect((await focalGh.get(`/api/agencies/${ghPolice.id}`)).json().name).toBe('Ghana Police Service');
      const q = (await officer.get('/api/agencies?q=dss')).json().items as Agency[];
      expect(q.map((a) => a.id)).toEqual([ngDss.id]);
    });

    it('edits an agency; a focal point edits only their own state’s', async () => {
      const res = await focalNg.patch(`/api/agencies/${ngDss.id}`, { acronym: 'SSS' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ acronym: 'SSS', name: 'Department of State Services' });
      expect((await auditRowsOf(t.db, 'agency.update', ngDss.id)).length).toBe(1);
      expectError(await focalNg.patch(`/api/agencies/${ghPolice.id}`, { acronym: 'X' }), 404, 'NOT_FOUND');
      const [gh] = await t.db.select().from(agencies).where(eq(agencies.id, ghPolice.id));
      expect(gh?.acronym).toBe('GPS');
    });

    it('refuses bad agency inputs and changes nothing', async () => {
      const before = await agencyCount(t);
      const cases: [Record<string, unknown>, number, string, string][] = [
        [{ stateIso2: 'GH', name: 'Ghana Immigration', type: 'police' }, 422, 'RULE_VIOLATION', 'stateIso2'],
        [{ stateIso2: 'ng', name: 'X agency', type: 'police' }, 400, 'VALIDATION_FAILED', 'stateIso2'],
        [{ stateIso2: 'NG', name: '', type: 'police' }, 400, 'VALIDATION_FAILED', 'name'],
        [{ stateIso2: 'NG', name: 'Some body', type: 'navy_seals' }, 422, 'RULE_VIOLATION', 'type'],
        [{ stateIso2: 'NG', name: 'Some body', type: 'police', parentId: ghPolice.id }, 422, 'RULE_VIOLATION', 'parentId'],
        [{ stateIso2: 'NG', name: 'Some body', type: 'police', parentId: 'nope' }, 400, 'VALIDATION_FAILED', 'parentId'],
        [{ stateIso2: 'NG', name: 'nigeria police force', type: 'police' }, 409, 'CONFLICT', 'name'],
        [{ stateIso2: 'NG', name: 'Some body', type: 'police', colour: 'red' }, 400, 'VALIDATION_FAILED', 'colour'],
      ];
      for (const [body, status, code, path] of cases) {
        const error = expectError(await focalNg.post('/api/agencies', body), status, code);
        expect(detailPaths(error), JSON.stringify(body)).toContain(path);
      }
      expectError(
        await officer.post('/api/agencies', { stateIso2: 'XX', name: 'Nowhere', type: 'police' }),
        422,
        'RULE_VIOLATION',
      );
      // A parent link that would make a cycle.
      const sub = await officer.post('/api/agencies', {
        stateIso2: 'NG',
        name: 'NPF Counter-Terrorism Unit',
        type: 'police',
        parentId: ngPolice.id,
      });
      expect(sub.statusCode).toBe(201);
      const cycle = expectError(
        await officer.patch(`/api/agencies/${ngPolice.id}`, { parentId: sub.json().id }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(cycle)).toEqual(['parentId']);
      expectError(await officer.patch(`/api/agencies/${ngPolice.id}`, { parentId: ngPolice.id }), 422, 'RULE_VIOLATION');
      expectError(await officer.patch(`/api/agencies/${ngPolice.id}`, {}), 400, 'VALIDATION_FAILED');
      expect(await agencyCount(t)).toBe(before + 1);
    });

    it('admits readers and writers as the permissions say', async () => {
      expectError(await partner.get('/api/agencies'), 403, 'FORBIDDEN');
      expectError(await admin.get('/api/agencies'), 403, 'FORBIDDEN');
      expectError(await trainer.post('/api/agencies', { stateIso2: 'NG', name: 'X', type: 'police' }), 403, 'FORBIDDEN');
      expect((await trainer.get('/api/agencies')).statusCode).toBe(200);
      const forParticipant = (await participant.get('/api/agencies')).json().items as Agency[];
      expect(forParticipant.every((a) => a.stateIso2 === 'NG')).toBe(true);
    });
  });

  describe('officials', () => {
    it('creates an official with all fields, audited, and reads it back with its agency', async () => {
      const created = await createOfficial(focalNg, {
        ...base,
        agencyId: ngPolice.id,
        familyName: ' Adebayo ',
        givenNames: 'Folake Ngozi',
        sex: 'female',
        birthDate: '1984-02-29',
        rank: 'Superintendent',
        position: 'Head of CT desk',
        languages: ['en', 'yo'],
        email: 'F.Adebayo@Police.example.ng',
        phone: '+234 803 000 0000',
        notes: 'Speaks Hausa',
        nameOriginal: '',
      });
      expect(created).toMatchObject({
        stateIso2: 'NG',
        agency: { id: ngPolice.id, name: 'Nigeria Police Force', acronym: 'NPF' },
        familyName: 'Adebayo',
        givenNames: 'Folake Ngozi',
        nameOriginal: null,
        sex: 'female',
        birthDate: '1984-02-29',
        rank: 'Superintendent',
        languages: ['en', 'yo'],
        email: 'f.adebayo@police.example.ng',
        phone: '+234 803 000 0000',
        nominations: [],
        mergedIntoId: null,
      });
      const [row] = await t.db.select().from(officials).where(eq(officials.id, created.id));
      expect(row?.nameKeys.split(' ').length).toBe(3);
      const [audit] = await auditRowsOf(t.db, 'official.create', created.id);
      expect(audit).toMatchObject({ recordType: 'official', actorRole: 'focal_point' });

      const read = await officer.get(`/api/officials/${created.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ id: created.id, familyName: 'Adebayo' });
      const [readAudit] = await auditRowsOf(t.db, 'official.read', created.id);
      expect(readAudit).toMatchObject({ actorUserId: officerId, recordType: 'official' });
    });

    it('edits an official (full replacement), audited without copying identity into the log', async () => {
      const o = await createOfficial(focalNg, { ...base, familyName: 'Eze', givenNames: 'Chidi' });
      const res = await focalNg.put(`/api/officials/${o.id}`, {
        ...base,
        familyName: 'Eze',
        givenNames: 'Chidiebere',
        agencyId: ngDss.id,
        rank: 'Inspector',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ givenNames: 'Chidiebere', rank: 'Inspector', agency: { id: ngDss.id } });
      const [row] = await t.db.select().from(officials).where(eq(officials.id, o.id));
      expect(row?.nameKeys).toContain('xdbr'); // the keys follow the names
      const [audit] = await auditRowsOf(t.db, 'official.update', o.id);
      expect(((audit?.details ?? {}) as { changed: string[] }).changed.sort()).toEqual(['agencyId', 'givenNames', 'rank']);
      expect(JSON.stringify(audit?.details)).not.toContain('Chidiebere');
    });

    it('scopes officials: a focal point of GH can neither see nor edit an NG official (404)', async () => {
      const ng = await createOfficial(officer, { ...base, familyName: 'Ibrahim', givenNames: 'Musa' });
      const gh = await createOfficial(focalGh, {
        ...base,
        stateIso2: 'GH',
        familyName: 'Mensah',
        givenNames: 'Kofi',
        agencyId: ghPolice.id,
      });
      expectError(await focalGh.get(`/api/officials/${ng.id}`), 404, 'NOT_FOUND');
      expectError(await focalNg.get(`/api/officials/${gh.id}`), 404, 'NOT_FOUND');
      expectError(
        await focalNg.put(`/api/officials/${gh.id}`, { ...base, stateIso2: 'GH', familyName: 'Hacked', givenNames: 'X' }),
        404,
        'NOT_FOUND',
      );
      const [row] = await t.db.select().from(officials).where(eq(officials.id, gh.id));
      expect(row?.familyName).toBe('Mensah');

      const ngList = await search(focalNg, 'pageSize=200');
      expect(ngList.items.every((o) => o.stateIso2 === 'NG')).toBe(true);
      expect(ngList.items.map((o) => o.id)).toContain(ng.id);
      // Asking for another state's officials returns nothing rather than widening the scope.
      expect((await search(focalNg, 'stateIso2=GH')).total).toBe(0);
      const ghList = await search(focalGh, 'pageSize=200');
      expect(ghList.items.map((o) => o.id)).toEqual([gh.id]);

      // A focal point cannot record another state's official, nor move one out of their state.
      const before = await officialCount(t);
      const other = expectError(await focalNg.post('/api/officials', { ...base, stateIso2: 'GH' }), 422, 'RULE_VIOLATION');
      expect(detailPaths(other)).toEqual(['stateIso2']);
      const move = expectError(
        await focalNg.put(`/api/officials/${ng.id}`, { ...base, familyName: 'Ibrahim', givenNames: 'Musa', stateIso2: 'GH' }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(move)).toEqual(['stateIso2']);
      expect(await officialCount(t)).toBe(before);

      // Programme officers read both and may move a record between states.
      expect((await officer.get(`/api/officials/${gh.id}`)).statusCode).toBe(200);
      expectError(
        await me.put(`/api/officials/${gh.id}`, { ...base, stateIso2: 'GH', familyName: 'Mensah', givenNames: 'Kofi' }),
        403,
        'FORBIDDEN',
      );
    });

    it('another state’s agency is, for a focal point, an agency that does not exist', async () => {
      const own = await createOfficial(focalNg, { ...base, familyName: 'Adeyemi', givenNames: 'Tunde' });
      const answer = async (agencyId: string) => {
        const put = await focalNg.put(`/api/officials/${own.id}`, { ...base, agencyId });
        const post = await focalNg.post('/api/officials', { ...base, agencyId });
        const parent = await focalNg.post('/api/agencies', {
          stateIso2: 'NG',
          name: 'A new unit',
          type: 'police',
          parentId: agencyId,
        });
        return [put, post, parent].map((r) => ({ status: r.statusCode, body: r.json() }));
      };
      const foreign = await answer(ghPolice.id);
      expect(foreign[0]?.status).toBe(422);
      expect(foreign).toEqual(await answer(crypto.randomUUID()));
      expect(JSON.stringify(foreign)).not.toContain('GH');
      // The programme officer, who sees every state, is told why.
      const told = expectError(
        await officer.put(`/api/officials/${own.id}`, { ...base, agencyId: ghPolice.id }),
        422,
        'RULE_VIOLATION',
      );
      expect(told.rule).toBe('registry.official_agency_other_state');
      expect(told.params).toEqual({ agencyState: 'GH', state: 'NG' });
      expect(told.message).toBe('The agency belongs to GH, not to NG.');
    });

    it('the M&E officer reads no identity: officials are refused (403), agencies (no personal data) are not', async () => {
      const o = await createOfficial(officer, { ...base, familyName: 'Uche', givenNames: 'Ngozi', agencyId: ngPolice.id });
      expectError(await me.get('/api/officials?stateIso2=NG'), 403, 'FORBIDDEN');
      expectError(await me.get(`/api/officials/${o.id}`), 403, 'FORBIDDEN');
      const list = await me.get('/api/agencies?stateIso2=NG');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.body).not.toContain('Uche');
      expect((list.json().items as Agency[]).find((a) => a.id === ngPolice.id)?.officialCount).toBeGreaterThan(0);
    });

    it('keeps other roles to what the permissions allow', async () => {
      const o = await createOfficial(officer, { ...base, familyName: 'Bello', givenNames: 'Aisha', sex: 'female' });
      expectError(await partner.get('/api/officials'), 403, 'FORBIDDEN');
      expectError(await partner.get(`/api/officials/${o.id}`), 403, 'FORBIDDEN');
      expectError(await admin.get(`/api/officials/${o.id}`), 403, 'FORBIDDEN');
      expectError(await trainer.post('/api/officials', base), 403, 'FORBIDDEN');
      expectError(await participant.post('/api/officials', base), 403, 'FORBIDDEN');
      expectError(await t.anonymous.get('/api/officials'), 401, 'UNAUTHENTICATED');
      // A trainer with no sessions sees nobody; a participant without a linked record, nobody.
      expect((await search(trainer, '')).total).toBe(0);
      expectError(await trainer.get(`/api/officials/${o.id}`), 404, 'NOT_FOUND');
      expect((await search(participant, '')).total).toBe(0);
      expectError(await participant.get('/api/officials/me'), 404, 'NOT_FOUND');
      expectError(await focalNg.get('/api/officials/me'), 403, 'FORBIDDEN');

      // Linked to their record, a participant sees themselves and only themselves.
      await t.db
        .update(users)
        .set({ officialId: o.id })
        .where(eq(users.email, demoEmail('participant')));
      const mine = await participant.get('/api/officials/me');
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json()).toMatchObject({ id: o.id, familyName: 'Bello' });
      expect((await auditRowsOf(t.db, 'official.read', o.id))[0]?.actorRole).toBe('participant');
      expect((await search(participant, '')).items.map((i) => i.id)).toEqual([o.id]);
      const someoneElse = await createOfficial(officer, { ...base, familyName: 'Other', givenNames: 'Person' });
      expectError(await participant.get(`/api/officials/${someoneElse.id}`), 404, 'NOT_FOUND');
      await t.db
        .update(users)
        .set({ officialId: null })
        .where(eq(users.email, demoEmail('participant')));
    });

    it('shows a trainer the accepted participants of their sessions, and the nominations on the detail', async () => {
      const trainerId = (await trainer.get('/api/me')).json().id as string;
      const a = await createOfficial(officer, { ...base, familyName: 'Trained', givenNames: 'Accepted', agencyId: ngDss.id });
      const b = await createOfficial(officer, { ...base, familyName: 'Trained', givenNames: 'Rejected', agencyId: ngDss.id });
      await createOfficial(officer, { ...base, familyName: 'Untrained', givenNames: 'Colleague', agencyId: ngDss.id });
      const [programme] = await t.db
        .insert(programmes)
        .values({ code: 'REG-TEST', title: { en: 'CT investigations' }, thematicArea: 'investigations' })
        .returning();
      const [course] = await t.db
        .insert(courses)
        .values({
          programmeId: programme?.id as string,
          code: 'REG-C1',
          title: { en: 'Foundations of CT investigations', fr: 'Fondamentaux des enquêtes' },
          level: 'foundational',
          hours: 30,
          thematicArea: 'investigations',
        })
        .returning();
      const [session] = await t.db
        .insert(trainingSessions)
        .values({
          courseId: course?.id as string,
          code: 'REG-S1',
          startDate: '2025-03-10',
          endDate: '2025-03-14',
          nominationDeadline: '2025-02-20',
          modality: 'in_person',
          capacity: 20,
        })
        .returning();
      const sessionId = session?.id as string;
      await t.db.insert(sessionTrainers).values({ sessionId, userId: trainerId });
      // Another trainer's session: the participant's history there is not this trainer's to read.
      const [elsewhere] = await t.db
        .insert(trainingSessions)
        .values({
          courseId: course?.id as string,
          code: 'REG-S2',
          startDate: '2024-03-11',
          endDate: '2024-03-15',
          nominationDeadline: '2024-02-20',
          modality: 'in_person',
          capacity: 20,
        })
        .returning();
      await t.db.insert(nominations).values([
        { sessionId, officialId: a.id, status: 'accepted' },
        { sessionId, officialId: b.id, status: 'rejected', decisionReason: 'Quota full' },
        { sessionId: elsewhere?.id as string, officialId: a.id, status: 'rejected', decisionReason: 'Not cleared' },
      ]);

      const list = await search(trainer, 'pageSize=200');
      expect(list.items.map((i) => i.id)).toEqual([a.id]);
      // Agencies: only their participants', each counting only the participants they see.
      const seen = (await trainer.get('/api/agencies')).json().items as Agency[];
      expect(seen.map((x) => [x.id, x.officialCount])).toEqual([[ngDss.id, 1]]);
      expectError(await trainer.get(`/api/agencies/${ghPolice.id}`), 404, 'NOT_FOUND');
      expect((await trainer.get(`/api/agencies/${ngDss.id}`)).json().officialCount).toBe(1);
      expect(((await officer.get(`/api/agencies/${ngDss.id}`)).json() as Agency).officialCount).toBeGreaterThanOrEqual(3);
      expectError(await trainer.get(`/api/officials/${b.id}`), 404, 'NOT_FOUND');
      const detail = (await trainer.get(`/api/officials/${a.id}`)).json() as Official;
      expect(detail.nominations).toEqual([
        {
          id: expect.any(String),
          sessionId,
          sessionCode: 'REG-S1',
          courseTitle: { en: 'Foundations of CT investigations', fr: 'Fondamentaux des enquêtes' },
          startDate: '2025-03-10',
          endDate: '2025-03-14',
          status: 'accepted',
        },
      ]);
    });

    it('refuses each bad field with 400/422 naming it, and writes nothing', async () => {
      const before = await officialCount(t);
      const auditBefore = (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'official.create')))[0]?.n;
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...base, stateIso2: 'Nigeria' }, 400, 'stateIso2'],
        [{ ...base, stateIso2: 'XX' }, 422, 'stateIso2'],
        [{ ...base, agencyId: 'not-a-uuid' }, 400, 'agencyId'],
        [{ ...base, agencyId: '00000000-0000-4000-8000-000000000000' }, 422, 'agencyId'],
        [{ ...base, agencyId: ghPolice.id }, 422, 'agencyId'],
        [{ ...base, familyName: '   ' }, 400, 'familyName'],
        [{ ...base, givenNames: undefined }, 400, 'givenNames'],
        [{ ...base, givenNames: 'x'.repeat(161) }, 400, 'givenNames'],
        [{ ...base, nameOriginal: 'x'.repeat(201) }, 400, 'nameOriginal'],
        [{ ...base, sex: 'other' }, 400, 'sex'],
        [{ ...base, birthDate: '1985-13-01' }, 400, 'birthDate'],
        [{ ...base, birthDate: '2999-01-01' }, 400, 'birthDate'],
        [{ ...base, rank: 'x'.repeat(121) }, 400, 'rank'],
        [{ ...base, position: 'x'.repeat(161) }, 400, 'position'],
        [{ ...base, languages: 'en' }, 400, 'languages'],
        [{ ...base, languages: ['e'] }, 400, 'languages.0'],
        [{ ...base, email: 'not an email' }, 400, 'email'],
        [{ ...base, phone: 'call me' }, 400, 'phone'],
        [{ ...base, notes: 'x'.repeat(2001) }, 400, 'notes'],
        [{ ...base, nickname: 'Bob' }, 400, 'nickname'],
      ];
      for (const [body, status, path] of cases) {
        const error = expectError(
          await officer.post('/api/officials', body),
          status,
          status === 400 ? 'VALIDATION_FAILED' : 'RULE_VIOLATION',
        );
        expect(detailPaths(error), JSON.stringify(body).slice(0, 120)).toContain(path);
      }
      const target = await createOfficial(officer, { ...base, familyName: 'Stable', givenNames: 'Record' });
      for (const [body, status, path] of cases) {
        const error = expectError(
          await officer.put(`/api/officials/${target.id}`, body),
          status,
          status === 400 ? 'VALIDATION_FAILED' : 'RULE_VIOLATION',
        );
        expect(detailPaths(error)).toContain(path);
      }
      expectError(await officer.put('/api/officials/not-an-id', base), 400, 'VALIDATION_FAILED');
      expectError(await officer.put('/api/officials/00000000-0000-4000-8000-000000000000', base), 404, 'NOT_FOUND');
      expectError(await officer.get('/api/officials?sex=x'), 400, 'VALIDATION_FAILED');
      expectError(await officer.get('/api/officials?pageSize=500'), 400, 'VALIDATION_FAILED');
      expect(await officialCount(t)).toBe(before + 1);
      const auditAfter = (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'official.create')))[0]?.n;
      expect(Number(auditAfter)).toBe(Number(auditBefore) + 1);
      const [row] = await t.db.select().from(officials).where(eq(officials.id, target.id));
      expect(row).toMatchObject({ familyName: 'Stable', givenNames: 'Record', sex: 'male' });
      expect((await auditRowsOf(t.db, 'official.update', target.id)).length).toBe(0);
    });
  });
});
