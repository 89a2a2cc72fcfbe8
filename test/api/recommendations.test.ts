import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencies,
  meetingEditions,
  organisations,
  recommendationActionEvents,
  recommendationActionEvidence,
  recommendationActions,
  recommendations,
} from '../../server/db/schema';
import { FOLLOW_THROUGH_DEFINITION, followThrough, twelveMonthsAfter } from '../../server/modules/recommendations/service';
import { dayFromToday } from './delivery-fixtures';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, detailPaths, expectError, login } from './support';

type Owner = {
  kind: string;
  stateIso2: string | null;
  agencyId: string | null;
  organisationId: string | null;
  name: string | null;
};
type Link = { id: string; edition: { number: number }; recommendationNumber?: number; number?: number };
type Action = {
  id: string;
  recommendation: { id: string; number: number; edition: { id: string; number: number } };
  description: { text: string };
  owner: Owner;
  dueDate: string;
  status: string;
  dropReason: string | null;
  completedOn: string | null;
  overdue: boolean;
  doneLate: boolean;
  carriedFrom: Link | null;
  carriedTo: Link | null;
  evidenceCount: number;
  allowedTransitions: string[];
  can: { edit: boolean; addEvidence: boolean };
  history?: {
    actionId: string;
    edition: { number: number };
    kind: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    completedOn: string | null;
    changes: { field: string; before: string | null; after: string | null }[];
    linked: Link | null;
    by: string | null;
    at: string;
  }[];
  evidence?: {
    id: string;
    actionId: string;
    kind: string;
    text: string | null;
    url: string | null;
    file: { name: string; mediaType: string; size: number } | null;
    addedBy: string | null;
    addedAt: string;
  }[];
};
type Recommendation = {
  id: string;
  edition: { id: string; number: number };
  number: number;
  text: { text: string; lang: string; values: Record<string, string> };
  pillars: string[];
  resolutions: number[];
  carriedFrom: Link | null;
  carriedTo: Link | null;
  actionCounts: Record<string, number>;
  actions: Action[];
  can: { carry: boolean };
  nextEdition: { number: number } | null;
};

/**
 * A recent edition (a month ago), so that its default due date (twelve months after its end) is
 * ahead whatever day the tests run; past editions are fixed dates whose due dates have passed.
 */
const START = dayFromToday(-30);
const END = dayFromToday(-28);
const DUE = twelveMonthsAfter(END);
const EARLY_DUE = dayFromToday(100);
const LATER_DUE = dayFromToday(200);
const DONE_ON = dayFromToday(-5);

/** The value, which the test needs to be there. */
function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

