import { randomUUID } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attendance,
  courses,
  distinctOfficialPairs,
  nominationEvents,
  nominations,
  officialMerges,
  officials,
  programmes,
  trainingSessions,
  users,
} from '../../server/db/schema';
import { storedNameKeys } from '../../server/modules/registry/names';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, detailPaths, expectError } from './support';

type Pair = {
  score: number;
  reasons: string[];
  first: { id: string; familyName: string; givenNames: string; agency: unknown; nominationCount: number };
  second: { id: string; familyName: string; givenNames: string };
};

type NewOfficial = {
  stateIso2?: string;
  familyName: string;
  givenNames: string;
  sex?: 'female' | 'male';
  birthDate?: string | null;
  email?: string | null;
  phone?: string | null;
};

describe(`duplicates and merge (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let courseId: string;

  async function official(o: NewOfficial): Promise<string> {
    const [row] = await t.db
      .insert(officials)
      .values({
        stateIso2: o.stateIso2 ?? 'ML',
        familyName: o.familyName,
        givenNames: o.givenNames,
        sex: o.sex ?? 'male',
        birthDate: o.birthDate ?? null,
        email: o.email ?? null,
        phone: o.phone ?? null,
        nameKeys: storedNameKeys(o.familyName, o.givenNames),
      })
      .returning({ id: officials.id });
    return (row as { id: string }).id;
  }

  async function session(): Promise<string> {
    const [row] = await t.db
      .insert(trainingSessions)
      .values({
        courseId,
        code: `S-${randomUUID().slice(0, 8)}`,
        startDate: '2025-03-10',
        endDate: '2025-03-14',
        modality: 'in_person',
        capacity: 20,
        nominationDeadline: '2025-02-20',
        status: 'open',
      })
      .returning({ id: trainingSessions.id });
    return (row as { id: string }).id;
  }

  async function nominate(
    sessionId: string,
    officialId: string,
    status: 'nominated' | 'accepted' | 'waitlisted' | 'rejected' | 'withdrawn',
  ) {
    const [row] = await t.db
      .insert(nominations)
      .values({ sessionId, officialId, status, decisionReason: status === 'rejected' ? 'Not eligible' : null })
      .returning({ id: nominations.id });
    return (row as { id: string }).id;
  }

  const list = async (query = '') => {
    const res = await officer.get(`/api/duplicates?pageSize=200${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Pair[]; total: number; compared: number; threshold: number };
  };
  const pairOf = (items: Pair[], a: string, b: string) =>
    items.find((p) => (p.first.id === a && p.second.id === b) || (p.first.id === b && p.second.id === a));

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    const [programme] = await t.db
      .insert(programmes)
      .values({ code: `P-${randomUUID().slice(0, 6)}`, title: { en: 'CT investigations' }, thematicArea: 'investigations' })
      .returning({ id: programmes.id });
    const [course] = await t.db
      .insert(courses)
      .values({
        programmeId: (programme as { id: string }).id,
        code: `C-${randomUUID().slice(0, 6)}`,
        title: { en: 'Foundations' },
        level: 'foundational',
        hours: 30,
        thematicArea: 'investigations',
      })
      .returning({ id: courses.id });
    courseId = (course as { id: string }).id;
  });
  afterAll(async () => t.close());

  describe('finding candidate pairs', () => {
    it('proposes transliteration variants with their score and reasons, not different persons', async () => {
      const a = await official({
        familyName: 'Traoré',
        givenNames: 'Mohamed',
        birthDate: '1980-05-01',
        phone: '+223 70 11 22 33',
      });
      const b = await official({ familyName: 'Traore', givenNames: 'Muhammad', birthDate: '1980-05-01', phone: '0022370112233' });
      const c = await official({ familyName: 'Traoré', givenNames: 'Mohamed', birthDate: '1992-11-30' });
      const d = await official({ familyName: 'Diallo', givenNames: 'Awa', sex: 'female' });
      const body = await list();
      const ab = pairOf(body.items, a, b);
      expect(ab, 'the variants are proposed').toBeDefined();
      expect(ab?.score).toBeGreaterThan(0.9);
      expect(ab?.reasons).toEqual(expect.arrayContaining(['same_name_keys', 'same_birth_date', 'same_phone', 'same_state']));
      expect(pairOf(body.items, a, c), 'different birth dates are evidence against').toBeUndefined();
      expect(body.items.some((p) => p.first.id === d || p.second.id === d)).toBe(false);
      expect(body.compared).toBeGreaterThanOrEqual(4);
      // Best first.
      const scores = body.items.map((p) => p.score);
      expect([...scores].sort((x, y) => y - x)).toEqual(scores);
      // A read of identities: audited, naming the records shown.
      const [audit] = await auditRowsOf(t.db, 'official.duplicates.list');
      expect((audit?.details as { officialIds?: string[] } | undefined)?.officialIds).toEqual(expect.arrayContaining([a, b]));
    });

    it('filters by state and by minimum score, and pages', async () => {
      const a = await official({ stateIso2: 'SN', familyName: 'Ndiaye', givenNames: 'Youssef', birthDate: '1975-01-01' });
      const b = await official({ stateIso2: 'SN', familyName: 'Ndiaye', givenNames: 'Youcef', birthDate: '1975-01-01' });
      const sn = await list('&stateIso2=SN');
      expect(sn.items.map((p) => [p.first.id, p.second.id].sort())).toEqual([[a, b].sort()]);
      const strict = await list('&minScore=0.999');
      expect(strict.items.every((p) => p.score >= 0.999)).toBe(true);
      const page = await officer.get('/api/duplicates?pageSize=1&page=1');
      expect(page.json().items).toHaveLength(1);
      expect(page.json().total).toBeGreaterThanOrEqual(2);
    });

    it('refuses bad query values', async () => {
      const err = expectError(await officer.get('/api/duplicates?minScore=2'), 400, 'VALIDATION_FAILED');
      expect(err.message).toContain('minScore');
      expectError(await officer.get('/api/duplicates?stateIso2=nigeria'), 400, 'VALIDATION_FAILED');
      expectError(await officer.get('/api/duplicates?colour=red'), 400, 'VALIDATION_FAILED');
    });

    it('is for programme officers only', async () => {
      for (const role of ['focal_point', 'me_officer', 'trainer', 'admin', 'participant', 'partner'] as const) {
        expectError(await (await t.as(role)).get('/api/duplicates'), 403, 'FORBIDDEN');
      }
      expectError(await t.anonymous.get('/api/duplicates'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('marking a pair distinct', () => {
    it('stops proposing the pair, once, audited', async () => {
      const a = await official({ stateIso2: 'NE', familyName: 'Issoufou', givenNames: 'Abdoulaye', birthDate: '1970-02-02' });
      const b = await official({ stateIso2: 'NE', familyName: 'Issoufou', givenNames: 'Abdoulaye', birthDate: '1970-02-02' });
      expect(pairOf((await list('&stateIso2=NE')).items, a, b)).toBeDefined();
      const res = await officer.post('/api/duplicates/distinct', { firstId: b, secondId: a });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ firstId: [a, b].sort()[0], secondId: [a, b].sort()[1], created: true });
      expect(pairOf((await list('&stateIso2=NE')).items, a, b)).toBeUndefined();
      const again = await officer.post('/api/duplicates/distinct', { firstId: a, secondId: b });
      expect(again.json().created).toBe(false);
      const [n] = await t.db
        .select({ n: count() })
        .from(distinctOfficialPairs)
        .where(eq(distinctOfficialPairs.firstId, [a, b].sort()[0] as string));
      expect(Number(n?.n)).toBe(1);
      expect((await auditRowsOf(t.db, 'official.distinct', [a, b].sort()[0])).length).toBe(2);
    });

    it('refuses a record with itself (422), unknown records (404) and bad ids (400)', async () => {
      const a = await official({ familyName: 'Keita', givenNames: 'Salif' });
      const err = expectError(await officer.post('/api/duplicates/distinct', { firstId: a, secondId: a }), 422, 'RULE_VIOLATION');
      expect(err.rule).toBe('duplicates.same_record');
      expectError(await officer.post('/api/duplicates/distinct', { firstId: a, secondId: randomUUID() }), 404, 'NOT_FOUND');
      const bad = expectError(
        await officer.post('/api/duplicates/distinct', { firstId: a, secondId: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(bad.details?.map((d) => d.path)).toContain('secondId');
    });
  });

  describe('merging', () => {
    it('moves nominations and what hangs off them, and accounts; records the merge; audited', async () => {
      const survivor = await official({ familyName: 'Ould Ahmed', givenNames: 'Sidi', birthDate: '1981-07-07' });
      const absorbed = await official({ familyName: 'Wld Ahmed', givenNames: 'Sidi', birthDate: '1981-07-07' });
      const s1 = await session();
      const n1 = await nominate(s1, absorbed, 'accepted');
      await t.db.insert(attendance).values({ nominationId: n1, day: '2025-03-10', present: true });
      const [participant] = await t.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, demoEmail('participant')));
      await t.db
        .update(users)
        .set({ officialId: absorbed })
        .where(eq(users.id, (participant as { id: string }).id));

      const res = await officer.post('/api/duplicates/merge', {
        survivorId: survivor,
        absorbedId: absorbed,
        reason: 'Same passport number',
      });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json();
      expect(result).toMatchObject({
        survivorId: survivor,
        absorbedId: absorbed,
        movedNominations: 1,
        movedUsers: 1,
        conflicts: [],
      });

      const [moved] = await t.db.select().from(nominations).where(eq(nominations.id, n1));
      expect(moved?.officialId).toBe(survivor);
      const [user] = await t.db
        .select({ officialId: users.officialId })
        .from(users)
        .where(eq(users.id, (participant as { id: string }).id));
      expect(user?.officialId).toBe(survivor);
      const [gone] = await t.db.select().from(officials).where(eq(officials.id, absorbed));
      expect(gone?.mergedIntoId).toBe(survivor);
      expect(gone?.mergedAt).not.toBeNull();
      const [merge] = await t.db.select().from(officialMerges).where(eq(officialMerges.absorbedId, absorbed));
      expect(merge).toMatchObject({ survivorId: survivor, reason: 'Same passport number', id: result.mergeId });
      expect(merge?.absorbedSnapshot).toMatchObject({ familyName: 'Wld Ahmed', nominationIds: [n1] });
      const [audit] = await auditRowsOf(t.db, 'official.merge', survivor);
      expect(audit?.details).toMatchObject({ absorbedId: absorbed, reason: 'Same passport number' });
      // The absorbed record is no longer proposed.
      const body = await list();
      expect(body.items.some((p) => p.first.id === absorbed || p.second.id === absorbed)).toBe(false);
    });

    it('keeps the more advanced nomination when both were nominated to one session, and says so', async () => {
      const survivor = await official({ familyName: 'Bello', givenNames: 'Aisha', sex: 'female' });
      const absorbed = await official({ familyName: 'Belo', givenNames: 'Aïsha', sex: 'female' });
      const sWinAbsorbed = await session();
      const sWinSurvivor = await session();
      const sOnlyAbsorbed = await session();
      const survivorLoses = await nominate(sWinAbsorbed, survivor, 'nominated');
      const absorbedWins = await nominate(sWinAbsorbed, absorbed, 'accepted');
      await t.db.insert(attendance).values({ nominationId: absorbedWins, day: '2025-03-11', present: true });
      const survivorWins = await nominate(sWinSurvivor, survivor, 'accepted');
      const absorbedLoses = await nominate(sWinSurvivor, absorbed, 'rejected');
      const onlyAbsorbed = await nominate(sOnlyAbsorbed, absorbed, 'waitlisted');

      const res = await officer.post('/api/duplicates/merge', {
        survivorId: survivor,
        absorbedId: absorbed,
        reason: 'Same person',
      });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json();
      expect(result.movedNominations).toBe(2);
      expect(result.conflicts).toEqual(
        expect.arrayContaining([
          {
            sessionId: sWinAbsorbed,
            keptNominationId: absorbedWins,
            keptStatus: 'accepted',
            withdrawnNominationId: survivorLoses,
            withdrawnStatus: 'nominated',
          },
          {
            sessionId: sWinSurvivor,
            keptNominationId: survivorWins,
            keptStatus: 'accepted',
            withdrawnNominationId: absorbedLoses,
            withdrawnStatus: 'rejected',
          },
        ]),
      );
      const rows = await t.db
        .select()
        .from(nominations)
        .where(inArray(nominations.id, [survivorLoses, absorbedWins, survivorWins, absorbedLoses, onlyAbsorbed]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(absorbedWins)).toMatchObject({ officialId: survivor, status: 'accepted' });
      expect(byId.get(survivorWins)).toMatchObject({ officialId: survivor, status: 'accepted' });
      expect(byId.get(onlyAbsorbed)).toMatchObject({ officialId: survivor, status: 'waitlisted' });
      // Set aside: on the absorbed record, withdrawn with the reason, the transition recorded.
      expect(byId.get(survivorLoses)).toMatchObject({ officialId: absorbed, status: 'withdrawn' });
      expect(byId.get(absorbedLoses)).toMatchObject({ officialId: absorbed, status: 'withdrawn' });
      expect(byId.get(absorbedLoses)?.decisionReason).toContain('merging');
      const events = await t.db.select().from(nominationEvents).where(eq(nominationEvents.nominationId, survivorLoses));
      expect(events).toEqual([expect.objectContaining({ fromStatus: 'nominated', toStatus: 'withdrawn' })]);
      // No throw-away record left behind.
      const [left] = await t.db.select({ n: count() }).from(officials).where(eq(officials.familyName, '-'));
      expect(Number(left?.n)).toBe(0);
    });

    it('refuses to merge two records that both have a participant account (422), changing nothing', async () => {
      const admin = await t.as('admin');
      const a = await official({ familyName: 'Okoro', givenNames: 'Emeka', stateIso2: 'NG' });
      const b = await official({ familyName: 'OKORO', givenNames: 'Emeka', stateIso2: 'NG' });
      for (const [i, officialId] of [a, b].entries()) {
        const created = await admin.post('/api/users', {
          email: `okoro${i}.${Date.now()}@tadrib.test`,
          displayName: 'Emeka Okoro',
          role: 'participant',
          stateIso2: 'NG',
          officialId,
        });
        expect(created.statusCode, created.body).toBe(201);
      }
      const err = expectError(
        await officer.post('/api/duplicates/merge', { survivorId: a, absorbedId: b, reason: 'same' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('duplicates.both_have_accounts');
      expect(detailPaths(err)).toEqual(['absorbedId']);
      const [absorbed] = await t.db.select({ mergedIntoId: officials.mergedIntoId }).from(officials).where(eq(officials.id, b));
      expect(absorbed?.mergedIntoId).toBeNull();
    });

    it('refuses to merge a record with itself, a merged record, records of two states; nothing changes', async () => {
      const a = await official({ familyName: 'Sow', givenNames: 'Ousmane' });
      const b = await official({ familyName: 'Sow', givenNames: 'Usman' });
      const c = await official({ familyName: 'Sow', givenNames: 'Ousmane', stateIso2: 'SN' });
      const s = await session();
      const nb = await nominate(s, b, 'nominated');

      let err = expectError(
        await officer.post('/api/duplicates/merge', { survivorId: a, absorbedId: a, reason: 'oops' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('duplicates.same_record');
      err = expectError(
        await officer.post('/api/duplicates/merge', { survivorId: a, absorbedId: c, reason: 'same' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('duplicates.different_states');

      expect((await officer.post('/api/duplicates/merge', { survivorId: a, absorbedId: b, reason: 'same' })).statusCode).toBe(
        200,
      );
      err = expectError(
        await officer.post('/api/duplicates/merge', { survivorId: c, absorbedId: b, reason: 'again' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('duplicates.already_merged');
      expect(err.details?.[0]?.path).toBe('absorbedId');
      err = expectError(
        await officer.post('/api/duplicates/merge', { survivorId: b, absorbedId: a, reason: 'back' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.details?.[0]?.path).toBe('survivorId');
      // The refused merges changed nothing.
      const [still] = await t.db.select().from(officials).where(eq(officials.id, a));
      expect(still?.mergedIntoId).toBeNull();
      const [n] = await t.db.select().from(nominations).where(eq(nominations.id, nb));
      expect(n?.officialId).toBe(a);
      const [merges] = await t.db.select({ n: count() }).from(officialMerges).where(eq(officialMerges.survivorId, c));
      expect(Number(merges?.n)).toBe(0);
    });

    it('answers 404 for an unknown record, 400 for a missing reason, 403 for other roles', async () => {
      const a = await official({ familyName: 'Coulibaly', givenNames: 'Fanta', sex: 'female' });
      expectError(
        await officer.post('/api/duplicates/merge', { survivorId: a, absorbedId: randomUUID(), reason: 'same' }),
        404,
        'NOT_FOUND',
      );
      const err = expectError(
        await officer.post('/api/duplicates/merge', { survivorId: a, absorbedId: randomUUID() }),
        400,
        'VALIDATION_FAILED',
      );
      expect(err.details?.map((d) => d.path)).toContain('reason');
      expectError(
        await officer.post('/api/duplicates/merge', { survivorId: a, absorbedId: randomUUID(), reason: 'x', extra: 1 }),
        400,
        'VALIDATION_FAILED',
      );
      const focal = await t.as('focal_point');
      expectError(
        await focal.post('/api/duplicates/merge', { survivorId: a, absorbedId: randomUUID(), reason: 'same' }),
        403,
        'FORBIDDEN',
      );
    });
  });
});
