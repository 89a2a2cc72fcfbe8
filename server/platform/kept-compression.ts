import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isKeptWritten } from './serializer';

/**
 * Answers kept in memory and written once (platform/serializer.ts `keepWritten`: the results'
 * dashboard and breakdowns) compressed once per encoding and kept beside their text. @fastify/compress
 * compressed each again for every request through a stream: a browser, which always accepts br,
 * got a kept breakdown at 1,500 requests a second where one that accepted nothing got it at 3,800.
 * Registered in the context of the routes that answer kept answers; the app's compression
 * (app.ts) leaves an answer that already has its encoding as it is.
 */

type Encoding = 'br' | 'gzip';
/** Smaller answers go as they are, as the app's compression sends them (app.ts). */
export const COMPRESSION_THRESHOLD = 1024;
const negotiator = new Negotiator<Encoding>({ supportedValues: ['br', 'gzip'] });
// As @fastify/compress reads the header: '*' (no preference) and x-gzip count as gzip.
const GZIP_ALIAS = /\*|x-gzip/gu;

const compressors: Record<Encoding, (text: string) => Buffer> = {
  // Compressed once for every reader of the answer, so harder than per request (quality 4 there).
  br: (text) =>
    brotliCompressSync(text, {
      params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 9 },
    }),
  gzip: (text) => gzipSync(text, { level: 9 }),
};

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

export function compressKeptAnswers(app: FastifyInstance): void {
  app.addHook('preSerialization', (_request, reply, payload, done) => {
    if (isKeptWritten(payload)) keptAnswerOf.set(reply, payload as object);
    done(null, payload);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const answer = keptAnswerOf.get(reply);
    if (!answer || typeof payload !== 'string' || Buffer.byteLength(payload) < COMPRESSION_THRESHOLD) {
      done(null, payload);
      return;
    }
    // Whether compressed or not, the answer depends on the header: caches must key on it.
    addVary(reply);
    const encoding =
      request.headers['x-no-compression'] === undefined ? encodingAccepted(request.headers['accept-encoding']) : null;
    if (!encoding) {
      done(null, payload);
      return;
    }
    let kept = compressed.get(answer);
    if (kept?.text !== payload) {
      kept = { text: payload, bytes: {} };
      compressed.set(answer, kept);
    }
    kept.bytes[encoding] ??= compressors[encoding](payload);
    reply.header('content-encoding', encoding);
    done(null, kept.bytes[encoding]);
  });
}
