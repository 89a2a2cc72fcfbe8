import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { type DatabaseKind, POOL_SIZE } from './db';
import { sendError } from './http';
import { NO_SCOPE, withWallScope } from './wall';

/**
 * A bounded, first-come first-served queue in front of the database, one per process (issue 14).
 * A read of the API runs its statements one after another, each taking a pooled connection (PGlite
 * has one): without a queue, 200 reads at once each took a connection in turn, statement by
 * statement, so every read waited behind every other one several times over, and some waited past
 * any client's patience. Here at most `limit` reads are inside at once (their statements then find a
 * connection at once or almost); the others wait in arrival order, so a read waits for those that
 * came before it and no more. Past `queueLimit` waiting, a read is answered 503 BUSY at once rather
 * than after a wait no one would sit through.
 *
 * Only reads (GET, HEAD) of the API queue: a write's body may take a slow link minutes to arrive,
 * and it would hold its place meanwhile. A read leaves the queue when its answer is ready to send
 * (not once a slow link has received it), or when its client goes away.
 *
 * A read is let in from the event loop's check phase (setImmediate), never in the callback that
 * read it. PGlite answers in this thread without ever waiting on I/O, so a read let in at once ran
 * to its end before Node read the next socket: one poll of 200 sockets served 200 reads back to
 * back (10 s at 20 reads/s) while no connection was accepted and no new request read, and a client
 * that connected during such a round waited two or three rounds (past 30 s, autocannon's limit).
 * Deferred, every poll only queues what arrived, in arrival order, and between two admissions the
 * event loop polls again.
 */
export class AdmissionQueue {
  private inside = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;
  private pumping = false;

  constructor(
    readonly limit: number,
    readonly queueLimit: number,
  ) {}

  /**
   * Calls `admit` when the caller may go in; false at once when the queue is full (go away). A
   * callback, not a promise: every read enters, and a promise (with the wall's async context
   * propagated to it) per read was part of the request path's cost measured against the bare process.
   */
  enter(admit: () => void): boolean {
    if (this.inside + this.queued >= this.limit + this.queueLimit) return false;
    this.waiting.push(admit);
    this.schedule();
    return true;
  }

  /** Frees the place; the first waiting takes it at the next check phase. */
  leave(): void {
    this.inside -= 1;
    this.schedule();
  }

  private schedule(): void {
    if (this.pumping || this.inside >= this.limit || this.queued === 0) return;
    this.pumping = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.pumping = false;
    while (this.inside < this.limit && this.queued > 0) {
      const next = this.waiting[this.head] as () => void;
      this.waiting[this.head] = undefined as never;
      this.head += 1;
      this.inside += 1;
      next();
    }
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }

  get queued(): number {
    return this.waiting.length - this.head;
  }

  get active(): number {
    return this.inside;
  }
}

/**
 * How many reads go in at once, unless TADRIB_READS_AT_ONCE says (`configured`; 0: no queue, null):
 * on PostgreSQL twice the pool's connections (a read spends part of its time in Node, between
 * statements, while another uses its connection); on PGlite, whose one connection runs in this
 * process's own thread, two (one in the database, one being answered).
 */
export function admissionLimits(kind: DatabaseKind, configured: number | null): { limit: number; queueLimit: number } {
  const limit = configured ?? (kind === 'postgres' ? 2 * POOL_SIZE : 2);
  return { limit, queueLimit: 2000 };
}

const admittedTo = Symbol('admittedTo');
const inside = Symbol('inside');
type Admitted = FastifyRequest & { [admittedTo]?: AdmissionQueue; [inside]?: boolean };

/** Gives the request's place back, once (the hooks below and leaveAdmission may each call it). */
function leave(request: Admitted): void {
  if (!request[inside]) return;
  request[inside] = false;
  request[admittedTo]?.leave();
}

/**
 * A read that now only waits for its audit row to be appended (platform/audit.ts) gives its place
 * to the next read: it holds nothing in the database meanwhile. Returns how many reads are still
 * inside or waiting to go in (0 for a request that was not in the queue): the chain's next append
 * waits a little for their rows, so that one transaction writes them together.
 */
export function leaveAdmission(request: FastifyRequest): number {
  const queue = (request as Admitted)[admittedTo];
  if (!queue) return 0;
  leave(request as Admitted);
  return queue.active + queue.queued;
}

/**
 * Puts the API's reads through `queue`; registered before the session is read (which is a statement
 * too). The hooks take a callback rather than returning a promise: they run on every request.
 */
export function registerAdmission(app: FastifyInstance, queue: AdmissionQueue): void {
  // A read is let in from the queue's setImmediate, in the async context of whichever request
  // scheduled it: it goes on under a wall store of its own, with no state's rows until its actor is
  // known (platform/wall.ts), so that no hook after this one can read or set another request's scope,
  // whatever order the hooks were registered in.

  app.addHook('onRequest', (request: Admitted, reply, done) => {
    if (!queues(request)) {
      done();
      return;
    }
    const entered = queue.enter(() => {
      request[admittedTo] = queue;
      request[inside] = true;
      // The client left while waiting: nothing is read for it, and the place goes to the next at once.
      if (request.raw.destroyed) {
        leave(request);
        reply.hijack();
        return;
      }
      withWallScope(NO_SCOPE, done);
    });
    if (!entered) {
      reply.header('retry-after', '1');
      sendError(reply, new AppError('BUSY', 'Tadrib is answering many requests; try again in a moment'));
    }
  });
  app.addHook('onSend', (request: Admitted, _reply, _payload, done) => {
    leave(request);
    done();
  });
  app.addHook('onResponse', (request: Admitted, _reply, done) => {
    leave(request);
    done();
  });
  app.addHook('onRequestAbort', (request: Admitted, done) => {
    leave(request);
    done();
  });
}

/** Only reads (GET, HEAD) of the API queue, the health checks and the API's documentation apart. */
function queues(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const { url } = request;
  return url.startsWith('/api/') && !url.startsWith('/api/health') && !url.startsWith('/api/docs');
}
