import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, officials, users } from '../../server/db/schema';
import { AppError } from '../../server/errors';
import { officialInputSchema } from '../../server/modules/registry/schemas';
import { createOfficials } from '../../server/modules/registry/service';
import type { Actor } from '../../server/platform/access';
import { verifyAuditChain } from '../../server/platform/audit';
import { type Client, demoEmail, type TestApp, testDatabaseKind } from './harness';
import {
  type Agency,
  base,
  createOfficial,
  officialCount,
  type RegistryApp,
  search,
  startRegistryApp,
} from './registry-fixtures';
import { auditRowsOf, expectError } from './support';

/** The registry: officials entered in bulk (the entry point of imports), and the search over them. */

describe(`registry: bulk entry and search (${testDatabaseKind})`, () => {
  let app: RegistryApp;
  let t: TestApp;
  let officer: Client;
  let officerId: string;
  let ngPolice: Agency;
  let ghPolice: Agency;

  beforeAll(async () => {
    app = await startRegistryApp();
    ({ t, officer, officerId, ngPolice, ghPolice } = app);
  });
  afterAll(async () => t.close());

  describe('createOfficials (the bulk entry point used by imports)', () => {
    const actorOf = async (email: string): Promise<Actor> => {
      const [u] = await t.db.select().from(users).where(eq(users.email, email));
      if (!u) throw new Error(email);
      return {
        userId: u.id,
        email,
        role: u.role,
        locale: u.locale,
        stateIso2: u.stateIso2,
        officialId: null,
        sessionId: 'test',
        stage: 'full',
      };
    };
    const audit = () => ({
      actorUserId: null,
      actorRole: 'focal_point',
      address: null,
      requestId: 'bulk-test',
      chainKey: t.keys.auditChain,
    });

    it('writes many officials and one chained audit row each, in the caller’s transaction', async () => {
      const actor = await actorOf(demoEmail('focal_point'));
      const inputs = Array.from({ length: 2500 }, (_, i) =>
        officialInputSchema.parse({ ...base, familyName: `Bulk${i}`, givenNames: 'Imported', agencyId: ngPolice.id }),
      );
      const before = await officialCount(t);
      const ids = await t.db.transaction((tx) => createOfficials(tx, actor, audit(), inputs));
      expect(ids.length).toBe(2500);
      expect(new Set(ids.map((r) => r.id)).size).toBe(2500);
      expect(await officialCount(t)).toBe(before + 2500);
      const [row] = await t.db
        .select()
        .from(officials)
        .where(eq(officials.id, ids[1234]?.id as string));
      expect(row?.familyName).toBe('Bulk1234');
      const rows = await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.requestId, 'bulk-test'));
      expect(Number(rows[0]?.n)).toBe(2500);
      expect((await verifyAuditChain(t.db, t.keys)).ok).toBe(true);
    });

    it('refuses the whole batch when one input breaks a rule, naming the field', async () => {
      const actor = await actorOf(demoEmail('focal_point'));
      const good = officialInputSchema.parse({ ...base, familyName: 'Good', givenNames: 'Row' });
      const wrongAgency = officialInputSchema.parse({ ...base, familyName: 'Bad', givenNames: 'Row', agencyId: ghPolice.id });
      const wrongState = officialInputSchema.parse({ ...base, stateIso2: 'GH', familyName: 'Bad', givenNames: 'Row' });
      const before = await officialCount(t);
      for (const bad of [wrongAgency, wrongState]) {
        const error = await t.db.transaction((tx) => createOfficials(tx, actor, audit(), [good, bad])).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('RULE_VIOLATION');
        // The path names the input by its index in the batch.
        expect((error as AppError).details?.[0]?.path).toBe(bad === wrongAgency ? '1.agencyId' : '1.stateIso2');
      }
      expect(await officialCount(t)).toBe(before);
    });
  });

  describe('search', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const people: [string, Record<string, unknown>][] = [
        ['mohamed', { familyName: 'Ould Abdallah', givenNames: 'Mohamed Lemine', email: 'mla@example.mr' }],
        ['muhammad', { familyName: 'Sani', givenNames: 'Muhammad', nameOriginal: 'محمد ساني' }],
        ['eric', { familyName: 'Ékué', givenNames: 'Éric', sex: 'male' }],
        ['fatima', { familyName: 'Zahra', givenNames: 'Fatima', sex: 'female' }],
      ];
      for (const [key, fields] of people)
        ids[key] = (await createOfficial(officer, { ...base, agencyId: ngPolice.id, ...fields })).id;
    });

    const found = async (q: string, by: Client = officer) =>
      (await search(by, `q=${encodeURIComponent(q)}&pageSize=200`)).items.map((i) => i.id);

    it.each([
      ['Mohammed', 'mohamed'],
      ['MUHAMMAD', 'mohamed'],
      ['wld abdalla', 'mohamed'],
      ['Lemine Mohamed Ould Abdallah', 'mohamed'],
      ['abdallah mohamed', 'mohamed'],
      ['Mohamed Sani', 'muhammad'],
      ['eric ekue', 'eric'],
      ['ÉKUÉ', 'eric'],
      ['Ekue Eric', 'eric'],
      ['fatim', 'fatima'],
      ['محمد', 'muhammad'],
      ['mla@example', 'mohamed'],
    ])('finds %s', async (q, who) => {
      expect(await found(q)).toContain(ids[who]);
    });

    it('does not find what does not match', async () => {
      const res = await found('Fatima Ould');
      expect(res).not.toContain(ids.fatima);
      expect(res).not.toContain(ids.mohamed);
      expect(await found('Sani')).not.toContain(ids.mohamed);
      expect(await found('100%_')).toEqual([]);
    });

    it('filters by state, agency and sex, pages, and audits every list with the ids returned', async () => {
      const women = await search(officer, 'sex=female&pageSize=200');
      expect(women.items.every((o) => o.sex === 'female')).toBe(true);
      expect(women.items.map((o) => o.id)).toContain(ids.fatima);
      const byAgency = await search(officer, `agencyId=${ngPolice.id}&pageSize=200`);
      expect(byAgency.items.every((o) => o.agency?.id === ngPolice.id)).toBe(true);
      const gh = await search(officer, 'stateIso2=GH');
      expect(gh.items.every((o) => o.stateIso2 === 'GH')).toBe(true);

      const all = await search(officer, 'pageSize=200');
      const page1 = await search(officer, 'pageSize=3&page=1');
      const page2 = await search(officer, 'pageSize=3&page=2');
      expect(page1.total).toBe(all.total);
      expect(page1.items.length).toBe(3);
      expect([...page1.items, ...page2.items].map((o) => o.id)).toEqual(all.items.slice(0, 6).map((o) => o.id));

      const [audit] = await auditRowsOf(t.db, 'official.list');
      expect(audit).toMatchObject({ actorUserId: officerId, recordType: 'official' });
      expect(((audit?.details ?? {}) as { ids: string[] }).ids).toEqual(page2.items.map((o) => o.id));
    });

    it('pages by keyset: each page starts where the one before ended, the same rows as by offset', async () => {
      const all = await search(officer, 'pageSize=200');
      const seen: string[] = [];
      let page = await search(officer, 'pageSize=2');
      for (let n = 1; n <= 3; n += 1) {
        seen.push(...page.items.map((o) => o.id));
        expect(page.nextCursor).toEqual(expect.any(String));
        page = await search(officer, `pageSize=2&page=${n + 1}&after=${encodeURIComponent(page.nextCursor ?? '')}`);
        // Not counted again: the reader has the first page's total (docs/api.md).
        expect(page.total).toBeNull();
      }
      expect(seen).toEqual(all.items.slice(0, 6).map((o) => o.id));
      expect(page.items.map((o) => o.id)).toEqual(all.items.slice(6, 8).map((o) => o.id));
      // Within a filter too; the last page has no next.
      const gh = await search(officer, 'stateIso2=GH&pageSize=200');
      expect(gh.nextCursor).toBeNull();
      const ghFirst = await search(officer, 'stateIso2=GH&pageSize=1');
      const ghSecond = await search(officer, `stateIso2=GH&pageSize=1&after=${encodeURIComponent(ghFirst.nextCursor ?? '')}`);
      expect([...ghFirst.items, ...ghSecond.items].map((o) => o.id)).toEqual(gh.items.slice(0, 2).map((o) => o.id));
    });

    it('refuses a cursor it did not give, changing nothing', async () => {
      for (const after of [
        'nope',
        Buffer.from('["a","b","not-a-uuid"]').toString('base64url'),
        Buffer.from('{}').toString('base64url'),
      ]) {
        const before = (await auditRowsOf(t.db, 'official.list')).length;
        expectError(await officer.get(`/api/officials?after=${encodeURIComponent(after)}`), 400, 'VALIDATION_FAILED');
        expect((await auditRowsOf(t.db, 'official.list')).length).toBe(before);
      }
    });

    it('leaves merged records out unless asked for', async () => {
      const dup = await createOfficial(officer, {
        ...base,
        agencyId: ngPolice.id,
        familyName: 'Ould Abdallah',
        givenNames: 'Mohammed Lemine',
      });
      await t.db
        .update(officials)
        .set({ mergedIntoId: ids.mohamed, mergedAt: new Date() })
        .where(and(eq(officials.id, dup.id)));
      expect(await found('Mohamed Lemine')).not.toContain(dup.id);
      const withMerged = (await search(officer, 'q=Mohamed%20Lemine&includeMerged=true')).items.map((i) => i.id);
      expect(withMerged).toContain(dup.id);
      // A merged record is read-only: edits go to the surviving record.
      expectError(
        await officer.put(`/api/officials/${dup.id}`, { ...base, familyName: 'X', givenNames: 'Y' }),
        422,
        'RULE_VIOLATION',
      );
      const agencyList = (await officer.get('/api/agencies?stateIso2=NG')).json().items as Agency[];
      const police = agencyList.find((a) => a.id === ngPolice.id);
      expect(police?.officialCount).toBeGreaterThanOrEqual(4);
    });
  });
});
