import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  nationalProgrammeDocuments,
  nationalProgrammeEngagements,
  nationalProgrammeResolutionCoverage,
  nationalProgrammeStages,
  storedFiles,
} from '../../server/db/schema';
import { nationalProgrammeSpecs, seedDemoNationalProgrammes } from '../../server/db/seed/demo-national-programmes';
import { systemActor } from '../../server/platform/startup';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, expectError } from './support';

type Stage = {
  id: string;
  kind: string;
  sequence: number;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  skipped: boolean;
  progress: string;
  behindPlan: boolean;
  staff: { id: string; displayName: string }[];
  counterparts: { name: string; function: string | null; organisation: string | null }[];
  documents: { id: string; name: string; mediaType: string; size: number; language: string | null }[];
};
type Engagement = {
  id: string;
  stateIso2: string;
  title: { text: string };
  kind: string;
  status: string;
  currentStage: { kind: string; sequence: number; progress: string } | null;
  adoptedOn: string | null;
  stages: Stage[];
  coverage: {
    resolutions: number[];
    pillars: string[];
    parts: { id: string; title: { text: string }; resolutions: number[]; pillars: string[] }[];
    covered: { resolutions: number[]; pillars: string[] };
  };
};

const BASE = '/api/national-programmes';
/** A date n days from today (UTC), as YYYY-MM-DD. */
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** A multipart/form-data body with one file and text fields, as a browser sends it. */
function multipart(file: { name: string; type: string; content: Buffer } | null, fields: Record<string, string> = {}) {
  const boundary = `----tadrib${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe(`national programmes (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let me: Client;
  let focalNg: Client;
  let focalGh: Client;
  let partner: Client;
  let officerId: string;
  let trainerId: string;
  let focalNgId: string;

  const engagementCount = async () => Number((await t.db.select({ n: count() }).from(nationalProgrammeEngagements))[0]?.n ?? 0);
  const stageRow = async (id: string) =>
    (await t.db.select().from(nationalProgrammeStages).where(eq(nationalProgrammeStages.id, id)))[0];

  async function open(stateIso2: string, changes: Record<string, unknown> = {}): Promise<Engagement> {
    const res = await officer.post(`${BASE}/engagements`, {
      stateIso2,
      title: { en: `National CT strategy of ${stateIso2}`, fr: `Stratégie nationale de ${stateIso2}` },
      kind: 'strategy',
      ...changes,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const stageOf = (e: Engagement, kind: string, sequence = 1) => {
    const stage = e.stages.find((s) => s.kind === kind && s.sequence === sequence);
    if (!stage) throw new Error(`no ${kind} ${sequence}`);
    return stage;
  };
  async function patchStage(stageId: string, body: Record<string, unknown>, as = officer): Promise<LightMyRequestResponse> {
    return as.patch(`${BASE}/stages/${stageId}`, body);
  }
  async function okStage(stageId: string, body: Record<string, unknown>): Promise<Engagement> {
    const res = await patchStage(stageId, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  /** 422 naming the rule, and the stage row unchanged. */
  async function refusedStage(stageId: string, body: Record<string, unknown>, rule: string) {
    const before = await stageRow(stageId);
    const error = expectError(await patchStage(stageId, body), 422, 'RULE_VIOLATION');
    expect(error.rule).toBe(rule);
    expect(await stageRow(stageId)).toEqual(before);
  }
  /** Walks an engagement's six stages to adoption (completed) and the start of implementation. */
  async function adopt(e: Engagement): Promise<Engagement> {
    const dates = ['2022-01-10', '2022-03-01', '2022-06-01', '2022-09-01', '2022-11-01', '2023-01-15'];
    let latest = e;
    for (const [i, kind] of ['request', 'assessment', 'drafting_workshop', 'validation', 'adoption'].entries()) {
      latest = await okStage(stageOf(latest, kind).id, { actualStart: dates[i], actualEnd: dates[i + 1] });
    }
    return okStage(stageOf(latest, 'implementation').id, { actualStart: '2023-02-01' });
  }

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    me = await t.as('me_officer');
    focalNg = await t.as('focal_point');
    partner = await t.as('partner');
    officerId = (await officer.get('/api/me')).json().id;
    focalNgId = (await focalNg.get('/api/me')).json().id;
    const staff = await officer.get(`${BASE}/staff`);
    expect(staff.statusCode, staff.body).toBe(200);
    trainerId = staff.json().items.find((u: { email: string }) => u.email === 'trainer@tadrib.demo').id;
    const admin = await t.as('admin');
    const gh = await createUser(admin, { role: 'focal_point', stateIso2: 'GH' });
    focalGh = await t.signIn(gh.email, gh.password);
  });
  afterAll(async () => t.close());

  describe('opening an engagement', () => {
    it('creates the six stages in order, the request starting on the day it was received, and records it', async () => {
      const e = await open('NG', { requestedOn: '2024-03-04', notes: 'Letter from the national coordinator' });
      expect(e.stages.map((s) => `${s.kind}:${s.sequence}`)).toEqual([
        'request:1',
        'assessment:1',
        'drafting_workshop:1',
        'validation:1',
        'adoption:1',
        'implementation:1',
      ]);
      expect(stageOf(e, 'request')).toMatchObject({ actualStart: '2024-03-04', progress: 'in_progress' });
      expect(e.currentStage).toEqual({ kind: 'request', sequence: 1, progress: 'in_progress' });
      expect(e).toMatchObject({ stateIso2: 'NG', kind: 'strategy', status: 'active', adoptedOn: null });
      expect(e.title.text).toBe('National CT strategy of NG');
      const [audit] = await auditRowsOf(t.db, 'national_programme.create', e.id);
      expect(audit?.details).toMatchObject({ stateIso2: 'NG', kind: 'strategy' });
    });

    it('refuses a state that is not one of the 54, a malformed code and a request received in the future', async () => {
      const before = await engagementCount();
      const notMember = expectError(
        await officer.post(`${BASE}/engagements`, { stateIso2: 'FR', title: { en: 'x' }, kind: 'strategy' }),
        422,
        'RULE_VIOLATION',
      );
      expect(notMember.rule).toBe('reference.state_unknown');
      expectError(
        await officer.post(`${BASE}/engagements`, { stateIso2: 'ng', title: { en: 'x' }, kind: 'strategy' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await officer.post(`${BASE}/engagements`, { stateIso2: 'NG', title: {}, kind: 'strategy' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await officer.post(`${BASE}/engagements`, { stateIso2: 'NG', title: { en: 'x' }, kind: 'manifesto' }),
        400,
        'VALIDATION_FAILED',
      );
      const future = expectError(
        await officer.post(`${BASE}/engagements`, {
          stateIso2: 'NG',
          title: { en: 'x' },
          kind: 'strategy',
          requestedOn: inDays(30),
        }),
        422,
        'RULE_VIOLATION',
      );
      expect(future.rule).toBe('national_programme.actual_dates_not_in_future');
      expect(await engagementCount()).toBe(before);
    });
  });

  describe('stages', () => {
    let e: Engagement;
    beforeAll(async () => {
      e = await open('SN', { kind: 'action_plan' });
    });

    it('refuses a stage started before the previous one has started, or earlier than it', async () => {
      await refusedStage(
        stageOf(e, 'assessment').id,
        { actualStart: '2024-05-02' },
        'national_programme.stage_starts_after_previous',
      );
      e = await okStage(stageOf(e, 'request').id, { actualStart: '2024-05-01' });
      await refusedStage(
        stageOf(e, 'assessment').id,
        { actualStart: '2024-04-30' },
        'national_programme.stage_starts_after_previous',
      );
      e = await okStage(stageOf(e, 'assessment').id, { actualStart: '2024-05-01' });
      expect(e.currentStage).toEqual({ kind: 'assessment', sequence: 1, progress: 'in_progress' });
      // Taking the start away from a stage a later one depends on breaks the same rule.
      await refusedStage(stageOf(e, 'request').id, { actualStart: null }, 'national_programme.stage_starts_after_previous');
    });

    it('refuses an end before the start, an end without a start, and actual dates in the future', async () => {
      await refusedStage(stageOf(e, 'request').id, { actualEnd: '2024-04-01' }, 'national_programme.actual_end_after_start');
      await refusedStage(stageOf(e, 'validation').id, { actualEnd: '2024-04-01' }, 'national_programme.actual_end_needs_start');
      await refusedStage(
        stageOf(e, 'validation').id,
        { plannedStart: '2025-03-01', plannedEnd: '2025-02-01' },
        'national_programme.planned_end_after_start',
      );
      await refusedStage(stageOf(e, 'request').id, { actualEnd: inDays(20) }, 'national_programme.actual_dates_not_in_future');
      // Planned dates may lie ahead.
      e = await okStage(stageOf(e, 'validation').id, { plannedStart: inDays(100), plannedEnd: inDays(110) });
      expect(stageOf(e, 'validation')).toMatchObject({ plannedStart: inDays(100), behindPlan: false });
    });

    it('refuses a stage completed before the previous one is', async () => {
      await refusedStage(
        stageOf(e, 'assessment').id,
        { actualEnd: '2024-06-01' },
        'national_programme.stage_completes_after_previous',
      );
      e = await okStage(stageOf(e, 'request').id, { actualEnd: '2024-05-10' });
      await refusedStage(
        stageOf(e, 'assessment').id,
        { actualEnd: '2024-05-09' },
        'national_programme.stage_completes_after_previous',
      );
      e = await okStage(stageOf(e, 'assessment').id, { actualEnd: '2024-06-01' });
      expect(stageOf(e, 'assessment').progress).toBe('completed');
    });

    it('names office staff and national counterparts responsible; only active office staff may be named', async () => {
      const stage = stageOf(e, 'drafting_workshop');
      await refusedStage(stage.id, { staffIds: [focalNgId] }, 'national_programme.responsible_is_office_staff');
      e = await okStage(stage.id, {
        staffIds: [officerId, trainerId],
        counterparts: [
          { name: 'Awa Diop', function: 'National CT coordinator', organisation: 'Comité national' },
          { name: 'Moussa Fall', function: '' },
        ],
        notes: 'Two-day workshop in Dakar',
      });
      const updated = stageOf(e, 'drafting_workshop');
      expect(updated.staff.map((s) => s.id).sort()).toEqual([officerId, trainerId].sort());
      expect(updated.counterparts).toEqual([
        { name: 'Awa Diop', function: 'National CT coordinator', organisation: 'Comité national' },
        { name: 'Moussa Fall', function: null, organisation: null },
      ]);
      expectError(await patchStage(stage.id, { counterparts: [{ name: '' }] }), 400, 'VALIDATION_FAILED');
      expectError(await patchStage(stage.id, {}), 400, 'VALIDATION_FAILED');
      expectError(await patchStage(stage.id, { actualStart: '1 May' }), 400, 'VALIDATION_FAILED');
    });

    it('skips a stage that does not apply (not the request), and a skipped stage carries no actual dates', async () => {
      const other = await open('ML', { requestedOn: '2023-01-05' });
      const request = stageOf(other, 'request');
      const assessment = stageOf(other, 'assessment');
      await refusedStage(request.id, { skipped: true }, 'national_programme.request_not_skipped');
      await refusedStage(assessment.id, { skipped: true, actualStart: '2023-02-01' }, 'national_programme.skipped_stage_undated');
      let updated = await okStage(assessment.id, { skipped: true });
      updated = await okStage(stageOf(updated, 'drafting_workshop').id, { actualStart: '2023-03-01' });
      expect(stageOf(updated, 'assessment').progress).toBe('skipped');
      expect(updated.currentStage).toEqual({ kind: 'drafting_workshop', sequence: 1, progress: 'in_progress' });
      // Un-skipping it would leave the workshop started before the assessment.
      await refusedStage(assessment.id, { skipped: false }, 'national_programme.stage_starts_after_previous');
    });

    it('answers 404 for an unknown stage and 400 for a malformed id', async () => {
      expectError(await patchStage('00000000-0000-4000-8000-000000000000', { notes: 'x' }), 404, 'NOT_FOUND');
      expectError(await patchStage('not-an-id', { notes: 'x' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('drafting workshops', () => {
    it('adds further workshops after the last one and removes an empty one, renumbering the rest', async () => {
      let e = await open('TD', { requestedOn: '2024-01-08' });
      e = await okStage(stageOf(e, 'request').id, { actualEnd: '2024-01-20' });
      e = await okStage(stageOf(e, 'assessment').id, { actualStart: '2024-02-01', actualEnd: '2024-03-01' });
      e = await okStage(stageOf(e, 'drafting_workshop').id, { actualStart: '2024-04-01', actualEnd: '2024-04-03' });
      const added = await officer.post(`${BASE}/engagements/${e.id}/workshops`, {
        plannedStart: inDays(40),
        plannedEnd: inDays(42),
        staffIds: [officerId],
      });
      expect(added.statusCode, added.body).toBe(201);
      e = added.json();
      const third = await officer.post(`${BASE}/engagements/${e.id}/workshops`, { plannedStart: inDays(80) });
      expect(third.statusCode, third.body).toBe(201);
      e = third.json();
      expect(e.stages.filter((s) => s.kind === 'drafting_workshop').map((s) => s.sequence)).toEqual([1, 2, 3]);
      expect(stageOf(e, 'drafting_workshop', 2).staff.map((s) => s.id)).toEqual([officerId]);

      const second = stageOf(e, 'drafting_workshop', 2);
      const thirdPlanned = stageOf(e, 'drafting_workshop', 3).plannedStart;
      const removed = await officer.delete(`${BASE}/stages/${second.id}`);
      expect(removed.statusCode, removed.body).toBe(200);
      e = removed.json();
      expect(e.stages.filter((s) => s.kind === 'drafting_workshop').map((s) => [s.sequence, s.plannedStart])).toEqual([
        [1, null],
        [2, thirdPlanned],
      ]);
      expect((await auditRowsOf(t.db, 'national_programme.stage.remove', second.id)).length).toBe(1);

      // The six stages stay; a workshop with actual dates is kept; the last workshop is kept.
      const request = expectError(await officer.delete(`${BASE}/stages/${stageOf(e, 'request').id}`), 422, 'RULE_VIOLATION');
      expect(request.rule).toBe('national_programme.only_extra_workshops_removed');
      const held = expectError(
        await officer.delete(`${BASE}/stages/${stageOf(e, 'drafting_workshop', 1).id}`),
        422,
        'RULE_VIOLATION',
      );
      expect(held.rule).toBe('national_programme.removed_stage_is_empty');
      expect((await officer.delete(`${BASE}/stages/${stageOf(e, 'drafting_workshop', 2).id}`)).statusCode).toBe(200);
      const last = expectError(
        await officer.delete(`${BASE}/stages/${stageOf(e, 'drafting_workshop', 1).id}`),
        422,
        'RULE_VIOLATION',
      );
      expect(last.rule).toBe('national_programme.only_extra_workshops_removed');
    });

    it('refuses a workshop added after validation has started, unless it happened before', async () => {
      let e = await open('NE', { requestedOn: '2023-01-09' });
      for (const [kind, start, end] of [
        ['request', '2023-01-09', '2023-01-20'],
        ['assessment', '2023-02-01', '2023-03-01'],
        ['drafting_workshop', '2023-04-01', '2023-04-05'],
        ['validation', '2023-06-01', null],
      ] as const) {
        e = await okStage(stageOf(e, kind).id, { actualStart: start, actualEnd: end });
      }
      const stages = await t.db.select({ n: count() }).from(nationalProgrammeStages);
      const refused = expectError(
        await officer.post(`${BASE}/engagements/${e.id}/workshops`, { plannedStart: inDays(10) }),
        422,
        'RULE_VIOLATION',
      );
      expect(refused.rule).toBe('national_programme.stage_starts_after_previous');
      expect(await t.db.select({ n: count() }).from(nationalProgrammeStages)).toEqual(stages);
      const held = await officer.post(`${BASE}/engagements/${e.id}/workshops`, {
        actualStart: '2023-05-02',
        actualEnd: '2023-05-04',
      });
      expect(held.statusCode, held.body).toBe(201);
    });
  });

  describe('coverage', () => {
    it('records the resolutions and pillars the programme covers, as a whole and per part', async () => {
      const e = await open('KE');
      const res = await officer.put(`${BASE}/engagements/${e.id}/coverage`, {
        resolutions: [1373, 2178, 1373],
        pillars: ['II', 'IV'],
        parts: [
          { title: { en: 'Prevention', ar: 'الوقاية' }, resolutions: [1624], pillars: ['I'] },
          { title: { fr: 'Financement du terrorisme' }, resolutions: [2462, 1373], pillars: ['II'] },
        ],
      });
      expect(res.statusCode, res.body).toBe(200);
      const coverage = (res.json() as Engagement).coverage;
      expect(coverage.resolutions.sort()).toEqual([1373, 2178]);
      expect(coverage.pillars).toEqual(['II', 'IV']);
      expect(coverage.parts.map((p) => [p.title.text, p.resolutions, p.pillars])).toEqual([
        ['Prevention', [1624], ['I']],
        ['Financement du terrorisme', [1373, 2462], ['II']],
      ]);
      expect(coverage.covered).toEqual({ resolutions: [1373, 1624, 2178, 2462], pillars: ['I', 'II', 'IV'] });
      const [audit] = await auditRowsOf(t.db, 'national_programme.coverage', e.id);
      expect(audit?.details).toMatchObject({ resolutions: [1373, 2178], pillars: ['II', 'IV'] });
    });

    it('refuses resolutions and pillars that are not in the reference lists, changing nothing', async () => {
      const e = await open('UG');
      expect(
        (await officer.put(`${BASE}/engagements/${e.id}/coverage`, { resolutions: [1373], pillars: ['I'] })).statusCode,
      ).toBe(200);
      const rows = async () =>
        t.db
          .select({ n: nationalProgrammeResolutionCoverage.resolutionNumber })
          .from(nationalProgrammeResolutionCoverage)
          .where(eq(nationalProgrammeResolutionCoverage.engagementId, e.id));
      const resolution = expectError(
        await officer.put(`${BASE}/engagements/${e.id}/coverage`, { resolutions: [2178, 9999], pillars: [] }),
        422,
        'RULE_VIOLATION',
      );
      expect(resolution.rule).toBe('reference.resolution_unknown');
      expect(resolution.message).toContain('9999');
      const pillar = expectError(
        await officer.put(`${BASE}/engagements/${e.id}/coverage`, {
          resolutions: [],
          pillars: [],
          parts: [{ title: { en: 'Part' }, resolutions: [], pillars: ['V'] }],
        }),
        422,
        'RULE_VIOLATION',
      );
      expect(pillar.rule).toBe('reference.pillar_unknown');
      expect(await rows()).toEqual([{ n: 1373 }]);
      expectError(await officer.put(`${BASE}/engagements/${e.id}/coverage`, { resolutions: ['1373'] }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('status', () => {
    it('closes an engagement as completed only once adopted, and keeps adoption while completed', async () => {
      let e = await open('MR', { requestedOn: '2022-01-10' });
      const early = expectError(
        await officer.patch(`${BASE}/engagements/${e.id}`, { status: 'completed' }),
        422,
        'RULE_VIOLATION',
      );
      expect(early.rule).toBe('national_programme.completed_needs_adoption');
      e = await adopt(e);
      expect(e.adoptedOn).toBe('2023-01-15');
      expect(e.currentStage).toEqual({ kind: 'implementation', sequence: 1, progress: 'in_progress' });
      const done = await officer.patch(`${BASE}/engagements/${e.id}`, { status: 'completed', title: { en: 'Adopted strategy' } });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'completed', title: { text: 'Adopted strategy' } });
      const [audit] = await auditRowsOf(t.db, 'national_programme.update', e.id);
      expect(audit?.details).toMatchObject({ from: 'active', to: 'completed' });
      // The adoption cannot be undone while the engagement is completed.
      await refusedStage(stageOf(e, 'adoption').id, { actualEnd: null }, 'national_programme.completed_needs_adoption');
      expectError(await officer.patch(`${BASE}/engagements/${e.id}`, { status: 'finished' }), 400, 'VALIDATION_FAILED');
      expectError(await officer.patch(`${BASE}/engagements/${e.id}`, { stateIso2: 'GH' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('documents', () => {
    let e: Engagement;
    let stageId: string;
    const storedCount = async () => Number((await t.db.select({ n: count() }).from(storedFiles))[0]?.n ?? 0);
    const upload = (id: string, file: Parameters<typeof multipart>[0], fields: Record<string, string> = {}, as = officer) =>
      as.request({ method: 'POST', url: `${BASE}/stages/${id}/documents`, ...multipart(file, fields) });

    beforeAll(async () => {
      e = await open('NG', { requestedOn: '2025-02-03' });
      stageId = stageOf(e, 'request').id;
    });

    it('attaches a document to a stage, which officers and the state’s focal point may download', async () => {
      const content = Buffer.from('Demande d’appui — stratégie nationale\n', 'utf8');
      const res = await upload(stageId, { name: 'demande-appui.txt', type: 'text/plain', content }, { language: 'fr' });
      expect(res.statusCode, res.body).toBe(201);
      const [document] = stageOf(res.json(), 'request').documents;
      expect(document).toMatchObject({
        name: 'demande-appui.txt',
        mediaType: 'text/plain',
        size: content.length,
        language: 'fr',
      });
      for (const reader of [officer, me, focalNg]) {
        const download = await reader.get(`${BASE}/documents/${document?.id}`);
        expect(download.statusCode, download.body).toBe(200);
        expect(download.rawPayload.equals(content)).toBe(true);
        expect(download.headers['content-disposition']).toMatch(/^attachment; filename="demande-appui.txt"/);
        expect(download.headers['x-content-type-options']).toBe('nosniff');
      }
      expect((await auditRowsOf(t.db, 'national_programme.document.download', document?.id)).length).toBe(3);
      // Another state's focal point does not learn it exists.
      expectError(await focalGh.get(`${BASE}/documents/${document?.id}`), 404, 'NOT_FOUND');
      expectError(await partner.get(`${BASE}/documents/${document?.id}`), 403, 'FORBIDDEN');
    });

    it('refuses a missing file, a kind not accepted, a bad language and a focal point’s upload, storing nothing', async () => {
      const before = await storedCount();
      expectError(await upload(stageId, null, { language: 'fr' }), 400, 'VALIDATION_FAILED');
      expectError(
        await upload(stageId, { name: 'page.html', type: 'text/html', content: Buffer.from('<script>x</script>') }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(
        await upload(stageId, { name: 'fake.pdf', type: 'application/pdf', content: Buffer.from('not a pdf') }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(
        await upload(stageId, { name: 'a.txt', type: 'text/plain', content: Buffer.from('x') }, { language: 'de' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await upload(stageId, { name: 'a.txt', type: 'text/plain', content: Buffer.from('x') }, {}, focalNg),
        403,
        'FORBIDDEN',
      );
      expectError(
        await upload('00000000-0000-4000-8000-000000000000', { name: 'a.txt', type: 'text/plain', content: Buffer.from('x') }),
        404,
        'NOT_FOUND',
      );
      expectError(await officer.post(`${BASE}/stages/${stageId}/documents`, {}), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await storedCount()).toBe(before);
    });

    it('removes a document with its stored file; a workshop holding documents is not removed', async () => {
      const added = await officer.post(`${BASE}/engagements/${e.id}/workshops`, { plannedStart: inDays(30) });
      const workshop = stageOf(added.json(), 'drafting_workshop', 2);
      const res = await upload(workshop.id, { name: 'draft.md', type: 'text/markdown', content: Buffer.from('# Draft\n') });
      expect(res.statusCode, res.body).toBe(201);
      const document = stageOf(res.json(), 'drafting_workshop', 2).documents[0];
      const refused = expectError(await officer.delete(`${BASE}/stages/${workshop.id}`), 422, 'RULE_VIOLATION');
      expect(refused.rule).toBe('national_programme.removed_stage_is_empty');
      const before = await storedCount();
      const removed = await officer.delete(`${BASE}/documents/${document?.id}`);
      expect(removed.statusCode, removed.body).toBe(200);
      expect(stageOf(removed.json(), 'drafting_workshop', 2).documents).toEqual([]);
      expect(await storedCount()).toBe(before - 1);
      expect(
        await t.db
          .select()
          .from(nationalProgrammeDocuments)
          .where(eq(nationalProgrammeDocuments.id, document?.id ?? '')),
      ).toEqual([]);
      expectError(await officer.get(`${BASE}/documents/${document?.id}`), 404, 'NOT_FOUND');
      expect((await officer.delete(`${BASE}/stages/${workshop.id}`)).statusCode).toBe(200);
    });
  });

  describe('who sees what', () => {
    let ng: Engagement;
    let gh: Engagement;
    beforeAll(async () => {
      ng = await open('NG', { requestedOn: '2021-05-03' });
      ng = await okStage(stageOf(ng, 'request').id, {
        counterparts: [{ name: 'Ngozi Adeyemi', function: 'Director, CT Centre', organisation: 'ONSA' }],
      });
      gh = await open('GH', { requestedOn: '2021-06-07' });
      gh = await okStage(stageOf(gh, 'request').id, { counterparts: [{ name: 'Kwame Boateng' }] });
    });

    it('a focal point reads their own state’s engagements, with counterparts, and the read is recorded', async () => {
      const res = await focalNg.get(`${BASE}/states/ng`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { stateIso2: string; engagements: Engagement[] };
      expect(body.stateIso2).toBe('NG');
      expect(body.engagements.every((x) => x.stateIso2 === 'NG')).toBe(true);
      expect(body.engagements.map((x) => x.id)).toContain(ng.id);
      expect(JSON.stringify(body)).toContain('Ngozi Adeyemi');
      expect(JSON.stringify(body)).not.toContain('Kwame Boateng');
      expect((await auditRowsOf(t.db, 'national_programme.read', ng.id)).length).toBeGreaterThan(0);
      expect((await focalNg.get(`${BASE}/engagements/${ng.id}`)).statusCode).toBe(200);
    });

    it('a focal point neither reads nor changes another state’s, and changes nothing of their own', async () => {
      expectError(await focalNg.get(`${BASE}/states/GH`), 404, 'NOT_FOUND');
      expectError(await focalNg.get(`${BASE}/engagements/${gh.id}`), 404, 'NOT_FOUND');
      expectError(await focalGh.get(`${BASE}/engagements/${ng.id}`), 404, 'NOT_FOUND');
      expectError(await patchStage(stageOf(ng, 'request').id, { notes: 'x' }, focalNg), 403, 'FORBIDDEN');
      expectError(await focalNg.patch(`${BASE}/engagements/${ng.id}`, { notes: 'x' }), 403, 'FORBIDDEN');
      expectError(await focalNg.get(`${BASE}/overview`), 403, 'FORBIDDEN');
    });

    it('the M&E officer reads every state but writes nothing; a partner sees the overview only', async () => {
      expect((await me.get(`${BASE}/states/GH`)).statusCode).toBe(200);
      expect((await me.get(`${BASE}/engagements/${ng.id}`)).statusCode).toBe(200);
      expectError(await me.patch(`${BASE}/engagements/${ng.id}`, { notes: 'x' }), 403, 'FORBIDDEN');
      expectError(await partner.get(`${BASE}/states/NG`), 403, 'FORBIDDEN');
      expectError(await partner.get(`${BASE}/engagements/${ng.id}`), 403, 'FORBIDDEN');
      const overview = await partner.get(`${BASE}/overview`);
      expect(overview.statusCode, overview.body).toBe(200);
      const text = overview.body;
      for (const name of ['Ngozi Adeyemi', 'Kwame Boateng', 'Awa Diop', 'Youssef El Idrissi', 'Rachid Ouazzani']) {
        expect(text).not.toContain(name);
      }
    });

    it('unknown states and engagements are 404; every state of the 54 answers', async () => {
      expectError(await officer.get(`${BASE}/states/FR`), 404, 'NOT_FOUND');
      expectError(await officer.get(`${BASE}/states/NGA`), 400, 'VALIDATION_FAILED');
      expectError(await officer.get(`${BASE}/engagements/00000000-0000-4000-8000-000000000000`), 404, 'NOT_FOUND');
      const empty = await officer.get(`${BASE}/states/ZW`);
      expect(empty.json()).toEqual({ stateIso2: 'ZW', engagements: [] });
    });
  });

  describe('overview', () => {
    it('lists every engagement with its current stage, coverage counts and adoption, and filters them', async () => {
      const adopted = await adopt(await open('BF'));
      await officer.put(`${BASE}/engagements/${adopted.id}/coverage`, {
        resolutions: [1373, 2178],
        pillars: ['I'],
        parts: [{ title: { en: 'Chapter 1' }, resolutions: [2178, 2396], pillars: ['II', 'I'] }],
      });
      const res = await officer.get(`${BASE}/overview`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as {
        summary: Record<string, unknown> & { byCurrentStage: Record<string, number> };
        items: (Record<string, unknown> & { id: string; stateIso2: string; currentStage: { kind: string } | null })[];
      };
      const engagements = await engagementCount();
      expect(body.items).toHaveLength(engagements);
      const item = body.items.find((i) => i.id === adopted.id);
      expect(item).toMatchObject({
        stateIso2: 'BF',
        currentStage: { kind: 'implementation', sequence: 1, progress: 'in_progress' },
        resolutionsCovered: 3,
        pillarsCovered: 2,
        adoptedOn: '2023-01-15',
        requestedOn: '2022-01-10',
      });
      const states = new Set(body.items.map((i) => i.stateIso2));
      const adoptedStrategies = new Set(body.items.filter((i) => i.kind === 'strategy' && i.adoptedOn).map((i) => i.stateIso2));
      expect(body.summary).toMatchObject({
        statesEngaged: states.size,
        engagements,
        statesWithAdoptedStrategy: adoptedStrategies.size,
      });
      expect(adoptedStrategies.has('BF')).toBe(true);
      expect(Object.values(body.summary.byCurrentStage).reduce((a, b) => a + b, 0)).toBe(engagements);

      const implementing = (await officer.get(`${BASE}/overview?stage=implementation`)).json().items as { id: string }[];
      expect(implementing.map((i) => i.id)).toContain(adopted.id);
      expect(implementing).toHaveLength(body.summary.byCurrentStage.implementation ?? -1);
      const notAdopted = (await officer.get(`${BASE}/overview?adopted=false`)).json().items as { adoptedOn: string | null }[];
      expect(notAdopted.length).toBeGreaterThan(0);
      expect(notAdopted.every((i) => i.adoptedOn === null)).toBe(true);
      const plans = (await officer.get(`${BASE}/overview?kind=action_plan`)).json().items as { kind: string }[];
      expect(plans.length).toBeGreaterThan(0);
      expect(plans.every((i) => i.kind === 'action_plan')).toBe(true);
      expectError(await officer.get(`${BASE}/overview?stage=drafting`), 400, 'VALIDATION_FAILED');
      expectError(await officer.get(`${BASE}/overview?adopted=yes`), 400, 'VALIDATION_FAILED');
    });
  });
});

describe(`the demo national programmes (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('are seeded through the rules, once: eight states, adopted strategies, the timelines focal points see', async () => {
    expect(await seedDemoNationalProgrammes(t.db, systemActor('system:seed', t.keys))).toBe(nationalProgrammeSpecs.length);
    expect(await seedDemoNationalProgrammes(t.db, systemActor('system:seed', t.keys))).toBe(0);
    const overview = await (await t.as('partner')).get(`${BASE}/overview`);
    expect(overview.statusCode, overview.body).toBe(200);
    expect(overview.json().summary).toMatchObject({
      statesEngaged: 8,
      engagements: nationalProgrammeSpecs.length,
      statesWithAdoptedStrategy: 2,
      statesWithAdoptedActionPlan: 1,
    });
    const nigeria = await (await t.as('focal_point')).get(`${BASE}/states/NG`);
    const engagements = nigeria.json().engagements as Engagement[];
    expect(engagements.map((e) => [e.kind, e.currentStage?.kind])).toEqual([
      ['strategy', 'implementation'],
      ['action_plan', 'drafting_workshop'],
    ]);
    expect(engagements[0]?.adoptedOn).toBe('2022-10-12');
    expect(engagements[0]?.coverage.parts).toHaveLength(4);
    expect(stageDocuments(engagements[0])).toEqual(['request-letter-ONSA-2021.txt', 'national-ct-strategy-summary.md']);
  }, 120_000); // some sixty writes, each through the rules and the audit chain
});

const stageDocuments = (e: Engagement | undefined) => (e?.stages ?? []).flatMap((s) => s.documents.map((d) => d.name));
