import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contributions,
  coursePartners,
  organisationContacts,
  organisations,
  partnerAgreements,
  storedFiles,
  users,
} from '../../server/db/schema';
import { programmesOfOrganisation } from '../../server/modules/partners/service';
import { createCourse, createNomination, createOfficial, createSession, dayFromToday } from './delivery-fixtures';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, detailPaths, expectError } from './support';

type Total = { currency: string; amount: string; earmarked: string; unearmarked: string; contributions: number };
type ContributionList = {
  items: { id: string; amount: string; currency: string; organisation: { id: string } }[];
  totals: {
    byCurrency: Total[];
    byOrganisation: (Total & { organisation: { id: string } })[];
    byProgramme: (Total & { programme: { id: string } })[];
  };
};
type MatrixCell = {
  stateIso2: string;
  theme: string;
  overlap: boolean;
  partners: { organisationId: string; sessions: number; bases: string[] }[];
};
type Matrix = {
  states: { iso2: string; name: string }[];
  themes: string[];
  cells: MatrixCell[];
  overlaps: number;
  definition: string;
};

/** A multipart/form-data body with one file, as a browser sends it. */
function multipart(file: { name: string; type: string; content: Buffer }) {
  const boundary = `----tadrib${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

describe(`partners and donors (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let me: Client;
  let partner: Client;
  let focal: Client;
  let trainer: Client;
  /** A donor government, a UN entity and a regional body, created through the API. */
  let donorId: string;
  let unId: string;
  let regionalId: string;

  const rowCount = async (table: typeof contributions | typeof partnerAgreements | typeof organisationContacts) =>
    Number((await t.db.select({ n: count() }).from(table))[0]?.n ?? 0);

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    me = await t.as('me_officer');
    partner = await t.as('partner');
    focal = await t.as('focal_point');
    trainer = await t.as('trainer');
    const donor = await officer.post('/api/organisations', {
      name: 'Kingdom of Examplia',
      kind: 'donor_government',
      countryIso2: 'jp',
      seatCity: 'Exampleton',
      website: 'https://examplia.example',
      description: { en: 'Funds border security and CT investigations.', fr: 'Finance la sécurité des frontières.' },
    });
    expect(donor.statusCode, donor.body).toBe(201);
    donorId = donor.json().id;
    const un = await officer.post('/api/organisations', {
      name: 'United Nations Office of Examples',
      acronym: 'UNOE',
      kind: 'un_entity',
      countryIso2: 'AT',
      seatCity: 'Vienna',
    });
    expect(un.statusCode, un.body).toBe(201);
    unId = un.json().id;
    const regional = await officer.post('/api/organisations', {
      name: 'African Example Centre',
      acronym: 'AEC',
      kind: 'regional_body',
    });
    expect(regional.statusCode, regional.body).toBe(201);
    regionalId = regional.json().id;
  });
  afterAll(async () => t.close());

  describe('organisations', () => {
    it('creates an organisation with its seat, website and description, audited', async () => {
      const res = await officer.get(`/api/organisations/${donorId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        name: 'Kingdom of Examplia',
        kind: 'donor_government',
        countryIso2: 'JP',
        seatCity: 'Exampleton',
        website: 'https://examplia.example',
        description: { text: 'Funds border security and CT investigations.', lang: 'en' },
        counts: { contacts: 0, agreements: 0, contributions: 0, sessions: 0 },
        totals: [],
      });
      expect((await auditRowsOf(t.db, 'organisation.create', donorId)).length).toBe(1);
    });

    it('lists organisations to every role, with filters by kind, country and part of the name', async () => {
      const all = await focal.get('/api/organisations');
      expect(all.statusCode).toBe(200);
      expect(all.json().items.map((o: { name: string }) => o.name)).toEqual(
        expect.arrayContaining(['Kingdom of Examplia', 'United Nations Office of Examples', 'African Example Centre']),
      );
      const byKind = await officer.get('/api/organisations?kind=un_entity');
      expect(byKind.json().items.map((o: { id: string }) => o.id)).toEqual([unId]);
      const byCountry = await officer.get('/api/organisations?country=at');
      expect(byCountry.json().items.map((o: { id: string }) => o.id)).toEqual([unId]);
      const byName = await officer.get('/api/organisations?q=aec');
      expect(byName.json().items.map((o: { id: string }) => o.id)).toEqual([regionalId]);
      const wildcard = await officer.get(`/api/organisations?q=${encodeURIComponent('%')}`);
      expect(wildcard.json().items).toEqual([]);
    });

    it('refuses a duplicate name (any case) with 409 naming the rule, on create and on edit, changing nothing', async () => {
      const dup = expectError(
        await officer.post('/api/organisations', { name: 'KINGDOM OF EXAMPLIA', kind: 'donor_government' }),
        409,
        'CONFLICT',
      );
      expect(dup.rule).toBe('partners.organisation_name_taken');
      expect(detailPaths(dup)).toEqual(['name']);
      const rename = expectError(
        await officer.patch(`/api/organisations/${unId}`, { name: 'kingdom of examplia' }),
        409,
        'CONFLICT',
      );
      expect(detailPaths(rename)).toEqual(['name']);
      const [row] = await t.db.select().from(organisations).where(eq(organisations.id, unId));
      expect(row?.name).toBe('United Nations Office of Examples');
    });

    it('refuses an unknown country (422 naming the rule), a website that is not http(s) and an unknown kind (400)', async () => {
      const country = expectError(
        await officer.post('/api/organisations', { name: 'Nowhere Fund', kind: 'other', countryIso2: 'XZ' }),
        422,
        'RULE_VIOLATION',
      );
      expect(country.rule).toBe('partners.country_unknown');
      expect(country.params).toEqual({ country: 'XZ' });
      expect(detailPaths(country)).toEqual(['countryIso2']);
      const website = expectError(
        await officer.post('/api/organisations', { name: 'Nowhere Fund', kind: 'other', website: 'javascript:alert(1)' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(detailPaths(website)).toEqual(['website']);
      expectError(await officer.post('/api/organisations', { name: 'Nowhere Fund', kind: 'club' }), 400, 'VALIDATION_FAILED');
      const names = (await officer.get('/api/organisations?q=Nowhere')).json().items;
      expect(names).toEqual([]);
    });

    it('edits an organisation, clearing fields with null, audited with the fields changed', async () => {
      const res = await officer.patch(`/api/organisations/${regionalId}`, {
        countryIso2: 'DZ',
        seatCity: 'Algiers',
        website: 'https://aec.example',
        description: { ar: 'مركز إقليمي' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        countryIso2: 'DZ',
        seatCity: 'Algiers',
        description: { text: 'مركز إقليمي', lang: 'ar' },
      });
      const cleared = await officer.patch(`/api/organisations/${regionalId}`, { website: null, seatCity: '' });
      expect(cleared.json()).toMatchObject({ website: null, seatCity: null, countryIso2: 'DZ' });
      const [audit] = await auditRowsOf(t.db, 'organisation.update', regionalId);
      expect(((audit?.details ?? {}) as { fields?: string[] }).fields?.sort()).toEqual(['seatCity', 'website']);
      expectError(await officer.patch(`/api/organisations/${regionalId}`, {}), 400, 'VALIDATION_FAILED');
      expectError(
        await officer.patch('/api/organisations/6f1d7a4e-0000-4000-8000-000000000000', { seatCity: 'X' }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('contacts', () => {
    let contactId: string;

    it('programme officers add contacts; office staff read them, each read audited as personal data', async () => {
      const res = await officer.post(`/api/organisations/${donorId}/contacts`, {
        fullName: 'Hana Example',
        functionTitle: 'First Secretary',
        email: 'Hana.Example@Examplia.example',
        phone: '+81 3 0000 0000',
      });
      expect(res.statusCode, res.body).toBe(201);
      contactId = res.json().id;
      expect(res.json()).toMatchObject({ email: 'hana.example@examplia.example', functionTitle: 'First Secretary' });
      const list = await me.get(`/api/organisations/${donorId}/contacts`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((c: { fullName: string }) => c.fullName)).toEqual(['Hana Example']);
      const [read] = await auditRowsOf(t.db, 'organisation_contact.list', donorId);
      expect(read?.details).toMatchObject({ contactIds: [contactId] });
    });

    it('refuses contacts to partners, focal points and trainers (403), and bad emails or phones (400)', async () => {
      for (const client of [partner, focal, trainer]) {
        expectError(await client.get(`/api/organisations/${donorId}/contacts`), 403, 'FORBIDDEN');
      }
      const before = await rowCount(organisationContacts);
      const bad = expectError(
        await officer.post(`/api/organisations/${donorId}/contacts`, {
          fullName: 'X Y',
          email: 'not-an-email',
          phone: 'call me',
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(detailPaths(bad).sort()).toEqual(['email', 'phone']);
      expect(await rowCount(organisationContacts)).toBe(before);
    });

    it('edits and removes a contact, audited', async () => {
      const edited = await officer.patch(`/api/partner-contacts/${contactId}`, { functionTitle: 'Counsellor', phone: null });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ functionTitle: 'Counsellor', phone: null, fullName: 'Hana Example' });
      const extra = await officer.post(`/api/organisations/${donorId}/contacts`, { fullName: 'Temporary Person' });
      const removed = await officer.delete(`/api/partner-contacts/${extra.json().id}`);
      expect(removed.statusCode).toBe(204);
      expect((await auditRowsOf(t.db, 'organisation_contact.delete', extra.json().id)).length).toBe(1);
      expectError(await officer.delete(`/api/partner-contacts/${extra.json().id}`), 404, 'NOT_FOUND');
    });
  });

  describe('agreements', () => {
    let agreementId: string;

    it('records an agreement and attaches its signed document from the file store', async () => {
      const res = await officer.post(`/api/organisations/${donorId}/agreements`, {
        title: 'Funding agreement on border security 2024–2026',
        kind: 'funding_agreement',
        signedOn: '2024-01-15',
        validFrom: '2024-02-01',
        validTo: '2026-12-31',
      });
      expect(res.statusCode, res.body).toBe(201);
      agreementId = res.json().id;
      expect(res.json()).toMatchObject({ kind: 'funding_agreement', document: null, contributions: 0 });
      const upload = await officer.request({
        method: 'PUT',
        url: `/api/partner-agreements/${agreementId}/document`,
        ...multipart({ name: 'accord signé.pdf', type: 'application/pdf', content: PDF }),
      });
      expect(upload.statusCode, upload.body).toBe(200);
      expect(upload.json().document).toEqual({ name: 'accord signé.pdf', mediaType: 'application/pdf', size: PDF.length });
      const download = await me.get(`/api/partner-agreements/${agreementId}/document`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toContain("filename*=UTF-8''accord%20sign%C3%A9.pdf");
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.rawPayload.equals(PDF)).toBe(true);
      expect((await auditRowsOf(t.db, 'partner_agreement.document', agreementId)).length).toBe(1);
    });

    it('replaces the document, removing the earlier file; refuses a kind not accepted (415) and an empty form', async () => {
      const files = async () => Number((await t.db.select({ n: count() }).from(storedFiles))[0]?.n ?? 0);
      const before = await files();
      const again = await officer.request({
        method: 'PUT',
        url: `/api/partner-agreements/${agreementId}/document`,
        ...multipart({ name: 'signed-v2.pdf', type: 'application/pdf', content: PDF }),
      });
      expect(again.statusCode, again.body).toBe(200);
      expect(await files()).toBe(before);
      const html = await officer.request({
        method: 'PUT',
        url: `/api/partner-agreements/${agreementId}/document`,
        ...multipart({ name: 'page.html', type: 'text/html', content: Buffer.from('<script>alert(1)</script>') }),
      });
      expectError(html, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await officer.put(`/api/partner-agreements/${agreementId}/document`, {}), 415, 'UNSUPPORTED_MEDIA_TYPE');
      const [row] = await t.db.select().from(partnerAgreements).where(eq(partnerAgreements.id, agreementId));
      const document = await me.get(`/api/partner-agreements/${agreementId}/document`);
      expect(document.headers['content-disposition']).toContain('signed-v2.pdf');
      expect(row?.documentFileId).toBeTruthy();
    });

    it('refuses an agreement that ends before it starts (422 naming the rule), changing nothing', async () => {
      const before = await rowCount(partnerAgreements);
      const err = expectError(
        await officer.post(`/api/organisations/${donorId}/agreements`, {
          title: 'Backwards',
          kind: 'mou',
          validFrom: '2025-01-01',
          validTo: '2024-12-31',
        }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('partners.validity_order');
      expect(detailPaths(err)).toEqual(['validTo']);
      expectError(
        await officer.patch(`/api/partner-agreements/${agreementId}`, { validTo: '2020-01-01' }),
        422,
        'RULE_VIOLATION',
      );
      expect(await rowCount(partnerAgreements)).toBe(before);
      const [row] = await t.db.select().from(partnerAgreements).where(eq(partnerAgreements.id, agreementId));
      expect(row?.validTo).toBe('2026-12-31');
    });

    it('lists agreements to office staff; documents are for office staff only', async () => {
      const list = await me.get(`/api/organisations/${donorId}/agreements`);
      expect(list.json().items.map((a: { id: string }) => a.id)).toEqual([agreementId]);
      expectError(await focal.get(`/api/organisations/${donorId}/agreements`), 403, 'FORBIDDEN');
      expectError(await partner.get(`/api/partner-agreements/${agreementId}/document`), 403, 'FORBIDDEN');
    });
  });

  describe('contributions', () => {
    let programmeId: string;
    let otherProgrammeId: string;
    let agreementId: string;
    let unAgreementId: string;
    let contributionId: string;

    const base = () => ({
      organisationId: donorId,
      programmeId,
      amount: '1000000.10',
      currency: 'EUR',
      earmarked: true,
      periodFrom: '2024-01-01',
      periodTo: '2025-12-31',
    });

    beforeAll(async () => {
      programmeId = (await createCourse(t.db)).programmeId;
      otherProgrammeId = (await createCourse(t.db)).programmeId;
      agreementId = (await officer.get(`/api/organisations/${donorId}/agreements`)).json().items[0].id;
      const un = await officer.post(`/api/organisations/${unId}/agreements`, {
        title: 'MoU',
        kind: 'mou',
        validFrom: '2023-01-01',
      });
      unAgreementId = un.json().id;
    });

    it('records a contribution citing its own donor agreement, audited, with the amount exact', async () => {
      const res = await officer.post('/api/contributions', { ...base(), agreementId, note: 'Tranche 1' });
      expect(res.statusCode, res.body).toBe(201);
      contributionId = res.json().id;
      expect(res.json()).toMatchObject({
        amount: '1000000.10',
        currency: 'EUR',
        earmarked: true,
        organisation: { id: donorId },
        programme: { id: programmeId },
        agreement: { id: agreementId, kind: 'funding_agreement' },
      });
      expect((await auditRowsOf(t.db, 'contribution.create', contributionId)).length).toBe(1);
    });

    it('refuses each broken rule with 422 naming it, changing nothing', async () => {
      const before = await rowCount(contributions);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ amount: '0.00' }, 'partners.amount_positive', 'amount'],
        [{ currency: 'XYZ' }, 'partners.currency_unknown', 'currency'],
        [{ currency: 'JPY', amount: '1000.5' }, 'partners.amount_minor_units', 'amount'],
        [{ periodFrom: '2025-01-01', periodTo: '2024-12-31' }, 'partners.period_order', 'periodTo'],
        [{ agreementId: unAgreementId }, 'partners.agreement_other_organisation', 'agreementId'],
        [{ programmeId: '6f1d7a4e-0000-4000-8000-000000000001' }, 'reference.programme_unknown', 'programmeId'],
        [{ organisationId: '6f1d7a4e-0000-4000-8000-000000000002' }, 'reference.organisation_unknown', 'organisationId'],
      ];
      for (const [change, rule, path] of cases) {
        const err = expectError(await officer.post('/api/contributions', { ...base(), ...change }), 422, 'RULE_VIOLATION');
        expect(err.rule, rule).toBe(rule);
        expect(detailPaths(err), rule).toEqual([path]);
      }
      // Money is never a float, and the currency is three letters.
      expectError(await officer.post('/api/contributions', { ...base(), amount: 1000 }), 400, 'VALIDATION_FAILED');
      expectError(await officer.post('/api/contributions', { ...base(), amount: '-5' }), 400, 'VALIDATION_FAILED');
      expectError(await officer.post('/api/contributions', { ...base(), amount: '1e6' }), 400, 'VALIDATION_FAILED');
      expectError(await officer.post('/api/contributions', { ...base(), currency: 'EURO' }), 400, 'VALIDATION_FAILED');
      expect(await rowCount(contributions)).toBe(before);
    });

    it('checks an edit against the rules on the record as changed, changing nothing when one breaks', async () => {
      const moveDonor = expectError(
        await officer.patch(`/api/contributions/${contributionId}`, { organisationId: unId }),
        422,
        'RULE_VIOLATION',
      );
      expect(moveDonor.rule).toBe('partners.agreement_other_organisation');
      expectError(await officer.patch(`/api/contributions/${contributionId}`, { periodTo: '2023-01-01' }), 422, 'RULE_VIOLATION');
      const [row] = await t.db.select().from(contributions).where(eq(contributions.id, contributionId));
      expect(row).toMatchObject({ organisationId: donorId, periodTo: '2025-12-31' });
      const moved = await officer.patch(`/api/contributions/${contributionId}`, {
        organisationId: unId,
        agreementId: unAgreementId,
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const back = await officer.patch(`/api/contributions/${contributionId}`, { organisationId: donorId, agreementId });
      expect(back.json()).toMatchObject({ organisation: { id: donorId }, agreement: { id: agreementId } });
      expect((await auditRowsOf(t.db, 'contribution.update', contributionId)).length).toBe(2);
    });

    it('totals per currency, per donor and per programme, exactly, never adding currencies', async () => {
      for (const c of [
        { amount: '250000.25', earmarked: false },
        { amount: '75000', currency: 'USD' },
        { amount: '50000000', currency: 'JPY', programmeId: otherProgrammeId, organisationId: unId },
        { amount: '0.01', currency: 'USD', programmeId: otherProgrammeId },
      ]) {
        const res = await officer.post('/api/contributions', { ...base(), ...c });
        expect(res.statusCode, res.body).toBe(201);
      }
      const list = (await me.get('/api/contributions')).json() as ContributionList;
      expect(list.items).toHaveLength(5);
      expect(list.totals.byCurrency).toEqual([
        { currency: 'EUR', amount: '1250000.35', earmarked: '1000000.10', unearmarked: '250000.25', contributions: 2 },
        { currency: 'JPY', amount: '50000000', earmarked: '50000000', unearmarked: '0', contributions: 1 },
        { currency: 'USD', amount: '75000.01', earmarked: '75000.01', unearmarked: '0.00', contributions: 2 },
      ]);
      const donorTotals = list.totals.byOrganisation.filter((r) => r.organisation.id === donorId);
      expect(donorTotals.map((r) => [r.currency, r.amount])).toEqual([
        ['EUR', '1250000.35'],
        ['USD', '75000.01'],
      ]);
      const otherProgramme = list.totals.byProgramme.filter((r) => r.programme.id === otherProgrammeId);
      expect(otherProgramme.map((r) => [r.currency, r.amount])).toEqual([
        ['JPY', '50000000'],
        ['USD', '0.01'],
      ]);
      const filtered = (await me.get(`/api/contributions?organisationId=${donorId}&currency=usd`)).json() as ContributionList;
      expect(filtered.items.map((i) => i.amount).sort()).toEqual(['0.01', '75000.00']);
      const unearmarked = (await me.get('/api/contributions?earmarked=false')).json() as ContributionList;
      expect(unearmarked.items.map((i) => i.amount)).toEqual(['250000.25']);
      expect((await me.get('/api/contributions?year=2023')).json().items).toEqual([]);
      const detail = (await me.get(`/api/organisations/${donorId}`)).json();
      expect(detail.totals.map((r: Total) => [r.currency, r.amount])).toEqual([
        ['EUR', '1250000.35'],
        ['USD', '75000.01'],
      ]);
      expect(detail.counts.contributions).toBe(4);
    });

    it('refuses to delete an agreement that contributions cite; deletes a contribution, audited', async () => {
      const cited = expectError(await officer.delete(`/api/partner-agreements/${agreementId}`), 422, 'RULE_VIOLATION');
      expect(cited.rule).toBe('partners.agreement_cited');
      expect((await t.db.select().from(partnerAgreements).where(eq(partnerAgreements.id, agreementId))).length).toBe(1);
      const extra = await officer.post('/api/contributions', { ...base(), amount: '10' });
      expect((await officer.delete(`/api/contributions/${extra.json().id}`)).statusCode).toBe(204);
      expect((await auditRowsOf(t.db, 'contribution.delete', extra.json().id)).length).toBe(1);
      const unused = await officer.post(`/api/organisations/${regionalId}/agreements`, {
        title: 'Letter',
        kind: 'letter_of_agreement',
        validFrom: '2025-01-01',
      });
      expect((await officer.delete(`/api/partner-agreements/${unused.json().id}`)).statusCode).toBe(204);
    });

    it('keeps contributions from focal points and trainers (403)', async () => {
      for (const client of [focal, trainer]) {
        expectError(await client.get('/api/contributions'), 403, 'FORBIDDEN');
        expectError(await client.get(`/api/organisations/${donorId}`), 403, 'FORBIDDEN');
      }
      expectError(await me.post('/api/contributions', base()), 403, 'FORBIDDEN');
    });
  });

  describe('sessions co-delivered or funded, and who does what where', () => {
    let deliveredSessionId: string;
    let fundedSessionId: string;
    let programmeId: string;
    let year: number;

    beforeAll(async () => {
      // The regional body delivers course A (sessions in NG and GH); the UN entity delivers course B
      // of the same theme in NG; the donor contributes to course B's programme over the session dates.
      const courseA = await createCourse(t.db);
      const courseB = await createCourse(t.db);
      programmeId = courseB.programmeId;
      await t.db.insert(coursePartners).values([
        { courseId: courseA.id, organisationId: regionalId, role: 'delivering_partner' },
        { courseId: courseB.id, organisationId: unId, role: 'delivering_partner' },
      ]);
      const sessionA = await createSession(t.db, { courseId: courseA.id, quotas: { NG: 2, GH: 2 } });
      deliveredSessionId = sessionA.id;
      year = Number(sessionA.startDate.slice(0, 4));
      const sessionB = await createSession(t.db, { courseId: courseB.id, quotas: { NG: 3 } });
      fundedSessionId = sessionB.id;
      // A Senegalese official accepted in session B puts Senegal in the matrix too.
      const official = await createOfficial(t.db, { stateIso2: 'SN' });
      await createNomination(t.db, sessionB.id, official.id, 'accepted');
      // Cancelled: did not happen, counts nowhere.
      await createSession(t.db, { courseId: courseA.id, quotas: { ML: 2 }, status: 'cancelled' });
      const funding = await officer.post('/api/contributions', {
        organisationId: regionalId,
        programmeId: courseB.programmeId,
        amount: '30000',
        currency: 'USD',
        earmarked: true,
        periodFrom: dayFromToday(0),
        periodTo: dayFromToday(365),
      });
      expect(funding.statusCode, funding.body).toBe(201);
      // A contribution whose period ends before the session does not fund it.
      const earlier = await officer.post('/api/contributions', {
        organisationId: donorId,
        programmeId: courseB.programmeId,
        amount: '500',
        currency: 'EUR',
        earmarked: false,
        periodFrom: dayFromToday(-400),
        periodTo: dayFromToday(-30),
      });
      expect(earlier.statusCode, earlier.body).toBe(201);
    });

    it('lists the sessions an organisation delivered or funded, with why and where', async () => {
      const res = await me.get(`/api/organisations/${regionalId}/sessions`);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { id: string; bases: string[]; states: string[]; status: string }[];
      const delivered = items.find((i) => i.id === deliveredSessionId);
      const funded = items.find((i) => i.id === fundedSessionId);
      expect(delivered).toMatchObject({ bases: ['delivering_partner'], states: ['GH', 'NG'] });
      expect(funded).toMatchObject({ bases: ['programme_contribution'], states: ['NG', 'SN'] });
      expect(items.filter((i) => i.status === 'cancelled')).toHaveLength(1);
      const donorSessions = (await me.get(`/api/organisations/${donorId}/sessions`)).json().items as { id: string }[];
      expect(donorSessions.map((s) => s.id)).not.toContain(fundedSessionId);
      expect((await me.get(`/api/organisations/${regionalId}`)).json().counts.sessions).toBe(3);
    });

    it('exports programmesOfOrganisation: the programmes an organisation funds or co-delivers', async () => {
      const programmes = await programmesOfOrganisation(t.db, regionalId);
      expect(programmes).toContain(programmeId);
      const [sessionA] = (await me.get(`/api/organisations/${regionalId}/sessions`)).json().items;
      expect(programmes).toContain(sessionA.programme.id);
      expect(await programmesOfOrganisation(t.db, '6f1d7a4e-0000-4000-8000-000000000003')).toEqual([]);
    });

    it('builds the matrix partner × state × theme and marks overlaps', async () => {
      const res = await me.get(`/api/partners/matrix?fromYear=${year}&toYear=${year}`);
      expect(res.statusCode, res.body).toBe(200);
      const matrix = res.json() as Matrix;
      expect(matrix.definition).toContain('overlap');
      const cell = (iso2: string) => matrix.cells.find((c) => c.stateIso2 === iso2 && c.theme === 'investigations');
      const ng = cell('NG');
      expect(ng?.overlap).toBe(true);
      expect(ng?.partners.find((p) => p.organisationId === regionalId)).toEqual({
        organisationId: regionalId,
        sessions: 2,
        bases: ['delivered', 'funded'],
      });
      expect(ng?.partners.find((p) => p.organisationId === unId)).toMatchObject({ sessions: 1, bases: ['delivered'] });
      expect(cell('GH')).toMatchObject({ overlap: false, partners: [{ organisationId: regionalId }] });
      expect(
        cell('SN')
          ?.partners.map((p) => p.organisationId)
          .sort(),
      ).toEqual([regionalId, unId].sort());
      expect(cell('ML')).toBeUndefined();
      expect(matrix.states.find((s) => s.iso2 === 'NG')?.name).toBe('Nigeria');
      expect(matrix.overlaps).toBe(matrix.cells.filter((c) => c.overlap).length);
    });

    it('filters the matrix: overlaps only, one partner with whoever shares its cells, state, basis, kind and years', async () => {
      const q = `fromYear=${year}&toYear=${year}`;
      const overlaps = (await me.get(`/api/partners/matrix?${q}&overlapsOnly=true`)).json() as Matrix;
      expect(overlaps.cells.every((c) => c.overlap)).toBe(true);
      expect(overlaps.cells.map((c) => c.stateIso2).sort()).toEqual(['NG', 'SN']);
      const un = (await me.get(`/api/partners/matrix?${q}&organisationId=${unId}`)).json() as Matrix;
      expect(un.cells.map((c) => c.stateIso2).sort()).toEqual(['NG', 'SN']);
      expect(un.cells.every((c) => c.partners.length === 2)).toBe(true);
      const gh = (await me.get(`/api/partners/matrix?${q}&stateIso2=GH`)).json() as Matrix;
      expect(gh.states.map((s) => s.iso2)).toEqual(['GH']);
      const funded = (await me.get(`/api/partners/matrix?${q}&basis=funded`)).json() as Matrix;
      expect(funded.cells.flatMap((c) => c.partners.map((p) => p.organisationId))).toEqual(funded.cells.map(() => regionalId));
      const unEntities = (await me.get(`/api/partners/matrix?${q}&kind=un_entity`)).json() as Matrix;
      expect(unEntities.cells.every((c) => c.partners.every((p) => p.organisationId === unId))).toBe(true);
      const past = (await me.get(`/api/partners/matrix?fromYear=2001&toYear=2002`)).json() as Matrix;
      expect(past.cells).toEqual([]);
      expectError(await me.get('/api/partners/matrix?fromYear=2026&toYear=2025'), 400, 'VALIDATION_FAILED');
    });

    it('exports the matrix as CSV: states as rows, themes as columns, overlaps marked', async () => {
      const res = await me.get(`/api/partners/matrix.csv?fromYear=${year}&toYear=${year}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain('attachment');
      const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe('state_iso2,state,investigations,overlaps');
      const ng = lines.find((l) => l.startsWith('NG,'));
      expect(ng).toContain('OVERLAP: ');
      expect(ng).toContain('AEC (2; delivered+funded)');
      expect(ng).toContain('UNOE (1; delivered)');
      expect(ng?.endsWith(',1')).toBe(true);
      expect(lines.find((l) => l.startsWith('GH,'))).toBe('GH,Ghana,"AEC (1; delivered)",0');
    });

    it('keeps the matrix from partners, focal points and trainers (403)', async () => {
      for (const client of [partner, focal, trainer]) {
        expectError(await client.get('/api/partners/matrix'), 403, 'FORBIDDEN');
        expectError(await client.get('/api/partners/matrix.csv'), 403, 'FORBIDDEN');
      }
    });
  });

  describe('a partner user', () => {
    beforeAll(async () => {
      await t.db
        .update(users)
        .set({ organisationId: regionalId })
        .where(eq(users.email, demoEmail('partner')));
    });

    it("reads its own organisation's page without contacts, and no other organisation (404)", async () => {
      const own = await partner.get(`/api/organisations/${regionalId}`);
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json().counts.contacts).toBeNull();
      expect((await partner.get(`/api/organisations/${regionalId}/sessions`)).statusCode).toBe(200);
      expect((await partner.get(`/api/organisations/${regionalId}/agreements`)).statusCode).toBe(200);
      expectError(await partner.get(`/api/organisations/${donorId}`), 404, 'NOT_FOUND');
      expectError(await partner.get(`/api/organisations/${donorId}/sessions`), 404, 'NOT_FOUND');
      expectError(await partner.get(`/api/organisations/${donorId}/agreements`), 404, 'NOT_FOUND');
      expectError(await partner.get(`/api/organisations/${regionalId}/contacts`), 403, 'FORBIDDEN');
      const mine = await partner.get('/api/my-organisation');
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json()).toMatchObject({ id: regionalId, counts: { contacts: null } });
      expectError(await officer.get('/api/my-organisation'), 403, 'FORBIDDEN');
    });

    it('sees only its own contributions and totals', async () => {
      const own = (await partner.get('/api/contributions')).json() as ContributionList;
      expect(own.items.length).toBeGreaterThan(0);
      expect(own.items.every((i) => i.organisation.id === regionalId)).toBe(true);
      expect(own.totals.byOrganisation.every((r) => r.organisation.id === regionalId)).toBe(true);
      const other = (await partner.get(`/api/contributions?organisationId=${donorId}`)).json() as ContributionList;
      expect(other).toEqual({ items: [], totals: { byCurrency: [], byOrganisation: [], byProgramme: [] } });
      expectError(await partner.post('/api/contributions', {}), 403, 'FORBIDDEN');
    });

    it('sees nothing when its account names no organisation', async () => {
      await t.db
        .update(users)
        .set({ organisationId: null })
        .where(eq(users.email, demoEmail('partner')));
      expectError(await partner.get(`/api/organisations/${regionalId}`), 404, 'NOT_FOUND');
      expectError(await partner.get('/api/my-organisation'), 404, 'NOT_FOUND');
      expect((await partner.get('/api/contributions')).json().items).toEqual([]);
    });
  });
});
