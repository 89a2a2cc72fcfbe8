import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nominations } from '../../server/db/schema';
import { createCourse, createOfficial, createSession } from './delivery-fixtures';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';

// The access layer's state condition removed: every actor's scope of officials is 'all'. What a
// focal point still cannot reach is held by the database's row-level security alone, through the
// scope each request sets from its actor.
vi.mock('../../server/platform/access', async (original) => ({
  ...(await original<typeof import('../../server/platform/access')>()),
  officialScope: () => ({ kind: 'all' }),
}));

describe(`row-level security behind the requests (${testDatabaseKind})`, () => {
  let t: TestApp;
  let focalNg: Client;
  let officer: Client;
  let snOfficial: string;
  let sessionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    focalNg = await t.as('focal_point');
    officer = await t.as('programme_officer');
    snOfficial = (await createOfficial(t.db, { stateIso2: 'SN' })).id;
    await createOfficial(t.db, { stateIso2: 'NG' });
    sessionId = (await createSession(t.db, { courseId: (await createCourse(t.db)).id, quotas: { NG: 3, SN: 3 } })).id;
  });
  afterAll(async () => t.close());

  it("gives Nigeria's focal point no Senegalese official, in a list or by id", async () => {
    const listed = await focalNg.get('/api/officials?stateIso2=SN');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({ items: [], total: 0 });
    const all = await focalNg.get('/api/officials');
    expect(all.statusCode).toBe(200);
    const states = new Set(all.json().items.map((i: { stateIso2: string }) => i.stateIso2));
    expect(states).toEqual(new Set(['NG']));
    expect((await focalNg.get(`/api/officials/${snOfficial}`)).statusCode).toBe(404);
    // Office staff, whose scope is every state, still see it.
    expect((await officer.get(`/api/officials/${snOfficial}`)).statusCode).toBe(200);
  });

  it("refuses Nigeria's focal point a nomination of Senegal's official (a write with a body), and writes nothing", async () => {
    const response = await focalNg.post(`/api/sessions/${sessionId}/nominations`, { officialId: snOfficial });
    expect(response.statusCode).toBe(404);
    const [row] = await t.db
      .select({ n: count() })
      .from(nominations)
      .where(and(eq(nominations.sessionId, sessionId), eq(nominations.officialId, snOfficial)));
    expect(Number(row?.n)).toBe(0);
  });
});
