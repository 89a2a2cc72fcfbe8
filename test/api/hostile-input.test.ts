import { connect } from 'node:net';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, nominations, users } from '../../server/db/schema';
import { createCourse, createNomination, createOfficial, createSession } from './delivery-fixtures';
import { type Client, DEMO_PASSWORD, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { expectError } from './support';

/**
 * Malformed input that used to end in 500 INTERNAL: each is a 4xx in the error envelope, naming
 * what is wrong, and changes nothing.
 */
describe(`hostile input (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let focal: Client;
  let participant: Client;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    focal = await t.as('focal_point');
    participant = await t.as('participant');
  });
  afterAll(async () => t?.close());

  const auditRows = async () => Number((await t.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0);
  const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('refuses JSON nested 10,000 deep on any JSON route', async () => {
    for (const [client, method, url] of [
      [participant, 'PATCH', '/api/me'],
      [t.anonymous, 'POST', '/api/auth/login'],
      [officer, 'POST', '/api/imports/officials/preview'],
    ] as const) {
      const response = await client.request({
        method,
        url,
        headers: { 'content-type': 'application/json' },
        payload: `{"displayName":${deep(10_000)}}`,
      });
      const error = expectError(response, 400, 'VALIDATION_FAILED');
      expect(error.message).toContain('Nested deeper than 32 levels');
    }
    // An array nested as deep.
    const arrays = `{"displayName":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expectError(
      await participant.request({
        method: 'PATCH',
        url: '/api/me',
        headers: { 'content-type': 'application/json' },
        payload: arrays,
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses a lone surrogate in any text, also before sign-in, and changes nothing', async () => {
    const lone = (text: string) => `{"displayName":"${text}"}`;
    const me = await t.db
      .select()
      .from(users)
      .where(eq(users.email, demoEmail('participant')));
    for (const text of ['x\\ud800y', 'x\\udc00', '\\ud800']) {
      const response = await participant.request({
        method: 'PATCH',
        url: '/api/me',
        headers: { 'content-type': 'application/json' },
        payload: lone(text),
      });
      const error = expectError(response, 400, 'VALIDATION_FAILED');
      expect(error.details).toEqual([{ path: 'displayName', message: 'Contains an invalid character (a lone surrogate)' }]);
    }
    expect(
      await t.db
        .select()
        .from(users)
        .where(eq(users.email, demoEmail('participant'))),
    ).toEqual(me);
    // A surrogate pair (an emoji) is a character like any other.
    const emoji = await participant.patch('/api/me', { displayName: 'Aisha 🌍' });
    expect(emoji.statusCode, emoji.body).toBe(200);

    const before = await auditRows();
    const login = await t.anonymous.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"email":"x\\ud800@tadrib.demo","password":"${DEMO_PASSWORD}"}`,
    });
    expectError(login, 400, 'VALIDATION_FAILED');
    // A key may not hold one either.
    const key = await participant.request({
      method: 'PATCH',
      url: '/api/me',
      headers: { 'content-type': 'application/json' },
      payload: '{"display\\ud800Name":"A"}',
    });
    expectError(key, 400, 'VALIDATION_FAILED');
    expect(await auditRows()).toBe(before);
  });

  it('refuses a lone surrogate in the reason of a withdrawal', async () => {
    const course = await createCourse(t.db);
    const session = await createSession(t.db, { courseId: course.id, status: 'open', quotas: { NG: 3 } });
    const official = await createOfficial(t.db, { stateIso2: 'NG' });
    const nomination = await createNomination(t.db, session.id, official.id, 'accepted');
    const response = await focal.request({
      method: 'POST',
      url: `/api/nominations/${nomination.id}/withdraw`,
      headers: { 'content-type': 'application/json' },
      payload: '{"reason":"ill \\ud83d"}',
    });
    expectError(response, 400, 'VALIDATION_FAILED');
    const [after] = await t.db.select({ status: nominations.status }).from(nominations).where(eq(nominations.id, nomination.id));
    expect(after?.status).toBe(nomination.status);
  });

  it('refuses integers beyond the range of a PostgreSQL integer', async () => {
    for (const value of ['2147483648', '-2147483649', '99999999999999999999']) {
      const error = expectError(await officer.get(`/api/recommendations?resolution=${value}`), 400, 'VALIDATION_FAILED');
      expect(error.details?.[0]?.path).toBe('resolution');
    }
    expect((await officer.get('/api/recommendations?resolution=2178')).statusCode).toBe(200);
    const created = await officer.post('/api/national-programmes/engagements', {
      stateIso2: 'NG',
      title: { en: 'National counter-terrorism strategy' },
      kind: 'strategy',
    });
    expect(created.statusCode, created.body).toBe(201);
    const engagement = created.json() as { id: string };
    const response = await officer.put(`/api/national-programmes/engagements/${engagement.id}/coverage`, {
      resolutions: [2147483648],
      pillars: [],
      parts: [],
    });
    const error = expectError(response, 400, 'VALIDATION_FAILED');
    expect(error.details?.[0]?.path).toBe('resolutions.0');
  });

  it('answers an address it cannot read (400) or whose part is too long (414) in the envelope', async () => {
    expectError(await officer.get('/api/users/%E0%A4%A'), 400, 'MALFORMED_REQUEST');
    expectError(await officer.get(`/api/users/${'a'.repeat(500)}`), 414, 'URI_TOO_LONG');
  });

  it('answers headers too large (431) in the envelope, over a real connection', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received));
      socket.on('error', (error) => (received ? resolve(received) : reject(error)));
      socket.write(`GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    });
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' },
    });
  });
});
