import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, testDatabaseKind } from './harness';

describe(`results map (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('sends the 54 member states with a validator, and 304 when the browser already has them', async () => {
    const partner = await t.as('partner');
    const first = await partner.get('/api/results/map');
    expect(first.statusCode).toBe(200);
    const map = first.json() as { viewBox: string; states: { iso2: string }[]; other: string[] };
    expect(map.states).toHaveLength(54);
    expect(map.states.map((s) => s.iso2)).toEqual(expect.arrayContaining(['MA', 'NG', 'ZA', 'CV', 'MU', 'SC', 'KM', 'ST']));
    expect(map.other.length).toBeGreaterThan(0);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('private, max-age=604800');

    const again = await partner.request({ method: 'GET', url: '/api/results/map', headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const stale = await partner.request({ method: 'GET', url: '/api/results/map', headers: { 'if-none-match': '"older"' } });
    expect(stale.statusCode).toBe(200);
  });

  it('is for signed-in readers of results only', async () => {
    expect((await t.anonymous.get('/api/results/map')).statusCode).toBe(401);
    expect((await (await t.as('trainer')).get('/api/results/map')).statusCode).toBe(403);
  });
});
