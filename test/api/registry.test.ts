import { and, count, eq } from 'drizzle-orm';
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
import { AppError } from '../../server/errors';
import { officialInputSchema } from '../../server/modules/registry/schemas';
import { createOfficials } from '../../server/modules/registry/service';
import type { Actor } from '../../server/platform/access';
import { verifyAuditChain } from '../../server/platform/audit';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, detailPaths, expectError, login } from './support';

type Agency = {
  id: string;
  stateIso2: string;
  name: string;
  acronym: string | null;
  type: string;
  parentId: string | null;
  parentName: string | null;
  officialCount: number;
};
type OfficialSummary = {
  id: string;
  stateIso2: string;
  agency: { id: string; name: string; acronym: string | null } | null;
  familyName: string;
  givenNames: string;
  nameOriginal: string | null;
  sex: string;
  email: string | null;
  mergedIntoId: string | null;
};
type Official = OfficialSummary & {
  languages: string[];
  phone: string | null;
  notes: string | null;
  nominations: { sessionCode: string; courseTitle: Record<string, string>; startDate: string; endDate: string; status: string }[];
};
type OfficialList = { items: OfficialSummary[]; total: number; page: number; pageSize: number; nextCursor: string | null };

describe(`registry: agencies and officials (${testDatabaseKind})`, () => {
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

  const base = {
    stateIso2: 'NG',
    familyName: 'Okonkwo',
    givenNames: 'Emeka',
    sex: 'male',
  } as const;

  async function createOfficial(by: Client, body: Record<string, unknown>): Promise<Official> {
    const res = await by.post('/api/officials', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Official;
  }

  async function officialCount(): Promise<number> {
    const [row] = await t.db.select({ n: count() }).from(officials);
    return Number(row?.n ?? 0);
  }

  async function agencyCount(): Promise<number> {
    const [row] = await t.db.select({ n: count() }).from(agencies);
    return Number(row?.n ?? 0);
  }

  async function search(by: Client, query: string): Promise<OfficialList> {
    const res = await by.get(`/api/officials?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OfficialList;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as('admin');
    officer = await t.as('programme_officer');
    me = await t.as('me_officer');
    focalNg = await t.as('focal_point');
    trainer = await t.as('trainer');
    participant = await t.as('participant');
    partner = await t.as('partner');
    const gh = await createUser(admin, { role: 'focal_point', stateIso2: 'GH' });
    focalGh = (await login(t, gh.email, gh.password)).client;
    officerId = (await officer.get('/api/me')).json().id;

    const agency = async (by: Client, body: Record<string, unknown>) => {
      const res = await by.post('/api/agencies', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Agency;
    };
    ngPolice = await agency(officer, { stateIso2: 'NG', name: 'Nigeria Police Force', acronym: 'NPF', type: 'police' });
    ngDss = await agency(focalNg, {
      stateIso2: 'NG',
      name: 'Department of State Services',
      acronym: 'DSS',
      type: 'intelligence',
    });
    ghPolice = await agency(officer, { stateIso2: 'GH', name: 'Ghana Police Service', acronym: 'GPS', type: 'police' });
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
      const before = await agencyCount();
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
      expect(await agencyCount()).toBe(before + 1);
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
      const before = await officialCount();
      const other = expectError(await focalNg.post('/api/officials', { ...base, stateIso2: 'GH' }), 422, 'RULE_VIOLATION');
      expect(detailPaths(other)).toEqual(['stateIso2']);
      const move = expectError(
        await focalNg.put(`/api/officials/${ng.id}`, { ...base, familyName: 'Ibrahim', givenNames: 'Musa', stateIso2: 'GH' }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(move)).toEqual(['stateIso2']);
      expect(await officialCount()).toBe(before);

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
      const before = await officialCount();
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
      expect(await officialCount()).toBe(before + 1);
      const auditAfter = (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'official.create')))[0]?.n;
      expect(Number(auditAfter)).toBe(Number(auditBefore) + 1);
      const [row] = await t.db.select().from(officials).where(eq(officials.id, target.id));
      expect(row).toMatchObject({ familyName: 'Stable', givenNames: 'Record', sex: 'male' });
      expect((await auditRowsOf(t.db, 'official.update', target.id)).length).toBe(0);
    });
  });

  describe('createOfficials (the bulk entry point used by imports)', () => {
    const actorOf = async (email: string): Promise<Actor> => {
      const [u] = await t.db.select().from(users).where(eq(users.email, email));
      if (!u) throw new Error(email);
      return {
        userId: u.id,
        email,
        role: u.role,
        locale: u.locale,
        stateIso2: u.stateIso2,
        officialId: null,
        sessionId: 'test',
        stage: 'full',
      };
    };
    const audit = () => ({
      actorUserId: null,
      actorRole: 'focal_point',
      address: null,
      requestId: 'bulk-test',
      chainKey: t.keys.auditChain,
    });

    it('writes many officials and one chained audit row each, in the caller’s transaction', async () => {
      const actor = await actorOf(demoEmail('focal_point'));
      const inputs = Array.from({ length: 2500 }, (_, i) =>
        officialInputSchema.parse({ ...base, familyName: `Bulk${i}`, givenNames: 'Imported', agencyId: ngPolice.id }),
      );
      const before = await officialCount();
      const ids = await t.db.transaction((tx) => createOfficials(tx, actor, audit(), inputs));
      expect(ids.length).toBe(2500);
      expect(new Set(ids.map((r) => r.id)).size).toBe(2500);
      expect(await officialCount()).toBe(before + 2500);
      const [row] = await t.db
        .select()
        .from(officials)
        .where(eq(officials.id, ids[1234]?.id as string));
      expect(row?.familyName).toBe('Bulk1234');
      const rows = await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.requestId, 'bulk-test'));
      expect(Number(rows[0]?.n)).toBe(2500);
      expect((await verifyAuditChain(t.db, t.keys)).ok).toBe(true);
    });

    it('refuses the whole batch when one input breaks a rule, naming the field', async () => {
      const actor = await actorOf(demoEmail('focal_point'));
      const good = officialInputSchema.parse({ ...base, familyName: 'Good', givenNames: 'Row' });
      const wrongAgency = officialInputSchema.parse({ ...base, familyName: 'Bad', givenNames: 'Row', agencyId: ghPolice.id });
      const wrongState = officialInputSchema.parse({ ...base, stateIso2: 'GH', familyName: 'Bad', givenNames: 'Row' });
      const before = await officialCount();
      for (const bad of [wrongAgency, wrongState]) {
        const error = await t.db.transaction((tx) => createOfficials(tx, actor, audit(), [good, bad])).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('RULE_VIOLATION');
        // The path names the input by its index in the batch.
        expect((error as AppError).details?.[0]?.path).toBe(bad === wrongAgency ? '1.agencyId' : '1.stateIso2');
      }
      expect(await officialCount()).toBe(before);
    });
  });

  describe('search', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const people: [string, Record<string, unknown>][] = [
        ['mohamed', { familyName: 'Ould Abdallah', givenNames: 'Mohamed Lemine', email: 'mla@example.mr' }],
        ['muhammad', { familyName: 'Sani', givenNames: 'Muhammad', nameOriginal: 'محمد ساني' }],
        ['eric', { familyName: 'Ékué', givenNames: 'Éric', sex: 'male' }],
        ['fatima', { familyName: 'Zahra', givenNames: 'Fatima', sex: 'female' }],
      ];
      for (const [key, fields] of people)
        ids[key] = (await createOfficial(officer, { ...base, agencyId: ngPolice.id, ...fields })).id;
    });

    const found = async (q: string, by: Client = officer) =>
      (await search(by, `q=${encodeURIComponent(q)}&pageSize=200`)).items.map((i) => i.id);

    it.each([
      ['Mohammed', 'mohamed'],
      ['MUHAMMAD', 'mohamed'],
      ['wld abdalla', 'mohamed'],
      ['Lemine Mohamed Ould Abdallah', 'mohamed'],
      ['abdallah mohamed', 'mohamed'],
      ['Mohamed Sani', 'muhammad'],
      ['eric ekue', 'eric'],
      ['ÉKUÉ', 'eric'],
      ['Ekue Eric', 'eric'],
      ['fatim', 'fatima'],
      ['محمد', 'muhammad'],
      ['mla@example', 'mohamed'],
    ])('finds %s', async (q, who) => {
      expect(await found(q)).toContain(ids[who]);
    });

    it('does not find what does not match', async () => {
      const res = await found('Fatima Ould');
      expect(res).not.toContain(ids.fatima);
      expect(res).not.toContain(ids.mohamed);
      expect(await found('Sani')).not.toContain(ids.mohamed);
      expect(await found('100%_')).toEqual([]);
    });

    it('filters by state, agency and sex, pages, and audits every list with the ids returned', async () => {
      const women = await search(officer, 'sex=female&pageSize=200');
      expect(women.items.every((o) => o.sex === 'female')).toBe(true);
      expect(women.items.map((o) => o.id)).toContain(ids.fatima);
      const byAgency = await search(officer, `agencyId=${ngPolice.id}&pageSize=200`);
      expect(byAgency.items.every((o) => o.agency?.id === ngPolice.id)).toBe(true);
      const gh = await search(officer, 'stateIso2=GH');
      expect(gh.items.every((o) => o.stateIso2 === 'GH')).toBe(true);

      const all = await search(officer, 'pageSize=200');
      const page1 = await search(officer, 'pageSize=3&page=1');
      const page2 = await search(officer, 'pageSize=3&page=2');
      expect(page1.total).toBe(all.total);
      expect(page1.items.length).toBe(3);
      expect([...page1.items, ...page2.items].map((o) => o.id)).toEqual(all.items.slice(0, 6).map((o) => o.id));

      const [audit] = await auditRowsOf(t.db, 'official.list');
      expect(audit).toMatchObject({ actorUserId: officerId, recordType: 'official' });
      expect(((audit?.details ?? {}) as { ids: string[] }).ids).toEqual(page2.items.map((o) => o.id));
    });

    it('pages by keyset: each page starts where the one before ended, the same rows as by offset', async () => {
      const all = await search(officer, 'pageSize=200');
      const seen: string[] = [];
      let page = await search(officer, 'pageSize=2');
      for (let n = 1; n <= 3; n += 1) {
        seen.push(...page.items.map((o) => o.id));
        expect(page.nextCursor).toEqual(expect.any(String));
        page = await search(officer, `pageSize=2&page=${n + 1}&after=${encodeURIComponent(page.nextCursor ?? '')}`);
        // Not counted again: the reader has the first page's total (docs/api.md).
        expect(page.total).toBeNull();
      }
      expect(seen).toEqual(all.items.slice(0, 6).map((o) => o.id));
      expect(page.items.map((o) => o.id)).toEqual(all.items.slice(6, 8).map((o) => o.id));
      // Within a filter too; the last page has no next.
      const gh = await search(officer, 'stateIso2=GH&pageSize=200');
      expect(gh.nextCursor).toBeNull();
      const ghFirst = await search(officer, 'stateIso2=GH&pageSize=1');
      const ghSecond = await search(officer, `stateIso2=GH&pageSize=1&after=${encodeURIComponent(ghFirst.nextCursor ?? '')}`);
      expect([...ghFirst.items, ...ghSecond.items].map((o) => o.id)).toEqual(gh.items.slice(0, 2).map((o) => o.id));
    });

    it('refuses a cursor it did not give, changing nothing', async () => {
      for (const after of [
        'nope',
        Buffer.from('["a","b","not-a-uuid"]').toString('base64url'),
        Buffer.from('{}').toString('base64url'),
      ]) {
        const before = (await auditRowsOf(t.db, 'official.list')).length;
        expectError(await officer.get(`/api/officials?after=${encodeURIComponent(after)}`), 400, 'VALIDATION_FAILED');
        expect((await auditRowsOf(t.db, 'official.list')).length).toBe(before);
      }
    });

    it('leaves merged records out unless asked for', async () => {
      const dup = await createOfficial(officer, {
        ...base,
        agencyId: ngPolice.id,
        familyName: 'Ould Abdallah',
        givenNames: 'Mohammed Lemine',
      });
      await t.db
        .update(officials)
        .set({ mergedIntoId: ids.mohamed, mergedAt: new Date() })
        .where(and(eq(officials.id, dup.id)));
      expect(await found('Mohamed Lemine')).not.toContain(dup.id);
      const withMerged = (await search(officer, 'q=Mohamed%20Lemine&includeMerged=true')).items.map((i) => i.id);
      expect(withMerged).toContain(dup.id);
      // A merged record is read-only: edits go to the surviving record.
      expectError(
        await officer.put(`/api/officials/${dup.id}`, { ...base, familyName: 'X', givenNames: 'Y' }),
        422,
        'RULE_VIOLATION',
      );
      const agencyList = (await officer.get('/api/agencies?stateIso2=NG')).json().items as Agency[];
      const police = agencyList.find((a) => a.id === ngPolice.id);
      expect(police?.officialCount).toBeGreaterThanOrEqual(4);
    });
  });
});
