import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isKeptWritten } from './serializer';

/**
 * The API's JSON answers compressed in one call, not through a stream. @fastify/compress (app.ts)
 * pipes every answer through a zlib stream: for a page of sessions that cost a third of the
 * requests a second a browser got (a browser always accepts br), where the compression itself
 * takes a tenth of a millisecond. An answer kept in memory and written once (platform/serializer.ts
 * `keepWritten`: the results' dashboard and breakdowns) is compressed once per encoding and kept
 * beside its text: a kept breakdown went from 1,500 to 4,100 answers a second. What this leaves (files,
 * streams, answers past SYNC_LIMIT) @fastify/compress compresses, as it leaves an answer that
 * already has its encoding.
 */

type Encoding = 'br' | 'gzip';
/** Smaller answers go as they are. */
export const COMPRESSION_THRESHOLD = 1024;
/** Larger answers are compressed by the stream, off the event loop. */
const SYNC_LIMIT = 512 * 1024;
const negotiator = new Negotiator<Encoding>({ supportedValues: ['br', 'gzip'] });
// As @fastify/compress reads the header: '*' (no preference) and x-gzip count as gzip.
const GZIP_ALIAS = /\*|x-gzip/gu;

const brotli = (quality: number) => (data: string | Buffer) =>
  brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: quality },
  });
/** Per request, the levels @fastify/compress uses; once for every reader of a kept answer, harder. */
const perRequest: Record<Encoding, (data: string | Buffer) => Buffer> = { br: brotli(4), gzip: (data) => gzipSync(data) };
const once: Record<Encoding, (data: string) => Buffer> = { br: brotli(9), gzip: (data) => gzipSync(data, { level: 9 }) };

/** Per kept answer, its text (the one the bytes were compressed from) and its bytes per encoding. */
const compressed = new WeakMap<object, { text: string; bytes: Partial<Record<Encoding, Buffer>> }>();
const keptAnswerOf = new WeakMap<FastifyReply, object>();

function encodingAccepted(header: string | undefined): Encoding | null {
  return header ? negotiator.negotiate(header.toLowerCase().replace(GZIP_ALIAS, 'gzip')) : null;
}

function addVary(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  const values =
    vary === undefined
      ? []
      : String(vary)
          .split(',')
          .map((v) => v.trim().toLowerCase());
  if (!values.includes('accept-encoding') && !values.includes('*'))
    reply.header('vary', vary === undefined ? 'accept-encoding' : `${vary}, accept-encoding`);
}

function keptBytes(answer: object, text: string, encoding: Encoding): Buffer {
  let kept = compressed.get(answer);
  if (kept?.text !== text) {
    kept = { text, bytes: {} };
    compressed.set(answer, kept);
  }
  kept.bytes[encoding] ??= once[encoding](text);
  return kept.bytes[encoding];
}

/** Registered in the context of the routes that answer kept answers (results/routes.ts). */
export function markKeptAnswers(app: FastifyInstance): void {
  app.addHook('preSerialization', (_request, reply, payload, done) => {
    if (isKeptWritten(payload)) keptAnswerOf.set(reply, payload as object);
    done(null, payload);
  });
}

/** Registered on the app before @fastify/compress, whose hook runs after this one. */
export function compressAnswers(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : Buffer.isBuffer(payload) ? payload.length : -1;
    const type = reply.getHeader('content-type');
    if (
      size < COMPRESSION_THRESHOLD ||
      size > SYNC_LIMIT ||
      typeof type !== 'string' ||
      !type.startsWith('application/json') ||
      reply.hasHeader('content-encoding')
    ) {
      done(null, payload);
      return;
    }
    // Compressed or not, the answer depends on the header: caches must key on it.
    addVary(reply);
    const encoding =
      request.headers['x-no-compression'] === undefined ? encodingAccepted(request.headers['accept-encoding']) : null;
    if (!encoding) {
      done(null, payload);
      return;
    }
    const answer = keptAnswerOf.get(reply);
    const body = payload as string | Buffer;
    reply.header('content-encoding', encoding);
    done(null, answer && typeof body === 'string' ? keptBytes(answer, body, encoding) : perRequest[encoding](body));
  });
}
