import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { sendDownload } from '../../platform/files';
import { routesOf } from '../../platform/route';
import { cascadeInputSchema, cascadeSchema } from '../delivery/schemas';
import { evaluationInputSchema, followUpInputSchema, idParamSchema, myTrainingsSchema } from './schemas';
import * as service from './service';

const access = 'participation.self';

/** A participant's own trainings and forms. Registered at /api/participation. */
export const participationRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['participation'] });

  route.get(
    '/trainings',
    {
      access,
      summary: 'My trainings: status, attendance, scores, completion and pending forms',
      response: myTrainingsSchema,
    },
    (c) => service.myTrainings(c.db, c.audit, c.actor),
  );

  route.post(
    '/trainings/:id/evaluation',
    {
      access,
      summary: 'Fill in the end-of-session evaluation (anonymous, once)',
      params: idParamSchema,
      body: evaluationInputSchema,
      status: 204,
    },
    (c) => service.submitEvaluation(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/trainings/:id/follow-up',
    {
      access,
      summary: 'Answer the follow-up survey: have you applied what you learned, and how?',
      params: idParamSchema,
      body: followUpInputSchema,
      status: 204,
    },
    (c) => service.answerFollowUp(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/trainings/:id/cascades',
    {
      access,
      summary: 'Record colleagues I trained at home after a training-of-trainers course',
      params: idParamSchema,
      body: cascadeInputSchema,
      response: cascadeSchema,
      status: 201,
    },
    (c) => service.recordOwnCascade(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.get(
    '/trainings/:id/calendar.ics',
    {
      access,
      summary: 'My place in a session as a calendar file (iCalendar), the same event as the emailed invitations',
      params: idParamSchema,
      response: z.any().describe('The file'),
    },
    async ({ db, actor, params, reply }) => {
      const file = await service.calendarOf(db, actor, params.id);
      return sendDownload(reply, { name: file.name, mediaType: 'text/calendar; charset=utf-8', content: file.content });
    },
  );
};
