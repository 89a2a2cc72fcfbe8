import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { loggerOptions, RequestLog } from './log';

describe('server log', () => {
  const client = new PGlite();
  afterAll(async () => client.close());

  /** What the app's logger writes for one error. */
  async function logged(error: unknown): Promise<string> {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = Fastify({ logger: { ...loggerOptions('info'), stream } });
    app.log.error({ err: error }, 'unhandled error');
    await app.close();
    return lines.join('');
  }

  it('keeps the parameters and values of a failed query out of the log', async () => {
    const db = drizzle(client);
    await db.execute(sql`create table people (email text unique, age integer)`);
    await db.execute(sql`insert into people values (${'aisha.bello@example.org'}, 30)`);
    const failures = await Promise.all([
      db.execute(sql`insert into people values (${'aisha.bello@example.org'}, 31)`).catch((e: unknown) => e),
      db.execute(sql`select ${'Aisha Bello'}::integer`).catch((e: unknown) => e),
    ]);
    for (const failure of failures) {
      expect(String(failure)).toMatch(/aisha|Aisha/); // the error itself carries them
      const line = await logged(failure);
      expect(line).toContain('Failed query');
      expect(line).toContain('unhandled error');
      expect(line).not.toMatch(/aisha|bello/i);
      expect(line).toContain('[redacted]');
    }
  }, 60_000);

  it('keeps the session cookie and the CSRF token out of the request log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = Fastify({
      logger: {
        ...loggerOptions('info'),
        stream,
        serializers: { ...loggerOptions('info').serializers, req: (req) => ({ headers: req.headers }) },
      },
    });
    app.get('/', async () => 'ok');
    await app.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: 'tadrib_session=secret-value', 'x-csrf-token': 'csrf-value' },
    });
    await app.close();
    expect(lines.join('')).not.toMatch(/secret-value|csrf-value/);
  });

  it('writes one line per request at info, with its id, route, status and time, and none at warn', async () => {
    const linesAt = async (level: string) => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const app = Fastify({ logger: { ...loggerOptions(level), stream }, logController: new RequestLog() });
      app.get('/things/:id', async () => 'ok');
      await app.inject({ method: 'GET', url: '/things/7?q=x', headers: { cookie: 'tadrib_session=secret-value' } });
      await app.close();
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    const [line, ...more] = await linesAt('info');
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      msg: 'request completed',
      method: 'GET',
      path: '/things/7',
      route: '/things/:id',
      status: 200,
    });
    expect(line?.reqId).toBeTruthy();
    expect(typeof line?.ms).toBe('number');
    expect(JSON.stringify(line)).not.toContain('secret-value');
    // A search's text is a person's name: not in the log.
    expect(JSON.stringify(line)).not.toContain('q=x');
    expect(await linesAt('warn')).toEqual([]);
  });
});
