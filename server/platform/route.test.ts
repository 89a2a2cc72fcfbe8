import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor } from './access';
import { routesOf } from './route';

const actor: Actor = {
  userId: 'u1',
  email: 'a@x.org',
  role: 'admin',
  stateIso2: null,
  officialId: null,
  sessionId: 's1',
  stage: 'full',
  locale: 'en',
};

/** An app with what the request pipeline (platform/http.ts) gives a route: an actor and an audit context. */
async function appWith(declare: (app: FastifyInstance) => void, signedIn = true): Promise<FastifyInstance> {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', { name: 'db' } as never);
  app.decorateRequest('actor', null);
  app.decorateRequest('auditContext', function (this: { id: string }) {
    return { actorUserId: 'u1', actorRole: 'admin', address: null, requestId: this.id, chainKey: Buffer.alloc(0) } as never;
  });
  app.addHook('onRequest', async (request) => {
    request.actor = signedIn ? actor : null;
  });
  // As the application's error handler answers: the error envelope the routes' schemas describe.
  app.setErrorHandler((error: { code?: string; message: string }, _request, reply) =>
    reply.code(401).send({ error: { code: error.code, message: error.message } }),
  );
  declare(app);
  await app.ready();
  return app;
}

let app: FastifyInstance;
afterEach(async () => app?.close());

describe('routesOf', () => {
  it('hands the handler the validated params, query and body, the database, the actor and the audit context', async () => {
    app = await appWith((a) =>
      routesOf(a, { tags: ['t'] }).post(
        '/things/:id',
        {
          access: 'sessions.write',
          summary: 'Make a thing',
          params: z.object({ id: z.string() }),
          query: z.object({ n: z.coerce.number() }),
          body: z.object({ name: z.string() }),
          response: z.object({
            id: z.string(),
            n: z.number(),
            name: z.string(),
            db: z.string(),
            user: z.string(),
            request: z.string(),
          }),
          status: 201,
        },
        (c) => ({
          id: c.params.id,
          n: c.query.n,
          name: c.body.name,
          db: (c.db as unknown as { name: string }).name,
          user: c.actor.userId,
          request: c.audit.requestId ?? '',
        }),
      ),
    );
    const res = await app.inject({ method: 'POST', url: '/things/7?n=3', payload: { name: 'x' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: '7', n: 3, name: 'x', db: 'db', user: 'u1', request: expect.any(String) });
  });

  it('declares the permission, the tags and the usual error answers, and answers 204 with nothing', async () => {
    let route: { config: unknown; schema: { tags?: string[]; response?: Record<string, unknown> } } | undefined;
    app = await appWith((a) => {
      a.addHook('onRoute', (r) => {
        route = r as never;
      });
      routesOf(a, { tags: ['t'] }).delete(
        '/things',
        { access: 'sessions.write', summary: 'Remove', status: 204 },
        async () => 'ignored',
      );
    });
    expect(route?.config).toMatchObject({ access: 'sessions.write' });
    expect(route?.schema.tags).toEqual(['t']);
    expect(Object.keys(route?.schema.response ?? {})).toEqual(['204', '400', '401', '403', '404', '409', '422']);
    const res = await app.inject({ method: 'DELETE', url: '/things' });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('leaves a public route the actor unread, and refuses one that reads it without a signed-in user', async () => {
    app = await appWith((a) => {
      const route = routesOf(a, { tags: ['t'] });
      route.get('/open', { access: 'public', summary: 'Open', response: z.object({ ok: z.boolean() }), errors: false }, () => ({
        ok: true,
      }));
      route.get('/mine', { access: 'public', summary: 'Mine', response: z.string() }, (c) => c.actor.userId);
    }, false);
    expect((await app.inject({ method: 'GET', url: '/open' })).json()).toEqual({ ok: true });
    const mine = await app.inject({ method: 'GET', url: '/mine' });
    expect(mine.statusCode).toBe(401);
    expect(mine.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first' } });
  });

  it('lets a handler answer through the reply itself (files, redirects)', async () => {
    app = await appWith((a) =>
      routesOf(a, { tags: ['t'] }).get('/file', { access: 'public', summary: 'File', response: z.any() }, (c) =>
        c.reply.type('text/csv').send('a,b\n'),
      ),
    );
    const res = await app.inject({ method: 'GET', url: '/file' });
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.body).toBe('a,b\n');
  });
});
