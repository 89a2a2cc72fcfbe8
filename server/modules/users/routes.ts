import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import type { AuditContext } from '../../platform/audit';
import { routesOf } from '../../platform/route';
import { createUserSchema, updateUserSchema } from './inputs';
import {
  createdUserSchema,
  officialCandidatesQuerySchema,
  officialCandidatesSchema,
  temporaryPasswordSchema,
  userIdSchema,
  userListQuerySchema,
  userListSchema,
  userSchema,
} from './schemas';
import * as service from './service';

const access = 'users.manage';

export const userRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['users'] });

  route.get('/', { access, summary: 'List users', query: userListQuerySchema, response: userListSchema }, (c) => {
    const { active, ...rest } = c.query;
    return service.listUsers(c.db, c.audit, { ...rest, active: active === undefined ? undefined : active === 'true' });
  });

  route.get(
    '/official-candidates',
    {
      access,
      summary: 'Officials of a state that a participant account may be linked to (names and agency only)',
      query: officialCandidatesQuerySchema,
      response: officialCandidatesSchema,
    },
    (c) => service.listOfficialCandidates(c.db, c.audit, c.query),
  );

  route.get('/:id', { access, summary: 'One user', params: userIdSchema, response: userSchema }, (c) =>
    service.getUser(c.db, c.audit, c.params.id),
  );

  route.post(
    '/',
    {
      access,
      summary: 'Create a user; they are mailed an invitation link to choose their password (valid seven days)',
      body: createUserSchema,
      response: createdUserSchema,
      status: 201,
    },
    async (c) => {
      const { user } = await service.createUser(c.db, c.audit, c.body, { invitation: app.config });
      return { user, invitationSentTo: user.email };
    },
  );

  route.patch(
    '/:id',
    {
      access,
      summary: 'Change a user’s name, role or state',
      params: userIdSchema,
      body: updateUserSchema,
      response: userSchema,
    },
    (c) => service.updateUser(c.db, c.audit, c.params.id, c.body),
  );

  /** The one-click actions on a user: POST /users/:id/<path>. */
  const action = <R extends z.ZodType>(
    path: string,
    summary: string,
    response: R,
    run: (id: string, audit: AuditContext) => Promise<z.output<R>>,
  ) => route.post(`/:id/${path}`, { access, summary, params: userIdSchema, response }, (c) => run(c.params.id, c.audit));

  action('deactivate', 'Deactivate a user; their sessions end at once', userSchema, (id, audit) =>
    service.deactivateUser(app.db, audit, id),
  );
  action('reactivate', 'Reactivate a user', userSchema, (id, audit) => service.reactivateUser(app.db, audit, id));
  action(
    'reset-password',
    'Give a user a temporary password; their sessions end',
    temporaryPasswordSchema,
    async (id, audit) => ({
      temporaryPassword: (await service.resetPassword(app.db, audit, id)).temporaryPassword ?? '',
    }),
  );
  route.post(
    '/:id/invite',
    {
      access,
      summary: 'Mail the user a link to choose their own password (valid seven days; an older one stops working)',
      params: userIdSchema,
      status: 204,
    },
    (c) => service.sendInvitation(c.db, app.config, c.audit, c.params.id),
  );
  action('reset-mfa', 'Remove a user’s second factor', userSchema, (id, audit) => service.resetSecondFactor(app.db, audit, id));
};
