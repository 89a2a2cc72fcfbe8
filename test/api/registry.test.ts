import { and, count, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
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
import { demoEmail, testDatabaseKind } from './harness';
import {
  type Agency,
  agencyCount,
  base,
  createOfficial,
  type Official,
  officialCount,
  search,
  startRegistryApp,
} from './registry-fixtures';
import { auditRowsOf, detailPaths, expectError, sharedApp } from './support';

/** The registry: agencies, and officials entered, read, changed and refused one by one. */

describe(`registry: agencies and officials (${testDatabaseKind})`, () => {
  const app = sharedApp(startRegistryApp);

  describe('agencies', () => {
    it('creates an agency with a parent of the same state, audited', async () => {
      const ministry = await app.officer.post('/api/agencies', {
        stateIso2: 'NG',
        name: 'Federal Ministry of Interior',
        type: 'ministry_of_interior',
      });
      expect(ministry.statusCode, ministry.body).toBe(201);
      const child = await app.officer.post('/api/agencies', {
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
      const [row] = await auditRowsOf(app.t.db, 'agency.create', child.json().id);
      expect(row).toMatchObject({ actorUserId: app.officerId, recordType: 'agency', outcome: 'success' });
    });

    it('lists agencies by state; a focal point sees only their own state', async () => {
      const ng = (await app.officer.get('/api/agencies?stateIso2=NG')).json().items as Agency[];
      expect(ng.every((a) => a.stateIso2 === 'NG')).toBe(true);
      expect(ng.map((a) => a.name)).toContain('Nigeria Police Force');
      const all = (await app.officer.get('/api/agencies')).json().items as Agency[];
      expect(new Set(all.map((a) => a.stateIso2))).toEqual(new Set(['NG', 'GH']));

      const fromNg = (await app.focalNg.get('/api/agencies')).json().items as Agency[];
      expect(fromNg.length).toBeGreaterThan(0);
      expect(fromNg.every((a) => a.stateIso2 === 'NG')).toBe(true);
      expect((await app.focalNg.get('/api/agencies?stateIso2=GH')).json().items).toEqual([]);
      expectError(await app.focalNg.get(`/api/agencies/${app.ghPolice.id}`), 404, 'NOT_FOUND');
      expect((await app.focalGh.get(`/api/agencies/${app.ghPolice.id}`)).json().name).toBe('Ghana Police Service');
      const q = (await app.officer.get('/api/agencies?q=dss')).json().items as Agency[];
      expect(q.map((a) => a.id)).toEqual([app.ngDss.id]);
    });

    it('edits an agency; a focal point edits only their own state’s', async () => {
      const res = await app.focalNg.patch(`/api/agencies/${app.ngDss.id}`, { acronym: 'SSS' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ acronym: 'SSS', name: 'Department of State Services' });
      expect((await auditRowsOf(app.t.db, 'agency.update', app.ngDss.id)).length).toBe(1);
      expectError(await app.focalNg.patch(`/api/agencies/${app.ghPolice.id}`, { acronym: 'X' }), 404, 'NOT_FOUND');
      const [gh] = await app.t.db.select().from(agencies).where(eq(agencies.id, app.ghPolice.id));
      expect(gh?.acronym).toBe('GPS');
    });

    it('refuses bad agency inputs and changes nothing', async () => {
      const before = await agencyCount(app.t);
      const cases: [Record<string, unknown>, number, string, string][] = [
        [{ stateIso2: 'GH', name: 'Ghana Immigration', type: 'police' }, 422, 'RULE_VIOLATION', 'stateIso2'],
        [{ stateIso2: 'ng', name: 'X agency', type: 'police' }, 400, 'VALIDATION_FAILED', 'stateIso2'],
        [{ stateIso2: 'NG', name: '', type: 'police' }, 400, 'VALIDATION_FAILED', 'name'],
        [{ stateIso2: 'NG', name: 'Some body', type: 'navy_seals' }, 422, 'RULE_VIOLATION', 'type'],
        [{ stateIso2: 'NG', name: 'Some body', type: 'police', parentId: app.ghPolice.id }, 422, 'RULE_VIOLATION', 'parentId'],
        [{ stateIso2: 'NG', name: 'Some body', type: 'police', parentId: 'nope' }, 400, 'VALIDATION_FAILED', 'parentId'],
        [{ stateIso2: 'NG', name: 'nigeria police force', type: 'police' }, 409, 'CONFLICT', 'name'],
        [{ stateIso2: 'NG', name: 'Some body', type: 'police', colour: 'red' }, 400, 'VALIDATION_FAILED', 'colour'],
      ];
      for (const [body, status, code, path] of cases) {
        const error = expectError(await app.focalNg.post('/api/agencies', body), status, code);
        expect(detailPaths(error), JSON.stringify(body)).toContain(path);
      }
      expectError(
        await app.officer.post('/api/agencies', { stateIso2: 'XX', name: 'Nowhere', type: 'police' }),
        422,
        'RULE_VIOLATION',
      );
      // A parent link that would make a cycle.
      const sub = await app.officer.post('/api/agencies', {
        stateIso2: 'NG',
        name: 'NPF Counter-Terrorism Unit',
        type: 'police',
        parentId: app.ngPolice.id,
      });
      expect(sub.statusCode).toBe(201);
      const cycle = expectError(
        await app.officer.patch(`/api/agencies/${app.ngPolice.id}`, { parentId: sub.json().id }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(cycle)).toEqual(['parentId']);
      expectError(
        await app.officer.patch(`/api/agencies/${app.ngPolice.id}`, { parentId: app.ngPolice.id }),
        422,
        'RULE_VIOLATION',
      );
      expectError(await app.officer.patch(`/api/agencies/${app.ngPolice.id}`, {}), 400, 'VALIDATION_FAILED');
      expect(await agencyCount(app.t)).toBe(before + 1);
    });

    it('admits readers and writers as the permissions say', async () => {
      expectError(await app.partner.get('/api/agencies'), 403, 'FORBIDDEN');
      expectError(await app.admin.get('/api/agencies'), 403, 'FORBIDDEN');
      expectError(await app.trainer.post('/api/agencies', { stateIso2: 'NG', name: 'X', type: 'police' }), 403, 'FORBIDDEN');
      expect((await app.trainer.get('/api/agencies')).statusCode).toBe(200);
      const forParticipant = (await app.participant.get('/api/agencies')).json().items as Agency[];
      expect(forParticipant.every((a) => a.stateIso2 === 'NG')).toBe(true);
    });
  });

  describe('officials', () => {
    it('creates an official with all fields, audited, and reads it back with its agency', async () => {
      const created = await createOfficial(app.focalNg, {
        ...base,
        agencyId: app.ngPolice.id,
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
        agency: { id: app.ngPolice.id, name: 'Nigeria Police Force', acronym: 'NPF' },
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
      const [row] = await app.t.db.select().from(officials).where(eq(officials.id, created.id));
      expect(row?.nameKeys.split(' ').length).toBe(3);
      const [audit] = await auditRowsOf(app.t.db, 'official.create', created.id);
      expect(audit).toMatchObject({ recordType: 'official', actorRole: 'focal_point' });

      const read = await app.officer.get(`/api/officials/${created.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ id: created.id, familyName: 'Adebayo' });
      const [readAudit] = await auditRowsOf(app.t.db, 'official.read', created.id);
      expect(readAudit).toMatchObject({ actorUserId: app.officerId, recordType: 'official' });
    });

    it('edits an official (full replacement), audited without copying identity into the log', async () => {
      const o = await createOfficial(app.focalNg, { ...base, familyName: 'Eze', givenNames: 'Chidi' });
      const res = await app.focalNg.put(`/api/officials/${o.id}`, {
        ...base,
        familyName: 'Eze',
        givenNames: 'Chidiebere',
        agencyId: app.ngDss.id,
        rank: 'Inspector',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ givenNames: 'Chidiebere', rank: 'Inspector', agency: { id: app.ngDss.id } });
      const [row] = await app.t.db.select().from(officials).where(eq(officials.id, o.id));
      expect(row?.nameKeys).toContain('xdbr'); // the keys follow the names
      const [audit] = await auditRowsOf(app.t.db, 'official.update', o.id);
      expect(((audit?.details ?? {}) as { changed: string[] }).changed.sort()).toEqual(['agencyId', 'givenNames', 'rank']);
      expect(JSON.stringify(audit?.details)).not.toContain('Chidiebere');
    });

    it('scopes officials: a focal point of GH can neither see nor edit an NG official (404)', async () => {
      const ng = await createOfficial(app.officer, { ...base, familyName: 'Ibrahim', givenNames: 'Musa' });
      const gh = await createOfficial(app.focalGh, {
        ...base,
        stateIso2: 'GH',
        familyName: 'Mensah',
        givenNames: 'Kofi',
        agencyId: app.ghPolice.id,
      });
      expectError(await app.focalGh.get(`/api/officials/${ng.id}`), 404, 'NOT_FOUND');
      expectError(await app.focalNg.get(`/api/officials/${gh.id}`), 404, 'NOT_FOUND');
      expectError(
        await app.focalNg.put(`/api/officials/${gh.id}`, { ...base, stateIso2: 'GH', familyName: 'Hacked', givenNames: 'X' }),
        404,
        'NOT_FOUND',
      );
      const [row] = await app.t.db.select().from(officials).where(eq(officials.id, gh.id));
      expect(row?.familyName).toBe('Mensah');

      const ngList = await search(app.focalNg, 'pageSize=200');
      expect(ngList.items.every((o) => o.stateIso2 === 'NG')).toBe(true);
      expect(ngList.items.map((o) => o.id)).toContain(ng.id);
      // Asking for another state's officials returns nothing rather than widening the scope.
      expect((await search(app.focalNg, 'stateIso2=GH')).total).toBe(0);
      const ghList = await search(app.focalGh, 'pageSize=200');
      expect(ghList.items.map((o) => o.id)).toEqual([gh.id]);

      // A focal point cannot record another state's official, nor move one out of their state.
      const before = await officialCount(app.t);
      const other = expectError(await app.focalNg.post('/api/officials', { ...base, stateIso2: 'GH' }), 422, 'RULE_VIOLATION');
      expect(detailPaths(other)).toEqual(['stateIso2']);
      const move = expectError(
        await app.focalNg.put(`/api/officials/${ng.id}`, { ...base, familyName: 'Ibrahim', givenNames: 'Musa', stateIso2: 'GH' }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(move)).toEqual(['stateIso2']);
      expect(await officialCount(app.t)).toBe(before);

      // Programme officers read both and may move a record between states.
      expect((await app.officer.get(`/api/officials/${gh.id}`)).statusCode).toBe(200);
      expectError(
        await app.me.put(`/api/officials/${gh.id}`, { ...base, stateIso2: 'GH', familyName: 'Mensah', givenNames: 'Kofi' }),
        403,
        'FORBIDDEN',
      );
    });

    it('another state’s agency is, for a focal point, an agency that does not exist', async () => {
      const own = await createOfficial(app.focalNg, { ...base, familyName: 'Adeyemi', givenNames: 'Tunde' });
      const answer = async (agencyId: string) => {
        const put = await app.focalNg.put(`/api/officials/${own.id}`, { ...base, agencyId });
        const post = await app.focalNg.post('/api/officials', { ...base, agencyId });
        const parent = await app.focalNg.post('/api/agencies', {
          stateIso2: 'NG',
          name: 'A new unit',
          type: 'police',
          parentId: agencyId,
        });
        return [put, post, parent].map((r) => ({ status: r.statusCode, body: r.json() }));
      };
      const foreign = await answer(app.ghPolice.id);
      expect(foreign[0]?.status).toBe(422);
      expect(foreign).toEqual(await answer(crypto.randomUUID()));
      expect(JSON.stringify(foreign)).not.toContain('GH');
      // The programme officer, who sees every state, is told why.
      const told = expectError(
        await app.officer.put(`/api/officials/${own.id}`, { ...base, agencyId: app.ghPolice.id }),
        422,
        'RULE_VIOLATION',
      );
      expect(told.rule).toBe('registry.official_agency_other_state');
      expect(told.params).toEqual({ agencyState: 'GH', state: 'NG' });
      expect(told.message).toBe('The agency belongs to GH, not to NG.');
    });

    it('the M&E officer reads no identity: officials are refused (403), agencies (no personal data) are not', async () => {
      const o = await createOfficial(app.officer, {
        ...base,
        familyName: 'Uche',
        givenNames: 'Ngozi',
        agencyId: app.ngPolice.id,
      });
      expectError(await app.me.get('/api/officials?stateIso2=NG'), 403, 'FORBIDDEN');
      expectError(await app.me.get(`/api/officials/${o.id}`), 403, 'FORBIDDEN');
      const list = await app.me.get('/api/agencies?stateIso2=NG');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.body).not.toContain('Uche');
      expect((list.json().items as Agency[]).find((a) => a.id === app.ngPolice.id)?.officialCount).toBeGreaterThan(0);
    });

    it("counts the list's matches in its first page's statement, within the reader's scope, and past the last page", async () => {
      await createOfficial(app.officer, { ...base, familyName: 'Counted', givenNames: 'Ngozi' });
      await createOfficial(app.focalGh, {
        ...base,
        stateIso2: 'GH',
        familyName: 'Counted',
        givenNames: 'Ama',
        agencyId: app.ghPolice.id,
      });
      const unmerged = async (state?: string) => {
        const [row] = await app.t.db
          .select({ n: count() })
          .from(officials)
          .where(and(isNull(officials.mergedIntoId), state ? eq(officials.stateIso2, state) : undefined));
        return Number(row?.n ?? 0);
      };
      const all = await search(app.officer, 'pageSize=2');
      expect(all.items).toHaveLength(2);
      expect(all.total).toBe(await unmerged());
      const ng = await search(app.focalNg, 'pageSize=2');
      expect(ng.total).toBe(await unmerged('NG'));
      expect((await search(app.focalNg, 'pageSize=2&sex=female')).total).toBe(
        (await search(app.focalNg, 'pageSize=200&sex=female')).items.length,
      );
      // Past the last page no row carries the count: it is counted apart.
      const past = await search(app.focalNg, 'pageSize=200&page=50');
      expect(past.items).toEqual([]);
      expect(past.total).toBe(ng.total);
    });

    it('keeps other roles to what the permissions allow', async () => {
      const o = await createOfficial(app.officer, { ...base, familyName: 'Bello', givenNames: 'Aisha', sex: 'female' });
      expectError(await app.partner.get('/api/officials'), 403, 'FORBIDDEN');
      expectError(await app.partner.get(`/api/officials/${o.id}`), 403, 'FORBIDDEN');
      expectError(await app.admin.get(`/api/officials/${o.id}`), 403, 'FORBIDDEN');
      expectError(await app.trainer.post('/api/officials', base), 403, 'FORBIDDEN');
      expectError(await app.participant.post('/api/officials', base), 403, 'FORBIDDEN');
      expectError(await app.t.anonymous.get('/api/officials'), 401, 'UNAUTHENTICATED');
      // A trainer with no sessions sees nobody; a participant without a linked record, nobody.
      expect((await search(app.trainer, '')).total).toBe(0);
      expectError(await app.trainer.get(`/api/officials/${o.id}`), 404, 'NOT_FOUND');
      expect((await search(app.participant, '')).total).toBe(0);
      expectError(await app.participant.get('/api/officials/me'), 404, 'NOT_FOUND');
      expectError(await app.focalNg.get('/api/officials/me'), 403, 'FORBIDDEN');

      // Linked to their record, a participant sees themselves and only themselves.
      await app.t.db
        .update(users)
        .set({ officialId: o.id })
        .where(eq(users.email, demoEmail('participant')));
      const mine = await app.participant.get('/api/officials/me');
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json()).toMatchObject({ id: o.id, familyName: 'Bello' });
      expect((await auditRowsOf(app.t.db, 'official.read', o.id))[0]?.actorRole).toBe('participant');
      expect((await search(app.participant, '')).items.map((i) => i.id)).toEqual([o.id]);
      const someoneElse = await createOfficial(app.officer, { ...base, familyName: 'Other', givenNames: 'Person' });
      expectError(await app.participant.get(`/api/officials/${someoneElse.id}`), 404, 'NOT_FOUND');
      await app.t.db
        .update(users)
        .set({ officialId: null })
        .where(eq(users.email, demoEmail('participant')));
    });

    it('shows a trainer the accepted participants of their sessions, and the nominations on the detail', async () => {
      const trainerId = (await app.trainer.get('/api/me')).json().id as string;
      const a = await createOfficial(app.officer, {
        ...base,
        familyName: 'Trained',
        givenNames: 'Accepted',
        agencyId: app.ngDss.id,
      });
      const b = await createOfficial(app.officer, {
        ...base,
        familyName: 'Trained',
        givenNames: 'Rejected',
        agencyId: app.ngDss.id,
      });
      await createOfficial(app.officer, { ...base, familyName: 'Untrained', givenNames: 'Colleague', agencyId: app.ngDss.id });
      const [programme] = await app.t.db
        .insert(programmes)
        .values({ code: 'REG-TEST', title: { en: 'CT investigations' }, thematicArea: 'investigations' })
        .returning();
      const [course] = await app.t.db
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
      const [session] = await app.t.db
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
      await app.t.db.insert(sessionTrainers).values({ sessionId, userId: trainerId });
      // Another trainer's session: the participant's history there is not this trainer's to read.
      const [elsewhere] = await app.t.db
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
      await app.t.db.insert(nominations).values([
        { sessionId, officialId: a.id, status: 'accepted' },
        { sessionId, officialId: b.id, status: 'rejected', decisionReason: 'Quota full' },
        { sessionId: elsewhere?.id as string, officialId: a.id, status: 'rejected', decisionReason: 'Not cleared' },
      ]);

      const list = await search(app.trainer, 'pageSize=200');
      expect(list.items.map((i) => i.id)).toEqual([a.id]);
      // A trainer's search keeps to the text as well as to the participants (the list's first pages
      // without text are prepared once per shape: repository.ts `preparedPage`, which a search never takes).
      expect((await search(app.trainer, 'q=accepted')).items.map((i) => i.id)).toEqual([a.id]);
      expect((await search(app.trainer, 'q=rejected')).items).toEqual([]);
      expect((await search(app.trainer, 'q=untrained')).total).toBe(0);
      // The same shape asked by the officer after the trainer answers the officer's scope.
      expect((await search(app.officer, 'pageSize=200&agencyId=' + app.ngDss.id)).items.length).toBeGreaterThanOrEqual(3);
      expect((await search(app.trainer, 'pageSize=200&agencyId=' + app.ngDss.id)).items.map((i) => i.id)).toEqual([a.id]);
      // Agencies: only their participants', each counting only the participants they see.
      const seen = (await app.trainer.get('/api/agencies')).json().items as Agency[];
      expect(seen.map((x) => [x.id, x.officialCount])).toEqual([[app.ngDss.id, 1]]);
      expectError(await app.trainer.get(`/api/agencies/${app.ghPolice.id}`), 404, 'NOT_FOUND');
      expect((await app.trainer.get(`/api/agencies/${app.ngDss.id}`)).json().officialCount).toBe(1);
      expect(((await app.officer.get(`/api/agencies/${app.ngDss.id}`)).json() as Agency).officialCount).toBeGreaterThanOrEqual(3);
      expectError(await app.trainer.get(`/api/officials/${b.id}`), 404, 'NOT_FOUND');
      const detail = (await app.trainer.get(`/api/officials/${a.id}`)).json() as Official;
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
      const before = await officialCount(app.t);
      const auditBefore = (await app.t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'official.create')))[0]
        ?.n;
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...base, stateIso2: 'Nigeria' }, 400, 'stateIso2'],
        [{ ...base, stateIso2: 'XX' }, 422, 'stateIso2'],
        [{ ...base, agencyId: 'not-a-uuid' }, 400, 'agencyId'],
        [{ ...base, agencyId: '00000000-0000-4000-8000-000000000000' }, 422, 'agencyId'],
        [{ ...base, agencyId: app.ghPolice.id }, 422, 'agencyId'],
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
          await app.officer.post('/api/officials', body),
          status,
          status === 400 ? 'VALIDATION_FAILED' : 'RULE_VIOLATION',
        );
        expect(detailPaths(error), JSON.stringify(body).slice(0, 120)).toContain(path);
      }
      const target = await createOfficial(app.officer, { ...base, familyName: 'Stable', givenNames: 'Record' });
      for (const [body, status, path] of cases) {
        const error = expectError(
          await app.officer.put(`/api/officials/${target.id}`, body),
          status,
          status === 400 ? 'VALIDATION_FAILED' : 'RULE_VIOLATION',
        );
        expect(detailPaths(error)).toContain(path);
      }
      expectError(await app.officer.put('/api/officials/not-an-id', base), 400, 'VALIDATION_FAILED');
      expectError(await app.officer.put('/api/officials/00000000-0000-4000-8000-000000000000', base), 404, 'NOT_FOUND');
      expectError(await app.officer.get('/api/officials?sex=x'), 400, 'VALIDATION_FAILED');
      expectError(await app.officer.get('/api/officials?pageSize=500'), 400, 'VALIDATION_FAILED');
      expect(await officialCount(app.t)).toBe(before + 1);
      const auditAfter = (await app.t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'official.create')))[0]
        ?.n;
      expect(Number(auditAfter)).toBe(Number(auditBefore) + 1);
      const [row] = await app.t.db.select().from(officials).where(eq(officials.id, target.id));
      expect(row).toMatchObject({ familyName: 'Stable', givenNames: 'Record', sex: 'male' });
      expect((await auditRowsOf(app.t.db, 'official.update', target.id)).length).toBe(0);
    });
  });
});
