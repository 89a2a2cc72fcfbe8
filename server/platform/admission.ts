import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { type DatabaseKind, POOL_SIZE } from './db';
import { sendError } from './http';

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
 */
export class AdmissionQueue {
  private inside = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly queueLimit: number,
  ) {}

  /** Resolves when the caller may go in (false: the queue is full, go away). */
  enter(): Promise<boolean> | boolean {
    if (this.inside < this.limit) {
      this.inside += 1;
      return true;
    }
    if (this.waiting.length - this.head >= this.queueLimit) return false;
    return new Promise((resolve) => this.waiting.push(() => resolve(true)));
  }

  /** Hands the place to the first waiting, or frees it. */
  leave(): void {
    const next = this.waiting[this.head];
    if (next) {
      this.waiting[this.head] = undefined as never;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next();
      return;
    }
    this.inside -= 1;
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

const admitted = Symbol('admitted');
type Admitted = FastifyRequest & { [admitted]?: boolean };

/** Puts the API's reads through `queue`; registered before the session is read (which is a statement too). */
export function registerAdmission(app: FastifyInstance, queue: AdmissionQueue): void {
  const leave = (request: Admitted) => {
    if (!request[admitted]) return;
    request[admitted] = false;
    queue.leave();
  };
  app.addHook('onRequest', async (request: Admitted, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/health') || request.url.startsWith('/api/docs')) return;
    const entered = queue.enter();
    if (!(entered === true || (await entered))) {
      reply.header('retry-after', '1');
      return sendError(reply, new AppError('BUSY', 'Tadrib is answering many requests; try again in a moment'));
    }
    request[admitted] = true;
    // The client left while waiting: the place goes to the next at once.
    if (request.raw.destroyed) leave(request);
  });
  app.addHook('onSend', async (request: Admitted) => leave(request));
  app.addHook('onResponse', async (request: Admitted) => leave(request));
  app.addHook('onRequestAbort', async (request: Admitted) => leave(request));
}
