import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, testDatabaseKind } from './harness';

describe(`health and contracts (${testDatabaseKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers health with the database kind and version', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: testDatabaseKind, version: expect.any(String) });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('sends the security headers with every answer, a refusal and an unknown address included', async () => {
    for (const [url, status] of [
      ['/api/health', 200],
      ['/api/officials', 401],
      ['/api/no-such-thing', 404],
    ] as const) {
      const res = await t.anonymous.get(url);
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;" +
          "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      // Not over plain HTTP (TADRIB_SECURE_COOKIES is not "always" here): browsers would keep it a year.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('serves the OpenAPI document of the routes', async () => {
    const res = await t.anonymous.get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/users/{id}');
  });

  it('writes the error envelope once, as a component every error answer refers to', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    expect(Object.keys(doc.components.schemas)).toEqual(['ErrorEnvelope']);
    expect(doc.components.schemas.ErrorEnvelope.properties.error.required).toEqual(['code', 'message']);
    const answers = doc.paths['/api/users/{id}'].get.responses;
    // The usual error answers are written once too, and each route refers to them.
    expect(answers['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(Object.keys(doc.components.responses)).toEqual([
      'InvalidInput',
      'NotSignedIn',
      'NotAllowed',
      'NotFound',
      'Conflict',
      'RuleBroken',
    ]);
    const notFound = doc.components.responses.NotFound;
    expect(notFound.description).toBe('Not found');
    const envelope = '"#/components/schemas/ErrorEnvelope"';
    expect(JSON.stringify(notFound)).toContain(envelope);
    expect(JSON.stringify(notFound)).not.toContain('"message"');
    expect(JSON.stringify(answers['200'])).not.toContain(envelope);
    // The answers routes document themselves (an upload too large) refer to it too.
    const tooLarge = Object.values(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)
      .flatMap((operations) => Object.values(operations))
      .flatMap((operation) => (operation.responses['413'] ? [JSON.stringify(operation.responses['413'])] : []));
    expect(tooLarge.length).toBeGreaterThan(0);
    for (const answer of tooLarge) expect(answer).toContain(envelope);
  });

  it('is live while the process runs and ready only when it can serve', async () => {
    expect((await t.anonymous.get('/api/health/live')).json()).toEqual({ status: 'live' });
    const ready = await t.anonymous.get('/api/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: testDatabaseKind, version: expect.any(String) });

    t.app.lifecycle.phase = 'starting';
    try {
      expect((await t.anonymous.get('/api/health/ready')).json().error.code).toBe('NOT_READY');
      expect((await t.anonymous.get('/api/health/live')).statusCode).toBe(200);
      // Nothing else is served while migrations and the first seeding run.
      const state = await t.anonymous.get('/api/states');
      expect(state.statusCode).toBe(503);
      expect(state.json().error.code).toBe('NOT_READY');
    } finally {
      t.app.lifecycle.phase = 'ready';
    }

    t.app.lifecycle.phase = 'stopping';
    try {
      const stopping = await t.anonymous.get('/api/health/ready');
      expect(stopping.statusCode).toBe(503);
      expect(stopping.json().error.message).toMatch(/shutting down/);
    } finally {
      t.app.lifecycle.phase = 'ready';
    }
  });

  it('is not ready while a migration is missing', async () => {
    const [last] = (
      (await t.db.execute(
        sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
      )) as unknown as { rows: { id: number; hash: string; created_at: string }[] }
    ).rows;
    await t.asOwner((owner) => owner.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last?.id}`));
    try {
      const ready = await t.anonymous.get('/api/health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().error.message).toMatch(/migration .* is not applied/);
    } finally {
      await t.asOwner((owner) =>
        owner.execute(
          sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last?.id}, ${last?.hash}, ${last?.created_at})`,
        ),
      );
    }
    expect((await t.anonymous.get('/api/health/ready')).statusCode).toBe(200);
  });
});
