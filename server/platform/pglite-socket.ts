import { rmSync } from 'node:fs';
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves an open PGlite database on a Unix socket, in the PostgreSQL wire protocol, so that the
 * command line (node-postgres) works beside the running server instead of opening the folder a
 * second time.
 *
 * Not @electric-sql/pglite-socket: every published version pins its peer @electric-sql/pglite to
 * one older exact version (0.2.17 wants 0.5.14, this project runs 0.5.17), and its queue lets the
 * server's own queries run between a socket client's statements, i.e. inside the client's open
 * transaction. PGlite is one backend session: here a client holds PGlite's transaction lock from
 * its first message until the backend is idle again (a Sync or a simple query ended outside a
 * transaction block), so the server's queries and transactions wait and never mix with its own.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const PROTOCOL_3 = 196608;
const QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'
const TERMINATE = 0x58; // 'X'

export type SocketServer = { close(): Promise<void> };

function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const message = Buffer.alloc(5 + body.length);
  message.writeUInt8(QUERY, 0);
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

export async function servePgliteOnSocket(client: PGlite, path: string): Promise<SocketServer> {
  rmSync(path, { force: true }); // left by a process that died: the folder's lock says it is not in use
  const connections = new Set<Promise<void>>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buffered = Buffer.alloc(0);
    let started = false;
    /** Releases PGlite's transaction lock while this client holds it. */
    let release: (() => void) | null = null;
    let chain = Promise.resolve();

    const hold = () =>
      new Promise<void>((acquired) => {
        void client._runExclusiveTransaction(
          () =>
            new Promise<void>((done) => {
              release = () => {
                release = null;
                done();
              };
              acquired();
            }),
        );
      });

    async function run(message: Uint8Array, endsExchange: boolean) {
      if (!release) await hold();
      await client.runExclusive(() =>
        client.execProtocolRawStream(message, {
          // `data` is a view of PGlite's memory, reused by its next output: a write the socket
          // queues (once the client reads slower than a large COPY writes) must own a copy.
          onRawData: (data) => {
            if (data.length > 0 && socket.writable) socket.write(Buffer.from(data));
          },
        }),
      );
      if (endsExchange && !client.isInTransaction()) release?.();
    }

    async function drain() {
      while (true) {
        if (!started) {
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          const code = buffered.readInt32BE(4);
          if (buffered.length < length) return;
          const message = buffered.subarray(0, length);
          buffered = buffered.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) socket.write('N');
          else if (code === PROTOCOL_3) {
            started = true;
            await run(message, true);
          } else {
            // Cancel requests and unknown protocols: this backend cannot cancel a running query.
            socket.end();
            return;
          }
          continue;
        }
        if (buffered.length < 5) return;
        const type = buffered[0] as number;
        const length = 1 + buffered.readInt32BE(1);
        if (buffered.length < length) return;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        // Terminate would end PGlite's one backend, which the server goes on using.
        if (type === TERMINATE) {
          socket.end();
          return;
        }
        await run(message, type === SYNC || type === QUERY);
      }
    }

    socket.on('data', (data) => {
      buffered = Buffer.concat([buffered, data]);
      chain = chain.then(drain).catch(() => {
        socket.destroy();
      });
    });
    socket.on('error', () => socket.destroy());
    const closed = new Promise<void>((resolve) => {
      socket.on('close', () => {
        sockets.delete(socket);
        // A client gone in the middle of a transaction: its work is rolled back, the lock freed.
        chain = chain
          .then(async () => {
            if (!release) return;
            if (client.isInTransaction() && !client.closed)
              await client.runExclusive(() => client.execProtocolRaw(simpleQuery('ROLLBACK')));
            release?.();
          })
          .catch(() => release?.())
          .finally(() => {
            connections.delete(closed);
            resolve();
          });
      });
    });
    connections.add(closed);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.all([...connections]);
      await stopped;
      rmSync(path, { force: true });
    },
  };
}
