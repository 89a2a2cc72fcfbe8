import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditContext } from '../../platform/audit';
import { errorResponses } from '../../platform/openapi';
import {
  createUserSchema,
  officialCandidatesQuerySchema,
  officialCandidatesSchema,
  temporaryPasswordSchema,
  updateUserSchema,
  userIdSchema,
  userListQuerySchema,
  userListSchema,
  userSchema,
} from './schemas';
import * as service from './service';

const access = { access: 'users.manage' } as const;
const tags = ['users'];

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: access,
      schema: {
        tags,
        summary: 'List users',
        querystring: userListQuerySchema,
        response: { 200: userListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { active, ...rest } = request.query;
      return service.listUsers(app.db, request.auditContext(), {
        ...rest,
        active: active === undefined ? undefined : active === 'true',
      });
    },
  );

  app.get(
    '/official-candidates',
    {
      config: access,
      schema: {
        tags,
        summary: 'Officials of a state that a participant account may be linked to (names and agency only)',
        querystring: officialCandidatesQuerySchema,
        response: { 200: officialCandidatesSchema, ...errorResponses },
      },
    },
    async (request) => service.listOfficialCandidates(app.db, request.auditContext(), request.query),
  );

  app.get(
    '/:id',
    {
      config: access,
      schema: { tags, summary: 'One user', params: userIdSchema, response: { 200: userSchema, ...errorResponses } },
    },
    async (request) => service.getUser(app.db, request.auditContext(), request.params.id),
  );

  app.post(
    '/',
    {
      config: access,
      schema: {
        tags,
        summary: 'Create a user with a temporary password',
        body: createUserSchema,
        response: { 201: z.object({ user: userSchema, temporaryPassword: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { user, temporaryPassword } = await service.createUser(app.db, request.auditContext(), request.body);
      return reply.code(201).send({ user, temporaryPassword: temporaryPassword ?? '' });
    },
  );

  app.patch(
    '/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'Change a user’s name, role or state',
        params: userIdSchema,
        body: updateUserSchema,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => service.updateUser(app.db, request.auditContext(), request.params.id, request.body),
  );

  /** The one-click actions on a user: POST /users/:id/<path>. */
  const action = (
    path: string,
    summary: string,
    response: z.ZodType,
    run: (id: string, audit: AuditContext) => Promise<unknown>,
  ) =>
    app.post(
      `/:id/${path}`,
      { config: access, schema: { tags, summary, params: userIdSchema, response: { 200: response, ...errorResponses } } },
      async (request) => run(request.params.id, request.auditContext()),
    );

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
  action('reset-mfa', 'Remove a user’s second factor', userSchema, (id, audit) => service.resetSecondFactor(app.db, audit, id));
};
