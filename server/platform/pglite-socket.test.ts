import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SocketServer, servePgliteOnSocket } from './pglite-socket';

describe('PGlite served on a socket', () => {
  let folder: string;
  let database: PGlite;
  let server: SocketServer;
  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'tadrib-socket-'));
    database = await PGlite.create();
    server = await servePgliteOnSocket(database, path.join(folder, '.s.PGSQL.5432'));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await database?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const connect = async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@${encodeURIComponent(folder)}/postgres` });
    await client.connect();
    return client;
  };

  // A backup beside the running server hung on the demo history: once the socket queued output,
  // the queued chunks were views of PGlite's memory that its next output overwrote.
  it('streams a COPY larger than the socket buffer to a slow reader, byte for byte', async () => {
    const client = await connect();
    try {
      const rows = 40_000;
      const chunks: Buffer[] = [];
      const stream = client.query(
        copyTo(`copy (select g, md5(g::text) from generate_series(1, ${rows}) g) to stdout with (format csv)`),
      );
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
        if (chunks.length % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(rows);
      const { rows: expected } = await client.query<{ line: string }>(
        `select string_agg(g || ',' || md5(g::text), E'\\n' order by g) as line from generate_series(1, ${rows}) g`,
      );
      expect(lines.join('\n')).toBe(expected[0]?.line);
      // The connection is still in step with the backend afterwards.
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('lets the database serve its own queries once the client is done', async () => {
    const client = await connect();
    await client.query('begin');
    await client.query('create table beside (n int)');
    await client.query('commit');
    await client.end();
    expect((await database.query<{ n: number }>('select count(*)::int as n from beside')).rows).toEqual([{ n: 0 }]);
  }, 60_000);
});
