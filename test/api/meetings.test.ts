import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { meetingDelegates, meetingDelegations, meetingEditions } from '../../server/db/schema';
import { testDatabaseKind } from './harness';
import { type Delegate, type Delegation, type Edition, isoDay, meetingsHelpers, startMeetingsApp } from './meetings-fixtures';
import { auditRowsOf, createUser, detailPaths, expectError, expectRule, login, sharedApp } from './support';

/** Meetings: editions, delegations, and delegates with the office’s decision on them. */

describe(`meetings (${testDatabaseKind})`, () => {
  const app = sharedApp(startMeetingsApp);
  const { rows, createEdition, createDelegation, register, expectRefused } = meetingsHelpers(() => app);

  describe('editions', () => {
    it('the officer records an edition; its status follows its dates', async () => {
      const upcoming = await createEdition();
      expect(upcoming).toMatchObject({ status: 'upcoming', theme: { text: 'Cooperation against terrorism' } });
      const ongoing = await createEdition({ startDate: isoDay(-1), endDate: isoDay(1) });
      expect(ongoing.status).toBe('ongoing');
      const past = await createEdition({ startDate: isoDay(-400), endDate: isoDay(-398) });
      expect(past.status).toBe('past');
      expect((await auditRowsOf(app.t.db, 'meeting_edition.create', upcoming.id)).length).toBe(1);

      const list = await app.officer.get('/api/meetings/editions');
      expect(list.statusCode).toBe(200);
      const numbers = (list.json().items as Edition[]).map((e) => e.number);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      expect(numbers).toEqual(expect.arrayContaining([upcoming.number, ongoing.number, past.number]));
    });

    it('shows the theme in the reader’s language, else a fallback', async () => {
      const edition = await createEdition({ theme: { fr: 'Prévenir l’extrémisme violent', ar: 'منع التطرف العنيف' } });
      const res = await app.officer.get(`/api/meetings/editions/${edition.id}`);
      expect(res.json().theme).toMatchObject({ text: 'Prévenir l’extrémisme violent', lang: 'fr' });
    });

    it('partners and focal points read editions without edition-wide delegation figures; trainers, participants and admins do not', async () => {
      const edition = await createEdition();
      const res = await app.partner.get(`/api/meetings/editions/${edition.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().counts).toEqual({
        delegations: null,
        delegatesApproved: null,
        delegatesPending: null,
        agendaItems: null,
        documents: 0,
      });
      // A focal point sees their own state's delegation only: no edition-wide figure of other states' registrations.
      expect((await app.focalNg.get(`/api/meetings/editions/${edition.id}`)).json().counts).toEqual({
        delegations: null,
        delegatesApproved: null,
        delegatesPending: null,
        agendaItems: 0,
        documents: 0,
      });
      for (const client of [app.trainer, app.participant, app.admin])
        expectError(await client.get('/api/meetings/editions'), 403, 'FORBIDDEN');
      expectError(await app.focalNg.post('/api/meetings/editions', {}), 403, 'FORBIDDEN');
    });

    it('refuses bad input and a number already used, changing nothing', async () => {
      const existing = await createEdition();
      const before = await rows(meetingEditions);
      const base = {
        number: 999,
        startDate: isoDay(10),
        endDate: isoDay(12),
        city: 'Fez',
        countryIso2: 'MA',
        theme: { en: 'x' },
      };
      const bad = [
        { ...base, endDate: isoDay(9) },
        { ...base, countryIso2: 'FR' },
        { ...base, countryIso2: 'ma' },
        { ...base, theme: {} },
        { ...base, theme: { de: 'Thema' } },
        { ...base, number: 0 },
        { ...base, startDate: '2025-02-30' },
        { ...base, city: '  ' },
        { ...base, extra: true },
      ];
      for (const body of bad) {
        const res = await app.officer.post('/api/meetings/editions', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
      expect(
        detailPaths(
          expectError(
            await app.officer.post('/api/meetings/editions', { ...base, endDate: isoDay(9) }),
            400,
            'VALIDATION_FAILED',
          ),
        ),
      ).toEqual(['endDate']);
      await expectRefused(
        () => app.officer.post('/api/meetings/editions', { ...base, number: existing.number }),
        'meeting.edition_number_taken',
        409,
        'CONFLICT',
      );
      expect(await rows(meetingEditions)).toBe(before);
      expectError(await app.officer.patch(`/api/meetings/editions/${existing.id}`, {}), 400, 'VALIDATION_FAILED');
      expectError(
        await app.officer.patch(`/api/meetings/editions/${existing.id}`, { endDate: '2000-01-01' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await app.officer.get('/api/meetings/editions/not-an-id'), 400, 'VALIDATION_FAILED');
      expectError(await app.officer.get('/api/meetings/editions/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    });
  });

  describe('delegations', () => {
    it('adds state, agency and organisation delegations with roles that fit them', async () => {
      const edition = await createEdition();
      const ng = await createDelegation(edition.id, { stateIso2: 'NG', role: 'member' });
      expect(ng).toMatchObject({ stateIso2: 'NG', role: 'member', agency: null, organisation: null, delegates: [] });
      const sn = await createDelegation(edition.id, { agencyId: app.senegalAgencyId, role: 'member' });
      expect(sn).toMatchObject({ stateIso2: 'SN', agency: { id: app.senegalAgencyId } });
      const org = await createDelegation(edition.id, { organisationId: app.unodcId, role: 'international_organisation' });
      expect(org).toMatchObject({ stateIso2: null, organisation: { id: app.unodcId } });
      await createDelegation(edition.id, { organisationId: app.interpolId, role: 'observer' });
      await createDelegation(edition.id, { stateIso2: 'GH', role: 'observer' });
      expect((await auditRowsOf(app.t.db, 'meeting_delegation.create', ng.id)).length).toBe(1);

      const url = `/api/meetings/editions/${edition.id}/delegations`;
      await expectRefused(() => app.officer.post(url, { stateIso2: 'NG', role: 'member' }), 'meeting.one_delegation_per_state');
      // An agency of a state that already has its delegation is the same state.
      await expectRefused(
        () => app.officer.post(url, { agencyId: app.nigeriaAgencyId, role: 'member' }),
        'meeting.one_delegation_per_state',
      );
      await expectRefused(
        () => app.officer.post(url, { organisationId: app.unodcId, role: 'observer' }),
        'meeting.one_delegation_per_organisation',
      );
      await expectRefused(
        () => app.officer.post(url, { stateIso2: 'KE', role: 'international_organisation' }),
        'meeting.role_fits_state',
      );
      await expectRefused(
        () => app.officer.post(url, { organisationId: app.interpolId, role: 'member' }),
        'meeting.role_fits_organisation',
      );
      await expectRefused(
        () => app.officer.patch(`/api/meetings/delegations/${ng.id}`, { role: 'international_organisation' }),
        'meeting.role_fits_state',
      );

      const before = await rows(meetingDelegations);
      for (const body of [
        { role: 'member' },
        { stateIso2: 'KE', organisationId: app.unodcId, role: 'member' },
        { stateIso2: 'ZZ', role: 'member' },
        { stateIso2: 'KE', role: 'guest' },
        { agencyId: '00000000-0000-4000-8000-000000000000', role: 'member' },
        { organisationId: 'nope', role: 'observer' },
      ]) {
        expectError(await app.officer.post(url, body), 400, 'VALIDATION_FAILED');
      }
      expect(await rows(meetingDelegations)).toBe(before);

      const changed = await app.officer.patch(`/api/meetings/delegations/${ng.id}`, { role: 'observer' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().role).toBe('observer');
    });

    it('removes an empty delegation only, and never at a past edition', async () => {
      const edition = await createEdition();
      const empty = await createDelegation(edition.id, { stateIso2: 'KE', role: 'member' });
      const full = await createDelegation(edition.id, { stateIso2: 'TZ', role: 'member' });
      await register(app.officer, full.id);
      await expectRefused(() => app.officer.delete(`/api/meetings/delegations/${full.id}`), 'meeting.delegation_has_delegates');
      expect((await app.officer.delete(`/api/meetings/delegations/${empty.id}`)).statusCode).toBe(204);
      expect((await auditRowsOf(app.t.db, 'meeting_delegation.delete', empty.id)).length).toBe(1);
      expectError(await app.officer.delete(`/api/meetings/delegations/${empty.id}`), 404, 'NOT_FOUND');

      const past = await createEdition({ startDate: isoDay(-30), endDate: isoDay(-28) });
      await expectRefused(
        () => app.officer.post(`/api/meetings/editions/${past.id}/delegations`, { stateIso2: 'NG', role: 'member' }),
        'meeting.edition_past',
      );
    });
  });

  describe('delegates and the office’s decision', () => {
    let edition: Edition;
    let ng: Delegation;
    let gh: Delegation;
    let org: Delegation;

    beforeAll(async () => {
      edition = await createEdition();
      ng = await createDelegation(edition.id, { stateIso2: 'NG', role: 'member' });
      gh = await createDelegation(edition.id, { stateIso2: 'GH', role: 'member' });
      org = await createDelegation(edition.id, { organisationId: app.unodcId, role: 'international_organisation' });
    });

    it('a focal point registers delegates in their own state’s delegation only', async () => {
      const mine = await register(app.focalNg, ng.id, { email: 'Chief.Delegate@Agency.test' });
      expect(mine).toMatchObject({ status: 'pending', delegationId: ng.id });
      expect((await auditRowsOf(app.t.db, 'meeting_delegate.create', mine.id)).length).toBe(1);
      const stored = await app.t.db.select().from(meetingDelegates).where(eq(meetingDelegates.id, mine.id));
      expect(stored[0]?.email).toBe('chief.delegate@agency.test');

      const before = await rows(meetingDelegates);
      const body = { givenNames: 'Kofi', familyName: 'Mensah', function: 'Director', email: 'kofi@agency.test' };
      expectError(await app.focalNg.post(`/api/meetings/delegations/${gh.id}/delegates`, body), 404, 'NOT_FOUND');
      expectError(await app.focalNg.post(`/api/meetings/delegations/${org.id}/delegates`, body), 404, 'NOT_FOUND');
      expectError(await app.me.post(`/api/meetings/delegations/${gh.id}/delegates`, body), 403, 'FORBIDDEN');
      expectError(await app.partner.post(`/api/meetings/delegations/${gh.id}/delegates`, body), 403, 'FORBIDDEN');
      for (const bad of [
        { ...body, email: 'not-an-email' },
        { ...body, givenNames: '' },
        { ...body, function: undefined },
        { ...body, status: 'approved' },
      ]) {
        expectError(await app.focalGh.post(`/api/meetings/delegations/${gh.id}/delegates`, bad), 400, 'VALIDATION_FAILED');
      }
      expect(await rows(meetingDelegates)).toBe(before);
      expect((await app.focalGh.post(`/api/meetings/delegations/${gh.id}/delegates`, body)).statusCode).toBe(201);
    });

    it('one registration per person (email) and delegation: another state’s registration is neither refused nor hinted at', async () => {
      const own = await createEdition();
      const nigeria = await createDelegation(own.id, { stateIso2: 'NG', role: 'member' });
      const senegal = await createDelegation(own.id, { stateIso2: 'SN', role: 'member' });
      const unodc = await createDelegation(own.id, { organisationId: app.unodcId, role: 'international_organisation' });
      const snFocal = await createUser(app.admin, { role: 'focal_point', stateIso2: 'SN' });
      const focalSn = (await login(app.t, snFocal.email, snFocal.password)).client;
      const inSenegal = await register(focalSn, senegal.id, { email: 'shared.person@agency.test' });

      // Nigeria's focal point registers the same person: accepted like any registration, nothing said about Senegal.
      const res = await app.focalNg.post(`/api/meetings/delegations/${nigeria.id}/delegates`, {
        givenNames: 'Shared',
        familyName: 'Person',
        function: 'Analyst',
        email: 'SHARED.person@agency.test',
      });
      expect(res.statusCode, res.body).toBe(201);
      const inNigeria = res.json() as Delegate;
      expect(inNigeria.sameEmailElsewhere).toBeNull();
      expect(res.body).not.toContain(senegal.id);
      expect(res.body).not.toContain(inSenegal.id);
      const ngList = await app.focalNg.get(`/api/meetings/editions/${own.id}/delegations`);
      expect(ngList.body).not.toContain(inSenegal.id);
      expect(ngList.body).not.toContain('"SN"');
      for (const d of (ngList.json().items as Delegation[]).flatMap((g) => g.delegates)) {
        expect(d.sameEmailElsewhere).toBeNull();
      }
      // A pending registration corrected: onto a person already in the delegation, refused; onto another state's, accepted.
      const other = await register(app.focalNg, nigeria.id);
      const corrected = await app.focalNg.patch(`/api/meetings/delegates/${other.id}`, { email: 'Shared.Person@agency.test' });
      expect(corrected.statusCode, corrected.body).toBe(409);
      expect(expectRule(corrected, 'meeting.one_registration_per_delegation', 409).details).toMatchObject([{ path: 'email' }]);
      const toSenegalsOnly = await register(focalSn, senegal.id, { email: 'only.in.senegal@agency.test' });
      const movedOnto = await app.focalNg.patch(`/api/meetings/delegates/${other.id}`, { email: 'only.in.senegal@agency.test' });
      expect(movedOnto.statusCode, movedOnto.body).toBe(200);
      expect(movedOnto.json().sameEmailElsewhere).toBeNull();

      // Within one delegation the same person is still refused.
      await expectRefused(
        () =>
          app.focalNg.post(`/api/meetings/delegations/${nigeria.id}/delegates`, {
            givenNames: 'Shared',
            familyName: 'Person',
            function: 'Analyst',
            email: 'shared.PERSON@agency.test',
          }),
        'meeting.one_registration_per_delegation',
        409,
        'CONFLICT',
      );

      // The office sees the same person in both delegations, from each side.
      const all = (await app.officer.get(`/api/meetings/editions/${own.id}/delegations`)).json().items as Delegation[];
      const flagOf = (id: string) => all.flatMap((g) => g.delegates).find((d) => d.id === id)?.sameEmailElsewhere;
      expect(flagOf(inNigeria.id)).toEqual([
        { delegateId: inSenegal.id, delegationId: senegal.id, stateIso2: 'SN', organisationName: null, status: 'pending' },
      ]);
      expect(flagOf(inSenegal.id)).toEqual([
        { delegateId: inNigeria.id, delegationId: nigeria.id, stateIso2: 'NG', organisationName: null, status: 'pending' },
      ]);
      expect(flagOf(toSenegalsOnly.id)).toEqual([
        { delegateId: other.id, delegationId: nigeria.id, stateIso2: 'NG', organisationName: null, status: 'pending' },
      ]);

      // The office approves one of the two registrations of a person, never both.
      const approved = await app.officer.post(`/api/meetings/delegates/${inSenegal.id}/decision`, { decision: 'approved' });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().sameEmailElsewhere).toEqual([
        { delegateId: inNigeria.id, delegationId: nigeria.id, stateIso2: 'NG', organisationName: null, status: 'pending' },
      ]);
      await expectRefused(
        () => app.officer.post(`/api/meetings/delegates/${inNigeria.id}/decision`, { decision: 'approved' }),
        'meeting.one_approval_per_person',
      );
      const declined = await app.officer.post(`/api/meetings/delegates/${inNigeria.id}/decision`, {
        decision: 'declined',
        reason: 'Registered in the delegation of Senegal',
      });
      expect(declined.statusCode, declined.body).toBe(200);
      // Nor by correcting an approved delegate's email onto another approved registration.
      const third = await register(app.officer, unodc.id);
      expect(third.sameEmailElsewhere).toEqual([]);
      expect((await app.officer.post(`/api/meetings/delegates/${third.id}/decision`, { decision: 'approved' })).statusCode).toBe(
        200,
      );
      await expectRefused(
        () => app.officer.patch(`/api/meetings/delegates/${third.id}`, { email: 'shared.person@agency.test' }),
        'meeting.one_approval_per_person',
      );

      // Another edition is another registration.
      const next = await createEdition();
      const nextOrg = await createDelegation(next.id, { organisationId: app.unodcId, role: 'international_organisation' });
      await register(app.officer, nextOrg.id, { email: 'shared.person@agency.test' });
    });

    it('focal points see their own state’s delegation and delegates; office staff see all; every read is audited', async () => {
      const url = `/api/meetings/editions/${edition.id}/delegations`;
      const mine = await app.focalNg.get(url);
      expect(mine.statusCode).toBe(200);
      const items = mine.json().items as Delegation[];
      expect(items.map((d) => d.stateIso2)).toEqual(['NG']);
      const audit = await auditRowsOf(app.t.db, 'meeting_delegate.list', edition.id);
      expect(audit[0]?.details).toEqual({ delegateIds: items.flatMap((d) => d.delegates.map((g) => g.id)) });

      const all = (await app.me.get(url)).json().items as Delegation[];
      expect(all.map((d) => d.stateIso2 ?? d.organisation?.id)).toEqual(['GH', 'NG', app.unodcId]);
      const delegates = all.flatMap((d) => d.delegates);
      expect((await app.me.get(`/api/meetings/editions/${edition.id}`)).json().counts).toEqual({
        delegations: 3,
        delegatesApproved: delegates.filter((d) => d.status === 'approved').length,
        delegatesPending: delegates.filter((d) => d.status === 'pending').length,
        agendaItems: 0,
        documents: 0,
      });
      expect(delegates.length).toBeGreaterThan(0);
      expectError(await app.partner.get(url), 403, 'FORBIDDEN');
      expectError(await app.trainer.get(url), 403, 'FORBIDDEN');
    });

    it('approves once, declines with a reason, and says which rule a refusal breaks', async () => {
      const delegate = await register(app.focalNg, ng.id);
      const url = `/api/meetings/delegates/${delegate.id}/decision`;
      expectError(await app.focalNg.post(url, { decision: 'approved' }), 403, 'FORBIDDEN');
      expectError(await app.me.post(url, { decision: 'approved' }), 403, 'FORBIDDEN');

      const approved = await app.officer.post(url, { decision: 'approved' });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'approved', decisionReason: null });
      const decidedAt = approved.json().decidedAt as string;
      expect((await auditRowsOf(app.t.db, 'meeting_delegate.approve', delegate.id)).length).toBe(1);

      await expectRefused(() => app.officer.post(url, { decision: 'approved' }), 'meeting.delegate_approved_once');
      const row = (await app.t.db.select().from(meetingDelegates).where(eq(meetingDelegates.id, delegate.id)))[0];
      expect(row?.decidedAt?.toISOString()).toBe(decidedAt);

      expect(detailPaths(expectError(await app.officer.post(url, { decision: 'declined' }), 400, 'VALIDATION_FAILED'))).toEqual([
        'reason',
      ]);
      expectError(await app.officer.post(url, { decision: 'maybe' }), 400, 'VALIDATION_FAILED');
      const declined = await app.officer.post(url, { decision: 'declined', reason: 'Registered after the deadline' });
      expect(declined.json()).toMatchObject({ status: 'declined', decisionReason: 'Registered after the deadline' });
      await expectRefused(
        () => app.officer.post(url, { decision: 'declined', reason: 'again' }),
        'meeting.delegate_declined_once',
      );
      // The office may change its mind while the edition is to come.
      expect((await app.officer.post(url, { decision: 'approved' })).json().status).toBe('approved');
      expectError(
        await app.officer.post('/api/meetings/delegates/00000000-0000-4000-8000-000000000000/decision', { decision: 'approved' }),
        404,
        'NOT_FOUND',
      );
    });

    it('a focal point corrects a pending registration of their state, not a decided one nor another state’s', async () => {
      const pending = await register(app.focalNg, ng.id);
      const fixed = await app.focalNg.patch(`/api/meetings/delegates/${pending.id}`, { familyName: 'Okonkwo' });
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json().familyName).toBe('Okonkwo');
      expect((await auditRowsOf(app.t.db, 'meeting_delegate.update', pending.id))[0]?.details).toEqual({
        fields: ['familyName'],
      });

      await app.officer.post(`/api/meetings/delegates/${pending.id}/decision`, { decision: 'approved' });
      await expectRefused(
        () => app.focalNg.patch(`/api/meetings/delegates/${pending.id}`, { familyName: 'X' }),
        'meeting.office_edits_decided_delegates',
      );
      expect((await app.officer.patch(`/api/meetings/delegates/${pending.id}`, { function: 'Deputy Director' })).statusCode).toBe(
        200,
      );

      const ghDelegate = await register(app.officer, gh.id);
      expectError(await app.focalNg.patch(`/api/meetings/delegates/${ghDelegate.id}`, { familyName: 'X' }), 404, 'NOT_FOUND');
      expectError(await app.focalNg.patch(`/api/meetings/delegates/${ghDelegate.id}`, {}), 400, 'VALIDATION_FAILED');
    });

    it('the head of a delegation is one of its delegates, never a declined one, and cannot be declined', async () => {
      const head = await register(app.focalNg, ng.id);
      const other = await register(app.officer, gh.id);
      const url = `/api/meetings/delegations/${ng.id}/head`;
      await expectRefused(() => app.focalNg.put(url, { delegateId: other.id }), 'meeting.head_in_delegation');
      await expectRefused(
        () => app.officer.put(url, { delegateId: '00000000-0000-4000-8000-000000000000' }),
        'meeting.head_in_delegation',
      );
      expectError(await app.focalNg.put(`/api/meetings/delegations/${gh.id}/head`, { delegateId: other.id }), 404, 'NOT_FOUND');

      const named = await app.focalNg.put(url, { delegateId: head.id });
      expect(named.statusCode, named.body).toBe(200);
      expect(named.json().headDelegateId).toBe(head.id);
      await expectRefused(
        () => app.officer.post(`/api/meetings/delegates/${head.id}/decision`, { decision: 'declined', reason: 'No visa' }),
        'meeting.head_cannot_be_declined',
      );

      const declined = await register(app.focalNg, ng.id);
      await app.officer.post(`/api/meetings/delegates/${declined.id}/decision`, { decision: 'declined', reason: 'Duplicate' });
      await expectRefused(() => app.officer.put(url, { delegateId: declined.id }), 'meeting.head_not_declined');
      expect((await app.officer.put(url, { delegateId: null })).json().headDelegateId).toBeNull();
    });

    it('once an edition is past: no registration, no approval, no change of delegations', async () => {
      const closing = await createEdition();
      const del = await createDelegation(closing.id, { stateIso2: 'NG', role: 'member' });
      const pending = await register(app.focalNg, del.id);
      const moved = await app.officer.patch(`/api/meetings/editions/${closing.id}`, {
        startDate: isoDay(-10),
        endDate: isoDay(-8),
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().status).toBe('past');

      await expectRefused(
        () => app.officer.post(`/api/meetings/delegates/${pending.id}/decision`, { decision: 'approved' }),
        'meeting.edition_past',
      );
      await expectRefused(
        () => app.officer.post(`/api/meetings/delegates/${pending.id}/decision`, { decision: 'declined', reason: 'late' }),
        'meeting.edition_past',
      );
      await expectRefused(
        () =>
          app.focalNg.post(`/api/meetings/delegations/${del.id}/delegates`, {
            givenNames: 'Late',
            familyName: 'Comer',
            function: 'Analyst',
            email: 'late@agency.test',
          }),
        'meeting.edition_past',
      );
      await expectRefused(
        () => app.focalNg.patch(`/api/meetings/delegates/${pending.id}`, { familyName: 'X' }),
        'meeting.edition_past',
      );
      await expectRefused(
        () => app.officer.patch(`/api/meetings/delegations/${del.id}`, { role: 'observer' }),
        'meeting.edition_past',
      );
      await expectRefused(
        () => app.officer.put(`/api/meetings/delegations/${del.id}/head`, { delegateId: pending.id }),
        'meeting.edition_past',
      );
      const row = (await app.t.db.select().from(meetingDelegates).where(eq(meetingDelegates.id, pending.id)))[0];
      expect(row?.status).toBe('pending');
    });
  });
});
