import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficial } from './delivery-fixtures';
import { type Client, DEMO_PASSWORD, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import {
  auditRowsOf,
  createUser,
  detailPaths,
  expectError,
  login,
  strongPassword,
  uniqueEmail,
  userCount,
  userRow,
} from './support';

type UserView = {
  id: string;
  email: string;
  displayName: string;
  role: string;
  stateIso2: string | null;
  locale: string;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  mustChangePassword: boolean;
  active: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  deactivatedAt: string | null;
  officialId: string | null;
};

describe(`user administration (${testDatabaseKind})`, () => {
  let t: TestApp;
  let admin: Client;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as('admin');
    adminId = (await admin.get('/api/me')).json().id;
  });
  afterAll(async () => t.close());

  /** The audit row of an action on a record, written by the admin, found through the audit API. */
  async function expectAudited(action: string, recordId: string): Promise<void> {
    const res = await admin.get(`/api/audit?action=${encodeURIComponent(action)}&recordId=${recordId}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { actorUserId: string; actorRole: string; outcome: string }[];
    expect(items.length, `audit rows of ${action} on ${recordId}`).toBeGreaterThanOrEqual(1);
    expect(items[0]).toMatchObject({ actorUserId: adminId, actorRole: 'admin', outcome: 'success' });
  }

  describe('creating users', () => {
    it('creates a user invited to choose a password; a temporary password given later must be changed, and works for sign-in', async () => {
      const email = uniqueEmail('trainer');
      const res = await admin.post('/api/users', {
        email: email.toUpperCase(),
        displayName: '  Nadia Trainer ',
        role: 'trainer',
        locale: 'fr',
      });
      expect(res.statusCode, res.body).toBe(201);
      const { user, invitationSentTo, ...rest } = res.json() as { user: UserView; invitationSentTo: string };
      // No password passes through the admin: the invitation went to the address.
      expect(rest).toEqual({});
      expect(invitationSentTo).toBe(email);
      expect(user).toEqual({
        id: expect.any(String),
        email,
        displayName: 'Nadia Trainer',
        role: 'trainer',
        stateIso2: null,
        locale: 'fr',
        mfaEnabled: false,
        mfaRequired: false,
        mustChangePassword: false,
        previousSignInAt: null,
        active: true,
        lastSignInAt: null,
        createdAt: expect.any(String),
        deactivatedAt: null,
        officialId: null,
      });
      // The admin's other way in, for a user whom mail does not reach.
      const reset = await admin.post(`/api/users/${user.id}/reset-password`);
      expect(reset.statusCode, reset.body).toBe(200);
      const { temporaryPassword } = reset.json() as { temporaryPassword: string };
      expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
      // The password is stored hashed.
      expect((await userRow(t.db, user.id))?.passwordHash).not.toContain(temporaryPassword);

      const first = await login(t, email, temporaryPassword);
      expect(first.response.statusCode).toBe(200);
      expect(first.response.json().user.mustChangePassword).toBe(true);
      expect((await admin.get(`/api/users/${user.id}`)).json().lastSignInAt).not.toBeNull();

      // Changing it clears the flag; the new password works and the temporary one no longer does.
      const newPassword = 'a-new-long-password-2026';
      expectError(
        await first.client.post('/api/me/password', { currentPassword: 'wrong-password-123', newPassword }),
        401,
        'INVALID_CREDENTIALS',
      );
      expectError(
        await first.client.post('/api/me/password', { currentPassword: temporaryPassword, newPassword: 'short' }),
        400,
        'VALIDATION_FAILED',
      );
      const changed = await first.client.post('/api/me/password', { currentPassword: temporaryPassword, newPassword });
      expect(changed.statusCode, changed.body).toBe(204);
      expect((await userRow(t.db, user.id))?.mustChangePassword).toBe(false);
      expect((await login(t, email, temporaryPassword)).response.statusCode).toBe(401);
      const again = await login(t, email, newPassword);
      expect(again.response.json().user.mustChangePassword).toBe(false);
      await expectAudited('user.create', user.id);
      expect((await auditRowsOf(t.db, 'account.password.change', user.id)).map((r) => r.outcome)).toContain('success');
    });

    it('changing one’s password keeps the current session and ends the others', async () => {
      const user = await createUser(admin, { role: 'partner' });
      const here = await login(t, user.email, user.password);
      const elsewhere = await login(t, user.email, user.password);
      const res = await here.client.post('/api/me/password', {
        currentPassword: user.password,
        newPassword: 'another-long-password-1',
      });
      expect(res.statusCode, res.body).toBe(204);
      expectError(await elsewhere.client.get('/api/me'), 401, 'UNAUTHENTICATED');
      const me = await here.client.get('/api/me');
      expect(me.statusCode, me.body).toBe(200);
      expect(me.json().mustChangePassword).toBe(false);
    });

    it('requires a member state for focal points and participants, naming stateIso2', async () => {
      const before = await userCount(t.db);
      for (const role of ['focal_point', 'participant']) {
        const err = expectError(
          await admin.post('/api/users', { email: uniqueEmail(), displayName: 'X', role }),
          422,
          'RULE_VIOLATION',
        );
        expect(detailPaths(err)).toEqual(['stateIso2']);
      }
      const ok = await admin.post('/api/users', {
        email: uniqueEmail(),
        displayName: 'Kwame',
        role: 'focal_point',
        stateIso2: 'GH',
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().user.stateIso2).toBe('GH');
      expect(await userCount(t.db)).toBe(before + 1);
    });

    it('refuses a member state for other roles', async () => {
      const before = await userCount(t.db);
      for (const role of ['admin', 'programme_officer', 'me_officer', 'trainer', 'partner']) {
        const err = expectError(
          await admin.post('/api/users', { email: uniqueEmail(), displayName: 'X', role, stateIso2: 'NG' }),
          422,
          'RULE_VIOLATION',
        );
        expect(detailPaths(err)).toEqual(['stateIso2']);
      }
      expect(await userCount(t.db)).toBe(before);
    });

    it('refuses a state code that is not an African UN member state', async () => {
      const before = await userCount(t.db);
      for (const stateIso2 of ['XX', 'FR']) {
        const err = expectError(
          await admin.post('/api/users', { email: uniqueEmail(), displayName: 'X', role: 'participant', stateIso2 }),
          422,
          'RULE_VIOLATION',
        );
        expect(detailPaths(err)).toEqual(['stateIso2']);
      }
      expect(await userCount(t.db)).toBe(before);
    });

    it('refuses a duplicate email, whatever its case, with 409', async () => {
      const before = await userCount(t.db);
      const err = expectError(
        await admin.post('/api/users', { email: 'Officer@Tadrib.DEMO', displayName: 'Copy', role: 'trainer' }),
        409,
        'CONFLICT',
      );
      expect(detailPaths(err)).toEqual(['email']);
      expect(await userCount(t.db)).toBe(before);
    });
  });

  describe('listing users', () => {
    let ghana: string[];

    beforeAll(async () => {
      ghana = [];
      for (const name of ['Ama Listing', 'Kofi Listing', 'Yaw Listing']) {
        const u = await createUser(admin, {
          role: 'participant',
          stateIso2: 'GH',
          displayName: name,
          email: uniqueEmail('listing'),
        });
        ghana.push(u.id);
      }
      expect((await admin.post(`/api/users/${ghana[2]}/deactivate`)).statusCode).toBe(200);
    });

    async function list(query: string): Promise<{ items: UserView[]; total: number; page: number; pageSize: number }> {
      const res = await admin.get(`/api/users${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    }

    it('filters by text in the name or email, case-insensitively', async () => {
      const byName = await list('?q=listing');
      expect(byName.items.map((u) => u.displayName).sort()).toEqual(['Ama Listing', 'Kofi Listing', 'Yaw Listing']);
      const byEmail = await list('?q=FOCAL.NG%40TADRIB');
      expect(byEmail.items.map((u) => u.email)).toEqual([demoEmail('focal_point')]);
      // LIKE wildcards are taken literally.
      expect((await list('?q=%25')).total).toBe(0);
      expect((await list('?q=_')).total).toBe(0);
    });

    it('filters by role, state and active flag, and combines filters', async () => {
      expect((await list('?role=admin')).items.map((u) => u.email)).toEqual([demoEmail('admin')]);
      const gh = await list('?stateIso2=GH&role=participant');
      expect(gh.items.map((u) => u.id).sort()).toEqual([...ghana].sort());
      const inactive = await list('?active=false');
      expect(inactive.items.map((u) => u.id)).toContain(ghana[2]);
      expect(inactive.items.every((u) => !u.active)).toBe(true);
      const activeGh = await list('?stateIso2=GH&role=participant&active=true');
      expect(activeGh.items.map((u) => u.id).sort()).toEqual([ghana[0], ghana[1]].sort());
      expect((await list('?stateIso2=NG')).items.map((u) => u.role).sort()).toEqual(['focal_point', 'participant']);
    });

    it('pages through the results with a stable order and a total', async () => {
      const all = await list('?pageSize=200');
      expect(all.total).toBe(await userCount(t.db));
      expect(all.items).toHaveLength(all.total);
      const p1 = await list('?page=1&pageSize=3');
      const p2 = await list('?page=2&pageSize=3');
      expect(p1).toMatchObject({ page: 1, pageSize: 3, total: all.total });
      expect(p2).toMatchObject({ page: 2, pageSize: 3, total: all.total });
      expect(p1.items.map((u) => u.id)).toEqual(all.items.slice(0, 3).map((u) => u.id));
      expect(p2.items.map((u) => u.id)).toEqual(all.items.slice(3, 6).map((u) => u.id));
      const beyond = await list(`?page=${all.total + 1}&pageSize=1`);
      expect(beyond.items).toEqual([]);
      expect(beyond.total).toBe(all.total);
      expectError(await admin.get('/api/users?pageSize=201'), 400, 'VALIDATION_FAILED');
    });

    it('listing and reading users are audited as reads of personal data', async () => {
      await list('?role=trainer');
      const [row] = await auditRowsOf(t.db, 'user.list');
      expect(row).toMatchObject({ actorUserId: adminId, outcome: 'success', recordType: 'user' });
      expect(row?.details).toMatchObject({ filter: { role: 'trainer' } });
      expect((await admin.get(`/api/users/${ghana[0]}`)).statusCode).toBe(200);
      expect((await auditRowsOf(t.db, 'user.read', ghana[0])).length).toBe(1);
    });
  });

  describe('changing users', () => {
    it('changing a role ends the user’s sessions and drops a state the new role cannot have', async () => {
      const user = await createUser(admin, { role: 'participant', stateIso2: 'SN' });
      const session = await login(t, user.email, user.password);
      expect((await session.client.get('/api/me')).statusCode).toBe(200);
      const res = await admin.patch(`/api/users/${user.id}`, { role: 'trainer' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ role: 'trainer', stateIso2: null });
      expectError(await session.client.get('/api/me'), 401, 'UNAUTHENTICATED');
      const again = await login(t, user.email, user.password);
      expect(again.response.json().user).toMatchObject({ role: 'trainer', stateIso2: null });
      await expectAudited('user.update', user.id);
      const [row] = await auditRowsOf(t.db, 'user.update', user.id);
      expect(row?.details).toMatchObject({
        before: { role: 'participant', stateIso2: 'SN' },
        after: { role: 'trainer', stateIso2: null },
      });
    });

    it('changing the state of a focal point ends their sessions; a name change does not', async () => {
      const user = await createUser(admin, { role: 'focal_point', stateIso2: 'SN' });
      const session = await login(t, user.email, user.password);
      expect((await admin.patch(`/api/users/${user.id}`, { displayName: 'Renamed Focal' })).statusCode).toBe(200);
      expect((await session.client.get('/api/me')).json().displayName).toBe('Renamed Focal');
      const moved = await admin.patch(`/api/users/${user.id}`, { stateIso2: 'ML' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().stateIso2).toBe('ML');
      expectError(await session.client.get('/api/me'), 401, 'UNAUTHENTICATED');
    });

    it('refuses a role change that breaks the state rule, changing nothing', async () => {
      const user = await createUser(admin, { role: 'trainer' });
      const err = expectError(await admin.patch(`/api/users/${user.id}`, { role: 'focal_point' }), 422, 'RULE_VIOLATION');
      expect(detailPaths(err)).toEqual(['stateIso2']);
      expect((await userRow(t.db, user.id))?.role).toBe('trainer');
      expectError(await admin.patch(`/api/users/${user.id}`, {}), 400, 'VALIDATION_FAILED');
      expectError(
        await admin.patch('/api/users/00000000-0000-4000-8000-000000000000', { displayName: 'Nobody' }),
        404,
        'NOT_FOUND',
      );
    });

    it('deactivating a user ends their live session at once; reactivating lets them sign in again', async () => {
      const user = await createUser(admin, { role: 'programme_officer' });
      const session = await login(t, user.email, user.password);
      expect((await session.client.get('/api/me')).statusCode).toBe(200);
      const res = await admin.post(`/api/users/${user.id}/deactivate`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ active: false, deactivatedAt: expect.any(String) });
      expectError(await session.client.get('/api/me'), 401, 'UNAUTHENTICATED');
      expect((await login(t, user.email, user.password)).response.statusCode).toBe(401);
      expectError(await admin.post(`/api/users/${user.id}/deactivate`), 422, 'RULE_VIOLATION');
      await expectAudited('user.deactivate', user.id);

      const back = await admin.post(`/api/users/${user.id}/reactivate`);
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json()).toMatchObject({ active: true, deactivatedAt: null });
      expect((await login(t, user.email, user.password)).response.statusCode).toBe(200);
      expectError(await admin.post(`/api/users/${user.id}/reactivate`), 422, 'RULE_VIOLATION');
      await expectAudited('user.reactivate', user.id);
    });

    it('an admin cannot deactivate their own account', async () => {
      expectError(await admin.post(`/api/users/${adminId}/deactivate`), 422, 'RULE_VIOLATION');
      expect((await userRow(t.db, adminId))?.active).toBe(true);
      expect((await admin.get('/api/me')).statusCode).toBe(200);
    });

    it('the last active admin cannot be demoted; with a second admin, they can', async () => {
      expectError(await admin.patch(`/api/users/${adminId}`, { role: 'programme_officer' }), 422, 'RULE_VIOLATION');
      expect((await userRow(t.db, adminId))?.role).toBe('admin');

      const second = await createUser(admin, { role: 'admin' });
      const secondAdmin = (await login(t, second.email, second.password)).client;
      // With two admins, one may deactivate the other; then the remaining one is the last.
      expect((await secondAdmin.post(`/api/users/${adminId}/deactivate`)).statusCode).toBe(200);
      expectError(await secondAdmin.patch(`/api/users/${second.id}`, { role: 'trainer' }), 422, 'RULE_VIOLATION');
      expectError(await secondAdmin.post(`/api/users/${second.id}/deactivate`), 422, 'RULE_VIOLATION');
      // Restore the demo admin; the second admin may then step down.
      expect((await secondAdmin.post(`/api/users/${adminId}/reactivate`)).statusCode).toBe(200);
      admin = await t.as('admin');
      const down = await secondAdmin.patch(`/api/users/${second.id}`, { role: 'trainer' });
      expect(down.statusCode, down.body).toBe(200);
      expectError(await secondAdmin.get('/api/me'), 401, 'UNAUTHENTICATED');
    });

    it('resetting a password ends the sessions; the old password fails and the temporary one must be changed', async () => {
      const user = await createUser(admin, { role: 'me_officer' });
      const own = await login(t, user.email, user.password);
      const newPassword = 'my-own-password-2026';
      expect((await own.client.post('/api/me/password', { currentPassword: user.password, newPassword })).statusCode).toBe(204);
      const session = await login(t, user.email, newPassword);
      expect(session.response.json().user.mustChangePassword).toBe(false);

      const res = await admin.post(`/api/users/${user.id}/reset-password`);
      expect(res.statusCode, res.body).toBe(200);
      const { temporaryPassword } = res.json() as { temporaryPassword: string };
      expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
      expectError(await session.client.get('/api/me'), 401, 'UNAUTHENTICATED');
      expect((await login(t, user.email, newPassword)).response.statusCode).toBe(401);
      const fresh = await login(t, user.email, temporaryPassword);
      expect(fresh.response.statusCode).toBe(200);
      expect(fresh.response.json().user.mustChangePassword).toBe(true);
      await expectAudited('user.password.reset', user.id);
      expectError(await admin.post('/api/users/00000000-0000-4000-8000-000000000000/reset-password'), 404, 'NOT_FOUND');
    });
  });

  describe('own account', () => {
    it('the language chosen with PATCH /api/me is remembered and comes back with the session', async () => {
      const me = await t.as('participant');
      const res = await me.patch('/api/me', { locale: 'ar' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().locale).toBe('ar');
      const session = await login(t, demoEmail('participant'), DEMO_PASSWORD);
      expect(session.response.json().user.locale).toBe('ar');
      expect((await session.client.get('/api/auth/session')).json().user.locale).toBe('ar');
      expect((await me.get('/api/auth/session')).json().user.locale).toBe('ar');
      const [row] = await auditRowsOf(t.db, 'account.update', res.json().id);
      expect(row?.details).toEqual({ locale: 'ar' });
      expect(row?.actorRole).toBe('participant');
      expectError(await me.patch('/api/me', { locale: 'de' }), 400, 'VALIDATION_FAILED');
      expect((await me.get('/api/me')).json().locale).toBe('ar');
    });

    it('PATCH /api/me cannot change the role, state or email', async () => {
      const me = await t.as('participant');
      for (const field of [{ role: 'admin' }, { stateIso2: 'GH' }, { email: 'x@y.z' }]) {
        const err = expectError(await me.patch('/api/me', field), 400, 'VALIDATION_FAILED');
        expect(detailPaths(err)).toContain(Object.keys(field)[0]);
      }
      expect((await me.get('/api/me')).json()).toMatchObject({
        role: 'participant',
        stateIso2: 'NG',
        email: demoEmail('participant'),
      });
    });
  });
  describe('linking a participant to their registry record', () => {
    const participant = (officialId: string | null, stateIso2 = 'NG') => ({
      email: uniqueEmail('participant'),
      displayName: 'Linked Participant',
      role: 'participant',
      stateIso2,
      officialId,
    });

    it('creates a participant linked to an official of their state, who then sees their own record', async () => {
      const official = await createOfficial(t.db, { stateIso2: 'NG', familyName: 'Okonkwo', givenNames: 'Chidi' });
      const res = await admin.post('/api/users', participant(official.id));
      expect(res.statusCode, res.body).toBe(201);
      const { user } = res.json() as { user: UserView };
      expect(user.officialId).toBe(official.id);
      expect((await userRow(t.db, user.id))?.officialId).toBe(official.id);
      expect((await admin.get(`/api/users/${user.id}`)).json().officialId).toBe(official.id);
      const [row] = await auditRowsOf(t.db, 'user.create', user.id);
      expect(row?.details).toMatchObject({ role: 'participant', stateIso2: 'NG', officialId: official.id });

      const { temporaryPassword } = (await admin.post(`/api/users/${user.id}/reset-password`)).json();
      const session = await login(t, user.email, temporaryPassword);
      const newPassword = strongPassword();
      expect(
        (await session.client.post('/api/me/password', { currentPassword: temporaryPassword, newPassword })).statusCode,
      ).toBe(204);
      const own = await session.client.get('/api/officials/me');
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json()).toMatchObject({ id: official.id, familyName: 'Okonkwo' });
    });

    it('refuses a link for any other role, an unknown or merged official, or one of another state, naming officialId', async () => {
      const ng = await createOfficial(t.db, { stateIso2: 'NG' });
      const gh = await createOfficial(t.db, { stateIso2: 'GH' });
      const merged = await createOfficial(t.db, { stateIso2: 'NG', mergedIntoId: ng.id });
      const before = await userCount(t.db);
      const refused = [
        { ...participant(ng.id), role: 'trainer', stateIso2: undefined },
        { ...participant(ng.id), role: 'focal_point' },
        participant('00000000-0000-4000-8000-000000000000'),
        participant(merged.id),
        participant(gh.id),
      ];
      for (const body of refused) {
        const err = expectError(await admin.post('/api/users', body), 422, 'RULE_VIOLATION');
        expect(detailPaths(err)).toEqual(['officialId']);
      }
      expectError(await admin.post('/api/users', participant('not-a-uuid')), 400, 'VALIDATION_FAILED');
      expect(await userCount(t.db)).toBe(before);
      // Without a link, a participant is still created (the link can come later).
      expect((await admin.post('/api/users', participant(null))).json().user.officialId).toBeNull();
    });

    it('one account per official: a second link is refused with 409, on create and on update', async () => {
      const official = await createOfficial(t.db, { stateIso2: 'NG' });
      const first = await admin.post('/api/users', participant(official.id));
      expect(first.statusCode, first.body).toBe(201);
      const before = await userCount(t.db);
      const err = expectError(await admin.post('/api/users', participant(official.id)), 409, 'CONFLICT');
      expect(detailPaths(err)).toEqual(['officialId']);
      // A clash names its rule too, with the values its message is filled with.
      expect(err.rule).toBe('user.official_has_account');
      const firstEmail = (await userRow(t.db, first.json().user.id))?.email;
      expect(err.params).toEqual({ email: firstEmail });
      expect(err.message).toBe(`This official already has an account (${firstEmail}).`);
      expect(await userCount(t.db)).toBe(before);

      const other = await createUser(admin, { role: 'participant', stateIso2: 'NG' });
      const patchErr = expectError(await admin.patch(`/api/users/${other.id}`, { officialId: official.id }), 409, 'CONFLICT');
      expect(detailPaths(patchErr)).toEqual(['officialId']);
      expect((await userRow(t.db, other.id))?.officialId).toBeNull();
      // Saving the first account again with its own official is no conflict.
      const again = await admin.patch(`/api/users/${first.json().user.id}`, { displayName: 'Renamed', officialId: official.id });
      expect(again.statusCode, again.body).toBe(200);
    });

    it('links, changes and unlinks through update, audited, ending the participant’s sessions', async () => {
      const a = await createOfficial(t.db, { stateIso2: 'SN' });
      const b = await createOfficial(t.db, { stateIso2: 'SN' });
      const user = await createUser(admin, { role: 'participant', stateIso2: 'SN' });
      const session = await login(t, user.email, user.password);
      expect((await session.client.get('/api/me')).statusCode).toBe(200);

      const linked = await admin.patch(`/api/users/${user.id}`, { officialId: a.id });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(linked.json().officialId).toBe(a.id);
      expectError(await session.client.get('/api/me'), 401, 'UNAUTHENTICATED');
      let [row] = await auditRowsOf(t.db, 'user.update', user.id);
      expect(row?.details).toMatchObject({ before: { officialId: null }, after: { officialId: a.id } });

      expect((await admin.patch(`/api/users/${user.id}`, { officialId: b.id })).json().officialId).toBe(b.id);
      // A name change keeps the link.
      expect((await admin.patch(`/api/users/${user.id}`, { displayName: 'Still linked' })).json().officialId).toBe(b.id);
      expect((await admin.patch(`/api/users/${user.id}`, { officialId: null })).json().officialId).toBeNull();
      [row] = await auditRowsOf(t.db, 'user.update', user.id);
      expect(row?.details).toMatchObject({ before: { officialId: b.id }, after: { officialId: null } });
    });

    it('moving a linked participant to another state or role keeps the rule: refused, or the link is dropped', async () => {
      const official = await createOfficial(t.db, { stateIso2: 'ML' });
      const created = await admin.post('/api/users', participant(official.id, 'ML'));
      const id = (created.json() as { user: UserView }).user.id;
      const err = expectError(await admin.patch(`/api/users/${id}`, { stateIso2: 'NE' }), 422, 'RULE_VIOLATION');
      expect(detailPaths(err)).toEqual(['officialId']);
      expect((await userRow(t.db, id))?.stateIso2).toBe('ML');
      // Moving state while unlinking is fine; so is leaving the participant role (the link goes).
      const moved = await admin.patch(`/api/users/${id}`, { stateIso2: 'NE', officialId: null });
      expect(moved.json()).toMatchObject({ stateIso2: 'NE', officialId: null });
      await admin.patch(`/api/users/${id}`, { stateIso2: 'ML', officialId: official.id });
      const focal = await admin.patch(`/api/users/${id}`, { role: 'focal_point' });
      expect(focal.statusCode, focal.body).toBe(200);
      expect(focal.json()).toMatchObject({ role: 'focal_point', stateIso2: 'ML', officialId: null });
      expectError(await admin.patch(`/api/users/${id}`, { officialId: official.id }), 422, 'RULE_VIOLATION');
    });

    it('the admin finds link candidates of one state by name, without those already linked; audited', async () => {
      const free = await createOfficial(t.db, { stateIso2: 'TD', familyName: 'Mahamat', givenNames: 'Mohammed Ali' });
      const taken = await createOfficial(t.db, { stateIso2: 'TD', familyName: 'Mahamat', givenNames: 'Idriss' });
      const merged = await createOfficial(t.db, {
        stateIso2: 'TD',
        familyName: 'Mahamat',
        givenNames: 'Moussa',
        mergedIntoId: free.id,
      });
      await createOfficial(t.db, { stateIso2: 'NE', familyName: 'Mahamat', givenNames: 'Hassan' });
      const holder = (await admin.post('/api/users', participant(taken.id, 'TD'))).json().user as UserView;

      const res = await admin.get('/api/users/official-candidates?stateIso2=TD&q=muhamad');
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { id: string; familyName: string; givenNames: string; agencyName: string | null }[];
      expect(items.map((i) => i.id)).toEqual([free.id]);
      expect(Object.keys(items[0] ?? {}).sort()).toEqual(['agencyName', 'familyName', 'givenNames', 'id', 'nameOriginal']);

      const all = (await admin.get('/api/users/official-candidates?stateIso2=TD')).json().items as { id: string }[];
      const ids = all.map((i) => i.id);
      expect(ids).toContain(free.id);
      expect(ids).not.toContain(taken.id);
      expect(ids).not.toContain(merged.id);
      // The account being edited keeps its own official among the candidates.
      const own = (await admin.get(`/api/users/official-candidates?stateIso2=TD&userId=${holder.id}`)).json().items as {
        id: string;
      }[];
      expect(own.map((i) => i.id)).toContain(taken.id);

      const [row] = await auditRowsOf(t.db, 'official.list');
      expect(row?.actorRole).toBe('admin');
      expect(row?.details).toMatchObject({ purpose: 'account link', filter: { stateIso2: 'TD' } });
      expectError(await admin.get('/api/users/official-candidates'), 400, 'VALIDATION_FAILED');
      expectError(await (await t.as('programme_officer')).get('/api/users/official-candidates?stateIso2=TD'), 403, 'FORBIDDEN');
    });
  });
});
