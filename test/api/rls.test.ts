import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencies,
  attendance,
  meetingEditions,
  nominations,
  officials,
  recommendationActions,
  recommendations,
} from '../../server/db/schema';
import { listOfficials } from '../../server/modules/registry/repository';
import { queryRows } from '../../server/platform/db';
import { NO_SCOPE, SYSTEM_SCOPE, withWallScope } from '../../server/platform/wall';
import { createCourse, createNomination, createOfficial, createSession } from './delivery-fixtures';
import { startTestApp, type TestApp, testDatabaseKind } from './harness';

/**
 * The database's own walls (migration 0014): the server works as a role that cannot change the
 * audit log, and row-level security holds every query to the state scope of the transaction, even
 * one that forgets the access layer's condition.
 */
describe(`database roles and row-level security (${testDatabaseKind})`, () => {
  let t: TestApp;
  let ngOfficial: string;
  let snOfficial: string;
  let snNomination: string;

  beforeAll(async () => {
    t = await startTestApp();
    ngOfficial = (await createOfficial(t.db, { stateIso2: 'NG' })).id;
    await createOfficial(t.db, { stateIso2: 'GH' });
    snOfficial = (await createOfficial(t.db, { stateIso2: 'SN' })).id;
    const session = await createSession(t.db, { courseId: (await createCourse(t.db)).id, quotas: { NG: 3, SN: 3 } });
    await createNomination(t.db, session.id, ngOfficial);
    snNomination = (await createNomination(t.db, session.id, snOfficial)).id;
    await t.db.insert(attendance).values({ nominationId: snNomination, day: session.startDate, present: true });
    // Actions of one recommendation owned by Nigeria, Senegal, a Senegalese agency and the office.
    const [edition] = await t.db
      .insert(meetingEditions)
      .values({
        number: 90,
        startDate: '2030-05-01',
        endDate: '2030-05-02',
        city: 'Rabat',
        countryIso2: 'MA',
        theme: { en: 'RLS' },
      })
      .returning();
    const [recommendation] = await t.db
      .insert(recommendations)
      .values({ editionId: edition?.id ?? '', number: 1, text: { en: 'Share' } })
      .returning();
    const [snAgency] = await t.db.insert(agencies).values({ stateIso2: 'SN', name: 'Police RLS', type: 'police' }).returning();
    const action = { recommendationId: recommendation?.id ?? '', description: { en: 'Act' }, dueDate: '2031-01-01' };
    await t.db.insert(recommendationActions).values([
      { ...action, ownerKind: 'state', ownerStateIso2: 'NG' },
      { ...action, ownerKind: 'state', ownerStateIso2: 'SN' },
      { ...action, ownerKind: 'agency', ownerAgencyId: snAgency?.id ?? '' },
      { ...action, ownerKind: 'office' },
    ]);
  });
  afterAll(async () => t.close());

  // Awaited inside the scope: a query builder runs when awaited.
  const inScope = <T>(scope: string, work: () => PromiseLike<T>) => withWallScope(scope, async () => await work());
  const refusal = (error: unknown): string => {
    const e = error as { message?: string; cause?: { message?: string } };
    return `${e.message ?? ''} ${e.cause?.message ?? ''}`;
  };
  const expectRefused = async (work: () => PromiseLike<unknown>, pattern: RegExp) => {
    const outcome = await work().then(
      () => 'done',
      (error: unknown) => refusal(error),
    );
    expect(outcome).toMatch(pattern);
  };
  const officialsOf = async (state: string) =>
    Number((await t.db.select({ n: count() }).from(officials).where(eq(officials.stateIso2, state)))[0]?.n ?? 0);
  const everyRow = async (table: string) =>
    Number((await queryRows<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n ?? 0);

  describe('the runtime role', () => {
    it('is the role the server works as: not a superuser, not the owner, held by row-level security', async () => {
      const [me] = await queryRows<{ role: string; superuser: boolean; bypass: boolean; owner: string }>(
        t.db,
        sql`select current_user as role, r.rolsuper as superuser, r.rolbypassrls as bypass,
              (select tableowner from pg_tables where tablename = 'officials') as owner
            from pg_roles r where r.rolname = current_user`,
      );
      expect(me).toMatchObject({ role: 'tadrib_app', superuser: false, bypass: false });
      expect(me?.owner).not.toBe('tadrib_app');
    });

    it('can append to and read the audit log, but not change, delete, truncate it or disable its triggers', async () => {
      expect(await everyRow('audit_log')).toBeGreaterThan(0);
      const refused = [
        `update audit_log set action = 'forged' where seq = 1`,
        'delete from audit_log where seq = 1',
        'delete from audit_log',
        'truncate audit_log',
        'alter table audit_log disable trigger audit_log_append_only',
        'alter table officials disable row level security',
        'drop policy state_wall on officials',
      ];
      for (const statement of refused)
        await expectRefused(() => t.db.execute(sql.raw(statement)), /permission denied|must be owner/);
    });
  });

  describe('row-level security', () => {
    it("holds a focal point's query without the access layer's condition to their state", async () => {
      // The registry's own query, given the widest scope of the access layer ('all'), as Nigeria's focal point.
      const page = { offset: 0, limit: 100_000 };
      const { rows, total } = await inScope('NG', () => listOfficials(t.db, { kind: 'all' }, {}, page));
      expect(total).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.official.stateIso2))).toEqual(new Set(['NG']));
      const inSenegal = await inScope('NG', () => listOfficials(t.db, { kind: 'all' }, { stateIso2: 'SN' }, page));
      expect(inSenegal.total).toBe(0);
      // Raw SQL, and what hangs from an official: nominations, and attendance through them.
      expect(await inScope('NG', () => officialsOf('SN'))).toBe(0);
      const found = await inScope('NG', () => t.db.select().from(nominations).where(eq(nominations.officialId, snOfficial)));
      expect(found).toEqual([]);
      const marks = await inScope('NG', () => t.db.select().from(attendance).where(eq(attendance.nominationId, snNomination)));
      expect(marks).toEqual([]);
      // The same queries as office staff see Senegal's rows.
      expect(await inScope(SYSTEM_SCOPE, () => officialsOf('SN'))).toBeGreaterThan(0);
      expect(
        await inScope(SYSTEM_SCOPE, () => t.db.select().from(attendance).where(eq(attendance.nominationId, snNomination))),
      ).toHaveLength(1);
    });

    it('refuses to write a row into another state, or to move one there, and changes nothing', async () => {
      const before = await officialsOf('SN');
      await expectRefused(
        () =>
          inScope('NG', () =>
            t.db
              .insert(officials)
              .values({ stateIso2: 'SN', familyName: 'Ndiaye', givenNames: 'Awa', sex: 'female', nameKeys: 'x' }),
          ),
        /row-level security/,
      );
      await expectRefused(
        () => inScope('NG', () => t.db.update(officials).set({ stateIso2: 'SN' }).where(eq(officials.id, ngOfficial))),
        /row-level security/,
      );
      // Another state's rows are not there to change or delete.
      const touched = await inScope('NG', () =>
        t.db.update(officials).set({ notes: 'forged' }).where(eq(officials.id, snOfficial)).returning(),
      );
      expect(touched).toEqual([]);
      expect(
        await inScope('NG', () => t.db.delete(attendance).where(eq(attendance.nominationId, snNomination)).returning()),
      ).toEqual([]);
      expect(await officialsOf('SN')).toBe(before);
      const [official] = await t.db.select().from(officials).where(eq(officials.id, ngOfficial));
      expect(official?.stateIso2).toBe('NG');
      expect(await everyRow(`attendance where nomination_id = '${snNomination}'`)).toBe(1);
    });

    it('shows nothing of any state to a transaction without a scope (anonymous, half signed-in)', async () => {
      for (const table of [
        'officials',
        'agencies',
        'nominations',
        'attendance',
        'meeting_delegations',
        'recommendation_actions',
      ]) {
        expect(await inScope(NO_SCOPE, () => everyRow(table)), table).toBe(0);
      }
      // Tables that are not held by a state stay readable: sign-in needs the accounts.
      expect(await inScope(NO_SCOPE, () => everyRow('users'))).toBeGreaterThan(0);
    });

    it("shows office staff every state's rows", async () => {
      const states = await inScope(SYSTEM_SCOPE, () =>
        queryRows<{ n: number }>(t.db, sql`select count(distinct state_iso2)::int as n from officials`),
      );
      expect(states[0]?.n).toBeGreaterThanOrEqual(3);
      expect(await inScope(SYSTEM_SCOPE, () => everyRow('nominations'))).toBeGreaterThanOrEqual(2);
    });

    it("lets a focal point's withdrawal free a seat for another state's first on the waiting list", async () => {
      const session = await createSession(t.db, {
        courseId: (await createCourse(t.db)).id,
        capacity: 1,
        quotas: { NG: 2, GH: 2 },
      });
      const leaving = await createNomination(t.db, session.id, (await createOfficial(t.db, { stateIso2: 'NG' })).id);
      const waiting = await createNomination(
        t.db,
        session.id,
        (await createOfficial(t.db, { stateIso2: 'GH' })).id,
        'waitlisted',
        1,
      );
      const focalNg = await t.as('focal_point');
      const withdrawn = await focalNg.post(`/api/nominations/${leaving.id}/withdraw`, { reason: 'Reassigned' });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      const [offered] = await t.db.select().from(nominations).where(eq(nominations.id, waiting.id));
      expect(offered).toMatchObject({ status: 'accepted', waitlistRank: null });
      // …and the focal point's own view of that session still holds only their state.
      expect((await focalNg.get(`/api/nominations/${waiting.id}`)).statusCode).toBe(404);
    });

    it('holds recommendation actions to those their state or its agencies own', async () => {
      expect(await inScope(SYSTEM_SCOPE, () => everyRow('recommendation_actions'))).toBeGreaterThanOrEqual(4);
      expect(await inScope('SN', () => everyRow('recommendation_actions'))).toBeGreaterThanOrEqual(2);
      const owners = await inScope('NG', () =>
        t.db
          .select({
            state: recommendationActions.ownerStateIso2,
            agency: recommendationActions.ownerAgencyId,
            kind: recommendationActions.ownerKind,
          })
          .from(recommendationActions),
      );
      const agencyStates = await queryRows<{ id: string; state: string }>(
        t.db,
        sql`select id::text, state_iso2 as state from agencies`,
      );
      const stateOfAgency = new Map(agencyStates.map((a) => [a.id, a.state]));
      expect(owners.length).toBeGreaterThanOrEqual(1);
      for (const owner of owners) {
        expect(owner.kind === 'state' ? owner.state : stateOfAgency.get(owner.agency ?? '')).toBe('NG');
      }
    });
  });
});
