import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AdmissionQueue, leaveAdmission, registerAdmission } from './admission';
import { currentWallScope, NO_SCOPE, setWallScope, withWallScope } from './wall';

/** An app whose read /api/slow/:n answers when the test releases it, in the order it was let in. */
async function appWith(queue: AdmissionQueue) {
  const app = Fastify();
  registerAdmission(app, queue);
  const started: string[] = [];
  const release = new Map<string, () => void>();
  app.get('/api/slow/:n', async (request) => {
    const { n } = request.params as { n: string };
    started.push(n);
    await new Promise<void>((resolve) => release.set(n, resolve));
    return { n };
  });
  app.post('/api/slow/:n', async () => ({ wrote: true }));
  app.get('/api/health/live', async () => ({ ok: true }));
  app.get('/api/fails', async () => {
    throw new Error('broken');
  });
  await app.ready();
  return { app, started, release };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the admission queue in front of the database', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('lets `limit` reads in at once and the others in arrival order', async () => {
    const queue = new AdmissionQueue(2, 10);
    const setup = await appWith(queue);
    app = setup.app;
    const answers = ['1', '2', '3', '4', '5'].map((n) => setup.app.inject({ method: 'GET', url: `/api/slow/${n}` }));
    await tick();
    expect(setup.started).toEqual(['1', '2']);
    expect(queue.queued).toBe(3);
    setup.release.get('2')?.();
    await tick();
    expect(setup.started).toEqual(['1', '2', '3']);
    setup.release.get('1')?.();
    await tick();
    expect(setup.started).toEqual(['1', '2', '3', '4']);
    for (const n of ['3', '4']) setup.release.get(n)?.();
    await tick();
    setup.release.get('5')?.();
    const bodies = await Promise.all(answers);
    expect(bodies.map((r) => r.json().n)).toEqual(['1', '2', '3', '4', '5']);
    expect(queue.active).toBe(0);
    expect(queue.queued).toBe(0);
  });

  it('lets each read in under a wall store of its own, never under the scope of the read that let it in', async () => {
    const queue = new AdmissionQueue(1, 10);
    app = Fastify();
    // The wall's hook registered before the queue's: each request's store is made before it waits.
    app.addHook('onRequest', (_request, _reply, done) => withWallScope(NO_SCOPE, done));
    registerAdmission(app, queue);
    const release = new Map<string, () => void>();
    app.get('/api/scoped/:state', async (request) => {
      const { state } = request.params as { state: string };
      const before = currentWallScope();
      setWallScope(state);
      await new Promise<void>((resolve) => release.set(state, resolve));
      return { before, after: currentWallScope() };
    });
    await app.ready();
    const ng = app.inject({ method: 'GET', url: '/api/scoped/NG' });
    const gh = app.inject({ method: 'GET', url: '/api/scoped/GH' });
    await tick();
    // Ghana's read waits; Nigeria's answer lets it in, from Nigeria's context.
    release.get('NG')?.();
    await tick();
    release.get('GH')?.();
    expect((await ng).json()).toEqual({ before: NO_SCOPE, after: 'NG' });
    expect((await gh).json()).toEqual({ before: NO_SCOPE, after: 'GH' });
  });

  it('answers 503 BUSY at once past the queue’s bound; writes and health checks never wait', async () => {
    const queue = new AdmissionQueue(1, 1);
    const setup = await appWith(queue);
    app = setup.app;
    const first = setup.app.inject({ method: 'GET', url: '/api/slow/1' });
    const second = setup.app.inject({ method: 'GET', url: '/api/slow/2' });
    await tick();
    const third = await setup.app.inject({ method: 'GET', url: '/api/slow/3' });
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.json().error.code).toBe('BUSY');
    expect((await setup.app.inject({ method: 'POST', url: '/api/slow/9' })).statusCode).toBe(200);
    expect((await setup.app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
    expect(setup.started).toEqual(['1']);
    setup.release.get('1')?.();
    await tick();
    setup.release.get('2')?.();
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    expect(queue.active).toBe(0);
  });

  it('gives the place back when a read fails', async () => {
    const queue = new AdmissionQueue(1, 5);
    const setup = await appWith(queue);
    app = setup.app;
    for (let i = 0; i < 3; i += 1) expect((await setup.app.inject({ method: 'GET', url: '/api/fails' })).statusCode).toBe(500);
    expect(queue.active).toBe(0);
    const read = setup.app.inject({ method: 'GET', url: '/api/slow/1' });
    await tick();
    setup.release.get('1')?.();
    expect((await read).statusCode).toBe(200);
    expect(queue.active).toBe(0);
  });

  it('does not run a read whose client left while it waited', async () => {
    const queue = new AdmissionQueue(1, 5);
    const setup = await appWith(queue);
    app = setup.app;
    await setup.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = setup.app.server.address() as AddressInfo;
    const first = setup.app.inject({ method: 'GET', url: '/api/slow/1' });
    const left = httpRequest({ port, host: '127.0.0.1', path: '/api/slow/2' });
    left.on('error', () => {});
    left.end();
    await tick();
    expect(queue.queued).toBe(1);
    left.destroy();
    await tick();
    setup.release.get('1')?.();
    expect((await first).statusCode).toBe(200);
    await tick();
    expect(setup.started).toEqual(['1']);
    expect(queue.active).toBe(0);
    expect(queue.queued).toBe(0);
  });

  it('lets the next read in when one only waits for its audit row, and tells how many reads are ahead', async () => {
    const queue = new AdmissionQueue(1, 5);
    const fastify = Fastify();
    registerAdmission(fastify, queue);
    const started: string[] = [];
    const ahead: number[] = [];
    const release = new Map<string, () => void>();
    fastify.get('/api/audited/:n', async (request) => {
      const { n } = request.params as { n: string };
      started.push(n);
      await new Promise<void>((resolve) => release.set(n, resolve));
      ahead.push(leaveAdmission(request), leaveAdmission(request));
      await new Promise<void>((resolve) => release.set(`${n} audited`, resolve));
      return { n };
    });
    fastify.post('/api/audited', async (request) => ({ ahead: leaveAdmission(request) }));
    await fastify.ready();
    app = fastify;
    const answers = ['1', '2', '3'].map((n) => fastify.inject({ method: 'GET', url: `/api/audited/${n}` }));
    await tick();
    expect(started).toEqual(['1']);
    release.get('1')?.();
    await tick();
    // 1 waits for its audit row outside the queue: 2 is let in, 3 waits; a second call changes nothing.
    expect(started).toEqual(['1', '2']);
    expect(ahead).toEqual([2, 2]);
    expect(queue.active).toBe(1);
    release.get('2')?.();
    await tick();
    expect(started).toEqual(['1', '2', '3']);
    expect(ahead.slice(2)).toEqual([1, 1]);
    release.get('3')?.();
    await tick();
    expect(ahead.slice(4)).toEqual([0, 0]);
    for (const n of ['1', '2', '3']) release.get(`${n} audited`)?.();
    expect((await Promise.all(answers)).map((r) => r.json().n)).toEqual(['1', '2', '3']);
    expect(queue.active).toBe(0);
    // A write never entered the queue: nothing to leave, nothing ahead.
    expect((await fastify.inject({ method: 'POST', url: '/api/audited' })).json()).toEqual({ ahead: 0 });
    expect(queue.active).toBe(0);
  });
});
