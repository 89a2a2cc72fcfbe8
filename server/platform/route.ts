import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteOptions } from 'fastify';
import type { z } from 'zod';
import type { Locale } from '../db/schema';
import type { Actor, Permission } from './access';
import type { AuditContext } from './audit';
import type { Database } from './db';
import { MULTIPART_LIMITS } from './files';
import { actorOf } from './http';
import { readerLocale } from './localised';
import { errorResponses, noContent } from './openapi';

type Schema = z.ZodType;
/** What the handler reads from a validated part of the request: the schema's output, unknown without one. */
type Parsed<S> = S extends Schema ? z.output<S> : unknown;
/** 201 for a creation, 204 for a change that returns nothing (the answer is then empty). */
type Status = 200 | 201 | 204;

/** Everything a route says about itself: who may call it, what it reads and what it answers. */
export type RouteSpec<P, Q, B, R, S extends Status> = {
  /** The permission that guards the route (platform/access.ts); 'public' for anyone. */
  access: Permission;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The answer's schema under `status`; none for a 204 or a route that redirects. */
  response?: R;
  status?: S;
  /** Further answers the route documents besides the usual errors (304, 413, 415, 503). */
  responses?: Record<number, Schema>;
  /** `false` leaves the usual error answers (platform/openapi.ts) out of the document. */
  errors?: false;
  /** The plugin's tags otherwise. */
  tags?: string[];
  /**
   * multipart/form-data for uploads, which are read in the handler (platform/files.ts readUpload):
   * only such a route has the multipart reader.
   */
  consumes?: string[];
  bodyLimit?: number;
};

/**
 * What a handler is given. The actor and the audit context are read when first used, so that a
 * public route never asks for them; the reader's language is read from the database when asked.
 * `request` and `reply` are for the routes that read uploads or cookies, set headers or cookies,
 * or answer with a file or a redirect.
 */
export type RouteContext<P = undefined, Q = undefined, B = undefined> = {
  db: Database;
  readonly actor: Actor;
  readonly audit: AuditContext;
  locale(): Locale;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  request: FastifyRequest;
  reply: FastifyReply;
};

/** The handler returns the answer the response schema describes, or the reply it sent itself. */
type Answer<R, S> = S extends 204 ? unknown : R extends Schema ? z.output<R> | FastifyReply : unknown;

type Declare = <
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
  S extends Status = 200,
>(
  url: string,
  spec: RouteSpec<P, Q, B, R, S>,
  handler: (context: RouteContext<P, Q, B>) => Answer<NoInfer<R>, S> | Promise<Answer<NoInfer<R>, S>>,
) => void;

export type RouteDeclarations = { get: Declare; post: Declare; put: Declare; patch: Declare; delete: Declare };

/**
 * The one way to declare an API route: `routesOf(app, { tags }).get(url, spec, handler)`. It writes
 * the access config and the OpenAPI schema (the usual error answers included), answers with
 * `status`, and hands the handler one context instead of the request.
 */
export function routesOf(app: FastifyInstance, defaults: { tags: string[] }): RouteDeclarations {
  const declare =
    (method: HTTPMethods): Declare =>
    (url, spec, handler) => {
      const status = spec.status ?? 200;
      const response = {
        ...(status === 204 ? noContent : spec.response ? { [status]: spec.response } : {}),
        ...(spec.errors === false ? {} : errorResponses),
        ...spec.responses,
      };
      const options: RouteOptions = {
        method,
        url,
        config: { access: spec.access },
        ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
        schema: {
          tags: spec.tags ?? defaults.tags,
          summary: spec.summary,
          ...(spec.consumes ? { consumes: spec.consumes } : {}),
          ...(spec.params ? { params: spec.params } : {}),
          ...(spec.query ? { querystring: spec.query } : {}),
          ...(spec.body ? { body: spec.body } : {}),
          ...(Object.keys(response).length > 0 ? { response } : {}),
        },
        handler: async (request, reply) => {
          if (status !== 200) reply.code(status);
          const answer = await handler(contextOf(app, request, reply) as never);
          if (reply.sent || answer === reply) return reply;
          return status === 204 ? reply.send(null) : answer;
        },
      };
      if (!spec.consumes?.includes('multipart/form-data')) {
        app.route(options);
        return;
      }
      // The multipart reader in a context of its own: registered for the whole app, it ran a
      // hook (an async one, a promise each) on every request.
      app.register(async (uploads) => {
        await uploads.register(multipart, { limits: MULTIPART_LIMITS });
        uploads.route(options);
      });
    };
  return { get: declare('GET'), post: declare('POST'), put: declare('PUT'), patch: declare('PATCH'), delete: declare('DELETE') };
}

function contextOf(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): RouteContext<Schema, Schema, Schema> {
  return {
    db: app.db,
    get actor() {
      return actorOf(request);
    },
    get audit() {
      return request.auditContext();
    },
    locale: () => readerLocale(actorOf(request)),
    params: request.params,
    query: request.query,
    body: request.body,
    request,
    reply,
  };
}
