import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, officials, users } from '../../server/db/schema';
import { AppError } from '../../server/errors';
import { officialInputSchema } from '../../server/modules/registry/schemas';
import { createOfficials } from '../../server/modules/registry/service';
import type { Actor } from '../../server/platform/access';
import { verifyAuditChain } from '../../server/platform/audit';
import { type Client, demoEmail, testDatabaseKind } from './harness';
import { type Agency, base, createOfficial, officialCount, search, startRegistryApp } from './registry-fixtures';
import { auditRowsOf, expectError, sharedApp } from './support';

/** The registry: officials entered in bulk (the entry point of imports), and the search over them. */

describe(`registry: bulk entry and search (${testDatabaseKind})`, () => {
  const app = sharedApp(startRegistryApp);

  describe('createOfficials (the bulk entry point used by imports)', () => {
    const actorOf = async (email: string): Promise<Actor> => {
      const [u] = await app.t.db.select().from(users).where(eq(users.email, email));
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
      chainKey: app.t.keys.auditChain,
    });

    it('writes many officials and one chained audit row each, in the caller’s transaction', async () => {
      const actor = await actorOf(demoEmail('focal_point'));
      const inputs = Array.from({ length: 2500 }, (_, i) =>
        officialInputSchema.parse({ ...base, familyName: `Bulk${i}`, givenNames: 'Imported', agencyId: app.ngPolice.id }),
      );
      const before = await officialCount(app.t);
      const ids = await app.t.db.transaction((tx) => createOfficials(tx, actor, audit(), inputs));
      expect(ids.length).toBe(2500);
      expect(new Set(ids.map((r) => r.id)).size).toBe(2500);
      expect(await officialCount(app.t)).toBe(before + 2500);
      const [row] = await app.t.db
        .select()
        .from(officials)
        .where(eq(officials.id, ids[1234]?.id as string));
      expect(row?.familyName).toBe('Bulk1234');
      const rows = await app.t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.requestId, 'bulk-test'));
      expect(Number(rows[0]?.n)).toBe(2500);
      expect((await verifyAuditChain(app.t.db, app.t.keys)).ok).toBe(true);
    });

    it('refuses the whole batch when one input breaks a rule, naming the field', async () => {
      const actor = await actorOf(demoEmail('focal_point'));
      const good = officialInputSchema.parse({ ...base, familyName: 'Good', givenNames: 'Row' });
      const wrongAgency = officialInputSchema.parse({ ...base, familyName: 'Bad', givenNames: 'Row', agencyId: app.ghPolice.id });
      const wrongState = officialInputSchema.parse({ ...base, stateIso2: 'GH', familyName: 'Bad', givenNames: 'Row' });
      const before = await officialCount(app.t);
      for (const bad of [wrongAgency, wrongState]) {
        const error = await app.t.db
          .transaction((tx) => createOfficials(tx, actor, audit(), [good, bad]))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('RULE_VIOLATION');
        // The path names the input by its index in the batch.
        expect((error as AppError).details?.[0]?.path).toBe(bad === wrongAgency ? '1.agencyId' : '1.stateIso2');
      }
      expect(await officialCount(app.t)).toBe(before);
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
        ids[key] = (await createOfficial(app.officer, { ...base, agencyId: app.ngPolice.id, ...fields })).id;
    });

    const found = async (q: string, by: Client = app.officer) =>
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
      const women = await search(app.officer, 'sex=female&pageSize=200');
      expect(women.items.every((o) => o.sex === 'female')).toBe(true);
      expect(women.items.map((o) => o.id)).toContain(ids.fatima);
      const byAgency = await search(app.officer, `agencyId=${app.ngPolice.id}&pageSize=200`);
      expect(byAgency.items.every((o) => o.agency?.id === app.ngPolice.id)).toBe(true);
      const gh = await search(app.officer, 'stateIso2=GH');
      expect(gh.items.every((o) => o.stateIso2 === 'GH')).toBe(true);

      const all = await search(app.officer, 'pageSize=200');
      const page1 = await search(app.officer, 'pageSize=3&page=1');
      const page2 = await search(app.officer, 'pageSize=3&page=2');
      expect(page1.total).toBe(all.total);
      expect(page1.items.length).toBe(3);
      expect([...page1.items, ...page2.items].map((o) => o.id)).toEqual(all.items.slice(0, 6).map((o) => o.id));

      const [audit] = await auditRowsOf(app.t.db, 'official.list');
      expect(audit).toMatchObject({ actorUserId: app.officerId, recordType: 'official' });
      expect(((audit?.details ?? {}) as { ids: string[] }).ids).toEqual(page2.items.map((o) => o.id));
    });

    it('pages by keyset: each page starts where the one before ended, the same rows as by offset', async () => {
      const all = await search(app.officer, 'pageSize=200');
      const seen: string[] = [];
      let page = await search(app.officer, 'pageSize=2');
      for (let n = 1; n <= 3; n += 1) {
        seen.push(...page.items.map((o) => o.id));
        expect(page.nextCursor).toEqual(expect.any(String));
        page = await search(app.officer, `pageSize=2&page=${n + 1}&after=${encodeURIComponent(page.nextCursor ?? '')}`);
        // Not counted again: the reader has the first page's total (docs/api.md).
        expect(page.total).toBeNull();
      }
      expect(seen).toEqual(all.items.slice(0, 6).map((o) => o.id));
      expect(page.items.map((o) => o.id)).toEqual(all.items.slice(6, 8).map((o) => o.id));
      // Within a filter too; the last page has no next.
      const gh = await search(app.officer, 'stateIso2=GH&pageSize=200');
      expect(gh.nextCursor).toBeNull();
      const ghFirst = await search(app.officer, 'stateIso2=GH&pageSize=1');
      const ghSecond = await search(app.officer, `stateIso2=GH&pageSize=1&after=${encodeURIComponent(ghFirst.nextCursor ?? '')}`);
      expect([...ghFirst.items, ...ghSecond.items].map((o) => o.id)).toEqual(gh.items.slice(0, 2).map((o) => o.id));
    });

    it('refuses a cursor it did not give, changing nothing', async () => {
      for (const after of [
        'nope',
        Buffer.from('["a","b","not-a-uuid"]').toString('base64url'),
        Buffer.from('{}').toString('base64url'),
      ]) {
        const before = (await auditRowsOf(app.t.db, 'official.list')).length;
        expectError(await app.officer.get(`/api/officials?after=${encodeURIComponent(after)}`), 400, 'VALIDATION_FAILED');
        expect((await auditRowsOf(app.t.db, 'official.list')).length).toBe(before);
      }
    });

    it('leaves merged records out unless asked for', async () => {
      const dup = await createOfficial(app.officer, {
        ...base,
        agencyId: app.ngPolice.id,
        familyName: 'Ould Abdallah',
        givenNames: 'Mohammed Lemine',
      });
      await app.t.db
        .update(officials)
        .set({ mergedIntoId: ids.mohamed, mergedAt: new Date() })
        .where(and(eq(officials.id, dup.id)));
      expect(await found('Mohamed Lemine')).not.toContain(dup.id);
      const withMerged = (await search(app.officer, 'q=Mohamed%20Lemine&includeMerged=true')).items.map((i) => i.id);
      expect(withMerged).toContain(dup.id);
      // A merged record is read-only: edits go to the surviving record.
      expectError(
        await app.officer.put(`/api/officials/${dup.id}`, { ...base, familyName: 'X', givenNames: 'Y' }),
        422,
        'RULE_VIOLATION',
      );
      const agencyList = (await app.officer.get('/api/agencies?stateIso2=NG')).json().items as Agency[];
      const police = agencyList.find((a) => a.id === app.ngPolice.id);
      expect(police?.officialCount).toBeGreaterThanOrEqual(4);
    });
  });
});
