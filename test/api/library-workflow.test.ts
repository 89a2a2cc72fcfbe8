import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryItems, librarySubmissions } from '../../server/db/schema';
import { pdfWithText } from '../../server/modules/library/documents';
import { createCourse, createNomination, createOfficial, createSession, linkParticipant, userIdOf } from './delivery-fixtures';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { createItem, type LibraryItem, search, upload } from './library-fixtures';
import { auditRowsOf, createUser, expectError, login } from './support';

/**
 * Session materials (trainers and officers attach them; accepted participants, the session's
 * trainers and the focal points of the states taking part read them) and the review of the good
 * practices that states submit.
 */

type Submission = {
  id: string;
  status: string;
  reviewNote: string | null;
  itemId: string | null;
  mine: boolean;
  can: { resubmit: boolean; review: boolean };
};

const practice = (title: string) => ({
  language: 'fr',
  title,
  context: 'Contexte: des frontières poreuses au Sahel.',
  challenge: 'Défi: coordonner douanes et police.',
  approach: 'Démarche: patrouilles mixtes et fichier commun.',
  results: 'Résultats: interpellations doublées, méharistes formés.',
  lessons: 'Enseignements: impliquer les communautés.',
  contact: 'Direction de la police des frontières',
  nameState: true,
});

