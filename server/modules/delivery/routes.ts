import type { FastifyPluginAsync } from 'fastify';
import { routesOf } from '../../platform/route';
import {
  attendanceAnswerSchema,
  attendanceInputSchema,
  cascadeInputSchema,
  cascadeSchema,
  completionSchema,
  deliverySheetSchema,
  evaluationSummarySchema,
  followUpRequestResultSchema,
  idParamSchema,
  overrideInputSchema,
  scoreAnswerSchema,
  scoreImportResultSchema,
  scoreImportSchema,
  scoreInputSchema,
} from './schemas';
import * as service from './service';

/** Attendance, tests, completion, evaluations, follow-ups and cascades. Registered at /api. */
export const deliveryRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['delivery'] });

  route.get(
    '/sessions/:id/delivery',
    {
      access: 'delivery.record',
      summary: 'The roster of a session with attendance per day, test scores and completion',
      params: idParamSchema,
      response: deliverySheetSchema,
    },
    (c) => service.sheet(c.db, c.audit, c.actor, c.params.id),
  );

  route.put(
    '/nominations/:id/attendance',
    {
      access: 'delivery.record',
      summary:
        'Mark an accepted participant present or absent on a session day (with key and madeAt from the offline queue: once per key, the later mark wins)',
      params: idParamSchema,
      body: attendanceInputSchema,
      response: attendanceAnswerSchema,
    },
    (c) => service.recordAttendance(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.put(
    '/nominations/:id/scores',
    {
      access: 'delivery.record',
      summary: 'Set (or clear with null) a participant’s pre- or post-test score (key and madeAt as for attendance)',
      params: idParamSchema,
      body: scoreInputSchema,
      response: scoreAnswerSchema,
    },
    (c) => service.recordScore(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/sessions/:id/scores/import',
    {
      access: 'delivery.record',
      summary: 'Preview (commit: false) or write (commit: true, all rows or none) test scores from CSV',
      params: idParamSchema,
      body: scoreImportSchema,
      response: scoreImportResultSchema,
    },
    (c) => service.importScores(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.put(
    '/nominations/:id/completion-override',
    {
      access: 'delivery.override',
      summary: 'Override the completion rule for a participant, with a reason',
      params: idParamSchema,
      body: overrideInputSchema,
      response: completionSchema,
    },
    (c) => service.setOverride(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.delete(
    '/nominations/:id/completion-override',
    {
      access: 'delivery.override',
      summary: 'Remove an override: the completion rule applies again',
      params: idParamSchema,
      response: completionSchema,
    },
    (c) => service.clearOverride(c.db, c.audit, c.actor, c.params.id),
  );

  route.get(
    '/sessions/:id/evaluations',
    {
      access: 'delivery.evaluations',
      summary: 'Anonymous end-of-session evaluation: aggregates only',
      params: idParamSchema,
      response: evaluationSummarySchema,
    },
    (c) => service.evaluationSummary(c.db, c.actor, c.params.id),
  );

  route.post(
    '/sessions/:id/follow-ups',
    {
      access: 'delivery.override',
      summary: 'Ask the completed participants of a finished session the follow-up survey',
      params: idParamSchema,
      response: followUpRequestResultSchema,
    },
    (c) => service.requestFollowUps(c.db, c.audit, c.actor, c.params.id),
  );

  route.post(
    '/nominations/:id/cascades',
    {
      access: 'delivery.override',
      summary: 'Record colleagues a training-of-trainers graduate trained at home',
      params: idParamSchema,
      body: cascadeInputSchema,
      response: cascadeSchema,
      status: 201,
    },
    (c) => service.recordCascadeForGraduate(c.db, c.audit, c.actor, c.params.id, c.body),
  );
};
