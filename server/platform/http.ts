import { AsyncResource } from 'node:async_hooks';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';
import { type Actor, assertAllowed, isPermission, type Permission, wallScopeOf } from './access';
import { leaveAdmission } from './admission';
import { type AuditContext, type AuditEvent, writeAudit } from './audit';
import type { Queryable } from './db';
import { ruleCodes } from './rules';
import { type LoadedSession, loadSession, SESSION_COOKIE, sameSecret } from './sessions';
import { NO_SCOPE, setWallScope, withWallScope } from './wall';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission that guards the route (see platform/access.ts). Required for /api routes. */
    access?: Permission;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: LoadedSession | null;
    auditContext(): AuditContext;
    /** Records an audit event for this request; pass the transaction of the change it records. */
    audit(event: AuditEvent, db?: Queryable): Promise<void>;
  }
}

const ruleFields = {
  rule: z
    .enum(ruleCodes)
    .optional()
    .describe('The rule the request breaks (its message in four languages: rules.<rule> in the catalogues)'),
  params: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .optional()
    .describe("The values the rule's message is filled with"),
};

/** The error envelope every failing response carries. */
export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      ...ruleFields,
      details: z.array(z.object({ path: z.string(), message: z.string(), ...ruleFields })).optional(),
    }),
  })
  .meta({ id: 'ErrorEnvelope' });

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const wallContext = Symbol('wallContext');

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code: error.code,
        message: error.message,
        ...(error.rule ? { rule: error.rule, params: error.params ?? {} } : {}),
        ...(error.details ? { details: error.details } : {}),
      },
    });
}

/** Session loading, access control, CSRF defence, audit helper and the error envelope. */
export function registerRequestPipeline(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('auditContext', function (this: FastifyRequest): AuditContext {
    return {
      actorUserId: this.actor?.userId ?? null,
      actorRole: this.actor?.role ?? null,
      address: this.ip,
      requestId: this.id,
      chainKey: app.keys.auditChain,
      waiting: () => leaveAdmission(this),
    };
  });
  app.decorateRequest('audit', async function (this: FastifyRequest, event: AuditEvent, db?: Queryable) {
    await writeAudit(db ?? app.db, this.auditContext(), event);
  });

  // A route that names no permission is a bug: refuse to start rather than serve it unguarded.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    if (!isPermission(route.config?.access)) {
      throw new Error(`Route ${route.method} ${route.url} declares no access permission`);
    }
  });

  // Every request runs under its own wall scope (platform/wall.ts), empty until its actor is known.
  // A body is parsed from stream events that run outside that context: a request that may carry
  // one is brought back into it before validation (the way @fastify/request-context does). A GET
  // or HEAD has no body to wait for; the hooks after this one run inside the scope it entered, so
  // it needs no async resource (whose creation was a fortieth of a kept answer's CPU).
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      withWallScope(NO_SCOPE, done);
      return;
    }
    withWallScope(NO_SCOPE, () => {
      const context = new AsyncResource('tadrib-wall');
      (request as unknown as Record<symbol, AsyncResource>)[wallContext] = context;
      context.runInAsyncScope(done, request.raw);
    });
  });
  // Bad text and bad shapes are refused here, once for every route, before any schema reads them.
  app.addHook('preValidation', (request, _reply, done) => {
    const refusal = refusalOf(request);
    const context = (request as unknown as Record<symbol, AsyncResource | undefined>)[wallContext];
    if (context) context.runInAsyncScope(done, request.raw, refusal);
    else done(refusal);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const permission = request.routeOptions.config?.access;
    if (!permission) return; // not an API route: the web app and its files
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await loadSession(app.db, app.config, token);
      if (session) {
        request.session = session;
        request.actor = {
          userId: session.user.id,
          email: session.user.email,
          role: session.user.role,
          stateIso2: session.user.stateIso2,
          officialId: session.user.officialId,
          sessionId: session.id,
          stage: session.stage,
          locale: session.user.locale,
          mustChangePassword: session.user.mustChangePassword,
        };
      }
    }
    setWallScope(wallScopeOf(request.actor));
    try {
      assertAllowed(permission, request.actor);
    } catch (error) {
      if (error instanceof AppError && error.code === 'FORBIDDEN' && request.actor) {
        await request.audit({
          action: 'access.denied',
          outcome: 'denied',
          details: { method: request.method, route: request.routeOptions.url, permission },
        });
      }
      throw error;
    }
    if (WRITE_METHODS.has(request.method)) assertSameOrigin(request);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, appError);
  });
}

