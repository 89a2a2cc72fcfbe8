import { beforeAll, describe, expect, it } from 'vitest';
import { FOLLOW_THROUGH_DEFINITION, followThrough } from '../../server/modules/recommendations/service';
import { testDatabaseKind } from './harness';
import {
  must,
  type Recommendation,
  recommendationsHelpers,
  setStatus,
  startRecommendationsApp,
} from './recommendations-fixtures';
import { sharedApp } from './support';

/** Recommendations: the follow-through arithmetic on a hand-made edition. */

describe(`recommendations: follow-through (${testDatabaseKind})`, () => {
  const app = sharedApp(startRecommendationsApp);
  const { edition, recommend } = recommendationsHelpers(() => app);

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
        [act({ agencyId: app.ngAgencyId }), act({ stateIso2: 'GH' }, '2013-01-01')],
        [act({ stateIso2: 'SN' })],
      ]) {
        rows.push(await recommend(e.id, actions));
      }
      const action = (r: number, a = 0) => must(must(rows[r - 1]).actions[a]).id;
      await setStatus(app.officer, action(1), { status: 'done', completedOn: '2011-12-01' });
      await setStatus(app.officer, action(2), { status: 'done', completedOn: '2012-03-03' });
      await setStatus(app.officer, action(2, 1), { status: 'dropped', reason: 'Merged with R1' });
      await setStatus(app.officer, action(3), { status: 'done', completedOn: '2012-04-01' });
      await setStatus(app.officer, action(5), { status: 'dropped', reason: 'No longer relevant' });
      await setStatus(app.officer, action(8), { status: 'done', completedOn: '2012-01-15' });
      await setStatus(app.officer, action(9), { status: 'in_progress' });
      expect((await app.officer.post(`/api/recommendations/${must(rows[8]).id}/carry`, {})).statusCode).toBe(201);
    });

    const asOf = '2012-06-01';

    it('counts judged, implemented, pending and recommendations without actions', async () => {
      expect(await followThrough(app.t.db, { fromYear: 2011, toYear: 2011, asOf })).toEqual({
        recommendations: 6,
        implemented: 2,
        rate: 2 / 6,
        pending: 2,
        withoutActions: 1,
        definition: FOLLOW_THROUGH_DEFINITION,
      });
      // The carried copy (edition 912, 2012) is judged with its own due date.
      expect(await followThrough(app.t.db, { fromYear: 2012, toYear: 2012, asOf })).toMatchObject({
        recommendations: 0,
        pending: 1,
        rate: null,
      });
    });

    it('by state, counts only the state’s own and its agencies’ actions', async () => {
      expect(await followThrough(app.t.db, { fromYear: 2011, toYear: 2011, stateIso2: 'NG', asOf })).toMatchObject({
        recommendations: 4,
        implemented: 3,
        rate: 0.75,
        pending: 1,
        withoutActions: 0,
      });
      expect(await followThrough(app.t.db, { fromYear: 2011, toYear: 2011, stateIso2: 'GH', asOf })).toMatchObject({
        recommendations: 1,
        implemented: 0,
        rate: 0,
        pending: 1,
      });
      expect(await followThrough(app.t.db, { fromYear: 2011, toYear: 2011, stateIso2: 'SN', asOf })).toMatchObject({
        recommendations: 1,
        implemented: 0,
      });
      expect(await followThrough(app.t.db, { fromYear: 2011, toYear: 2011, stateIso2: 'KE', asOf })).toMatchObject({
        recommendations: 0,
        rate: null,
      });
    });

    it('the API judges as of today: the 2013 due dates have passed since', async () => {
      const all = await app.officer.get('/api/recommendations/follow-through?fromYear=2011&toYear=2011');
      expect(all.statusCode, all.body).toBe(200);
      expect(all.json()).toMatchObject({
        fromYear: 2011,
        toYear: 2011,
        stateIso2: null,
        recommendations: 8,
        implemented: 2,
        pending: 0,
      });
      const ng = await app.focalNg.get('/api/recommendations/follow-through?fromYear=2011&toYear=2011');
      expect(ng.json()).toMatchObject({ stateIso2: 'NG', recommendations: 5, implemented: 3, rate: 0.6 });
      const byState = await app.me.get('/api/recommendations/by-state?fromYear=2011&toYear=2011');
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
      const res = await app.me.get('/api/recommendations/editions');
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
});
