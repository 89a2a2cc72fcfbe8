import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hrScreenings, nominationEvents, nominations } from '../../server/db/schema';
import { createCourse, createNomination, createOfficial, createSession, userIdOf } from './delivery-fixtures';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { auditRowsOf, createUser, detailPaths, expectError, login } from './support';

type Nomination = {
  id: string;
  status: string;
  waitlistRank: number | null;
  decisionReason: string | null;
  official: { id: string; stateIso2: string };
  screening?: { decision: string } | null;
  events?: { fromStatus: string | null; toStatus: string; reason: string | null }[];
};

describe(`nominations and screening (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let focalNg: Client;
  let focalGh: Client;
  let trainer: Client;
  let me: Client;
  let participant: Client;
  let trainerId: string;
  let courseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    focalNg = await t.as('focal_point');
    trainer = await t.as('trainer');
    me = await t.as('me_officer');
    participant = await t.as('participant');
    const gh = await createUser(await t.as('admin'), { role: 'focal_point', stateIso2: 'GH' });
    focalGh = (await login(t, gh.email, gh.password)).client;
    trainerId = await userIdOf(t.db, demoEmail('trainer'));
    courseId = (await createCourse(t.db)).id;
  });
  afterAll(async () => t.close());

  const nominationCount = async (sessionId: string) =>
    Number((await t.db.select({ n: count() }).from(nominations).where(eq(nominations.sessionId, sessionId)))[0]?.n ?? 0);
  const eventCount = async (nominationId: string) =>
    Number(
      (await t.db.select({ n: count() }).from(nominationEvents).where(eq(nominationEvents.nominationId, nominationId)))[0]?.n ??
        0,
    );
  const statusOf = async (id: string) => (await t.db.select().from(nominations).where(eq(nominations.id, id)))[0]?.status;

  async function nominate(client: Client, sessionId: string, officialId: string) {
    return client.post(`/api/sessions/${sessionId}/nominations`, { officialId });
  }

  /** Screen (cleared) and decide as the officer. */
  async function screenAndDecide(id: string, decision: 'accepted' | 'waitlisted' | 'rejected', reason?: string) {
    const s = await officer.put(`/api/nominations/${id}/screening`, {
      riskLevel: 'low',
      decision: 'cleared',
      reasons: 'No adverse record',
    });
    expect(s.statusCode, s.body).toBe(200);
    const d = await officer.post(`/api/nominations/${id}/decision`, { decision, ...(reason ? { reason } : {}) });
    expect(d.statusCode, d.body).toBe(200);
    return d.json() as Nomination;
  }

  describe('nominating', () => {
    it('a focal point nominates their state’s official to an open session and sees the quota used', async () => {
      const session = await createSession(t.db, { courseId, quotas: { NG: 2, GH: 2 } });
      const official = await createOfficial(t.db, { stateIso2: 'NG' });
      const res = await nominate(focalNg, session.id, official.id);
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as Nomination;
      expect(body).toMatchObject({ status: 'nominated', official: { id: official.id, stateIso2: 'NG' } });
      // The focal point does not see the screening, and the events record the creation.
      expect(body.screening).toBeUndefined();
      expect(body.events).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'nominated' })]);
      expect((await auditRowsOf(t.db, 'nomination.create', body.id)).length).toBe(1);

      const list = await focalNg.get(`/api/sessions/${session.id}/nominations`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().seats).toMatchObject({
        capacity: 10,
        nominationOpen: true,
        pending: 1,
        quotas: [{ stateIso2: 'NG', seats: 2, used: 1, left: 1 }],
      });
      expect(list.json().items.map((n: Nomination) => n.id)).toEqual([body.id]);
      // The read of identities is audited, naming the officials.
      const audit = await auditRowsOf(t.db, 'nomination.list', session.id);
      expect(audit[0]?.details).toMatchObject({ officialIds: [official.id] });
    });

    it('lists candidates of the focal point’s own state only, not yet nominated, searchable by name variant', async () => {
      const session = await createSession(t.db, { courseId });
      const mine = await createOfficial(t.db, { stateIso2: 'NG', familyName: 'Mohammed', givenNames: 'Sani' });
      const theirs = await createOfficial(t.db, { stateIso2: 'GH', familyName: 'Mohamed', givenNames: 'Kwame' });
      const res = await focalNg.get(`/api/sessions/${session.id}/nomination-candidates?q=muhammad`);
      expect(res.statusCode, res.body).toBe(200);
      const ids = (res.json().items as { id: string }[]).map((i) => i.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
      expect((await nominate(focalNg, session.id, mine.id)).statusCode).toBe(201);
      const again = await focalNg.get(`/api/sessions/${session.id}/nomination-candidates`);
      expect((again.json().items as { id: string }[]).map((i) => i.id)).not.toContain(mine.id);
    });

    it.each([
      ['planned', 'nomination.session_not_open'],
      ['closed', 'nomination.session_not_open'],
      ['cancelled', 'nomination.session_not_open'],
    ] as const)('refuses a %s session (422 %s) and changes nothing', async (status, rule) => {
      const session = await createSession(t.db, { courseId, status });
      const official = await createOfficial(t.db);
      const err = expectError(await nominate(focalNg, session.id, official.id), 422, 'RULE_VIOLATION');
      // The rule and its values, for the web to word; the English message for API users.
      expect(err.rule).toBe(rule);
      expect(err.params).toEqual({ status });
      expect(err.message).toBe('Nominations are not open for this session.');
      expect(err.details).toBeUndefined();
      expect(await nominationCount(session.id)).toBe(0);
    });

    it('refuses after the deadline but accepts on the deadline day', async () => {
      const past = await createSession(t.db, { courseId, deadline: -1, start: 5 });
      const onDay = await createSession(t.db, { courseId, deadline: 0, start: 5 });
      const official = await createOfficial(t.db);
      const err = expectError(await nominate(focalNg, past.id, official.id), 422, 'RULE_VIOLATION');
      expect(err.rule).toBe('nomination.deadline_passed');
      expect(await nominationCount(past.id)).toBe(0);
      expect((await nominate(focalNg, onDay.id, official.id)).statusCode).toBe(201);
    });

    it('refuses a state that is not invited and a full quota (rejected and withdrawn do not count)', async () => {
      const session = await createSession(t.db, { courseId, quotas: { NG: 1, GH: 1 } });
      const ml = await createOfficial(t.db, { stateIso2: 'ML' });
      const err = expectError(await nominate(officer, session.id, ml.id), 422, 'RULE_VIOLATION');
      expect(err.rule).toBe('nomination.state_not_invited');

      const a = await createOfficial(t.db);
      const b = await createOfficial(t.db);
      expect((await nominate(focalNg, session.id, a.id)).statusCode).toBe(201);
      const full = expectError(await nominate(focalNg, session.id, b.id), 422, 'RULE_VIOLATION');
      expect(full.rule).toBe('nomination.quota_full');
      expect(await nominationCount(session.id)).toBe(1);
      // Withdrawing the first frees the state's place.
      const [first] = await t.db.select().from(nominations).where(eq(nominations.sessionId, session.id));
      expect((await focalNg.post(`/api/nominations/${first?.id}/withdraw`, { reason: 'Reassigned' })).statusCode).toBe(200);
      expect((await nominate(focalNg, session.id, b.id)).statusCode).toBe(201);
    });

    it('counts each state’s quota with its own nominations only, not the other states’', async () => {
      const session = await createSession(t.db, { courseId, quotas: { NG: 3, GH: 3, KE: 3 } });
      for (let i = 0; i < 3; i += 1) {
        const gh = await createOfficial(t.db, { stateIso2: 'GH' });
        expect((await nominate(focalGh, session.id, gh.id)).statusCode).toBe(201);
      }
      const quotas = (await officer.get(`/api/sessions/${session.id}/nominations`)).json().seats.quotas;
      expect(quotas).toEqual([
        { stateIso2: 'GH', seats: 3, used: 3, left: 0 },
        { stateIso2: 'KE', seats: 3, used: 0, left: 3 },
        { stateIso2: 'NG', seats: 3, used: 0, left: 3 },
      ]);
      expect((await focalNg.get(`/api/sessions/${session.id}/nominations`)).json().seats.quotas).toEqual([
        { stateIso2: 'NG', seats: 3, used: 0, left: 3 },
      ]);
      const ng = await createOfficial(t.db, { stateIso2: 'NG' });
      const res = await nominate(focalNg, session.id, ng.id);
      expect(res.statusCode, res.body).toBe(201);
      const extra = await createOfficial(t.db, { stateIso2: 'GH' });
      const full = expectError(await nominate(focalGh, session.id, extra.id), 422, 'RULE_VIOLATION');
      expect(full.rule).toBe('nomination.quota_full');
    });

    it('a session the focal point’s state is not invited to answers as an unknown one, whatever its status', async () => {
      const official = await createOfficial(t.db, { stateIso2: 'NG' });
      const unknown = await nominate(focalNg, crypto.randomUUID(), official.id);
      expectError(unknown, 404, 'NOT_FOUND');
      for (const status of ['open', 'planned', 'cancelled'] as const) {
        const uninvited = await createSession(t.db, { courseId, status, quotas: { SN: 3 } });
        const res = await nominate(focalNg, uninvited.id, official.id);
        expect({ status: res.statusCode, body: res.json() }, status).toEqual({ status: 404, body: unknown.json() });
        expect(await nominationCount(uninvited.id)).toBe(0);
      }
    });

    it('answers 404 for another state’s official and for an unknown one; 409 for a second nomination; 422 for a merged record', async () => {
      const session = await createSession(t.db, { courseId });
      const gh = await createOfficial(t.db, { stateIso2: 'GH' });
      expectError(await nominate(focalNg, session.id, gh.id), 404, 'NOT_FOUND');
      expectError(await nominate(focalNg, session.id, crypto.randomUUID()), 404, 'NOT_FOUND');
      expectError(await nominate(focalNg, crypto.randomUUID(), gh.id), 404, 'NOT_FOUND');
      const ng = await createOfficial(t.db);
      expect((await nominate(focalNg, session.id, ng.id)).statusCode).toBe(201);
      const dup = expectError(await nominate(focalNg, session.id, ng.id), 409, 'CONFLICT');
      expect(detailPaths(dup)).toEqual(['officialId']);
      const merged = await createOfficial(t.db, { mergedIntoId: ng.id });
      const m = expectError(await nominate(focalNg, session.id, merged.id), 422, 'RULE_VIOLATION');
      expect(m.rule).toBe('nomination.official_merged');
      expect(await nominationCount(session.id)).toBe(1);
    });

    it('validates the body', async () => {
      const session = await createSession(t.db, { courseId });
      expect(
        detailPaths(expectError(await focalNg.post(`/api/sessions/${session.id}/nominations`, {}), 400, 'VALIDATION_FAILED')),
      ).toEqual(['officialId']);
      expectError(await focalNg.post(`/api/sessions/${session.id}/nominations`, { officialId: 'x' }), 400, 'VALIDATION_FAILED');
      expectError(
        await focalNg.post('/api/sessions/not-a-uuid/nominations', { officialId: crypto.randomUUID() }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('who sees what', () => {
    it('focal points see their state’s nominations only; other states’ are 404; uninvited sessions are 404', async () => {
      const session = await createSession(t.db, { courseId, quotas: { NG: 3, GH: 3 } });
      const ng = await createNomination(t.db, session.id, (await createOfficial(t.db, { stateIso2: 'NG' })).id, 'nominated');
      const gh = await createNomination(t.db, session.id, (await createOfficial(t.db, { stateIso2: 'GH' })).id, 'nominated');
      const ngList = (await focalNg.get(`/api/sessions/${session.id}/nominations`)).json();
      expect(ngList.items.map((n: Nomination) => n.id)).toEqual([ng.id]);
      expect(ngList.seats.quotas.map((q: { stateIso2: string }) => q.stateIso2)).toEqual(['NG']);
      const ghList = (await focalGh.get(`/api/sessions/${session.id}/nominations`)).json();
      expect(ghList.items.map((n: Nomination) => n.id)).toEqual([gh.id]);
      expectError(await focalNg.get(`/api/nominations/${gh.id}`), 404, 'NOT_FOUND');
      expect((await focalNg.get(`/api/nominations/${ng.id}`)).statusCode).toBe(200);
      expectError(await focalNg.post(`/api/nominations/${gh.id}/withdraw`, { reason: 'x' }), 404, 'NOT_FOUND');
      expect(await statusOf(gh.id)).toBe('nominated');

      const uninvited = await createSession(t.db, { courseId, quotas: { SN: 2 } });
      expectError(await focalNg.get(`/api/sessions/${uninvited.id}/nominations`), 404, 'NOT_FOUND');
      // Programme officers see all, with the screening.
      const all = (await officer.get(`/api/sessions/${session.id}/nominations`)).json();
      expect(all.items).toHaveLength(2);
      expect(all.items[0]).toHaveProperty('screening');
    });

    it('a focal point’s seat counts are their own state’s: other states’ nominations move none of them', async () => {
      const session = await createSession(t.db, { courseId, capacity: 10, quotas: { NG: 4, GH: 4 } });
      await createNomination(t.db, session.id, (await createOfficial(t.db, { stateIso2: 'NG' })).id, 'accepted');
      await createNomination(t.db, session.id, (await createOfficial(t.db, { stateIso2: 'NG' })).id, 'nominated');
      const seatsOfNg = async () => (await focalNg.get(`/api/sessions/${session.id}/nominations`)).json().seats;
      const before = await seatsOfNg();
      expect(before).toMatchObject({ accepted: 1, waitlisted: 0, pending: 1, seatsLeft: 2 });
      for (const status of ['accepted', 'accepted', 'waitlisted', 'nominated'] as const) {
        await createNomination(t.db, session.id, (await createOfficial(t.db, { stateIso2: 'GH' })).id, status);
      }
      expect(await seatsOfNg()).toEqual(before);
      // The office sees the session as a whole.
      expect((await officer.get(`/api/sessions/${session.id}/nominations`)).json().seats).toMatchObject({
        accepted: 3,
        waitlisted: 1,
        pending: 2,
        seatsLeft: 7,
      });
    });

    it('the M&E officer reads no nominee list and no nomination: identities are not theirs (403)', async () => {
      const session = await createSession(t.db, { courseId });
      const n = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'nominated');
      expectError(await me.get(`/api/sessions/${session.id}/nominations`), 403, 'FORBIDDEN');
      expectError(await me.get(`/api/nominations/${n.id}`), 403, 'FORBIDDEN');
    });

    it('trainers see the accepted roster of their own sessions only', async () => {
      const mine = await createSession(t.db, { courseId, trainerIds: [trainerId] });
      const other = await createSession(t.db, { courseId });
      const accepted = await createNomination(t.db, mine.id, (await createOfficial(t.db)).id, 'accepted');
      const pending = await createNomination(t.db, mine.id, (await createOfficial(t.db)).id, 'nominated');
      const res = await trainer.get(`/api/sessions/${mine.id}/nominations`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.map((n: Nomination) => n.id)).toEqual([accepted.id]);
      expectError(await trainer.get(`/api/nominations/${pending.id}`), 404, 'NOT_FOUND');
      expect((await trainer.get(`/api/nominations/${accepted.id}`)).statusCode).toBe(200);
      expectError(await trainer.get(`/api/sessions/${other.id}/nominations`), 404, 'NOT_FOUND');
    });

    it('refuses roles without the permission with 403 and changes nothing', async () => {
      const session = await createSession(t.db, { courseId });
      const official = await createOfficial(t.db);
      expectError(await nominate(trainer, session.id, official.id), 403, 'FORBIDDEN');
      expectError(await nominate(participant, session.id, official.id), 403, 'FORBIDDEN');
      expectError(await participant.get(`/api/sessions/${session.id}/nominations`), 403, 'FORBIDDEN');
      const n = await createNomination(t.db, session.id, official.id, 'nominated');
      expectError(
        await focalNg.post(`/api/nominations/${n.id}/decision`, { decision: 'rejected', reason: 'x' }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await focalNg.put(`/api/nominations/${n.id}/screening`, { riskLevel: 'low', decision: 'cleared', reasons: 'x' }),
        403,
        'FORBIDDEN',
      );
      expect(await statusOf(n.id)).toBe('nominated');
      expect(await nominationCount(session.id)).toBe(1);
    });
  });

  describe('screening and decisions', () => {
    it('records the human-rights screening, then accepts; the focal point sees the decision but not the screening', async () => {
      const session = await createSession(t.db, { courseId });
      const official = await createOfficial(t.db);
      const id = (await nominate(focalNg, session.id, official.id)).json().id as string;
      const screened = await officer.put(`/api/nominations/${id}/screening`, {
        riskLevel: 'medium',
        mitigation: 'Vetting by the national human-rights commission; human-rights module added',
        decision: 'cleared_with_mitigation',
        reasons: 'Unit previously cited; individual not implicated',
      });
      expect(screened.statusCode, screened.body).toBe(200);
      expect(screened.json().screening).toMatchObject({ riskLevel: 'medium', decision: 'cleared_with_mitigation' });
      expect((await auditRowsOf(t.db, 'nomination.screen', id)).length).toBe(1);
      const accepted = await officer.post(`/api/nominations/${id}/decision`, { decision: 'accepted' });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json().events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['nominated', 'accepted']);
      expect((await auditRowsOf(t.db, 'nomination.accept', id)).length).toBe(1);
      const seen = (await focalNg.get(`/api/nominations/${id}`)).json();
      expect(seen.status).toBe('accepted');
      expect(seen).not.toHaveProperty('screening');
    });

    it('validates the screening: risk, decision, reasons, and mitigation when cleared with mitigation', async () => {
      const session = await createSession(t.db, { courseId });
      const n = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'nominated');
      const err = expectError(
        await officer.put(`/api/nominations/${n.id}/screening`, { riskLevel: 'extreme', decision: 'maybe' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(detailPaths(err)).toEqual(expect.arrayContaining(['riskLevel', 'decision', 'reasons']));
      const mit = expectError(
        await officer.put(`/api/nominations/${n.id}/screening`, {
          riskLevel: 'high',
          decision: 'cleared_with_mitigation',
          reasons: 'r',
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(detailPaths(mit)).toEqual(['mitigation']);
      expect(await t.db.select().from(hrScreenings).where(eq(hrScreenings.nominationId, n.id))).toEqual([]);
    });

    it('refuses to accept or waitlist without a cleared screening', async () => {
      const session = await createSession(t.db, { courseId });
      const n = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'nominated');
      for (const decision of ['accepted', 'waitlisted']) {
        const err = expectError(await officer.post(`/api/nominations/${n.id}/decision`, { decision }), 422, 'RULE_VIOLATION');
        expect(err.rule).toBe('nomination.screening_required');
      }
      await officer.put(`/api/nominations/${n.id}/screening`, {
        riskLevel: 'high',
        decision: 'not_cleared',
        reasons: 'Credible allegations',
      });
      const err = expectError(
        await officer.post(`/api/nominations/${n.id}/decision`, { decision: 'accepted' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('nomination.screening_not_cleared');
      expect(await statusOf(n.id)).toBe('nominated');
      expect(await eventCount(n.id)).toBe(0);
      // Rejection needs a reason, and then works.
      const noReason = expectError(
        await officer.post(`/api/nominations/${n.id}/decision`, { decision: 'rejected' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(detailPaths(noReason)).toEqual(['reason']);
      const rejected = await officer.post(`/api/nominations/${n.id}/decision`, {
        decision: 'rejected',
        reason: 'Screening not cleared',
      });
      expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: 'Screening not cleared' });
      expect((await auditRowsOf(t.db, 'nomination.reject', n.id)).length).toBe(1);
    });

    it('refuses to accept over capacity', async () => {
      const session = await createSession(t.db, { courseId, capacity: 1 });
      const a = (await nominate(focalNg, session.id, (await createOfficial(t.db)).id)).json().id;
      const b = (await nominate(focalNg, session.id, (await createOfficial(t.db)).id)).json().id;
      await screenAndDecide(a, 'accepted');
      await officer.put(`/api/nominations/${b}/screening`, { riskLevel: 'low', decision: 'cleared', reasons: 'ok' });
      const err = expectError(
        await officer.post(`/api/nominations/${b}/decision`, { decision: 'accepted' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('nomination.capacity_full');
      expect(await statusOf(b)).toBe('nominated');
      const seats = (await officer.get(`/api/sessions/${session.id}/nominations`)).json().seats;
      expect(seats).toMatchObject({ accepted: 1, seatsLeft: 0 });
    });

    it('refuses to decide twice without a reopen; reopening needs a reason and records it', async () => {
      const session = await createSession(t.db, { courseId });
      const id = (await nominate(focalNg, session.id, (await createOfficial(t.db)).id)).json().id;
      await screenAndDecide(id, 'accepted');
      const err = expectError(
        await officer.post(`/api/nominations/${id}/decision`, { decision: 'rejected', reason: 'x' }),
        422,
        'RULE_VIOLATION',
      );
      expect(err.rule).toBe('nomination.already_decided');
      const rescreen = expectError(
        await officer.put(`/api/nominations/${id}/screening`, { riskLevel: 'high', decision: 'not_cleared', reasons: 'x' }),
        422,
        'RULE_VIOLATION',
      );
      expect(rescreen.rule).toBe('nomination.already_decided');
      expect(await statusOf(id)).toBe('accepted');
      expect(detailPaths(expectError(await officer.post(`/api/nominations/${id}/reopen`, {}), 400, 'VALIDATION_FAILED'))).toEqual(
        ['reason'],
      );
      const reopened = await officer.post(`/api/nominations/${id}/reopen`, { reason: 'New information from the focal point' });
      expect(reopened.statusCode, reopened.body).toBe(200);
      expect(reopened.json().status).toBe('nominated');
      expect(reopened.json().events.at(-1)).toMatchObject({
        fromStatus: 'accepted',
        toStatus: 'nominated',
        reason: 'New information from the focal point',
      });
      expect((await auditRowsOf(t.db, 'nomination.reopen', id)).length).toBe(1);
      const notDecided = expectError(
        await officer.post(`/api/nominations/${id}/reopen`, { reason: 'again' }),
        422,
        'RULE_VIOLATION',
      );
      expect(notDecided.rule).toBe('nomination.not_decided');
      const rejected = await officer.post(`/api/nominations/${id}/decision`, {
        decision: 'rejected',
        reason: 'Post no longer relevant',
      });
      expect(rejected.json().status).toBe('rejected');
    });

    it('waitlists with successive ranks; a withdrawal of an accepted nominee offers the seat to rank 1', async () => {
      const session = await createSession(t.db, { courseId, capacity: 1, quotas: { NG: 5 } });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await nominate(focalNg, session.id, (await createOfficial(t.db)).id)).json().id);
      const [first, second, third] = ids as [string, string, string];
      await screenAndDecide(first, 'accepted');
      expect((await screenAndDecide(second, 'waitlisted')).waitlistRank).toBe(1);
      expect((await screenAndDecide(third, 'waitlisted')).waitlistRank).toBe(2);

      // Withdrawal needs a reason.
      expectError(await focalNg.post(`/api/nominations/${first}/withdraw`, {}), 400, 'VALIDATION_FAILED');
      const withdrawn = await focalNg.post(`/api/nominations/${first}/withdraw`, { reason: 'Officer posted abroad' });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect(withdrawn.json().status).toBe('withdrawn');
      expect(await statusOf(second)).toBe('accepted');
      expect(await statusOf(third)).toBe('waitlisted');
      const offered = (await officer.get(`/api/nominations/${second}`)).json() as Nomination;
      expect(offered.waitlistRank).toBeNull();
      expect(offered.events?.at(-1)).toMatchObject({ fromStatus: 'waitlisted', toStatus: 'accepted' });
      expect((await auditRowsOf(t.db, 'nomination.offer', second)).length).toBe(1);
      expect((await auditRowsOf(t.db, 'nomination.withdraw', first)).length).toBe(1);

      // A withdrawn nomination cannot be withdrawn, decided or reopened again.
      expect(
        expectError(await officer.post(`/api/nominations/${first}/withdraw`, { reason: 'x' }), 422, 'RULE_VIOLATION').rule,
      ).toBe('nomination.not_withdrawable');
      expect(
        expectError(await officer.post(`/api/nominations/${first}/reopen`, { reason: 'x' }), 422, 'RULE_VIOLATION').rule,
      ).toBe('nomination.withdrawn');
      expect(
        expectError(await officer.post(`/api/nominations/${first}/decision`, { decision: 'accepted' }), 422, 'RULE_VIOLATION')
          .rule,
      ).toBe('nomination.withdrawn');
      // An officer may withdraw too; withdrawing a waitlisted nominee offers nothing.
      expect((await officer.post(`/api/nominations/${third}/withdraw`, { reason: 'Declined' })).json().status).toBe('withdrawn');
      expect(await statusOf(second)).toBe('accepted');
    });

    it('refuses changes to nominations of a completed or cancelled session', async () => {
      const session = await createSession(t.db, { courseId, status: 'completed', start: -10, deadline: -20, end: -6 });
      const n = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'accepted');
      const err = expectError(await officer.post(`/api/nominations/${n.id}/reopen`, { reason: 'x' }), 422, 'RULE_VIOLATION');
      expect(err.rule).toBe('nomination.session_finished');
      expect(await statusOf(n.id)).toBe('accepted');
    });

    it('decisions are 404 for an unknown nomination', async () => {
      expectError(
        await officer.post(`/api/nominations/${crypto.randomUUID()}/decision`, { decision: 'rejected', reason: 'x' }),
        404,
        'NOT_FOUND',
      );
      expectError(await officer.get(`/api/nominations/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    });

    it('two concurrent acceptances for the last seat: one wins, one is refused', async () => {
      const session = await createSession(t.db, { courseId, capacity: 1 });
      const a = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'nominated');
      const b = await createNomination(t.db, session.id, (await createOfficial(t.db)).id, 'nominated');
      for (const id of [a.id, b.id]) {
        await officer.put(`/api/nominations/${id}/screening`, { riskLevel: 'low', decision: 'cleared', reasons: 'ok' });
      }
      const results = await Promise.all(
        [a.id, b.id].map((id) => officer.post(`/api/nominations/${id}/decision`, { decision: 'accepted' })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
      const accepted = await t.db
        .select({ n: count() })
        .from(nominations)
        .where(and(eq(nominations.sessionId, session.id), eq(nominations.status, 'accepted')));
      expect(Number(accepted[0]?.n)).toBe(1);
    });
  });
});
