import { beforeAll, describe, expect, it } from 'vitest';
import { twelveMonthsAfter } from '../../server/modules/recommendations/service';
import { dayFromToday } from './delivery-fixtures';
import { testDatabaseKind } from './harness';
import {
  type Action,
  DONE_ON,
  DUE,
  EARLY_DUE,
  END,
  expectRule,
  LATER_DUE,
  must,
  PDF,
  type Recommendation,
  recommendationsHelpers,
  START,
  setStatus,
  startRecommendationsApp,
} from './recommendations-fixtures';
import { auditRowsOf, expectError, multipart, sharedApp } from './support';

/** Recommendations and actions: recording them, their status changes and their evidence. */

describe(`recommendations and actions (${testDatabaseKind})`, () => {
  const app = sharedApp(startRecommendationsApp);
  const { edition, actionCount, recommendationCount, eventCount, evidenceCount, actionRow, recommend } = recommendationsHelpers(
    () => app,
  );

  describe('recording recommendations and actions', () => {
    it('records a recommendation in several languages with pillars, resolutions and actions; due dates default to twelve months after the edition', async () => {
      const e = await edition(START, END);
      const res = await app.officer.post('/api/recommendations', {
        editionId: e.id,
        text: { en: 'Share watch lists', fr: 'Partager les listes de surveillance', ar: 'تبادل قوائم المراقبة', pt: '' },
        pillars: ['IV', 'II'],
        resolutions: [2396, 1373, 2396],
        actions: [
          { description: { en: 'Connect to the INTERPOL databases' }, owner: { stateIso2: 'NG' } },
          { description: { fr: 'Former les analystes' }, owner: { agencyId: app.ngAgencyId }, dueDate: EARLY_DUE },
          { description: { en: 'Organise a regional workshop' }, owner: { office: true } },
          { description: { en: 'Provide experts' }, owner: { organisationId: app.organisationId } },
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
        agencyId: app.ngAgencyId,
        name: 'National Counter-Terrorism Centre (test)',
      });
      expect(rec.actions[3]?.owner).toMatchObject({
        stateIso2: null,
        organisationId: app.organisationId,
        name: 'United Nations Office on Drugs and Crime (test)',
      });
      expect((await auditRowsOf(app.t.db, 'recommendation.create', rec.id)).length).toBe(1);
      for (const a of rec.actions) expect((await auditRowsOf(app.t.db, 'recommendation_action.create', a.id)).length).toBe(1);

      const second = await recommend(e.id);
      expect(second.number).toBe(2);
      const detail = await app.officer.get(`/api/recommendation-actions/${rec.actions[0]?.id}`);
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
      await expectRule(app.officer.post(`/api/recommendations/${rec.id}/actions`, body), rule, path);
      // The same action inside a new recommendation: neither the recommendation nor any action is written.
      const recommendationsBefore = await recommendationCount();
      await expectRule(
        app.officer.post('/api/recommendations', {
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
        app.officer.post('/api/recommendations', { editionId: crypto.randomUUID(), text: { en: 'x' } }),
        'reference.edition_unknown',
      );
      await expectRule(
        app.officer.post('/api/recommendations', { editionId: e.id, text: { en: 'x' }, pillars: ['V'] }),
        'reference.pillar_unknown',
      );
      await expectRule(
        app.officer.post('/api/recommendations', { editionId: e.id, text: { en: 'x' }, resolutions: [9999] }),
        'reference.resolution_unknown',
      );
      expectError(
        await app.officer.post('/api/recommendations', { editionId: e.id, number: 7, text: { en: 'x' } }),
        409,
        'CONFLICT',
      );
      expectError(
        await app.officer.post('/api/recommendations', { editionId: e.id, text: { en: '  ' } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await recommendationCount()).toBe(before);
    });

    it('edits an action’s owner and due date, keeps the change in its history, and refuses to clear them', async () => {
      const e = await edition(START, END);
      const rec = await recommend(e.id, [{ description: { en: 'Adopt a law' }, owner: { stateIso2: 'NG' } }]);
      const id = must(rec.actions[0]).id;
      const res = await app.officer.patch(`/api/recommendation-actions/${id}`, {
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
      await expectRule(app.officer.patch(`/api/recommendation-actions/${id}`, { owner: null }), 'recommendation.owner_required');
      await expectRule(
        app.officer.patch(`/api/recommendation-actions/${id}`, { dueDate: null }),
        'recommendation.due_date_required',
      );
      await expectRule(
        app.officer.patch(`/api/recommendation-actions/${id}`, { owner: { stateIso2: 'NG', agencyId: app.ngAgencyId } }),
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
      const started = await setStatus(app.focalNg, id, { status: 'in_progress', reason: 'Decree in preparation' });
      expect(started).toMatchObject({ status: 'in_progress', allowedTransitions: ['done', 'dropped'] });

      const events = await eventCount(id);
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'dropped' }),
        'recommendation.dropped_needs_reason',
        'reason',
      );
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'dropped', reason: '   ' }),
        'recommendation.dropped_needs_reason',
      );
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'in_progress' }),
        'recommendation.status_unchanged',
      );
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'done', completedOn: dayFromToday(1) }),
        'recommendation.completion_in_future',
      );
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'done', completedOn: dayFromToday(-31) }),
        'recommendation.completion_before_edition',
      );
      expectError(
        await app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'planned', completedOn: dayFromToday(-5) }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await actionRow(id)).toMatchObject({ status: 'in_progress', dropReason: null, completedOn: null });
      expect(await eventCount(id)).toBe(events);

      const done = await setStatus(app.focalNg, id, { status: 'done', completedOn: DONE_ON });
      expect(done).toMatchObject({ status: 'done', completedOn: DONE_ON, doneLate: false, allowedTransitions: [] });
      expect(done.history?.map((h) => [h.kind, h.fromStatus, h.toStatus, h.reason, h.by])).toEqual([
        ['created', null, 'planned', null, 'Youssef El Idrissi'],
        ['status', 'planned', 'in_progress', 'Decree in preparation', 'Chinedu Okafor'],
        ['status', 'in_progress', 'done', null, 'Chinedu Okafor'],
      ]);
      expect(done.history?.[2]?.completedOn).toBe(DONE_ON);
      expect((await auditRowsOf(app.t.db, 'recommendation_action.status', id)).length).toBe(2);
    });

    it('allows only the listed moves; reopening and reinstating are for officers', async () => {
      const rec = await recommend(editionId, [{ description: { en: 'Train prosecutors' }, owner: { stateIso2: 'NG' } }]);
      const id = must(rec.actions[0]).id;
      await setStatus(app.focalNg, id, { status: 'done' });
      await expectRule(
        app.officer.post(`/api/recommendation-actions/${id}/status`, { status: 'dropped', reason: 'x' }),
        'recommendation.transition_not_allowed',
      );
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'in_progress' }),
        'recommendation.transition_officers_only',
      );
      expect((await actionRow(id))?.status).toBe('done');
      const reopened = await setStatus(app.officer, id, { status: 'in_progress', reason: 'The decree was withdrawn' });
      expect(reopened).toMatchObject({ status: 'in_progress', completedOn: null });

      const dropped = await setStatus(app.focalNg, id, { status: 'dropped', reason: 'Overtaken by the new national strategy' });
      expect(dropped).toMatchObject({ status: 'dropped', dropReason: 'Overtaken by the new national strategy' });
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'planned' }),
        'recommendation.transition_officers_only',
      );
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'done' }),
        'recommendation.transition_not_allowed',
      );
      const reinstated = await setStatus(app.officer, id, { status: 'planned', reason: 'Back on the agenda' });
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
      const done = await setStatus(app.focalNg, late.id, { status: 'done', completedOn: '2024-06-01' });
      expect(done).toMatchObject({ doneLate: true, overdue: false });
      const list = await app.officer.get(`/api/recommendation-actions?editionId=${past.id}&overdue=true`);
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
      const text = await app.focalNg.post(`/api/recommendation-actions/${actionId}/evidence`, {
        kind: 'text',
        text: 'The plan was adopted by the council of ministers.',
      });
      expect(text.statusCode, text.body).toBe(201);
      const link = await app.focalNg.post(`/api/recommendation-actions/${actionId}/evidence`, {
        kind: 'link',
        url: 'https://example.gov.ng/action-plan',
        text: 'Official gazette',
      });
      expect(link.statusCode, link.body).toBe(201);
      const file = await app.focalNg.request({
        method: 'POST',
        url: `/api/recommendation-actions/${actionId}/evidence/file`,
        ...(await multipart({ note: 'Signed decree' }, { name: 'décret.pdf', type: 'application/pdf', content: PDF })),
      });
      expect(file.statusCode, file.body).toBe(201);
      const evidence = (file.json() as Action).evidence ?? [];
      expect(evidence.map((e) => [e.kind, e.text, e.url, e.file?.name ?? null, e.addedBy])).toEqual([
        ['text', 'The plan was adopted by the council of ministers.', null, null, 'Chinedu Okafor'],
        ['link', 'Official gazette', 'https://example.gov.ng/action-plan', null, 'Chinedu Okafor'],
        ['file', 'Signed decree', null, 'décret.pdf', 'Chinedu Okafor'],
      ]);
      expect((file.json() as Action).evidenceCount).toBe(3);
      expect((await auditRowsOf(app.t.db, 'recommendation_action.evidence', actionId)).length).toBe(3);

      const fileId = must(evidence[2]).id;
      const download = await app.officer.get(`/api/recommendation-evidence/${fileId}/file`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toContain("filename*=UTF-8''d%C3%A9cret.pdf");
      expect(download.rawPayload.equals(PDF)).toBe(true);
      expect((await app.focalNg.get(`/api/recommendation-evidence/${fileId}/file`)).statusCode).toBe(200);
      expectError(await app.focalSn.get(`/api/recommendation-evidence/${fileId}/file`), 404, 'NOT_FOUND');
      expectError(await app.officer.get(`/api/recommendation-evidence/${must(evidence[0]).id}/file`), 404, 'NOT_FOUND');
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
      await expectRule(app.focalNg.post(`/api/recommendation-actions/${actionId}/evidence`, body), rule);
      expect(await evidenceCount(actionId)).toBe(before);
    });

    it('refuses an empty file, a file of a kind not accepted, and a form without a file', async () => {
      const before = await evidenceCount(actionId);
      const url = `/api/recommendation-actions/${actionId}/evidence/file`;
      await expectRule(
        app.focalNg.request({
          method: 'POST',
          url,
          ...(await multipart({}, { name: 'empty.pdf', type: 'application/pdf', content: Buffer.alloc(0) })),
        }),
        'recommendation.evidence_empty',
      );
      expectError(
        await app.focalNg.request({
          method: 'POST',
          url,
          ...(await multipart({}, { name: 'page.html', type: 'text/html', content: Buffer.from('<script>alert(1)</script>') })),
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(await app.focalNg.post(url, { kind: 'text', text: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await evidenceCount(actionId)).toBe(before);
    });
  });
});
