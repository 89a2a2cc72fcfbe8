import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
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

const tags = ['nominations'];

/** Nominations of a session and their screening and decisions. Registered at /api. */
export const nominationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/sessions/:id/nominations',
    {
      config: { access: 'nominations.read' },
      schema: {
        tags,
        summary: 'Nominations of a session with seats and quotas left (focal points: their state; trainers: the accepted roster)',
        params: idParamSchema,
        response: { 200: nominationListSchema, ...errorResponses },
      },
    },
    async (request) => service.listForSession(app.db, request.auditContext(), actorOf(request), request.params.id),
  );

  app.get(
    '/sessions/:id/nomination-candidates',
    {
      config: { access: 'nominations.nominate' },
      schema: {
        tags,
        summary: 'Officials that can still be nominated to a session (a focal point: their state’s)',
        params: idParamSchema,
        querystring: candidatesQuerySchema,
        response: { 200: candidateListSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.candidatesFor(app.db, request.auditContext(), actorOf(request), request.params.id, request.query.q),
  );

  app.post(
    '/sessions/:id/nominations',
    {
      config: { access: 'nominations.nominate' },
      schema: {
        tags,
        summary: 'Nominate an official to an open session',
        params: idParamSchema,
        body: nominateSchema,
        response: { 201: nominationSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.nominate(app.db, request.auditContext(), actorOf(request), request.params.id, request.body.officialId),
        ),
  );

  app.get(
    '/nominations/:id',
    {
      config: { access: 'nominations.read' },
      schema: {
        tags,
        summary: 'One nomination with its history',
        params: idParamSchema,
        response: { 200: nominationSchema, ...errorResponses },
      },
    },
    async (request) => service.getNomination(app.db, request.auditContext(), actorOf(request), request.params.id),
  );

  app.put(
    '/nominations/:id/screening',
    {
      config: { access: 'nominations.decide' },
      schema: {
        tags,
        summary: 'Record the human-rights due-diligence screening of a nominee',
        params: idParamSchema,
        body: screeningInputSchema,
        response: { 200: nominationSchema, ...errorResponses },
      },
    },
    async (request) => service.screen(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/nominations/:id/decision',
    {
      config: { access: 'nominations.decide' },
      schema: {
        tags,
        summary: 'Accept, waitlist or reject (with a reason) a nominee',
        params: idParamSchema,
        body: decisionInputSchema,
        response: { 200: nominationSchema, ...errorResponses },
      },
    },
    async (request) => service.decide(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/nominations/:id/reopen',
    {
      config: { access: 'nominations.decide' },
      schema: {
        tags,
        summary: 'Reopen a decided nomination (with a reason) so that it can be decided again',
        params: idParamSchema,
        body: reasonInputSchema,
        response: { 200: nominationSchema, ...errorResponses },
      },
    },
    async (request) => service.reopen(app.db, request.auditContext(), actorOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/nominations/:id/withdraw',
    {
      config: { access: 'nominations.nominate' },
      schema: {
        tags,
        summary: 'Withdraw a nominee (with a reason); a freed seat goes to the first on the waiting list',
        params: idParamSchema,
        body: reasonInputSchema,
        response: { 200: nominationSchema, ...errorResponses },
      },
    },
    async (request) => service.withdraw(app.db, request.auditContext(), actorOf(request), request.params.id, request.body.reason),
  );
};