/** The refusal of a request whose body, query or path has a flaw no field may have (`flawOf`). */
function refusalOf(request: FastifyRequest): AppError | undefined {
  const parts = [
    ['body', request.body],
    ['querystring', request.query],
    ['params', request.params],
  ] as const;
  for (const [where, value] of parts) {
    const flaw = flawOf(value);
    if (flaw) {
      const field = (flaw.path.length > 200 ? `${flaw.path.slice(0, 200)}…` : flaw.path) || where;
      return new AppError('VALIDATION_FAILED', `Invalid ${where}: ${field}: ${flaw.message}`, {
        details: [{ path: field, message: flaw.message }],
      });
    }
  }
  return undefined;
}

/** A high surrogate not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What a text must hold for it to have a flaw: one scan, before the two checks that name it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL is one of the flaws it looks for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** How deep a request body may nest objects and arrays (the deepest form nests 4). */
export const MAX_BODY_DEPTH = 32;

function textFlaw(text: string): string | null {
  if (!SUSPECT.test(text)) return null;
  return text.includes('\u0000')
    ? 'Contains a NUL character'
    : LONE_SURROGATE.test(text)
      ? 'Contains an invalid character (a lone surrogate)'
      : null;
}

/**
 * The first flaw of a parsed body, query or path that no field may have, with its path: nesting
 * deeper than MAX_BODY_DEPTH, a NUL character (PostgreSQL text cannot hold U+0000), or a lone
 * UTF-16 surrogate (not a character: JSON may carry one as \ud800, PostgreSQL refuses it), in a
 * value or a key. Every request's parts pass here: nothing is allocated unless a flaw is found (the
 * walk with a stack of entries and paths took 1.6 µs for a one-field query), and the depth limit
 * bounds the recursion.
 */
export function flawOf(value: unknown): { path: string; message: string } | null {
  const found = flawWithin(value, 0);
  return found && { path: found.keys.reverse().join('.'), message: found.message };
}

/** The flaw's keys from the innermost out, and its message. */
function flawWithin(value: unknown, depth: number): { keys: string[]; message: string } | null {
  if (typeof value === 'string') {
    const message = textFlaw(value);
    return message ? { keys: [], message } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_BODY_DEPTH) return { keys: [], message: `Nested deeper than ${MAX_BODY_DEPTH} levels` };
  const fields = value as Record<string, unknown>;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const keyFlaw = textFlaw(key);
    if (keyFlaw) return { keys: [], message: `A field name ${keyFlaw.toLowerCase()}` };
    const found = flawWithin(fields[key], depth + 1);
    if (found) {
      found.keys.push(key);
      return found;
    }
  }
  return null;
}

/**
 * CSRF defence for cookie-authenticated writes: the session's token must come back in a header
 * (a cross-site form cannot set one), and a browser-sent Origin must be this site.
 */
function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin && !sameHost(origin, request.host)) throw new AppError('CSRF_FAILED', 'Cross-site request refused');
  if (!request.session) return;
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || !sameSecret(header, request.session.csrfToken)) {
    throw new AppError('CSRF_FAILED', 'Missing or wrong x-csrf-token header');
  }
}

/** Whether a browser's Origin names this host (default ports read alike: x and x:443 over https). */
function sameHost(origin: string, host: string): boolean {
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/**
 * Errors Fastify answers before any route runs (a path it cannot decode, a path parameter over
 * the router's length limit), in the envelope instead of Fastify's own shape.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendError(reply, new AppError('URI_TOO_LONG', 'A part of the address is too long'));
  }
  return sendError(reply, new AppError('MALFORMED_REQUEST', 'The address cannot be read'));
}

/** The raw answer to a request Node's HTTP parser refused (headers too large, a malformed request line). */
export function clientErrorResponse(error: { code?: string }): string {
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
        : [400, 'MALFORMED_REQUEST', 'The request cannot be read'];
  const body = JSON.stringify({ error: { code, message } });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    const details: ErrorDetail[] = error.validation.map((v) => {
      const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = (v.params as { keys?: string[] }).keys;
      if (v.keyword === 'unrecognized_keys' && keys?.length) {
        return { path: keys.map((k) => (base ? `${base}.${k}` : k)).join(', '), message: 'Unknown field' };
      }
      return { path: base || where, message: v.message ?? 'Invalid value' };
    });
    const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
    return new AppError('VALIDATION_FAILED', `Invalid ${where}: ${summary}`, { details });
  }
  if (isResponseSerializationError(error)) return new AppError('INTERNAL', 'Internal error');
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_REQUEST', `Malformed JSON body: ${error.message}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'Request body too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('MALFORMED_REQUEST', 'Content-Length does not match the body');
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return new AppError('MALFORMED_REQUEST', error.message);
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError(error.statusCode === 404 ? 'NOT_FOUND' : 'MALFORMED_REQUEST', error.message);
  }
  return new AppError('INTERNAL', 'Internal error');
}

/** The actor of a route whose permission already required a signed-in user. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return request.actor;
}
