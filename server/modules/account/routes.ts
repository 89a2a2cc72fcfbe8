import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http';
import { errorResponses, noContent } from '../../platform/openapi';
import { clientOf, setSessionCookie } from '../auth/routes';
import { meSchema } from '../users/schemas';
import { changePasswordSchema, mfaSetupSchema, recoveryCodesSchema, totpCodeSchema, updateMeSchema } from './schemas';
import * as service from './service';

const tags = ['account'];

function selfOf(request: FastifyRequest) {
  const actor = actorOf(request);
  return {
    userId: actor.userId,
    sessionId: actor.sessionId,
    stage: actor.stage,
    csrfToken: request.session?.csrfToken ?? '',
    audit: request.auditContext(),
    client: clientOf(request),
  };
}

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'account.read' },
      schema: { tags, summary: 'My account', response: { 200: meSchema, ...errorResponses } },
    },
    async (request) => service.getMe(app.db, actorOf(request).userId),
  );

  app.patch(
    '/',
    {
      config: { access: 'account.update' },
      schema: {
        tags,
        summary: 'Change my language or name',
        body: updateMeSchema,
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (request) => service.updateMe(app.db, selfOf(request), request.body),
  );

  app.post(
    '/password',
    {
      config: { access: 'account.changePassword' },
      schema: { tags, summary: 'Change my password', body: changePasswordSchema, response: { ...noContent, ...errorResponses } },
    },
    async (request, reply) => {
      await service.changePassword(app.db, app.config, selfOf(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/mfa/setup',
    {
      config: { access: 'account.enrolSecondFactor' },
      schema: { tags, summary: 'Start setting up a TOTP second factor', response: { 200: mfaSetupSchema, ...errorResponses } },
    },
    async (request) => service.startSecondFactorSetup(app.db, app.keys.secondFactor, selfOf(request)),
  );

  app.post(
    '/mfa/confirm',
    {
      config: { access: 'account.enrolSecondFactor' },
      schema: {
        tags,
        summary: 'Confirm the second factor with a code; returns recovery codes once',
        body: totpCodeSchema,
        response: { 200: recoveryCodesSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { recoveryCodes, session } = await service.confirmSecondFactor(
        app.db,
        app.config,
        app.keys.secondFactor,
        selfOf(request),
        request.body.code,
      );
      setSessionCookie(request, reply, session);
      return { recoveryCodes };
    },
  );

  app.post(
    '/mfa/recovery-codes',
    {
      config: { access: 'account.update' },
      schema: {
        tags,
        summary: 'Replace my recovery codes',
        body: totpCodeSchema,
        response: { 200: recoveryCodesSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.regenerateRecoveryCodes(app.db, app.config, app.keys.secondFactor, selfOf(request), request.body.code),
  );

  app.post(
    '/mfa/disable',
    {
      config: { access: 'account.update' },
      schema: { tags, summary: 'Remove my second factor', body: totpCodeSchema, response: { ...noContent, ...errorResponses } },
    },
    async (request, reply) => {
      await service.disableSecondFactor(app.db, app.config, app.keys.secondFactor, selfOf(request), request.body.code);
      return reply.code(204).send(null);
    },
  );
};