/** A multipart/form-data body with a note and one file, as a browser sends it. */
function multipart(file: { name: string; type: string; content: Buffer }, note?: string) {
  const boundary = `----tadrib${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(note === undefined ? '' : `--${boundary}\r\ncontent-disposition: form-data; name="note"\r\n\r\n${note}\r\n`),
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe(`recommendations and actions (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let me: Client;
  let focalNg: Client;
  let focalSn: Client;
  let partner: Client;
  let ngAgencyId: string;
  let ghAgencyId: string;
  let organisationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    me = await t.as('me_officer');
    focalNg = await t.as('focal_point');
    partner = await t.as('partner');
    const sn = await createUser(await t.as('admin'), { role: 'focal_point', stateIso2: 'SN' });
    focalSn = (await login(t, sn.email, sn.password)).client;
    const [ng] = await t.db
      .insert(agencies)
      .values({ stateIso2: 'NG', name: 'National Counter-Terrorism Centre (test)', type: 'ct_coordination_body' })
      .returning();
    const [gh] = await t.db
      .insert(agencies)
      .values({ stateIso2: 'GH', name: 'Ghana Police Service (test)', type: 'police' })
      .returning();
    const [org] = await t.db
      .insert(organisations)
      .values({ name: 'United Nations Office on Drugs and Crime (test)', acronym: 'UNODC-T', kind: 'un_entity' })
      .returning();
    ngAgencyId = must(ng).id;
    ghAgencyId = must(gh).id;
    organisationId = must(org).id;
  });
  afterAll(async () => t.close());

  let editionNumber = 100;
  const nextEditionNumber = () => {
    editionNumber += 1;
    return editionNumber;
  };
  /** An edition written straight into the table (the meetings module is tested on its own). */
  async function edition(startDate: string, endDate: string, number = nextEditionNumber()) {
    const [row] = await t.db
      .insert(meetingEditions)
      .values({ number, startDate, endDate, city: 'Rabat', countryIso2: 'MA', theme: { en: `Edition ${number}` } })
      .returning();
    return must(row);
  }

  const actionCount = async () => Number((await t.db.select({ n: count() }).from(recommendationActions))[0]?.n ?? 0);
  const recommendationCount = async () => Number((await t.db.select({ n: count() }).from(recommendations))[0]?.n ?? 0);
  const eventCount = async (actionId: string) =>
    Number(
      (
        await t.db
          .select({ n: count() })
          .from(recommendationActionEvents)
          .where(eq(recommendationActionEvents.actionId, actionId))
      )[0]?.n ?? 0,
    );
  const evidenceCount = async (actionId: string) =>
    Number(
      (
        await t.db
          .select({ n: count() })
          .from(recommendationActionEvidence)
          .where(eq(recommendationActionEvidence.actionId, actionId))
      )[0]?.n ?? 0,
    );
  const actionRow = async (id: string) =>
    (await t.db.select().from(recommendationActions).where(eq(recommendationActions.id, id)))[0];

  async function recommend(editionId: string, actions: unknown[] = [], extra: Record<string, unknown> = {}) {
    const res = await officer.post('/api/recommendations', {
      editionId,
      text: { en: 'Establish national fusion cells', fr: 'Créer des cellules de fusion nationales' },
      actions,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Recommendation;
  }

  async function setStatus(client: Client, id: string, body: Record<string, unknown>) {
    const res = await client.post(`/api/recommendation-actions/${id}/status`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Action;
  }

  /** Expects a 422 naming `rule`, and nothing changed in the tables given. */
  async function expectRule(response: Promise<LightMyRequestResponse>, rule: string, path?: string) {
    const err = expectError(await response, 422, 'RULE_VIOLATION');
    expect(err.rule).toBe(rule);
    if (path) expect(detailPaths(err)).toEqual([path]);
  }

  describe('recording recommendations and actions', () => {
    it('records a recommendation in several languages with pillars, resolutions and actions; due dates default to twelve months after the edition', async () => {
      const e = await edition(START, END);
      const res = await officer.post('/api/recommendations', {
        editionId: e.id,
        text: { en: 'Share watch lists', fr: 'Partager les listes de surveillance', ar: 'تبادل قوائم المراقبة', pt: '' },
        pillars: ['IV', 'II'],
        resolutions: [2396, 1373, 2396],
        actions: [
          { description: { en: 'Connect to the INTERPOL databases' }, owner: { stateIso2: 'NG' } },
          { description: { fr: 'Former les analystes' }, owner: { agencyId: ngAgencyId }, dueDate: EARLY_DUE },
          { description: { en: 'Organise a regional workshop' }, owner: { office: true } },
          { description: { en: 'Provide experts' }, owner: { organisationId } },
        ],
      });
      expect(res.statusCode, res.body).toBe(201);
      const rec = res.json() as Recommendation;
      expect(rec).toMatchObject({
        number: 1,
        pillars: ['II', 'IV'],
        resolutions: [1373, 2396],
        text: { text: 'Share watch lists', lang: 'en' },
        carriedFrom: null,
        carriedTo: null,
        actionCounts: { total: 4, planned: 4, overdue: 0 },
      });
      expect(rec.text.values).toEqual({
        en: 'Share watch lists',
        fr: 'Partager les listes de surveillance',
        ar: 'تبادل قوائم المراقبة',
      });
      expect(rec.actions.map((a) => [a.owner.kind, a.dueDate, a.status])).toEqual([
        ['state', DUE, 'planned'],
        ['agency', EARLY_DUE, 'planned'],
        ['office', DUE, 'planned'],
        ['organisation', DUE, 'planned'],
      ]);
      expect(rec.actions[1]?.owner).toMatchObject({
        stateIso2: 'NG',
        agencyId: ngAgencyId,
        name: 'National Counter-Terrorism Centre (test)',
      });
      expect(rec.actions[3]?.owner).toMatchObject({
        stateIso2: null,
        organisationId,
        name: 'United Nations Office on Drugs and Crime (test)',
      });
      expect((await auditRowsOf(t.db, 'recommendation.create', rec.id)).length).toBe(1);
      for (const a of rec.actions) expect((await auditRowsOf(t.db, 'recommendation_action.create', a.id)).length).toBe(1);

      const second = await recommend(e.id);
      expect(second.number).toBe(2);
      const detail = await officer.get(`/api/recommendation-actions/${rec.actions[0]?.id}`);
      expect(detail.statusCode, detail.body).toBe(200);
      expect((detail.json() as Action).history).toEqual([
        expect.objectContaining({ kind: 'created', fromStatus: null, toStatus: 'planned', by: 'Youssef El Idrissi' }),
      ]);
    });

    it('twelve months after 29 February is 28 February', () => {
      expect(twelveMonthsAfter('2024-02-29')).toBe('2025-02-28');
      expect(twelveMonthsAfter('2027-02-28')).toBe('2028-02-28');
      expect(twelveMonthsAfter('2025-12-31')).toBe('2026-12-31');
    });

    it.each([
      ['no owner', { description: { en: 'x' } }, 'recommendation.owner_required', 'owner'],
      ['a null owner', { description: { en: 'x' }, owner: null }, 'recommendation.owner_required', 'owner'],
      ['an empty owner', { description: { en: 'x' }, owner: {} }, 'recommendation.owner_required', 'owner'],
      [
        'two owners',
        { description: { en: 'x' }, owner: { stateIso2: 'NG', office: true } },
        'recommendation.one_owner_only',
        'owner',
      ],
      [
        'a state that is not a member',
        { description: { en: 'x' }, owner: { stateIso2: 'FR' } },
        'reference.state_unknown',
        'owner.stateIso2',
      ],
      [
        'no due date',
        { description: { en: 'x' }, owner: { stateIso2: 'NG' }, dueDate: null },
        'recommendation.due_date_required',
        'dueDate',
      ],
      [
        'a due date before the edition',
        { description: { en: 'x' }, owner: { stateIso2: 'NG' }, dueDate: dayFromToday(-400) },
        'recommendation.due_date_before_edition',
        'dueDate',
      ],
    ])('refuses an action with %s (422 %s) and changes nothing', async (_, body, rule, path) => {
      const e = await edition(START, END);
      const rec = await recommend(e.id);
      const before = await actionCount();
      await expectRule(officer.post(`/api/recommendations/${rec.id}/actions`, body), rule, path);
      // The same action inside a new recommendation: neither the recommendation nor any action is written.
      const recommendationsBefore = await recommendationCount();
      await expectRule(
        officer.post('/api/recommendations', {
          editionId: e.id,
          text: { en: 'Another' },
          actions: [{ description: { en: 'fine' }, owner: { office: true } }, body],
        }),
        rule,
        path,
      );
      expect(await actionCount()).toBe(before);
      expect(await recommendationCount()).toBe(recommendationsBefore);
    });

    it('refuses unknown editions, pillars and resolutions, a taken number, and empty text', async () => {
      const e = await edition(START, END);
      await recommend(e.id, [], { number: 7 });
      const before = await recommendationCount();
      await expectRule(
        officer.post('/api/recommendations', { editionId: crypto.randomUUID(), text: { en: 'x' } }),
        'reference.edition_unknown',
      );
      await expectRule(
        officer.post('/api/recommendations', { editionId: e.id, text: { en: 'x' }, pillars: ['V'] }),
        'reference.pillar_unknown',
      );
      await expectRule(
        officer.post('/api/recommendations', { editionId: e.id, text: { en: 'x' }, resolutions: [9999] }),
        'reference.resolution_unknown',
      );
      expectError(await officer.post('/api/recommendations', { editionId: e.id, number: 7, text: { en: 'x' } }), 409, 'CONFLICT');
      expectError(await officer.post('/api/recommendations', { editionId: e.id, text: { en: '  ' } }), 400, 'VALIDATION_FAILED');
      expect(await recommendationCount()).toBe(before);
    });

    it('edits an action’s owner and due date, keeps the change in its history, and refuses to clear them', async () => {
      const e = await edition(START, END);
      const rec = await recommend(e.id, [{ description: { en: 'Adopt a law' }, owner: { stateIso2: 'NG' } }]);
      const id = must(rec.actions[0]).id;
      const res = await officer.patch(`/api/recommendation-actions/${id}`, {
        owner: { stateIso2: 'GH' },
        dueDate: LATER_DUE,
        reason: 'Ghana took the lead',
      });
      expect(res.statusCode, res.body).toBe(200);
      const edited = res.json() as Action;
      expect(edited).toMatchObject({ owner: { kind: 'state', stateIso2: 'GH' }, dueDate: LATER_DUE });
      expect(edited.history?.at(-1)).toMatchObject({
        kind: 'edited',
        reason: 'Ghana took the lead',
        changes: [
          { field: 'owner', before: 'state:NG', after: 'state:GH' },
          { field: 'dueDate', before: DUE, after: LATER_DUE },
        ],
      });
      const events = await eventCount(id);
      await expectRule(officer.patch(`/api/recommendation-actions/${id}`, { owner: null }), 'recommendation.owner_required');
      await expectRule(officer.patch(`/api/recommendation-actions/${id}`, { dueDate: null }), 'recommendation.due_date_required');
      await expectRule(
        officer.patch(`/api/recommendation-actions/${id}`, { owner: { stateIso2: 'NG', agencyId: ngAgencyId } }),
        'recommendation.one_owner_only',
      );
      expect(await actionRow(id)).toMatchObject({ ownerStateIso2: 'GH', dueDate: LATER_DUE });
      expect(await eventCount(id)).toBe(events);
    });
  });

  describe('status changes', () => {
    let editionId: string;
    beforeAll(async () => {
      editionId = (await edition(START, END)).id;
    });

    it('records every change with who, when and why; dropped needs a reason; done records its day', async () => {
      const rec = await recommend(editionId, [{ description: { en: 'Set up a fusion cell' }, owner: { stateIso2: 'NG' } }]);
      const id = must(rec.actions[0]).id;
      const started = await setStatus(focalNg, id, { status: 'in_progress', reason: 'Decree in preparation' });
      expect(started).toMatchObject({ status: 'in_progress', allowedTransitions: ['done', 'dropped'] });

      const events = await eventCount(id);
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'dropped' }),
        'recommendation.dropped_needs_reason',
        'reason',
      );
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'dropped', reason: '   ' }),
        'recommendation.dropped_needs_reason',
      );
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'in_progress' }),
        'recommendation.status_unchanged',
      );
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'done', completedOn: dayFromToday(1) }),
        'recommendation.completion_in_future',
      );
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'done', completedOn: dayFromToday(-31) }),
        'recommendation.completion_before_edition',
      );
      expectError(
        await focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'planned', completedOn: dayFromToday(-5) }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await actionRow(id)).toMatchObject({ status: 'in_progress', dropReason: null, completedOn: null });
      expect(await eventCount(id)).toBe(events);

      const done = await setStatus(focalNg, id, { status: 'done', completedOn: DONE_ON });
      expect(done).toMatchObject({ status: 'done', completedOn: DONE_ON, doneLate: false, allowedTransitions: [] });
      expect(done.history?.map((h) => [h.kind, h.fromStatus, h.toStatus, h.reason, h.by])).toEqual([
        ['created', null, 'planned', null, 'Youssef El Idrissi'],
        ['status', 'planned', 'in_progress', 'Decree in preparation', 'Chinedu Okafor'],
        ['status', 'in_progress', 'done', null, 'Chinedu Okafor'],
      ]);
      expect(done.history?.[2]?.completedOn).toBe(DONE_ON);
      expect((await auditRowsOf(t.db, 'recommendation_action.status', id)).length).toBe(2);
    });

    it('allows only the listed moves; reopening and reinstating are for officers', async () => {
      const rec = await recommend(editionId, [{ description: { en: 'Train prosecutors' }, owner: { stateIso2: 'NG' } }]);
      const id = must(rec.actions[0]).id;
      await setStatus(focalNg, id, { status: 'done' });
      await expectRule(
        officer.post(`/api/recommendation-actions/${id}/status`, { status: 'dropped', reason: 'x' }),
        'recommendation.transition_not_allowed',
      );
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'in_progress' }),
        'recommendation.transition_officers_only',
      );
      expect((await actionRow(id))?.status).toBe('done');
      const reopened = await setStatus(officer, id, { status: 'in_progress', reason: 'The decree was withdrawn' });
      expect(reopened).toMatchObject({ status: 'in_progress', completedOn: null });

      const dropped = await setStatus(focalNg, id, { status: 'dropped', reason: 'Overtaken by the new national strategy' });
      expect(dropped).toMatchObject({ status: 'dropped', dropReason: 'Overtaken by the new national strategy' });
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'planned' }),
        'recommendation.transition_officers_only',
      );
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'done' }),
        'recommendation.transition_not_allowed',
      );
      const reinstated = await setStatus(officer, id, { status: 'planned', reason: 'Back on the agenda' });
      expect(reinstated).toMatchObject({ status: 'planned', dropReason: null });
      expect(reinstated.allowedTransitions).toEqual(['in_progress', 'done', 'dropped']);
    });

    it('an action done after its due date is done late; an open one past it is overdue', async () => {
      const past = await edition('2023-05-10', '2023-05-12');
      const rec = await recommend(past.id, [
        { description: { en: 'late' }, owner: { stateIso2: 'NG' } },
        { description: { en: 'overdue' }, owner: { stateIso2: 'NG' } },
      ]);
      const [late, overdue] = rec.actions as [Action, Action];
      expect(late.dueDate).toBe('2024-05-12');
      expect(overdue.overdue).toBe(true);
      const done = await setStatus(focalNg, late.id, { status: 'done', completedOn: '2024-06-01' });
      expect(done).toMatchObject({ doneLate: true, overdue: false });
      const list = await officer.get(`/api/recommendation-actions?editionId=${past.id}&overdue=true`);
      expect((list.json().items as Action[]).map((a) => a.id)).toEqual([overdue.id]);
    });
  });

  describe('evidence', () => {
    let actionId: string;
    beforeAll(async () => {
      const e = await edition(START, END);
      const rec = await recommend(e.id, [{ description: { en: 'Adopt an action plan' }, owner: { stateIso2: 'NG' } }]);
      actionId = must(rec.actions[0]).id;
    });

    it('takes text, links and files, each with who and when', async () => {
      const text = await focalNg.post(`/api/recommendation-actions/${actionId}/evidence`, {
        kind: 'text',
        text: 'The plan was adopted by the council of ministers.',
      });
      expect(text.statusCode, text.body).toBe(201);
      const link = await focalNg.post(`/api/recommendation-actions/${actionId}/evidence`, {
        kind: 'link',
        url: 'https://example.gov.ng/action-plan',
        text: 'Official gazette',
      });
      expect(link.statusCode, link.body).toBe(201);
      const file = await focalNg.request({
        method: 'POST',
        url: `/api/recommendation-actions/${actionId}/evidence/file`,
        ...multipart({ name: 'décret.pdf', type: 'application/pdf', content: PDF }, 'Signed decree'),
      });
      expect(file.statusCode, file.body).toBe(201);
      const evidence = (file.json() as Action).evidence ?? [];
      expect(evidence.map((e) => [e.kind, e.text, e.url, e.file?.name ?? null, e.addedBy])).toEqual([
        ['text', 'The plan was adopted by the council of ministers.', null, null, 'Chinedu Okafor'],
        ['link', 'Official gazette', 'https://example.gov.ng/action-plan', null, 'Chinedu Okafor'],
        ['file', 'Signed decree', null, 'décret.pdf', 'Chinedu Okafor'],
      ]);
      expect((file.json() as Action).evidenceCount).toBe(3);
      expect((await auditRowsOf(t.db, 'recommendation_action.evidence', actionId)).length).toBe(3);

      const fileId = must(evidence[2]).id;
      const download = await officer.get(`/api/recommendation-evidence/${fileId}/file`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toContain("filename*=UTF-8''d%C3%A9cret.pdf");
      expect(download.rawPayload.equals(PDF)).toBe(true);
      expect((await focalNg.get(`/api/recommendation-evidence/${fileId}/file`)).statusCode).toBe(200);
      expectError(await focalSn.get(`/api/recommendation-evidence/${fileId}/file`), 404, 'NOT_FOUND');
      expectError(await officer.get(`/api/recommendation-evidence/${must(evidence[0]).id}/file`), 404, 'NOT_FOUND');
    });

    it.each([
      ['empty text', { kind: 'text', text: '   ' }, 'recommendation.evidence_empty'],
      ['text without any', { kind: 'text' }, 'recommendation.evidence_empty'],
      ['an empty link', { kind: 'link', url: '' }, 'recommendation.evidence_empty'],
      ['an ftp link', { kind: 'link', url: 'ftp://example.org/file' }, 'recommendation.evidence_link_not_http'],
      ['a script link', { kind: 'link', url: 'javascript:alert(1)' }, 'recommendation.evidence_link_not_http'],
      ['not a link', { kind: 'link', url: 'example.org' }, 'recommendation.evidence_link_not_http'],
    ])('refuses %s (422 %s) and adds nothing', async (_, body, rule) => {
      const before = await evidenceCount(actionId);
      await expectRule(focalNg.post(`/api/recommendation-actions/${actionId}/evidence`, body), rule);
      expect(await evidenceCount(actionId)).toBe(before);
    });

    it('refuses an empty file, a file of a kind not accepted, and a form without a file', async () => {
      const before = await evidenceCount(actionId);
      const url = `/api/recommendation-actions/${actionId}/evidence/file`;
      await expectRule(
        focalNg.request({
          method: 'POST',
          url,
          ...multipart({ name: 'empty.pdf', type: 'application/pdf', content: Buffer.alloc(0) }),
        }),
        'recommendation.evidence_empty',
      );
      expectError(
        await focalNg.request({
          method: 'POST',
          url,
          ...multipart({ name: 'page.html', type: 'text/html', content: Buffer.from('<script>alert(1)</script>') }),
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(await focalNg.post(url, { kind: 'text', text: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await evidenceCount(actionId)).toBe(before);
    });
  });

  describe('scope: a focal point sees and updates their own state’s actions only', () => {
    let ngAction: string;
    let ngAgencyAction: string;
    let ghAction: string;
    let officeAction: string;
    let editionId: string;
    beforeAll(async () => {
      editionId = (await edition(START, END)).id;
      const rec = await recommend(editionId, [
        { description: { en: 'NG' }, owner: { stateIso2: 'NG' } },
        { description: { en: 'NG agency' }, owner: { agencyId: ngAgencyId } },
        { description: { en: 'GH' }, owner: { stateIso2: 'GH' } },
        { description: { en: 'office' }, owner: { office: true } },
        { description: { en: 'GH agency' }, owner: { agencyId: ghAgencyId } },
      ]);
      [ngAction, ngAgencyAction, ghAction, officeAction] = rec.actions.map((a) => a.id) as [string, string, string, string];
    });

    it('lists only the actions of their state and its agencies, whatever the filter', async () => {
      const mine = await focalNg.get(`/api/recommendation-actions?editionId=${editionId}`);
      expect(mine.statusCode, mine.body).toBe(200);
      expect((mine.json().items as Action[]).map((a) => a.id).sort()).toEqual([ngAction, ngAgencyAction].sort());
      const asked = await focalNg.get(`/api/recommendation-actions?editionId=${editionId}&stateIso2=GH`);
      expect(asked.json().items).toEqual([]);
      const sn = await focalSn.get(`/api/recommendation-actions?editionId=${editionId}`);
      expect(sn.json()).toMatchObject({ items: [], total: 0 });
      const all = await me.get(`/api/recommendation-actions?editionId=${editionId}`);
      expect(all.json().total).toBe(5);
      const ngByOfficer = await officer.get(`/api/recommendation-actions?editionId=${editionId}&stateIso2=NG`);
      expect((ngByOfficer.json().items as Action[]).map((a) => a.id).sort()).toEqual([ngAction, ngAgencyAction].sort());
    });

    it('another state’s action, or the office’s, is not found: no read, no status, no evidence, nothing changed', async () => {
      for (const id of [ghAction, officeAction]) {
        expectError(await focalNg.get(`/api/recommendation-actions/${id}`), 404, 'NOT_FOUND');
        expectError(await focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'done' }), 404, 'NOT_FOUND');
        expectError(
          await focalNg.post(`/api/recommendation-actions/${id}/evidence`, { kind: 'text', text: 'x' }),
          404,
          'NOT_FOUND',
        );
        expectError(
          await focalNg.request({
            method: 'POST',
            url: `/api/recommendation-actions/${id}/evidence/file`,
            ...multipart({ name: 'x.pdf', type: 'application/pdf', content: PDF }),
          }),
          404,
          'NOT_FOUND',
        );
        expect(await actionRow(id)).toMatchObject({ status: 'planned' });
        expect(await evidenceCount(id)).toBe(0);
      }
      for (const id of [ngAction, ngAgencyAction]) {
        expectError(await focalSn.get(`/api/recommendation-actions/${id}`), 404, 'NOT_FOUND');
        expectError(await focalSn.post(`/api/recommendation-actions/${id}/status`, { status: 'done' }), 404, 'NOT_FOUND');
        expectError(
          await focalSn.post(`/api/recommendation-actions/${id}/evidence`, { kind: 'text', text: 'x' }),
          404,
          'NOT_FOUND',
        );
      }
      // Their own agency's action is theirs.
      const agencyAction = await focalNg.get(`/api/recommendation-actions/${ngAgencyAction}`);
      expect(agencyAction.statusCode).toBe(200);
      expect(agencyAction.json()).toMatchObject({
        can: { addEvidence: true, edit: false },
        allowedTransitions: ['in_progress', 'done', 'dropped'],
      });
    });

    it('does nothing else: no recommendation pages, no edits, no carrying; the M&E officer only reads; partners nothing', async () => {
      const rec = (await officer.get(`/api/recommendation-actions/${ngAction}`)).json() as Action;
      expectError(await focalNg.get(`/api/recommendations/${rec.recommendation.id}`), 403, 'FORBIDDEN');
      expectError(await focalNg.patch(`/api/recommendation-actions/${ngAction}`, { dueDate: '2027-01-01' }), 403, 'FORBIDDEN');
      expectError(await focalNg.post(`/api/recommendations/${rec.recommendation.id}/carry`, {}), 403, 'FORBIDDEN');
      expectError(await me.post(`/api/recommendation-actions/${ngAction}/status`, { status: 'done' }), 403, 'FORBIDDEN');
      const read = await me.get(`/api/recommendation-actions/${ngAction}`);
      expect(read.json()).toMatchObject({ allowedTransitions: [], can: { addEvidence: false, edit: false } });
      expectError(await partner.get(`/api/recommendation-actions/${ngAction}`), 403, 'FORBIDDEN');
      expectError(await partner.get('/api/recommendations/follow-through'), 403, 'FORBIDDEN');
      expect(await actionRow(ngAction)).toMatchObject({ status: 'planned', dueDate: DUE });
    });

    it('a focal point reads their own state’s follow-through figure, and no other state’s', async () => {
      const own = await focalNg.get('/api/recommendations/follow-through');
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json()).toMatchObject({ stateIso2: 'NG', definition: FOLLOW_THROUGH_DEFINITION });
      expect((await focalNg.get('/api/recommendations/follow-through?stateIso2=NG')).statusCode).toBe(200);
      expectError(await focalNg.get('/api/recommendations/follow-through?stateIso2=GH'), 404, 'NOT_FOUND');
      expectError(await officer.get('/api/recommendations/follow-through?stateIso2=FR'), 404, 'NOT_FOUND');
    });
  });

  describe('carrying to the next edition', () => {
    let first: Awaited<ReturnType<typeof edition>>;
    let second: Awaited<ReturnType<typeof edition>>;
    beforeAll(async () => {
      first = await edition('2023-11-06', '2023-11-08', 500);
      second = await edition('2024-11-04', '2024-11-06', 501);
    });

    it('carries the open actions with their history; the originals are frozen and link to the copies', async () => {
      const rec = await recommend(
        first.id,
        [
          { description: { en: 'open, planned' }, owner: { stateIso2: 'NG' } },
          { description: { en: 'open, in progress' }, owner: { agencyId: ngAgencyId } },
          { description: { en: 'done' }, owner: { office: true } },
          { description: { en: 'dropped' }, owner: { organisationId } },
        ],
        { pillars: ['III'], resolutions: [2178] },
      );
      const [planned, inProgress, done, dropped] = rec.actions as [Action, Action, Action, Action];
      await setStatus(focalNg, inProgress.id, { status: 'in_progress', reason: 'Started' });
      await focalNg.post(`/api/recommendation-actions/${inProgress.id}/evidence`, {
        kind: 'text',
        text: 'Terms of reference drafted',
      });
      await setStatus(officer, done.id, { status: 'done', completedOn: '2024-02-01' });
      await setStatus(officer, dropped.id, { status: 'dropped', reason: 'No funding' });
      expect(((await officer.get(`/api/recommendations/${rec.id}`)).json() as Recommendation).can.carry).toBe(true);

      const res = await officer.post(`/api/recommendations/${rec.id}/carry`, {});
      expect(res.statusCode, res.body).toBe(201);
      const copy = res.json() as Recommendation;
      expect(copy).toMatchObject({
        edition: { id: second.id, number: 501 },
        number: 1,
        pillars: ['III'],
        resolutions: [2178],
        carriedFrom: { id: rec.id, edition: { number: 500 }, number: rec.number },
        carriedTo: null,
        text: { text: 'Establish national fusion cells' },
      });
      expect(copy.actions.map((a) => [a.description.text, a.status, a.dueDate, a.carriedFrom?.id])).toEqual([
        ['open, planned', 'planned', '2025-11-06', planned.id],
        ['open, in progress', 'in_progress', '2025-11-06', inProgress.id],
      ]);
      expect((await auditRowsOf(t.db, 'recommendation.carry', rec.id)).length).toBe(1);

      const original = (await officer.get(`/api/recommendations/${rec.id}`)).json() as Recommendation;
      expect(original.carriedTo).toMatchObject({ id: copy.id, edition: { number: 501 } });
      expect(original.can.carry).toBe(false);
      const frozen = must(original.actions.find((a) => a.id === inProgress.id));
      expect(frozen).toMatchObject({
        status: 'in_progress',
        carriedTo: { id: must(copy.actions[1]).id },
        allowedTransitions: [],
        can: { addEvidence: false, edit: false },
        overdue: false,
      });

      // The history of the lineage shows on both, the evidence too.
      const carried = (await focalNg.get(`/api/recommendation-actions/${must(copy.actions[1]).id}`)).json() as Action;
      const originalDetail = (await focalNg.get(`/api/recommendation-actions/${inProgress.id}`)).json() as Action;
      const summary = (a: Action) => a.history?.map((h) => [h.edition.number, h.kind, h.toStatus]);
      expect(summary(carried)).toEqual([
        [500, 'created', 'planned'],
        [500, 'status', 'in_progress'],
        [500, 'carried_to', 'in_progress'],
        [501, 'carried_from', 'in_progress'],
      ]);
      expect(summary(originalDetail)).toEqual(summary(carried));
      expect(carried.history?.[3]?.linked).toMatchObject({ id: inProgress.id, edition: { number: 500 } });
      expect(carried.evidence?.map((e) => [e.text, e.actionId])).toEqual([['Terms of reference drafted', inProgress.id]]);
      expect(originalDetail.evidence).toEqual(carried.evidence);

      // The originals no longer change.
      const events = await eventCount(inProgress.id);
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${inProgress.id}/status`, { status: 'done' }),
        'recommendation.action_carried',
      );
      await expectRule(
        focalNg.post(`/api/recommendation-actions/${inProgress.id}/evidence`, { kind: 'text', text: 'x' }),
        'recommendation.action_carried',
      );
      await expectRule(
        officer.patch(`/api/recommendation-actions/${inProgress.id}`, { dueDate: '2025-01-01' }),
        'recommendation.action_carried',
      );
      expect(await eventCount(inProgress.id)).toBe(events);
      // Nor is anything carried twice.
      const before = await actionCount();
      await expectRule(officer.post(`/api/recommendations/${rec.id}/carry`, {}), 'recommendation.nothing_to_carry');
      await expectRule(
        officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [planned.id] }),
        'recommendation.action_already_carried',
      );
      expect(await actionCount()).toBe(before);
    });

    it('carries chosen actions, and later ones join the same copy', async () => {
      const rec = await recommend(first.id, [
        { description: { en: 'a' }, owner: { stateIso2: 'NG' } },
        { description: { en: 'b' }, owner: { stateIso2: 'GH' } },
        { description: { en: 'c' }, owner: { office: true } },
      ]);
      const [a, b, c] = rec.actions as [Action, Action, Action];
      await setStatus(officer, c.id, { status: 'done', completedOn: '2024-01-10' });
      const before = await actionCount();
      await expectRule(
        officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [c.id] }),
        'recommendation.action_not_open',
        'actionIds',
      );
      await expectRule(
        officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [crypto.randomUUID()] }),
        'recommendation.action_not_of_recommendation',
      );
      await expectRule(
        officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [a.id], dueDate: '2024-01-01' }),
        'recommendation.due_date_before_edition',
      );
      expect(await actionCount()).toBe(before);

      const once = await officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [a.id], dueDate: '2025-06-30' });
      expect(once.statusCode, once.body).toBe(201);
      const copy = once.json() as Recommendation;
      expect(copy.actions.map((x) => [x.carriedFrom?.id, x.dueDate])).toEqual([[a.id, '2025-06-30']]);
      const twice = await officer.post(`/api/recommendations/${rec.id}/carry`, {});
      expect(twice.statusCode, twice.body).toBe(201);
      expect(twice.json().id).toBe(copy.id);
      expect((twice.json() as Recommendation).actions.map((x) => x.carriedFrom?.id)).toEqual([a.id, b.id]);
    });

    it('refuses a recommendation whose actions are all closed, and one of the latest edition', async () => {
      const rec = await recommend(first.id, [{ description: { en: 'done' }, owner: { stateIso2: 'NG' } }]);
      await setStatus(focalNg, must(rec.actions[0]).id, { status: 'done', completedOn: '2024-01-10' });
      const before = await recommendationCount();
      await expectRule(officer.post(`/api/recommendations/${rec.id}/carry`, {}), 'recommendation.closed');
      const latest = await edition(START, END, 9999);
      const last = await recommend(latest.id, [{ description: { en: 'x' }, owner: { stateIso2: 'NG' } }]);
      expect(last.can.carry).toBe(false);
      await expectRule(officer.post(`/api/recommendations/${last.id}/carry`, {}), 'recommendation.no_next_edition');
      expect(await recommendationCount()).toBe(before + 1);
    });
  });

  describe('follow-through arithmetic on a hand-made edition', () => {
    /**
     * Edition 911 (March 2011), due dates 3 March 2012 unless said, judged as of 1 June 2012:
     *  R1 NG done on time                       → implemented
     *  R2 NG done on time + office dropped      → implemented (dropped left out)
     *  R3 GH done late                          → not implemented
     *  R4 office open, due date passed          → not implemented
     *  R5 NG dropped (every action)             → not implemented
     *  R6 NG open, due 2013                     → pending
     *  R7 no action                             → not counted
     *  R8 NG agency done on time + GH open 2013 → pending (NG: implemented; GH: pending)
     *  R9 SN open, carried to edition 912       → not implemented here (keeps its first due date)
     */
    let rows: Recommendation[];
    beforeAll(async () => {
      const e = await edition('2011-03-01', '2011-03-03', 911);
      await edition('2012-05-01', '2012-05-03', 912);
      const act = (owner: Record<string, unknown>, dueDate?: string) => ({
        description: { en: 'x' },
        owner,
        ...(dueDate ? { dueDate } : {}),
      });
      rows = [];
      for (const actions of [
        [act({ stateIso2: 'NG' })],
        [act({ stateIso2: 'NG' }), act({ office: true })],
        [act({ stateIso2: 'GH' })],
        [act({ office: true })],
        [act({ stateIso2: 'NG' })],
        [act({ stateIso2: 'NG' }, '2013-01-01')],
        [],
        [act({ agencyId: ngAgencyId }), act({ stateIso2: 'GH' }, '2013-01-01')],
        [act({ stateIso2: 'SN' })],
      ]) {
        rows.push(await recommend(e.id, actions));
      }
      const action = (r: number, a = 0) => must(must(rows[r - 1]).actions[a]).id;
      await setStatus(officer, action(1), { status: 'done', completedOn: '2011-12-01' });
      await setStatus(officer, action(2), { status: 'done', completedOn: '2012-03-03' });
      await setStatus(officer, action(2, 1), { status: 'dropped', reason: 'Merged with R1' });
      await setStatus(officer, action(3), { status: 'done', completedOn: '2012-04-01' });
      await setStatus(officer, action(5), { status: 'dropped', reason: 'No longer relevant' });
      await setStatus(officer, action(8), { status: 'done', completedOn: '2012-01-15' });
      await setStatus(officer, action(9), { status: 'in_progress' });
      expect((await officer.post(`/api/recommendations/${must(rows[8]).id}/carry`, {})).statusCode).toBe(201);
    });

    const asOf = '2012-06-01';

    it('counts judged, implemented, pending and recommendations without actions', async () => {
      expect(await followThrough(t.db, { fromYear: 2011, toYear: 2011, asOf })).toEqual({
        recommendations: 6,
        implemented: 2,
        rate: 2 / 6,
        pending: 2,
        withoutActions: 1,
        definition: FOLLOW_THROUGH_DEFINITION,
      });
      // The carried copy (edition 912, 2012) is judged with its own due date.
      expect(await followThrough(t.db, { fromYear: 2012, toYear: 2012, asOf })).toMatchObject({
        recommendations: 0,
        pending: 1,
        rate: null,
      });
    });

    it('by state, counts only the state’s own and its agencies’ actions', async () => {
      expect(await followThrough(t.db, { fromYear: 2011, toYear: 2011, stateIso2: 'NG', asOf })).toMatchObject({
        recommendations: 4,
        implemented: 3,
        rate: 0.75,
        pending: 1,
        withoutActions: 0,
      });
      expect(await followThrough(t.db, { fromYear: 2011, toYear: 2011, stateIso2: 'GH', asOf })).toMatchObject({
        recommendations: 1,
        implemented: 0,
        rate: 0,
        pending: 1,
      });
      expect(await followThrough(t.db, { fromYear: 2011, toYear: 2011, stateIso2: 'SN', asOf })).toMatchObject({
        recommendations: 1,
        implemented: 0,
      });
      expect(await followThrough(t.db, { fromYear: 2011, toYear: 2011, stateIso2: 'KE', asOf })).toMatchObject({
        recommendations: 0,
        rate: null,
      });
    });

    it('the API judges as of today: the 2013 due dates have passed since', async () => {
      const all = await officer.get('/api/recommendations/follow-through?fromYear=2011&toYear=2011');
      expect(all.statusCode, all.body).toBe(200);
      expect(all.json()).toMatchObject({
        fromYear: 2011,
        toYear: 2011,
        stateIso2: null,
        recommendations: 8,
        implemented: 2,
        pending: 0,
      });
      const ng = await focalNg.get('/api/recommendations/follow-through?fromYear=2011&toYear=2011');
      expect(ng.json()).toMatchObject({ stateIso2: 'NG', recommendations: 5, implemented: 3, rate: 0.6 });
      const byState = await me.get('/api/recommendations/by-state?fromYear=2011&toYear=2011');
      expect(byState.statusCode, byState.body).toBe(200);
      const rowOf = (iso2: string) => (byState.json().items as { stateIso2: string }[]).find((r) => r.stateIso2 === iso2);
      expect(rowOf('NG')).toMatchObject({
        actions: { total: 5, done: 3, dropped: 1, overdue: 1, planned: 1 },
        followThrough: { recommendations: 5, implemented: 3, rate: 0.6 },
      });
      // The carried SN action is not overdue (it lives on at edition 912); its copy is.
      expect(rowOf('SN')).toMatchObject({ actions: { total: 1, in_progress: 1, overdue: 0 } });
    });

    it('per edition, with the recommendation counts and the definition', async () => {
      const res = await me.get('/api/recommendations/editions');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as {
        items: { edition: { number: number }; recommendations: number; followThrough: unknown }[];
        definition: string;
      };
      expect(body.definition).toBe(FOLLOW_THROUGH_DEFINITION);
      expect(body.items.find((i) => i.edition.number === 911)).toMatchObject({
        recommendations: 9,
        followThrough: { recommendations: 8, implemented: 2, pending: 0, withoutActions: 1 },
      });
      expect(body.items.find((i) => i.edition.number === 912)).toMatchObject({ recommendations: 1 });
    });
  });

  describe('views', () => {
    it('filters actions by owner kind, organisation and status, and groups them by owner', async () => {
      const office = await officer.get('/api/recommendation-actions?ownerKind=office&pageSize=200');
      expect(office.statusCode).toBe(200);
      expect((office.json().items as Action[]).every((a) => a.owner.kind === 'office')).toBe(true);
      const byOrganisation = await officer.get(`/api/recommendation-actions?organisationId=${organisationId}&status=dropped`);
      expect(
        (byOrganisation.json().items as Action[]).every(
          (a) => a.owner.organisationId === organisationId && a.status === 'dropped',
        ),
      ).toBe(true);
      expect(byOrganisation.json().total).toBeGreaterThan(0);
      const owners = await me.get('/api/recommendations/by-owner');
      expect(owners.statusCode, owners.body).toBe(200);
      const items = owners.json().items as { owner: Owner; actions: { total: number } }[];
      expect(items.find((i) => i.owner.kind === 'office')?.actions.total).toBeGreaterThan(0);
      expect(items.find((i) => i.owner.organisationId === organisationId)?.owner.name).toBe(
        'United Nations Office on Drugs and Crime (test)',
      );
      expect(items.find((i) => i.owner.agencyId === ngAgencyId)?.owner.stateIso2).toBe('NG');
    });

    it('lists recommendations by edition, pillar, resolution and state', async () => {
      const e = await edition(START, END);
      const a = await recommend(e.id, [{ description: { en: 'x' }, owner: { stateIso2: 'KE' } }], {
        pillars: ['I'],
        resolutions: [2482],
      });
      const b = await recommend(e.id, [], { pillars: ['II'] });
      const ids = async (query: string) =>
        ((await me.get(`/api/recommendations?editionId=${e.id}${query}`)).json().items as Recommendation[]).map((r) => r.id);
      expect(await ids('')).toEqual([a.id, b.id]);
      expect(await ids('&pillar=I')).toEqual([a.id]);
      expect(await ids('&resolution=2482')).toEqual([a.id]);
      expect(await ids('&stateIso2=KE')).toEqual([a.id]);
      const edited = await officer.patch(`/api/recommendations/${b.id}`, { text: { fr: 'Texte révisé' }, pillars: ['IV', 'I'] });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ pillars: ['I', 'IV'], text: { text: 'Texte révisé', lang: 'fr' } });
      expect((await auditRowsOf(t.db, 'recommendation.update', b.id)).length).toBe(1);
    });
  });
});
