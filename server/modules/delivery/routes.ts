import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import {
  attendanceInputSchema,
  cascadeInputSchema,
  cascadeSchema,
  completionSchema,
  deliverySheetSchema,
  evaluationSummarySchema,
  followUpRequestResultSchema,
  idParamSchema,
  overrideInputSchema,
  scoreImportResultSchema,
  scoreImportSchema,
  scoreInputSchema,
} from './schemas';
import * as service from './service';

const tags = ['delivery'];

/** Attendance, tests, completion, evaluations, follow-ups and cascades. Registered at /api. */
export const deliveryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/sessions/:id/delivery',
    {
      config: { access: 'delivery.record' },
      schema: {
        tags,
        summary: 'The roster of a session with attendance per day, test scores and completion',
        params: idParamSchema,
        response: { 200: deliverySheetSchema, ...errorResponses },
      },
    },
    async (request) => service.sheet(app.db, request.auditContext(), actorOf(request), request.params.id),
  );

  app.put(
    '/nominations/:id/attendance',
    {
      config: { access: 'delivery.record' },
      schema: {
        tags,
        summary: 'Mark an accepted participant present or absent on a session day',
        params: idParamSchema,
        body: attendanceInputSchema,
        response: { 200: z.object({ nominationId: z.uuid(), day: z.string(), present: z.boolean() }), ...errorResponses },
      },
    },
    async (request) =>
      service.recordAttendance(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/nominations/:id/scores',
    {
      config: { access: 'delivery.record' },
      schema: {
        tags,
        summary: 'Set (or clear with null) a participant’s pre- or post-test score',
        params: idParamSchema,
        body: scoreInputSchema,
        response: {
          200: z.object({ nominationId: z.uuid(), kind: z.enum(['pre', 'post']), score: z.number().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => service.recordScore(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/sessions/:id/scores/import',
    {
      config: { access: 'delivery.record' },
      schema: {
        tags,
        summary: 'Preview (commit: false) or write (commit: true, all rows or none) test scores from CSV',
        params: idParamSchema,
        body: scoreImportSchema,
        response: { 200: scoreImportResultSchema, ...errorResponses },
      },
    },
    async (request) => service.importScores(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/nominations/:id/completion-override',
    {
      config: { access: 'delivery.override' },
      schema: {
        tags,
        summary: 'Override the completion rule for a participant, with a reason',
        params: idParamSchema,
        body: overrideInputSchema,
        response: { 200: completionSchema, ...errorResponses },
      },
    },
    async (request) => service.setOverride(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/nominations/:id/completion-override',
    {
      config: { access: 'delivery.override' },
      schema: {
        tags,
        summary: 'Remove an override: the completion rule applies again',
        params: idParamSchema,
        response: { 200: completionSchema, ...errorResponses },
      },
    },
    async (request) => service.clearOverride(app.db, request.auditContext(), actorOf(request), request.params.id),
  );

  app.get(
    '/sessions/:id/evaluations',
    {
      config: { access: 'delivery.evaluations' },
      schema: {
        tags,
        summary: 'Anonymous end-of-session evaluation: aggregates only',
        params: idParamSchema,
        response: { 200: evaluationSummarySchema, ...errorResponses },
      },
    },
    async (request) => service.evaluationSummary(app.db, actorOf(request), request.params.id),
  );

  app.post(
    '/sessions/:id/follow-ups',
    {
      config: { access: 'delivery.override' },
      schema: {
        tags,
        summary: 'Ask the completed participants of a finished session the follow-up survey',
        params: idParamSchema,
        response: { 200: followUpRequestResultSchema, ...errorResponses },
      },
    },
    async (request) => service.requestFollowUps(app.db, request.auditContext(), actorOf(request), request.params.id),
  );

  app.post(
    '/nominations/:id/cascades',
    {
      config: { access: 'delivery.override' },
      schema: {
        tags,
        summary: 'Record colleagues a training-of-trainers graduate trained at home',
        params: idParamSchema,
        body: cascadeInputSchema,
        response: { 201: cascadeSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.recordCascadeForGraduate(
            app.db,
            request.auditContext(),
            actorOf(request),
            request.params.id,
            request.body,
          ),
        ),
  );
};
