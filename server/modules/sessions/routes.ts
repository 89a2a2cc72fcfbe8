import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import {
  createSessionSchema,
  sessionDetailSchema,
  sessionIdParamsSchema,
  sessionListQuerySchema,
  sessionListSchema,
  trainerListSchema,
  transitionSchema,
  updateSessionSchema,
} from './schemas';
import * as service from './service';

const read = { access: 'sessions.read' } as const;
const write = { access: 'sessions.write' } as const;
const tags = ['sessions'];

/**
 * Sessions (cohorts) of a course. Reads are scoped: officers all; a trainer their sessions; a focal
 * point the sessions their state is invited to (and only their state's quota); a participant the
 * sessions they are accepted in. Out of scope is 404.
 */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'Sessions the reader may see, by status, course or year',
        querystring: sessionListQuerySchema,
        response: { 200: sessionListSchema, ...errorResponses },
      },
    },
    async (request) => service.listSessions(app.db, actorOf(request), request.query),
  );

  app.get(
    '/trainers',
    {
      config: write,
      schema: {
        tags,
        summary: 'Active trainers, to assign to sessions',
        response: { 200: trainerListSchema, ...errorResponses },
      },
    },
    async () => service.listTrainers(app.db),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Plan a session; days default to every weekday from start to end; quotas may add up to more than the capacity',
        body: createSessionSchema,
        response: { 201: sessionDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createSession(app.db, actorOf(request), request.auditContext(), request.body)),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A session: quotas with seats left, trainers, days',
        params: sessionIdParamsSchema,
        response: { 200: sessionDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.getSession(app.db, actorOf(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a session (not once completed or cancelled)',
        params: sessionIdParamsSchema,
        body: updateSessionSchema,
        response: { 200: sessionDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.updateSession(app.db, actorOf(request), request.auditContext(), request.params.id, request.body),
  );

  app.post(
    '/:id/status',
    {
      config: write,
      schema: {
        tags,
        summary: 'Move a session: planned → open → closed → completed, or cancelled (not once completed)',
        params: sessionIdParamsSchema,
        body: transitionSchema,
        response: { 200: sessionDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.changeStatus(app.db, actorOf(request), request.auditContext(), request.params.id, request.body),
  );
};
