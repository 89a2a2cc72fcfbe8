import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courses, programmes, users } from '../../server/db/schema';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, detailPaths, expectError } from './support';

type Field = { text: string; lang: string | null; values: Record<string, string> };

describe(`curriculum (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let donorId: string;
  let partnerId: string;
  let programmeId: string;

  const courseCount = async () => Number((await t.db.select({ n: count() }).from(courses))[0]?.n ?? 0);
  const programmeCount = async () => Number((await t.db.select({ n: count() }).from(programmes))[0]?.n ?? 0);

  const baseCourse = () => ({
    programmeId,
    code: `ct-inv-${Math.random().toString(36).slice(2, 8)}`,
    title: { en: 'Counter-terrorism investigations', fr: 'Enquêtes antiterroristes' },
    level: 'foundational',
    hours: 30,
    thematicArea: 'investigations',
  });

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    const donor = await officer.post('/api/organisations', { name: 'Kingdom of Examplia', kind: 'donor_government' });
    expect(donor.statusCode, donor.body).toBe(201);
    donorId = donor.json().id;
    const partner = await officer.post('/api/organisations', {
      name: 'United Nations Office on Drugs and Crime',
      acronym: 'UNODC',
      kind: 'un_entity',
    });
    expect(partner.statusCode, partner.body).toBe(201);
    partnerId = partner.json().id;
    const programme = await officer.post('/api/programmes', {
      code: 'ctinv',
      title: { en: 'Specialized Training on CT Investigations', ar: 'تدريب متخصص على التحقيقات في مكافحة الإرهاب' },
      description: { en: 'Investigations from crime scene to court.' },
      thematicArea: 'investigations',
    });
    expect(programme.statusCode, programme.body).toBe(201);
    programmeId = programme.json().id;
  });
  afterAll(async () => t.close());

  describe('organisations', () => {
    it('lists organisations to every role and refuses a duplicate name with 409', async () => {
      const list = await (await t.as('partner')).get('/api/organisations');
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((o: { acronym: string | null }) => o.acronym)).toContain('UNODC');
      const err = expectError(
        await officer.post('/api/organisations', { name: 'kingdom of examplia', kind: 'donor_government' }),
        409,
        'CONFLICT',
      );
      expect(detailPaths(err)).toEqual(['name']);
      expectError(await officer.post('/api/organisations', { name: 'X Org', kind: 'club' }), 400, 'VALIDATION_FAILED');
      expect((await auditRowsOf(t.db, 'organisation.create', donorId)).length).toBe(1);
    });
  });

  describe('programmes', () => {
    it('creates a programme with its code in capitals, audited, and lists it with its courses', async () => {
      const list = await officer.get('/api/programmes');
      expect(list.statusCode).toBe(200);
      const p = list.json().items.find((i: { id: string }) => i.id === programmeId);
      expect(p).toMatchObject({ code: 'CTINV', thematicArea: 'investigations', courses: [] });
      expect(p.title).toEqual({
        text: 'Specialized Training on CT Investigations',
        lang: 'en',
        values: { en: 'Specialized Training on CT Investigations', ar: 'تدريب متخصص على التحقيقات في مكافحة الإرهاب' },
      });
      expect((await auditRowsOf(t.db, 'programme.create', programmeId)).length).toBe(1);
    });

    it('needs a title in at least one language (blank ones do not count) and refuses unknown languages', async () => {
      const before = await programmeCount();
      const err = expectError(
        await officer.post('/api/programmes', { code: 'EMPTY', title: { en: '  ', fr: '' }, thematicArea: 'other' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(detailPaths(err)).toEqual(['title']);
      const lang = expectError(
        await officer.post('/api/programmes', { code: 'EMPTY', title: { de: 'Titel' }, thematicArea: 'other' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(detailPaths(lang)).toContain('title.de');
      expect(await programmeCount()).toBe(before);
    });

    it('refuses a duplicate code with 409 naming code, on create and on edit', async () => {
      const other = await officer.post('/api/programmes', {
        code: 'FUSION',
        title: { fr: 'Cellules de fusion' },
        thematicArea: 'information_sharing',
      });
      expect(other.statusCode).toBe(201);
      const before = await programmeCount();
      expect(
        detailPaths(
          expectError(
            await officer.post('/api/programmes', { code: 'Fusion', title: { en: 'x' }, thematicArea: 'other' }),
            409,
            'CONFLICT',
          ),
        ),
      ).toEqual(['code']);
      expect(
        detailPaths(expectError(await officer.patch(`/api/programmes/${other.json().id}`, { code: 'CTINV' }), 409, 'CONFLICT')),
      ).toEqual(['code']);
      expect(await programmeCount()).toBe(before);
    });

    it('edits a programme (audited) and answers 404 for an unknown one', async () => {
      const res = await officer.patch(`/api/programmes/${programmeId}`, {
        description: { en: 'From crime scene to court.', pt: 'Da cena do crime ao tribunal.' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().description.values).toEqual({ en: 'From crime scene to court.', pt: 'Da cena do crime ao tribunal.' });
      expect((await auditRowsOf(t.db, 'programme.update', programmeId)).length).toBe(1);
      expectError(
        await officer.patch('/api/programmes/00000000-0000-4000-8000-000000000000', { thematicArea: 'other' }),
        404,
        'NOT_FOUND',
      );
      expectError(await officer.patch(`/api/programmes/${programmeId}`, {}), 400, 'VALIDATION_FAILED');
    });
  });

  describe('courses', () => {
    let courseId: string;

    it('creates a course with every field; threshold defaults to 0.8; references sorted', async () => {
      const res = await officer.post('/api/courses', {
        ...baseCourse(),
        code: 'CTINV-101',
        description: { en: 'Basics', fr: 'Bases' },
        level: 'training_of_trainers',
        learningObjectives: [{ en: 'Secure a crime scene' }, { fr: 'Interroger un suspect', ar: 'استجواب مشتبه به' }],
        pillars: ['IV', 'II', 'II'],
        resolutions: [2396, 1373],
        donorIds: [donorId],
        deliveringPartnerIds: [partnerId],
        testMaxScore: 100,
        postTestPassMark: 60,
        tailoredForIso2: 'NG',
        needsAssessment: 'Requested by the national police after the 2024 assessment.',
      });
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json();
      courseId = c.id;
      expect(c).toMatchObject({
        code: 'CTINV-101',
        level: 'training_of_trainers',
        hours: 30,
        pillars: ['II', 'IV'],
        resolutions: [1373, 2396],
        attendanceThreshold: 0.8,
        testMaxScore: 100,
        postTestPassMark: 60,
        tailoredForIso2: 'NG',
        programme: { id: programmeId, code: 'CTINV' },
      });
      expect(c.donors.map((o: { id: string }) => o.id)).toEqual([donorId]);
      expect(c.deliveringPartners.map((o: { acronym: string }) => o.acronym)).toEqual(['UNODC']);
      expect(c.learningObjectives.map((o: Field) => o.text)).toEqual(['Secure a crime scene', 'Interroger un suspect']);
      expect((await auditRowsOf(t.db, 'course.create', courseId)).length).toBe(1);
      const programme = await officer.get(`/api/programmes/${programmeId}`);
      expect(programme.json().courses.map((x: { code: string }) => x.code)).toContain('CTINV-101');
    });

    it('shows content in the reader’s language, falling back en → fr → ar → pt, with every language for editing', async () => {
      const trainer = await t.as('trainer'); // demo trainer reads French
      const c = (await trainer.get(`/api/courses/${courseId}`)).json();
      expect(c.title).toEqual({
        text: 'Enquêtes antiterroristes',
        lang: 'fr',
        values: { en: 'Counter-terrorism investigations', fr: 'Enquêtes antiterroristes' },
      });
      expect(c.learningObjectives[0]).toMatchObject({ text: 'Secure a crime scene', lang: 'en' });
      expect(c.learningObjectives[1]).toMatchObject({ text: 'Interroger un suspect', lang: 'fr' });
      // An Arabic reader: the title has no Arabic, so English; the second objective has Arabic.
      await t.db.update(users).set({ locale: 'ar' }).where(eq(users.email, 'partner@tadrib.demo'));
      const partner = await t.as('partner');
      const ar = (await partner.get(`/api/courses/${courseId}`)).json();
      expect(ar.title).toMatchObject({ text: 'Counter-terrorism investigations', lang: 'en' });
      expect(ar.learningObjectives[1]).toMatchObject({ text: 'استجواب مشتبه به', lang: 'ar' });
      // Only Portuguese: every reader falls back to it.
      const pt = await officer.post('/api/courses', { ...baseCourse(), title: { pt: 'Gestão prisional' } });
      expect(pt.json().title).toMatchObject({ text: 'Gestão prisional', lang: 'pt' });
      const emptyDescription = pt.json().description;
      expect(emptyDescription).toEqual({ text: '', lang: null, values: {} });
      // The programme list resolves too.
      const programme = (await partner.get(`/api/programmes/${programmeId}`)).json();
      expect(programme.title.lang).toBe('ar');
    });

    it('lists courses by programme and level', async () => {
      const all = (await officer.get(`/api/courses?programmeId=${programmeId}`)).json().items;
      expect(all.length).toBeGreaterThanOrEqual(2);
      const tot = (await officer.get(`/api/courses?programmeId=${programmeId}&level=training_of_trainers`)).json().items;
      expect(tot.map((c: { code: string }) => c.code)).toEqual(['CTINV-101']);
      expectError(await officer.get('/api/courses?level=expert'), 400, 'VALIDATION_FAILED');
    });

    it('refuses unknown pillars, resolutions, organisations, states and programmes with 422 naming each field', async () => {
      const before = await courseCount();
      const cases: [Record<string, unknown>, string][] = [
        [{ pillars: ['V'] }, 'pillars'],
        [{ resolutions: [9999] }, 'resolutions'],
        [{ donorIds: ['00000000-0000-4000-8000-000000000000'] }, 'donorIds'],
        [{ deliveringPartnerIds: ['00000000-0000-4000-8000-000000000000'] }, 'deliveringPartnerIds'],
        [{ tailoredForIso2: 'FR' }, 'tailoredForIso2'],
        [{ programmeId: '00000000-0000-4000-8000-000000000000' }, 'programmeId'],
      ];
      for (const [change, path] of cases) {
        const err = expectError(await officer.post('/api/courses', { ...baseCourse(), ...change }), 422, 'RULE_VIOLATION');
        expect(detailPaths(err), path).toEqual([path]);
        const edit = expectError(await officer.patch(`/api/courses/${courseId}`, change), 422, 'RULE_VIOLATION');
        expect(detailPaths(edit), path).toEqual([path]);
      }
      expect(await courseCount()).toBe(before);
      const c = (await officer.get(`/api/courses/${courseId}`)).json();
      expect(c.pillars).toEqual(['II', 'IV']);
      expect(c.tailoredForIso2).toBe('NG');
    });

    it('checks the pass mark: it needs a maximum score and cannot exceed it', async () => {
      const before = await courseCount();
      const noMax = expectError(
        await officer.post('/api/courses', { ...baseCourse(), postTestPassMark: 50 }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(noMax)).toEqual(['postTestPassMark']);
      const over = expectError(
        await officer.post('/api/courses', { ...baseCourse(), testMaxScore: 20, postTestPassMark: 21 }),
        422,
        'RULE_VIOLATION',
      );
      expect(detailPaths(over)).toEqual(['postTestPassMark']);
      expect(await courseCount()).toBe(before);
      // Editing: lowering the maximum below the stored pass mark, or clearing it, is refused.
      expect(
        detailPaths(expectError(await officer.patch(`/api/courses/${courseId}`, { testMaxScore: 50 }), 422, 'RULE_VIOLATION')),
      ).toEqual(['postTestPassMark']);
      expect(
        detailPaths(expectError(await officer.patch(`/api/courses/${courseId}`, { testMaxScore: null }), 422, 'RULE_VIOLATION')),
      ).toEqual(['postTestPassMark']);
      // Both together is fine; the pass mark may equal the maximum.
      const ok = await officer.patch(`/api/courses/${courseId}`, { testMaxScore: 20, postTestPassMark: 20 });
      expect(ok.statusCode, ok.body).toBe(200);
      const cleared = await officer.patch(`/api/courses/${courseId}`, { testMaxScore: null, postTestPassMark: null });
      expect(cleared.json()).toMatchObject({ testMaxScore: null, postTestPassMark: null });
    });

    it('validates the plain fields with 400 naming them', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ level: 'expert' }, 'level'],
        [{ hours: 0 }, 'hours'],
        [{ hours: 2.5 }, 'hours'],
        [{ attendanceThreshold: 0 }, 'attendanceThreshold'],
        [{ attendanceThreshold: 1.2 }, 'attendanceThreshold'],
        [{ testMaxScore: -1 }, 'testMaxScore'],
        [{ learningObjectives: [{ en: '' }] }, 'learningObjectives.0'],
        [{ thematicArea: 'astrology' }, 'thematicArea'],
        [{ extra: 1 }, 'extra'],
      ];
      for (const [change, path] of cases) {
        const err = expectError(await officer.post('/api/courses', { ...baseCourse(), ...change }), 400, 'VALIDATION_FAILED');
        expect(detailPaths(err), JSON.stringify(change)).toEqual([path]);
      }
    });

    it('edits a course: replaces partners, keeps unspecified fields, is audited; duplicate code is 409', async () => {
      const res = await officer.patch(`/api/courses/${courseId}`, {
        donorIds: [],
        deliveringPartnerIds: [partnerId, donorId],
        attendanceThreshold: 0.75,
        title: { ar: 'التحقيقات في قضايا الإرهاب' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const c = res.json();
      expect(c.donors).toEqual([]);
      expect(c.deliveringPartners.length).toBe(2);
      expect(c.attendanceThreshold).toBe(0.75);
      expect(c.title.values).toEqual({ ar: 'التحقيقات في قضايا الإرهاب' });
      expect(c.pillars).toEqual(['II', 'IV']);
      expect(c.hours).toBe(30);
      expect((await auditRowsOf(t.db, 'course.update', courseId)).length).toBeGreaterThanOrEqual(1);
      const other = await officer.post('/api/courses', baseCourse());
      expect(
        detailPaths(expectError(await officer.patch(`/api/courses/${other.json().id}`, { code: 'ctinv-101' }), 409, 'CONFLICT')),
      ).toEqual(['code']);
      expectError(await officer.get('/api/courses/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    });

    it('lets every role read and only programme officers write', async () => {
      for (const role of ['admin', 'me_officer', 'trainer', 'focal_point', 'participant', 'partner'] as const) {
        const c = await t.as(role);
        expect((await c.get(`/api/courses/${courseId}`)).statusCode).toBe(200);
        expectError(await c.patch(`/api/courses/${courseId}`, { hours: 10 }), 403, 'FORBIDDEN');
        expectError(
          await c.post('/api/programmes', { code: 'NOPE', title: { en: 'x' }, thematicArea: 'other' }),
          403,
          'FORBIDDEN',
        );
      }
      expect((await officer.get(`/api/courses/${courseId}`)).json().hours).toBe(30);
    });
  });
});
