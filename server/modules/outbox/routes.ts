import type { FastifyPluginAsync } from 'fastify';
import { routesOf } from '../../platform/route';
import { listOutbox, readMessage, resendMessage } from './admin';
import { outboxIdSchema, outboxMessageSchema, outboxPageSchema, outboxQuerySchema } from './schemas';

const access = 'outbox.manage';

export const outboxRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['outbox'] });

  route.get(
    '/',
    {
      access,
      summary: 'Messages written to send, newest first, with their delivery',
      query: outboxQuerySchema,
      response: outboxPageSchema,
    },
    ({ db, audit, query }) => listOutbox(db, audit, query, app.config.mail.smtpUrl !== null),
  );

  route.get(
    '/:id',
    {
      access,
      summary: 'One message with its text and HTML bodies (audited)',
      params: outboxIdSchema,
      response: outboxMessageSchema,
    },
    ({ db, audit, params }) => readMessage(db, audit, params.id),
  );

  route.post(
    '/:id/resend',
    {
      access,
      summary: 'Send a message again: back to pending, attempts from zero (audited)',
      params: outboxIdSchema,
      response: outboxMessageSchema,
    },
    ({ db, audit, params }) => resendMessage(db, audit, params.id),
  );
};
