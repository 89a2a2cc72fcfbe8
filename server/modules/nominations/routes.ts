import type { FastifyPluginAsync } from 'fastify';
import { routesOf } from '../../platform/route';
import {
  candidateListSchema,
  candidatesQuerySchema,
  decisionInputSchema,
  idParamSchema,
  nominateSchema,
  nominationListSchema,
  nominationSchema,
  reasonInputSchema,
  screeningInputSchema,
} from './schemas';
import * as service from './service';

/** Nominations of a session and their screening and decisions. Registered at /api. */
export const nominationRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['nominations'] });

  route.get(
    '/sessions/:id/nominations',
    {
      access: 'nominations.read',
      summary: 'Nominations of a session with seats and quotas left (focal points: their state; trainers: the accepted roster)',
      params: idParamSchema,
      response: nominationListSchema,
    },
    (c) => service.listForSession(c.db, c.audit, c.actor, c.params.id),
  );

  route.get(
    '/sessions/:id/nomination-candidates',
    {
      access: 'nominations.nominate',
      summary: 'Officials that can still be nominated to a session (a focal point: their state’s)',
      params: idParamSchema,
      query: candidatesQuerySchema,
      response: candidateListSchema,
    },
    (c) => service.candidatesFor(c.db, c.audit, c.actor, c.params.id, c.query.q),
  );

  route.post(
    '/sessions/:id/nominations',
    {
      access: 'nominations.nominate',
      summary: 'Nominate an official to an open session',
      params: idParamSchema,
      body: nominateSchema,
      response: nominationSchema,
      status: 201,
    },
    (c) => service.nominate(c.db, c.audit, c.actor, c.params.id, c.body.officialId),
  );

  route.get(
    '/nominations/:id',
    { access: 'nominations.read', summary: 'One nomination with its history', params: idParamSchema, response: nominationSchema },

    (c) => service.getNomination(c.db, c.audit, c.actor, c.params.id),
  );

  route.put(
    '/nominations/:id/screening',
    {
      access: 'nominations.decide',
      summary: 'Record the human-rights due-diligence screening of a nominee',
      params: idParamSchema,
      body: screeningInputSchema,
      response: nominationSchema,
    },
    (c) => service.screen(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/nominations/:id/decision',
    {
      access: 'nominations.decide',
      summary: 'Accept, waitlist or reject (with a reason) a nominee',
      params: idParamSchema,
      body: decisionInputSchema,
      response: nominationSchema,
    },
    (c) => service.decide(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/nominations/:id/reopen',
    {
      access: 'nominations.decide',
      summary: 'Reopen a decided nomination (with a reason) so that it can be decided again',
      params: idParamSchema,
      body: reasonInputSchema,
      response: nominationSchema,
    },
    (c) => service.reopen(c.db, c.audit, c.actor, c.params.id, c.body.reason),
  );

  route.post(
    '/nominations/:id/withdraw',
    {
      access: 'nominations.nominate',
      summary: 'Withdraw a nominee (with a reason); a freed seat goes to the first on the waiting list',
      params: idParamSchema,
      body: reasonInputSchema,
      response: nominationSchema,
    },
    (c) => service.withdraw(c.db, c.audit, c.actor, c.params.id, c.body.reason),
  );
};
