import type { FastifyPluginAsync } from 'fastify';
import { writeAudit } from '../../platform/audit';
import { routesOf } from '../../platform/route';
import { lastRun, runReminders } from './reminders';
import {
  idParamSchema,
  lastRunSchema,
  listQuerySchema,
  notificationListSchema,
  preferencesInputSchema,
  preferencesSchema,
  reminderReportSchema,
  stateQuerySchema,
  stateSentSchema,
  unreadSchema,
} from './schemas';
import * as service from './service';

/** The reader's notifications, their preferences, what a state was sent, and the daily job. Registered at /api/notifications. */
export const notificationRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['notifications'] });

  route.get(
    '/',
    {
      access: 'notifications.read',
      summary: 'The reader’s notifications, newest first, in their language',
      query: listQuerySchema,
      response: notificationListSchema,
    },
    (c) => service.list(c.db, c.actor, c.query),
  );

  route.get(
    '/unread',
    {
      access: 'notifications.read',
      summary: 'How many of the reader’s notifications are unread (the bell)',
      response: unreadSchema,
    },
    async (c) => ({ unread: await service.unreadCount(c.db, c.actor) }),
  );

  route.post(
    '/:id/read',
    { access: 'notifications.read', summary: 'Mark one of the reader’s notifications read', params: idParamSchema, status: 204 },
    (c) => service.markRead(c.db, c.actor, c.params.id),
  );

  route.post(
    '/read-all',
    { access: 'notifications.read', summary: 'Mark all the reader’s notifications read', status: 204 },
    (c) => service.markAllRead(c.db, c.actor),
  );

  route.get(
    '/preferences',
    {
      access: 'notifications.read',
      summary: 'How the reader gets each kind by email (immediately, in a daily digest, or not)',
      response: preferencesSchema,
    },
    (c) => service.preferences(c.db, c.actor),
  );

  route.put(
    '/preferences',
    {
      access: 'notifications.read',
      summary: 'Set how the reader gets kinds of notification by email (in the app they always see them)',
      body: preferencesInputSchema,
      response: preferencesSchema,
    },
    (c) => service.setPreferences(c.db, c.actor, c.body),
  );

  route.get(
    '/state',
    {
      access: 'notifications.state',
      summary: 'What the focal point’s state was told, and to whom (their state’s users, or the office)',
      query: stateQuerySchema,
      response: stateSentSchema,
    },
    (c) => service.sentToState(c.db, c.actor, c.query),
  );

  route.get(
    '/reminders',
    { access: 'notifications.run', summary: 'When the daily reminders last ran', response: lastRunSchema },
    async (c) => ({ lastRun: await lastRun(c.db) }),
  );

  route.post(
    '/reminders/run',
    {
      access: 'notifications.run',
      summary: 'Run the daily reminders and digests now: only what was not sent yet goes out',
      response: reminderReportSchema,
    },
    async (c) => {
      const report = await runReminders(c.db, { force: true });
      if (!report) throw new Error('a forced run always runs');
      await writeAudit(c.db, c.audit, { action: 'notifications.reminders_run', details: report });
      return report;
    },
  );
};