describe(`library: session materials and good practices (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let trainer: Client;
  let focalNg: Client;
  let focalGh: Client;
  let participant: Client;
  let withdrawn: Client;
  let sessionId: string;
  let untrainedSessionId: string;
  let courseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    trainer = await t.as('trainer');
    focalNg = await t.as('focal_point');
    const admin = await t.as('admin');
    const course = await createCourse(t.db);
    courseId = course.id;
    const trainerId = await userIdOf(t.db, demoEmail('trainer'));
    sessionId = (await createSession(t.db, { courseId, quotas: { NG: 3 }, trainerIds: [trainerId] })).id;
    untrainedSessionId = (await createSession(t.db, { courseId, quotas: { NG: 3 } })).id;
    const official = await createOfficial(t.db);
    await createNomination(t.db, sessionId, official.id, 'accepted');
    await linkParticipant(t.db, demoEmail('participant'), official.id);
    participant = await t.as('participant');
    const gone = await createOfficial(t.db);
    await createNomination(t.db, sessionId, gone.id, 'withdrawn');
    const goneUser = await createUser(admin, { role: 'participant', stateIso2: 'NG' });
    await linkParticipant(t.db, goneUser.email, gone.id);
    withdrawn = (await login(t, goneUser.email, goneUser.password)).client;
    const gh = await createUser(admin, { role: 'focal_point', stateIso2: 'GH' });
    focalGh = (await login(t, gh.email, gh.password)).client;
  }, 120_000);
  afterAll(async () => t.close());

  describe('session materials', () => {
    let material: LibraryItem;

    it('a trainer attaches a material to a session they train, with its file', async () => {
      material = await createItem(trainer, {
        type: 'course_material',
        audience: 'participants',
        title: { fr: 'Support du module 3' },
        sessionIds: [sessionId],
      });
      expect(material.can).toEqual({ edit: true, upload: true, delete: true, deleteVersion: false });
      const res = await upload(trainer, material.id, 'fr', {
        name: 'module3.pdf',
        content: pdfWithText([['Exercice de balistique']]),
      });
      expect(res.statusCode, res.body).toBe(201);
    });

    it('accepted participants, the trainer and the focal point of a state taking part find it; others do not', async () => {
      for (const [who, client, sees] of [
        ['participant', participant, true],
        ['trainer', trainer, true],
        ['focal point NG', focalNg, true],
        ['officer', officer, true],
        ['withdrawn participant', withdrawn, false],
        ['focal point GH', focalGh, false],
        ['anonymous', t.anonymous, false],
      ] as const) {
        const found = await search(client, `session=${sessionId}`);
        expect(found.items.map((i) => i.id).includes(material.id), who).toBe(sees);
        const byWord = await search(client, 'q=balistique');
        expect(byWord.total, who).toBe(sees ? 1 : 0);
      }
    });

    it('materials of the course reach every session of it', async () => {
      const forCourse = await createItem(officer, {
        type: 'course_material',
        audience: 'participants',
        title: { en: 'Course reader' },
        courseIds: [courseId],
      });
      const found = await search(participant, `session=${sessionId}`);
      expect(found.items.map((i) => i.id)).toEqual(expect.arrayContaining([material.id, forCourse.id]));
      expect((await search(participant, `course=${courseId}`)).total).toBe(2);
    });

    it('a trainer adds materials only for the sessions they train, and edits only their own', async () => {
      const before = await t.db.select({ n: count() }).from(libraryItems);
      const base = { type: 'course_material', audience: 'participants', title: { en: 'x' } };
      for (const [body, path] of [
        [{ ...base, sessionIds: [untrainedSessionId] }, 'sessionIds'],
        [{ ...base, courseIds: [courseId] }, 'audience'],
        [{ ...base, audience: 'public', sessionIds: [sessionId] }, 'audience'],
      ] as const) {
        const error = expectError(await trainer.post('/api/library/items', body), 422, 'RULE_VIOLATION');
        expect(error.details?.[0]?.path).toBe(path);
      }
      const officers = await createItem(officer, { type: 'manual', audience: 'signed_in', title: { en: 'Officer’s' } });
      expectError(await trainer.patch(`/api/library/items/${officers.id}`, { title: { en: 'Mine now' } }), 404, 'NOT_FOUND');
      expectError(await trainer.patch(`/api/library/items/${material.id}`, { audience: 'public' }), 422, 'RULE_VIOLATION');
      const renamed = await trainer.patch(`/api/library/items/${material.id}`, { title: { fr: 'Support du module 3 (révisé)' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      const after = await t.db.select({ n: count() }).from(libraryItems);
      expect(after[0]?.n).toBe((before[0]?.n ?? 0) + 1);
    });

    it('a trainer removes their own material (audited), never another’s nor one version of a file', async () => {
      const own = await createItem(trainer, {
        type: 'course_material',
        audience: 'participants',
        title: { en: 'Handout to withdraw' },
        sessionIds: [sessionId],
      });
      const res = await upload(trainer, own.id, 'en', { name: 'handout.pdf', content: pdfWithText([['Quartermaster drill']]) });
      const fileId = (res.json() as LibraryItem).files[0]?.id;
      // The session's list says which rows the reader may remove: the trainer's two, not the officer's course reader.
      const listed = (await search(trainer, `session=${sessionId}`)).items;
      const byOfficer = listed.find((i) => i.id !== own.id && i.id !== material.id);
      expect(listed.map((i) => [i.id, i.can.delete]).sort()).toEqual(
        [
          [own.id, true],
          [material.id, true],
          [byOfficer?.id, false],
        ].sort(),
      );
      expect((await search(participant, `session=${sessionId}`)).items.map((i) => i.can.delete)).toEqual([false, false, false]);
      expect((await search(officer, `session=${sessionId}`)).items.map((i) => i.can.delete)).toEqual([true, true, true]);

      const before = await t.db.select({ n: count() }).from(libraryItems);
      expectError(await trainer.delete(`/api/library/items/${byOfficer?.id}`), 404, 'NOT_FOUND');
      expectError(await trainer.delete(`/api/library/items/${own.id}/files/${fileId}`), 403, 'FORBIDDEN');
      expectError(await participant.delete(`/api/library/items/${own.id}`), 403, 'FORBIDDEN');
      expect((await t.db.select({ n: count() }).from(libraryItems))[0]?.n).toBe(before[0]?.n);
      expect((await search(participant, 'q=quartermaster')).total).toBe(1);

      expect((await trainer.delete(`/api/library/items/${own.id}`)).statusCode).toBe(204);
      expect((await search(participant, 'q=quartermaster')).total).toBe(0);
      expectError(await participant.get(`/api/library/items/${own.id}/files/${fileId}`), 404, 'NOT_FOUND');
      const [audit] = await auditRowsOf(t.db, 'library_item.delete', own.id);
      expect(audit?.details).toMatchObject({ title: { en: 'Handout to withdraw' }, files: 1 });
    });
  });

  describe('good practices', () => {
    let submission: Submission;

    it('a focal point submits; the office sees it, another state’s focal point does not', async () => {
      const res = await focalNg.post('/api/library/submissions', practice('Patrouilles mixtes au Sahel'));
      expect(res.statusCode, res.body).toBe(201);
      submission = res.json();
      expect(submission).toMatchObject({ status: 'submitted', mine: true, can: { resubmit: false, review: false } });
      expect((await auditRowsOf(t.db, 'library_submission.create', submission.id)).length).toBe(1);
      const all = (await officer.get('/api/library/submissions')).json() as { items: Submission[] };
      expect(all.items.find((s) => s.id === submission.id)?.can.review).toBe(true);
      expect(((await focalGh.get('/api/library/submissions')).json() as { items: Submission[] }).items).toEqual([]);
      expectError(await focalGh.get(`/api/library/submissions/${submission.id}`), 404, 'NOT_FOUND');
      expectError(await participant.get(`/api/library/submissions/${submission.id}`), 404, 'NOT_FOUND');
      expectError(await trainer.get(`/api/library/submissions/${submission.id}`), 403, 'FORBIDDEN');
    });

    it('returned with comments, changed and resubmitted, then published: searchable from inside its text', async () => {
      expectError(await focalNg.put(`/api/library/submissions/${submission.id}`, practice('Trop tôt')), 422, 'RULE_VIOLATION');
      const returned = await officer.post(`/api/library/submissions/${submission.id}/review`, {
        decision: 'return',
        note: 'Précisez les résultats chiffrés.',
      });
      expect(returned.statusCode, returned.body).toBe(200);
      const seen = (await focalNg.get(`/api/library/submissions/${submission.id}`)).json() as Submission;
      expect(seen).toMatchObject({ status: 'returned', reviewNote: 'Précisez les résultats chiffrés.', can: { resubmit: true } });
      expectError(
        await officer.post(`/api/library/submissions/${submission.id}/review`, { decision: 'publish', audience: 'public' }),
        422,
        'RULE_VIOLATION',
      );
      const again = await focalNg.put(`/api/library/submissions/${submission.id}`, {
        ...practice('Patrouilles mixtes au Sahel'),
        results: 'Résultats: 40 % d’interpellations en plus; chameliers formés.',
      });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json().status).toBe('resubmitted');
      const published = await officer.post(`/api/library/submissions/${submission.id}/review`, {
        decision: 'publish',
        audience: 'public',
        pillars: ['II'],
      });
      expect(published.statusCode, published.body).toBe(200);
      const done = published.json() as Submission;
      expect(done.status).toBe('published');
      // Found by a word of its results, in French, by anyone: the state named as its submitter allowed.
      const found = await search(t.anonymous, 'q=chameliers');
      expect(found.items.map((i) => i.id)).toEqual([done.itemId]);
      const item = (await t.anonymous.get(`/api/library/items/${done.itemId}`)).json() as LibraryItem & {
        states: string[];
        type: string;
      };
      expect(item).toMatchObject({ type: 'good_practice', states: ['NG'] });
      expect(item.files[0]?.fileName).toMatch(/\.docx$/);
      // Decided: no further review or resubmission.
      expectError(
        await officer.post(`/api/library/submissions/${submission.id}/review`, { decision: 'decline', note: 'x' }),
        422,
        'RULE_VIOLATION',
      );
      expectError(await focalNg.put(`/api/library/submissions/${submission.id}`, practice('x')), 422, 'RULE_VIOLATION');
    });

    it('a practice that may not name its state is published without it; one declined keeps its reason', async () => {
      const anonymous = (
        await participant.post('/api/library/submissions', { ...practice('Sans nom'), nameState: false, results: 'dromadaires' })
      ).json() as Submission;
      const res = await officer.post(`/api/library/submissions/${anonymous.id}/review`, {
        decision: 'publish',
        audience: 'signed_in',
      });
      const item = (await officer.get(`/api/library/items/${(res.json() as Submission).itemId}`)).json() as { states: string[] };
      expect(item.states).toEqual([]);
      expect((await search(t.anonymous, 'q=dromadaires')).total).toBe(0);
      expect((await search(focalGh, 'q=dromadaires')).total).toBe(1);
      const declined = (await focalNg.post('/api/library/submissions', practice('Refusée'))).json() as Submission;
      await officer.post(`/api/library/submissions/${declined.id}/review`, {
        decision: 'decline',
        note: 'Hors du champ de la stratégie.',
      });
      expect((await focalNg.get(`/api/library/submissions/${declined.id}`)).json()).toMatchObject({
        status: 'declined',
        reviewNote: 'Hors du champ de la stratégie.',
      });
    });

    it('the office publishes to the pillars, resolutions, areas and states it picks; an anonymous state stays unnamed', async () => {
      const named = (await focalNg.post('/api/library/submissions', practice('Cellules de renseignement'))).json() as Submission;
      const res = await officer.post(`/api/library/submissions/${named.id}/review`, {
        decision: 'publish',
        audience: 'signed_in',
        pillars: ['II', 'IV'],
        resolutions: [1373, 2178],
        thematicAreas: ['information_sharing'],
        states: ['NG', 'GH'],
      });
      expect(res.statusCode, res.body).toBe(200);
      const item = (await officer.get(`/api/library/items/${(res.json() as Submission).itemId}`)).json();
      expect(item).toMatchObject({
        audience: 'signed_in',
        pillars: ['II', 'IV'],
        resolutions: [1373, 2178],
        thematicAreas: ['information_sharing'],
        states: ['NG', 'GH'],
      });
      const [audit] = await auditRowsOf(t.db, 'library_submission.publish', named.id);
      expect(audit?.details).toMatchObject({ audience: 'signed_in', states: ['NG', 'GH'] });

      // Asked not to be named: named to other states or to everyone is refused; to its own focal points alone it is not.
      const anonymous = (
        await participant.post('/api/library/submissions', { ...practice('Anonyme'), nameState: false })
      ).json() as Submission;
      const [itemsBefore] = await t.db.select({ n: count() }).from(libraryItems);
      for (const body of [
        { audience: 'public', states: ['NG'] },
        { audience: 'states', states: ['NG', 'GH'] },
      ]) {
        const refused = expectError(
          await officer.post(`/api/library/submissions/${anonymous.id}/review`, { decision: 'publish', ...body }),
          422,
          'RULE_VIOLATION',
        );
        expect(refused.details?.[0]).toMatchObject({ path: 'states', rule: 'library.practice_state_anonymous' });
      }
      // References the office does not have are refused the same way, and nothing was written.
      expectError(
        await officer.post(`/api/library/submissions/${anonymous.id}/review`, {
          decision: 'publish',
          audience: 'public',
          resolutions: [9999],
        }),
        422,
        'RULE_VIOLATION',
      );
      expectError(
        await officer.post(`/api/library/submissions/${anonymous.id}/review`, {
          decision: 'publish',
          audience: 'public',
          states: ['ZZ'],
        }),
        422,
        'RULE_VIOLATION',
      );
      const [itemsAfter] = await t.db.select({ n: count() }).from(libraryItems);
      expect(itemsAfter?.n).toBe(itemsBefore?.n);
      expect(((await officer.get(`/api/library/submissions/${anonymous.id}`)).json() as Submission).status).toBe('submitted');
      const alone = await officer.post(`/api/library/submissions/${anonymous.id}/review`, {
        decision: 'publish',
        audience: 'states',
        states: ['NG'],
      });
      expect(alone.statusCode, alone.body).toBe(200);
    });

    it('refuses bad submissions and reviews with a 4xx, changing nothing', async () => {
      const [before] = await t.db.select({ n: count() }).from(librarySubmissions);
      const bad: [Record<string, unknown>, string][] = [
        [{ ...practice('x'), title: '' }, 'title'],
        [{ ...practice('x'), language: 'de' }, 'language'],
        [{ ...practice('x'), nameState: 'yes' }, 'nameState'],
        [{ ...practice('x'), lessons: 'a'.repeat(8001) }, 'lessons'],
        [{ ...practice('x'), stateIso2: 'GH' }, 'stateIso2'],
      ];
      for (const [body, path] of bad) {
        const error = expectError(await focalNg.post('/api/library/submissions', body), 400, 'VALIDATION_FAILED');
        expect(error.details?.map((d) => d.path).join(','), path).toContain(path);
      }
      const open = (await focalNg.post('/api/library/submissions', practice('Ouverte'))).json() as Submission;
      for (const body of [
        { decision: 'return' },
        { decision: 'decline', note: ' ' },
        { decision: 'publish', audience: 'everyone' },
        { decision: 'archive' },
      ]) {
        expectError(await officer.post(`/api/library/submissions/${open.id}/review`, body), 400, 'VALIDATION_FAILED');
      }
      // Published to participants with no training named, or to states: the rules of an item hold.
      expectError(
        await officer.post(`/api/library/submissions/${open.id}/review`, { decision: 'publish', audience: 'participants' }),
        422,
        'RULE_VIOLATION',
      );
      expectError(
        await officer.post('/api/library/submissions/00000000-0000-4000-8000-000000000000/review', {
          decision: 'return',
          note: 'x',
        }),
        404,
        'NOT_FOUND',
      );
      expectError(await focalGh.put(`/api/library/submissions/${open.id}`, practice('Pas à moi')), 404, 'NOT_FOUND');
      const [after] = await t.db.select({ n: count() }).from(librarySubmissions);
      expect(after?.n).toBe((before?.n ?? 0) + 1);
      expect(((await officer.get(`/api/library/submissions/${open.id}`)).json() as Submission).status).toBe('submitted');
    });
  });
});
