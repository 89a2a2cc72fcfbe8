import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/db/schema';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { ALL_ROLES, auditRowsOf, createUser, expectError } from './support';

type State = { iso2: string; iso3: string; names: { en: string; fr: string; ar: string; pt: string }; subregion: string };
type StateDetail = State & {
  contacts: { id: string; displayName: string; email: string }[] | null;
  userCounts: { focalPoints: number; participants: number } | null;
};

describe(`member states and reference data (${testDatabaseKind})`, () => {
  let t: TestApp;
  const clients = new Map<Role, Client>();
  const as = (role: Role): Client => {
    const c = clients.get(role);
    if (!c) throw new Error(`no client for ${role}`);
    return c;
  };

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ALL_ROLES) clients.set(role, await t.as(role));
  });
  afterAll(async () => t.close());

  async function states(query = ''): Promise<State[]> {
    const res = await as('participant').get(`/api/states${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  }
  const codes = async (query: string) => (await states(query)).map((s) => s.iso2).sort();

  describe('the list of states', () => {
    it('holds the 54 African UN member states, each with codes, four names and a sub-region', async () => {
      const all = await states();
      expect(all).toHaveLength(54);
      expect(new Set(all.map((s) => s.iso2)).size).toBe(54);
      for (const s of all) {
        expect(s.iso2).toMatch(/^[A-Z]{2}$/);
        expect(s.iso3).toMatch(/^[A-Z]{3}$/);
        for (const lang of ['en', 'fr', 'ar', 'pt'] as const) expect(s.names[lang].length).toBeGreaterThan(0);
        expect(['northern', 'western', 'middle', 'eastern', 'southern']).toContain(s.subregion);
      }
      const codesOf = all.map((s) => s.iso2);
      for (const iso2 of ['MA', 'NG', 'ZA', 'EG', 'SS', 'CV', 'SC']) expect(codesOf).toContain(iso2);
      // Not members, or not African.
      for (const iso2 of ['EH', 'SH', 'RE', 'FR']) expect(codesOf).not.toContain(iso2);
      expect(all.find((s) => s.iso2 === 'MA')).toEqual({
        iso2: 'MA',
        iso3: 'MAR',
        names: { en: 'Morocco', fr: 'Maroc', ar: 'المغرب', pt: 'Marrocos' },
        subregion: 'northern',
      });
    });

    it('search ignores case and accents, in any of the four languages', async () => {
      expect(await codes('?q=maroc')).toEqual(['MA']);
      expect(await codes('?q=MARROCOS')).toEqual(['MA']);
      expect(await codes(`?q=${encodeURIComponent('المغرب')}`)).toEqual(['MA']);
      expect(await codes(`?q=${encodeURIComponent("COTE D'IVOIRE")}`)).toEqual(['CI']);
      expect(await codes('?q=cote%20divoire')).toEqual(['CI']);
      expect(await codes(`?q=${encodeURIComponent('Côte-d’Ivoire')}`)).toEqual(['CI']);
      expect(await codes('?q=senegal')).toEqual(['SN']);
      expect(await codes(`?q=${encodeURIComponent('ÉGYPTE')}`)).toEqual(['EG']);
      expect(await codes(`?q=${encodeURIComponent('são tomé')}`)).toEqual(['ST']);
    });

    it('search matches the ISO codes', async () => {
      expect(await codes('?q=NGA')).toEqual(['NG']);
      expect(await codes('?q=zaf')).toEqual(['ZA']);
      expect(await codes('?q=NG')).toContain('NG');
    });

    it('a search that matches nothing gives an empty list', async () => {
      expect(await states('?q=atlantis')).toEqual([]);
    });

    it('filters by sub-region, alone and with a search', async () => {
      expect(await codes('?subregion=northern')).toEqual(['DZ', 'EG', 'LY', 'MA', 'SD', 'TN']);
      const all = await states();
      for (const sub of ['northern', 'western', 'middle', 'eastern', 'southern']) {
        expect((await states(`?subregion=${sub}`)).length).toBe(all.filter((s) => s.subregion === sub).length);
      }
      expect(await codes('?subregion=western&q=guin')).toEqual(['GN', 'GW']);
      expect(await codes('?subregion=middle&q=guin')).toEqual(['GQ']);
    });

    it('is readable by every role but not anonymously', async () => {
      for (const role of ALL_ROLES) expect((await as(role).get('/api/states')).statusCode).toBe(200);
      expectError(await t.anonymous.get('/api/states'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('one state and its contacts', () => {
    async function detail(role: Role, iso2: string): Promise<StateDetail> {
      const res = await as(role).get(`/api/states/${iso2}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    }

    it('an unknown state is 404', async () => {
      expectError(await as('admin').get('/api/states/XX'), 404, 'NOT_FOUND');
      expectError(await as('admin').get('/api/states/FR'), 404, 'NOT_FOUND');
    });

    it.each(['admin', 'programme_officer', 'me_officer'] as Role[])('%s sees the focal points of any state', async (role) => {
      const ng = await detail(role, 'NG');
      expect(ng).toMatchObject({ iso2: 'NG', iso3: 'NGA', subregion: 'western' });
      expect(ng.contacts).toEqual([{ id: expect.any(String), displayName: 'Chinedu Okafor', email: demoEmail('focal_point') }]);
      expect(ng.userCounts).toEqual({ focalPoints: 1, participants: 1 });
      expect((await detail(role, 'GH')).contacts).toEqual([]);
    });

    it('a focal point sees their own state’s contacts, and null for other states', async () => {
      const ng = await detail('focal_point', 'NG');
      expect(ng.contacts?.map((c) => c.email)).toEqual([demoEmail('focal_point')]);
      expect(ng.userCounts).toEqual({ focalPoints: 1, participants: 1 });
      // Another state's contacts and account counts are indistinguishable from a state with none known.
      for (const iso2 of ['GH', 'MA']) {
        const other = await detail('focal_point', iso2);
        expect(other.contacts).toBeNull();
        expect(other.userCounts).toBeNull();
      }
    });

    it.each(['participant', 'partner', 'trainer'] as Role[])('%s gets no contacts and no account counts', async (role) => {
      const ng = await detail(role, 'NG');
      expect(ng.contacts).toBeNull();
      expect(ng.userCounts).toBeNull();
      expect(ng.names.en).toBe('Nigeria');
    });

    it('lists only active focal points, not participants or deactivated users', async () => {
      const admin = as('admin');
      const active = await createUser(admin, { role: 'focal_point', stateIso2: 'KE', displayName: 'Wanjiru Active' });
      const gone = await createUser(admin, { role: 'focal_point', stateIso2: 'KE', displayName: 'Otieno Gone' });
      await createUser(admin, { role: 'participant', stateIso2: 'KE', displayName: 'Kipchoge Participant' });
      expect((await admin.post(`/api/users/${gone.id}/deactivate`)).statusCode).toBe(200);
      const ke = await detail('me_officer', 'KE');
      expect(ke.contacts?.map((c) => c.id)).toEqual([active.id]);
      expect(ke.userCounts).toEqual({ focalPoints: 1, participants: 1 });
    });

    it('reading contacts is audited; a reader who gets none leaves no contacts row', async () => {
      const before = (await auditRowsOf(t.db, 'state.contacts.read', 'NG')).length;
      const beforeGh = (await auditRowsOf(t.db, 'state.contacts.read', 'GH')).length;
      const res = await as('focal_point').get('/api/states/NG');
      const rows = await auditRowsOf(t.db, 'state.contacts.read', 'NG');
      expect(rows.length).toBe(before + 1);
      expect(rows[0]).toMatchObject({
        actorRole: 'focal_point',
        recordType: 'member_state',
        requestId: res.headers['x-request-id'],
        outcome: 'success',
      });
      expect(rows[0]?.details).toEqual({ userIds: [res.json().contacts[0].id] });

      await as('partner').get('/api/states/NG');
      await as('focal_point').get('/api/states/GH');
      expect((await auditRowsOf(t.db, 'state.contacts.read', 'NG')).length).toBe(before + 1);
      expect(await auditRowsOf(t.db, 'state.contacts.read', 'GH')).toHaveLength(beforeGh);
    });
  });

  describe('reference data', () => {
    it('has the four strategy pillars in four languages', async () => {
      const res = await as('partner').get('/api/reference');
      expect(res.statusCode).toBe(200);
      const { pillars } = res.json() as { pillars: { code: string; titles: Record<string, string> }[] };
      expect(pillars.map((p) => p.code)).toEqual(['I', 'II', 'III', 'IV']);
      for (const p of pillars) {
        expect(Object.keys(p.titles).sort()).toEqual(['ar', 'en', 'fr', 'pt']);
        for (const title of Object.values(p.titles)) expect(title.length).toBeGreaterThan(10);
        expect(p.titles.ar).toMatch(/[\u0600-\u06FF]/);
      }
      expect(pillars[3]?.titles.en).toMatch(/human rights/i);
    });

    it('has the Security Council resolutions, agency types and sub-regions', async () => {
      const body = (await as('trainer').get('/api/reference')).json() as {
        resolutions: { number: number; year: number; subject: string }[];
        agencyTypes: string[];
        subregions: string[];
      };
      const numbers = body.resolutions.map((r) => r.number);
      for (const n of [1373, 1624, 2178, 2242, 2396, 2462, 2482]) expect(numbers).toContain(n);
      expect(body.resolutions.find((r) => r.number === 1373)?.year).toBe(2001);
      expect(body.resolutions.find((r) => r.number === 2178)?.year).toBe(2014);
      for (const r of body.resolutions) expect(r.subject.length).toBeGreaterThan(0);
      for (const type of [
        'police',
        'gendarmerie',
        'intelligence',
        'prosecution',
        'judiciary',
        'prisons',
        'financial_intelligence_unit',
      ]) {
        expect(body.agencyTypes).toContain(type);
      }
      expect(body.subregions).toEqual(['northern', 'western', 'middle', 'eastern', 'southern']);
      expectError(await t.anonymous.get('/api/reference'), 401, 'UNAUTHENTICATED');
    });
  });
});
