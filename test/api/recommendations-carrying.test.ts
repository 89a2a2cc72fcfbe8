import { beforeAll, describe, expect, it } from 'vitest';
import { FOLLOW_THROUGH_DEFINITION } from '../../server/modules/recommendations/service';
import { testDatabaseKind } from './harness';
import {
  type Action,
  DUE,
  END,
  expectRule,
  must,
  type Owner,
  PDF,
  type Recommendation,
  recommendationsHelpers,
  START,
  setStatus,
  startRecommendationsApp,
} from './recommendations-fixtures';
import { auditRowsOf, expectError, multipart, sharedApp } from './support';

/**
 * Recommendations: what a focal point sees and updates, carrying actions to the next edition, and
 * the views over the actions so recorded (by owner kind, organisation, status).
 */

describe(`recommendations: scope, carrying and views (${testDatabaseKind})`, () => {
  const app = sharedApp(startRecommendationsApp);
  const { edition, actionCount, recommendationCount, eventCount, evidenceCount, actionRow, recommend } = recommendationsHelpers(
    () => app,
  );

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
        { description: { en: 'NG agency' }, owner: { agencyId: app.ngAgencyId } },
        { description: { en: 'GH' }, owner: { stateIso2: 'GH' } },
        { description: { en: 'office' }, owner: { office: true } },
        { description: { en: 'GH agency' }, owner: { agencyId: app.ghAgencyId } },
      ]);
      [ngAction, ngAgencyAction, ghAction, officeAction] = rec.actions.map((a) => a.id) as [string, string, string, string];
    });

    it('lists only the actions of their state and its agencies, whatever the filter', async () => {
      const mine = await app.focalNg.get(`/api/recommendation-actions?editionId=${editionId}`);
      expect(mine.statusCode, mine.body).toBe(200);
      expect((mine.json().items as Action[]).map((a) => a.id).sort()).toEqual([ngAction, ngAgencyAction].sort());
      const asked = await app.focalNg.get(`/api/recommendation-actions?editionId=${editionId}&stateIso2=GH`);
      expect(asked.json().items).toEqual([]);
      const sn = await app.focalSn.get(`/api/recommendation-actions?editionId=${editionId}`);
      expect(sn.json()).toMatchObject({ items: [], total: 0 });
      const all = await app.me.get(`/api/recommendation-actions?editionId=${editionId}`);
      expect(all.json().total).toBe(5);
      const ngByOfficer = await app.officer.get(`/api/recommendation-actions?editionId=${editionId}&stateIso2=NG`);
      expect((ngByOfficer.json().items as Action[]).map((a) => a.id).sort()).toEqual([ngAction, ngAgencyAction].sort());
    });

    it('another state’s action, or the office’s, is not found: no read, no status, no evidence, nothing changed', async () => {
      for (const id of [ghAction, officeAction]) {
        expectError(await app.focalNg.get(`/api/recommendation-actions/${id}`), 404, 'NOT_FOUND');
        expectError(await app.focalNg.post(`/api/recommendation-actions/${id}/status`, { status: 'done' }), 404, 'NOT_FOUND');
        expectError(
          await app.focalNg.post(`/api/recommendation-actions/${id}/evidence`, { kind: 'text', text: 'x' }),
          404,
          'NOT_FOUND',
        );
        expectError(
          await app.focalNg.request({
            method: 'POST',
            url: `/api/recommendation-actions/${id}/evidence/file`,
            ...(await multipart({}, { name: 'x.pdf', type: 'application/pdf', content: PDF })),
          }),
          404,
          'NOT_FOUND',
        );
        expect(await actionRow(id)).toMatchObject({ status: 'planned' });
        expect(await evidenceCount(id)).toBe(0);
      }
      for (const id of [ngAction, ngAgencyAction]) {
        expectError(await app.focalSn.get(`/api/recommendation-actions/${id}`), 404, 'NOT_FOUND');
        expectError(await app.focalSn.post(`/api/recommendation-actions/${id}/status`, { status: 'done' }), 404, 'NOT_FOUND');
        expectError(
          await app.focalSn.post(`/api/recommendation-actions/${id}/evidence`, { kind: 'text', text: 'x' }),
          404,
          'NOT_FOUND',
        );
      }
      // Their own agency's action is theirs.
      const agencyAction = await app.focalNg.get(`/api/recommendation-actions/${ngAgencyAction}`);
      expect(agencyAction.statusCode).toBe(200);
      expect(agencyAction.json()).toMatchObject({
        can: { addEvidence: true, edit: false },
        allowedTransitions: ['in_progress', 'done', 'dropped'],
      });
    });

    it('does nothing else: no recommendation pages, no edits, no carrying; the M&E officer only reads; partners nothing', async () => {
      const rec = (await app.officer.get(`/api/recommendation-actions/${ngAction}`)).json() as Action;
      expectError(await app.focalNg.get(`/api/recommendations/${rec.recommendation.id}`), 403, 'FORBIDDEN');
      expectError(
        await app.focalNg.patch(`/api/recommendation-actions/${ngAction}`, { dueDate: '2027-01-01' }),
        403,
        'FORBIDDEN',
      );
      expectError(await app.focalNg.post(`/api/recommendations/${rec.recommendation.id}/carry`, {}), 403, 'FORBIDDEN');
      expectError(await app.me.post(`/api/recommendation-actions/${ngAction}/status`, { status: 'done' }), 403, 'FORBIDDEN');
      const read = await app.me.get(`/api/recommendation-actions/${ngAction}`);
      expect(read.json()).toMatchObject({ allowedTransitions: [], can: { addEvidence: false, edit: false } });
      expectError(await app.partner.get(`/api/recommendation-actions/${ngAction}`), 403, 'FORBIDDEN');
      expectError(await app.partner.get('/api/recommendations/follow-through'), 403, 'FORBIDDEN');
      expect(await actionRow(ngAction)).toMatchObject({ status: 'planned', dueDate: DUE });
    });

    it('a focal point reads their own state’s follow-through figure, and no other state’s', async () => {
      const own = await app.focalNg.get('/api/recommendations/follow-through');
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json()).toMatchObject({ stateIso2: 'NG', definition: FOLLOW_THROUGH_DEFINITION });
      expect((await app.focalNg.get('/api/recommendations/follow-through?stateIso2=NG')).statusCode).toBe(200);
      expectError(await app.focalNg.get('/api/recommendations/follow-through?stateIso2=GH'), 404, 'NOT_FOUND');
      expectError(await app.officer.get('/api/recommendations/follow-through?stateIso2=FR'), 404, 'NOT_FOUND');
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
          { description: { en: 'open, in progress' }, owner: { agencyId: app.ngAgencyId } },
          { description: { en: 'done' }, owner: { office: true } },
          { description: { en: 'dropped' }, owner: { organisationId: app.organisationId } },
        ],
        { pillars: ['III'], resolutions: [2178] },
      );
      const [planned, inProgress, done, dropped] = rec.actions as [Action, Action, Action, Action];
      await setStatus(app.focalNg, inProgress.id, { status: 'in_progress', reason: 'Started' });
      await app.focalNg.post(`/api/recommendation-actions/${inProgress.id}/evidence`, {
        kind: 'text',
        text: 'Terms of reference drafted',
      });
      await setStatus(app.officer, done.id, { status: 'done', completedOn: '2024-02-01' });
      await setStatus(app.officer, dropped.id, { status: 'dropped', reason: 'No funding' });
      expect(((await app.officer.get(`/api/recommendations/${rec.id}`)).json() as Recommendation).can.carry).toBe(true);

      const res = await app.officer.post(`/api/recommendations/${rec.id}/carry`, {});
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
      expect((await auditRowsOf(app.t.db, 'recommendation.carry', rec.id)).length).toBe(1);

      const original = (await app.officer.get(`/api/recommendations/${rec.id}`)).json() as Recommendation;
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
      const carried = (await app.focalNg.get(`/api/recommendation-actions/${must(copy.actions[1]).id}`)).json() as Action;
      const originalDetail = (await app.focalNg.get(`/api/recommendation-actions/${inProgress.id}`)).json() as Action;
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
        app.focalNg.post(`/api/recommendation-actions/${inProgress.id}/status`, { status: 'done' }),
        'recommendation.action_carried',
      );
      await expectRule(
        app.focalNg.post(`/api/recommendation-actions/${inProgress.id}/evidence`, { kind: 'text', text: 'x' }),
        'recommendation.action_carried',
      );
      await expectRule(
        app.officer.patch(`/api/recommendation-actions/${inProgress.id}`, { dueDate: '2025-01-01' }),
        'recommendation.action_carried',
      );
      expect(await eventCount(inProgress.id)).toBe(events);
      // Nor is anything carried twice.
      const before = await actionCount();
      await expectRule(app.officer.post(`/api/recommendations/${rec.id}/carry`, {}), 'recommendation.nothing_to_carry');
      await expectRule(
        app.officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [planned.id] }),
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
      await setStatus(app.officer, c.id, { status: 'done', completedOn: '2024-01-10' });
      const before = await actionCount();
      await expectRule(
        app.officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [c.id] }),
        'recommendation.action_not_open',
        'actionIds',
      );
      await expectRule(
        app.officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [crypto.randomUUID()] }),
        'recommendation.action_not_of_recommendation',
      );
      await expectRule(
        app.officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [a.id], dueDate: '2024-01-01' }),
        'recommendation.due_date_before_edition',
      );
      expect(await actionCount()).toBe(before);

      const once = await app.officer.post(`/api/recommendations/${rec.id}/carry`, { actionIds: [a.id], dueDate: '2025-06-30' });
      expect(once.statusCode, once.body).toBe(201);
      const copy = once.json() as Recommendation;
      expect(copy.actions.map((x) => [x.carriedFrom?.id, x.dueDate])).toEqual([[a.id, '2025-06-30']]);
      const twice = await app.officer.post(`/api/recommendations/${rec.id}/carry`, {});
      expect(twice.statusCode, twice.body).toBe(201);
      expect(twice.json().id).toBe(copy.id);
      expect((twice.json() as Recommendation).actions.map((x) => x.carriedFrom?.id)).toEqual([a.id, b.id]);
    });

    it('refuses a recommendation whose actions are all closed, and one of the latest edition', async () => {
      const rec = await recommend(first.id, [{ description: { en: 'done' }, owner: { stateIso2: 'NG' } }]);
      await setStatus(app.focalNg, must(rec.actions[0]).id, { status: 'done', completedOn: '2024-01-10' });
      const before = await recommendationCount();
      await expectRule(app.officer.post(`/api/recommendations/${rec.id}/carry`, {}), 'recommendation.closed');
      const latest = await edition(START, END, 9999);
      const last = await recommend(latest.id, [{ description: { en: 'x' }, owner: { stateIso2: 'NG' } }]);
      expect(last.can.carry).toBe(false);
      await expectRule(app.officer.post(`/api/recommendations/${last.id}/carry`, {}), 'recommendation.no_next_edition');
      expect(await recommendationCount()).toBe(before + 1);
    });
  });

  describe('views', () => {
    it('filters actions by owner kind, organisation and status, and groups them by owner', async () => {
      const office = await app.officer.get('/api/recommendation-actions?ownerKind=office&pageSize=200');
      expect(office.statusCode).toBe(200);
      expect((office.json().items as Action[]).every((a) => a.owner.kind === 'office')).toBe(true);
      const byOrganisation = await app.officer.get(
        `/api/recommendation-actions?organisationId=${app.organisationId}&status=dropped`,
      );
      expect(
        (byOrganisation.json().items as Action[]).every(
          (a) => a.owner.organisationId === app.organisationId && a.status === 'dropped',
        ),
      ).toBe(true);
      expect(byOrganisation.json().total).toBeGreaterThan(0);
      const owners = await app.me.get('/api/recommendations/by-owner');
      expect(owners.statusCode, owners.body).toBe(200);
      const items = owners.json().items as { owner: Owner; actions: { total: number } }[];
      expect(items.find((i) => i.owner.kind === 'office')?.actions.total).toBeGreaterThan(0);
      expect(items.find((i) => i.owner.organisationId === app.organisationId)?.owner.name).toBe(
        'United Nations Office on Drugs and Crime (test)',
      );
      expect(items.find((i) => i.owner.agencyId === app.ngAgencyId)?.owner.stateIso2).toBe('NG');
    });

    it('lists recommendations by edition, pillar, resolution and state', async () => {
      const e = await edition(START, END);
      const a = await recommend(e.id, [{ description: { en: 'x' }, owner: { stateIso2: 'KE' } }], {
        pillars: ['I'],
        resolutions: [2482],
      });
      const b = await recommend(e.id, [], { pillars: ['II'] });
      const ids = async (query: string) =>
        ((await app.me.get(`/api/recommendations?editionId=${e.id}${query}`)).json().items as Recommendation[]).map((r) => r.id);
      expect(await ids('')).toEqual([a.id, b.id]);
      expect(await ids('&pillar=I')).toEqual([a.id]);
      expect(await ids('&resolution=2482')).toEqual([a.id]);
      expect(await ids('&stateIso2=KE')).toEqual([a.id]);
      const edited = await app.officer.patch(`/api/recommendations/${b.id}`, {
        text: { fr: 'Texte révisé' },
        pillars: ['IV', 'I'],
      });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ pillars: ['I', 'IV'], text: { text: 'Texte révisé', lang: 'fr' } });
      expect((await auditRowsOf(app.t.db, 'recommendation.update', b.id)).length).toBe(1);
    });
  });
});
