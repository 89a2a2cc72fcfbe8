import type { FastifyPluginAsync } from 'fastify';
import { routesOf } from '../../platform/route';
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

const read = 'sessions.read';
const write = 'sessions.write';

/**
 * Sessions (cohorts) of a course. Reads are scoped: officers all; a trainer their sessions; a focal
 * point the sessions their state is invited to (and only their state's quota); a participant the
 * sessions they are accepted in. Out of scope is 404.
 */
export const sessionRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['sessions'] });

  route.get(
    '/',
    {
      access: read,
      summary: 'Sessions the reader may see, by status, course or year',
      query: sessionListQuerySchema,
      response: sessionListSchema,
    },
    (c) => service.listSessions(c.db, c.actor, c.query),
  );

  route.get('/trainers', { access: write, summary: 'Active trainers, to assign to sessions', response: trainerListSchema }, (c) =>
    service.listTrainers(c.db),
  );

  route.post(
    '/',
    {
      access: write,
      summary: 'Plan a session; days default to every weekday from start to end; quotas may add up to more than the capacity',
      body: createSessionSchema,
      response: sessionDetailSchema,
      status: 201,
    },
    (c) => service.createSession(c.db, c.actor, c.audit, c.body),
  );

  route.get(
    '/:id',
    {
      access: read,
      summary: 'A session: quotas with seats left, trainers, days',
      params: sessionIdParamsSchema,
      response: sessionDetailSchema,
    },
    (c) => service.getSession(c.db, c.actor, c.params.id),
  );

  route.patch(
    '/:id',
    {
      access: write,
      summary: 'Edit a session (not once completed or cancelled)',
      params: sessionIdParamsSchema,
      body: updateSessionSchema,
      response: sessionDetailSchema,
    },
    (c) => service.updateSession(c.db, c.actor, c.audit, c.params.id, c.body),
  );

  route.post(
    '/:id/status',
    {
      access: write,
      summary: 'Move a session: planned → open → closed → completed, or cancelled (not once completed)',
      params: sessionIdParamsSchema,
      body: transitionSchema,
      response: sessionDetailSchema,
    },
    (c) => service.changeStatus(c.db, c.actor, c.audit, c.params.id, c.body),
  );
};
