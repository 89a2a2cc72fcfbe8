import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http';
import { errorResponses, noContent } from '../../platform/openapi';
import { cascadeInputSchema, cascadeSchema } from '../delivery/schemas';
import { evaluationInputSchema, followUpInputSchema, idParamSchema, myTrainingsSchema } from './schemas';
import * as service from './service';

const access = { access: 'participation.self' } as const;
const tags = ['participation'];

/** A participant's own trainings and forms. Registered at /api/participation. */
export const participationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/trainings',
    {
      config: access,
      schema: {
        tags,
        summary: 'My trainings: status, attendance, scores, completion and pending forms',
        response: { 200: myTrainingsSchema, ...errorResponses },
      },
    },
    async (request) => service.myTrainings(app.db, request.auditContext(), actorOf(request)),
  );

  app.post(
    '/trainings/:id/evaluation',
    {
      config: access,
      schema: {
        tags,
        summary: 'Fill in the end-of-session evaluation (anonymous, once)',
        params: idParamSchema,
        body: evaluationInputSchema,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.submitEvaluation(app.db, request.auditContext(), actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/trainings/:id/follow-up',
    {
      config: access,
      schema: {
        tags,
        summary: 'Answer the follow-up survey: have you applied what you learned, and how?',
        params: idParamSchema,
        body: followUpInputSchema,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.answerFollowUp(app.db, request.auditContext(), actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/trainings/:id/cascades',
    {
      config: access,
      schema: {
        tags,
        summary: 'Record colleagues I trained at home after a training-of-trainers course',
        params: idParamSchema,
        body: cascadeInputSchema,
        response: { 201: cascadeSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.recordOwnCascade(app.db, request.auditContext(), actorOf(request), request.params.id, request.body)),
  );
};
