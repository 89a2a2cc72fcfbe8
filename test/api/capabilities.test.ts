import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/db/schema';
import { meetingDelegations, meetingEditions } from '../../server/db/schema';
import { permissionsOf } from '../../server/platform/access';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';

/**
 * The capabilities a record carries (`can: { … }`, server/modules/<domain>/policy.ts) say what the
 * reader's write would do: for every role, a capability is true exactly when the write succeeds.
 */

const roles: Role[] = ['admin', 'programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant', 'partner'];
const DAY = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const succeeded = (status: number) => status >= 200 && status < 300;

type Can = Record<string, boolean>;
type Delegate = { id: string; status: string; can: Can };
type Delegation = { id: string; stateIso2: string | null; delegates: Delegate[]; can: Can };
type Action = { id: string; can: Can };
type Stage = { id: string; kind: string; sequence: number; can: Can };
type Engagement = { id: string; stages: Stage[]; can: Can };

describe(`capabilities match what the API allows (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  const clients = {} as Record<Role, Client>;
  let editionNumber = 900;
  let emailCounter = 0;

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of roles) clients[role] = await t.as(role);
    officer = clients.programme_officer;
  });
  afterAll(async () => t.close());

  it('the session view lists the permissions of the role', async () => {
    for (const role of roles) {
      const view = (await clients[role].get('/api/auth/session')).json() as { permissions: string[] };
      expect(view.permissions.toSorted(), role).toEqual(permissionsOf(role).toSorted());
    }
  });

  async function upcomingEdition(): Promise<string> {
    editionNumber += 1;
    const res = await officer.post('/api/meetings/editions', {
      number: editionNumber,
      startDate: isoDay(60),
      endDate: isoDay(62),
      city: 'Agadir',
      countryIso2: 'MA',
      theme: { en: 'Cooperation' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  }

  const delegateBody = () => {
    emailCounter += 1;
    return {
      givenNames: 'Amaka',
      familyName: `Delegate${emailCounter}`,
      function: 'Director',
      email: `cap${emailCounter}@agency.test`,
    };
  };

  async function delegationWithPendingDelegate(editionId: string, stateIso2: string): Promise<void> {
    const created = await officer.post(`/api/meetings/editions/${editionId}/delegations`, { stateIso2, role: 'member' });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const registered = await officer.post(`/api/meetings/delegations/${id}/delegates`, delegateBody());
    expect(registered.statusCode, registered.body).toBe(201);
  }

  it('delegations and delegates: edit, register, decide', async () => {
    let checked = 0;
    for (const role of roles) {
      // A fresh edition per role: the writes below change what the next role would see.
      const editionId = await upcomingEdition();
      await delegationWithPendingDelegate(editionId, 'NG');
      await delegationWithPendingDelegate(editionId, 'GH');
      const client = clients[role];
      const list = await client.get(`/api/meetings/editions/${editionId}/delegations`);
      if (list.statusCode !== 200) {
        // No delegation to read: no capability either, and no write goes through.
        const [any] = ((await officer.get(`/api/meetings/editions/${editionId}/delegations`)).json() as { items: Delegation[] })
          .items;
        if (!any) throw new Error('no delegation');
        expect(succeeded((await client.post(`/api/meetings/delegations/${any.id}/delegates`, delegateBody())).statusCode)).toBe(
          false,
        );
        continue;
      }
      for (const delegation of (list.json() as { items: Delegation[] }).items) {
        const [delegate] = delegation.delegates;
        if (!delegate) throw new Error('no delegate');
        const edit = await client.patch(`/api/meetings/delegates/${delegate.id}`, { function: 'Deputy Director' });
        expect(succeeded(edit.statusCode), `${role} edits a delegate: ${edit.body}`).toBe(delegate.can.edit);
        const decide = await client.post(`/api/meetings/delegates/${delegate.id}/decision`, { decision: 'approved' });
        expect(succeeded(decide.statusCode), `${role} decides: ${decide.body}`).toBe(delegate.can.decide);
        const register = await client.post(`/api/meetings/delegations/${delegation.id}/delegates`, delegateBody());
        expect(succeeded(register.statusCode), `${role} registers: ${register.body}`).toBe(delegation.can.register);
        const setRole = await client.patch(`/api/meetings/delegations/${delegation.id}`, { role: 'observer' });
        expect(succeeded(setRole.statusCode), `${role} edits a delegation: ${setRole.body}`).toBe(delegation.can.edit);
        checked += 1;
      }
    }
    // Officers and M&E officers see both delegations, the focal point of Nigeria its own.
    expect(checked).toBe(5);
  });

  it('a past edition offers nothing, and refuses every write', async () => {
    editionNumber += 1;
    const [past] = await t.db
      .insert(meetingEditions)
      .values({
        number: editionNumber,
        startDate: isoDay(-10),
        endDate: isoDay(-8),
        city: 'Rabat',
        countryIso2: 'MA',
        theme: { en: 'Past' },
      })
      .returning();
    if (!past) throw new Error('no edition');
    await t.db.insert(meetingDelegations).values({ editionId: past.id, stateIso2: 'NG', role: 'member' });
    for (const role of ['programme_officer', 'focal_point'] as const) {
      const [delegation] = (
        (await clients[role].get(`/api/meetings/editions/${past.id}/delegations`)).json() as { items: Delegation[] }
      ).items;
      if (!delegation) throw new Error('no delegation');
      expect(delegation.can).toEqual({ edit: false, register: false });
      const register = await clients[role].post(`/api/meetings/delegations/${delegation.id}/delegates`, delegateBody());
      expect(register.statusCode).toBe(422);
    }
  });

  it('recommendation actions: edit and add evidence', async () => {
    editionNumber += 1;
    const [edition] = await t.db
      .insert(meetingEditions)
      .values({
        number: editionNumber,
        startDate: isoDay(-40),
        endDate: isoDay(-38),
        city: 'Rabat',
        countryIso2: 'MA',
        theme: { en: 'Recs' },
      })
      .returning();
    if (!edition) throw new Error('no edition');
    const rec = await officer.post('/api/recommendations', {
      editionId: edition.id,
      text: { en: 'Establish national fusion cells' },
      actions: [
        { description: { en: 'Adopt a law' }, owner: { stateIso2: 'NG' } },
        { description: { en: 'Train analysts' }, owner: { stateIso2: 'GH' } },
      ],
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const actionIds = (rec.json() as { actions: Action[] }).actions.map((a) => a.id);
    let checked = 0;
    for (const role of roles) {
      for (const [n, id] of actionIds.entries()) {
        const read = await clients[role].get(`/api/recommendation-actions/${id}`);
        const write = await clients[role].patch(`/api/recommendation-actions/${id}`, { dueDate: isoDay(400 + n), reason: 'x' });
        const evidence = await clients[role].post(`/api/recommendation-actions/${id}/evidence`, {
          kind: 'text',
          text: 'Minutes',
        });
        if (read.statusCode !== 200) {
          expect(succeeded(write.statusCode) || succeeded(evidence.statusCode), role).toBe(false);
          continue;
        }
        const action = read.json() as Action;
        expect(succeeded(write.statusCode), `${role} edits: ${write.body}`).toBe(action.can.edit);
        expect(succeeded(evidence.statusCode), `${role} adds evidence: ${evidence.body}`).toBe(action.can.addEvidence);
        checked += 1;
      }
    }
    // Officers and M&E officers read both actions, the focal point of Nigeria its state's.
    expect(checked).toBe(5);
  });

  it("an engagement's and its stages' capabilities are what editing and removing them do", async () => {
    const base = '/api/national-programmes';
    const opened = await officer.post(`${base}/engagements`, { stateIso2: 'NG', title: { en: 'Strategy' }, kind: 'strategy' });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = (opened.json() as Engagement).id;
    const workshop = (e: Engagement, sequence: number) =>
      e.stages.find((s) => s.kind === 'drafting_workshop' && s.sequence === sequence) as Stage;
    for (const [start, end] of [
      ['2024-01-08', '2024-01-20'],
      ['2024-02-01', '2024-03-01'],
    ]) {
      const e = (await officer.get(`${base}/engagements/${id}`)).json() as Engagement;
      const next = e.stages.find((s) => s.kind === (start === '2024-01-08' ? 'request' : 'assessment')) as Stage;
      const dated = await officer.patch(`${base}/stages/${next.id}`, { actualStart: start, actualEnd: end });
      expect(dated.statusCode, dated.body).toBe(200);
    }
    const first = workshop((await officer.get(`${base}/engagements/${id}`)).json() as Engagement, 1);
    expect((await officer.patch(`${base}/stages/${first.id}`, { actualStart: '2024-04-01' })).statusCode).toBe(200);
    for (const plannedStart of [isoDay(40), isoDay(80)]) {
      expect((await officer.post(`${base}/engagements/${id}/workshops`, { plannedStart })).statusCode).toBe(201);
    }

    let readers = 0;
    for (const role of roles) {
      const read = await clients[role].get(`${base}/engagements/${id}`);
      const edit = await clients[role].patch(`${base}/engagements/${id}`, { notes: `Read by ${role}` });
      if (read.statusCode !== 200) {
        expect(succeeded(edit.statusCode), role).toBe(false);
        continue;
      }
      readers += 1;
      const e = read.json() as Engagement;
      expect(succeeded(edit.statusCode), `${role} edits: ${edit.body}`).toBe(e.can.edit);
      // The two further workshops, still empty, may be removed by the office; every other stage is
      // refused; then the first that may be removed is.
      expect(e.stages.filter((s) => s.can.remove)).toHaveLength(e.can.edit ? 2 : 0);
      for (const stage of e.stages.filter((s) => !s.can.remove)) {
        expect(succeeded((await clients[role].delete(`${base}/stages/${stage.id}`)).statusCode), `${role} ${stage.kind}`).toBe(
          false,
        );
      }
      const removable = e.stages.find((s) => s.can.remove);
      if (removable) {
        const removed = await clients[role].delete(`${base}/stages/${removable.id}`);
        expect(removed.statusCode, `${role} removes ${removable.kind} ${removable.sequence}: ${removed.body}`).toBe(200);
      }
    }
    // The programme officer, the M&E officer and Nigeria's focal point read it; only the officer edits.
    expect(readers).toBe(3);
  });
});
