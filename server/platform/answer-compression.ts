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
 * beside its text: a kept breakdown went from 1,500 to 4,100 answers a second. Its UTF-8 bytes are
 * kept too, and sent when it goes uncompressed: measuring a 12 kB text twice (here and for
 * Content-Length) and encoding it, in each request, was a tenth of that request's CPU. What this
 * leaves (files, streams, answers past SYNC_LIMIT) @fastify/compress compresses, as it leaves an
 * answer that already has its encoding.
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

/** A kept answer's text (the one the bytes were made from), its UTF-8 bytes and its bytes per encoding. */
type KeptBytes = { text: string; plain: Buffer; bytes: Partial<Record<Encoding, Buffer>> };
const compressed = new WeakMap<object, KeptBytes>();
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

/** The bytes kept for `answer` as written in `text` (a new text, after a change, starts anew). */
function keptOf(answer: object, text: string): KeptBytes {
  let kept = compressed.get(answer);
  if (kept?.text !== text) {
    kept = { text, plain: Buffer.from(text), bytes: {} };
    compressed.set(answer, kept);
  }
  return kept;
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
    const answer = keptAnswerOf.get(reply);
    const kept = answer && typeof payload === 'string' ? keptOf(answer, payload) : undefined;
    // A kept answer goes as its kept bytes, compressed or not.
    const body = kept ? kept.plain : payload;
    const size = typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : -1;
    const type = reply.getHeader('content-type');
    if (
      size < COMPRESSION_THRESHOLD ||
      size > SYNC_LIMIT ||
      typeof type !== 'string' ||
      !type.startsWith('application/json') ||
      reply.hasHeader('content-encoding')
    ) {
      done(null, body);
      return;
    }
    // Compressed or not, the answer depends on the header: caches must key on it.
    addVary(reply);
    const encoding =
      request.headers['x-no-compression'] === undefined ? encodingAccepted(request.headers['accept-encoding']) : null;
    if (!encoding) {
      done(null, body);
      return;
    }
    reply.header('content-encoding', encoding);
    if (!kept) {
      done(null, perRequest[encoding](body as string | Buffer));
      return;
    }
    kept.bytes[encoding] ??= once[encoding](kept.text);
    done(null, kept.bytes[encoding]);
  });
}
