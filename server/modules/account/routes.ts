import type { FastifyPluginAsync } from 'fastify';
import { type RouteContext, routesOf } from '../../platform/route';
import { clientOf, setSessionCookie } from '../auth/routes';
import { meSchema } from '../users/schemas';
import { changePasswordSchema, mfaSetupSchema, recoveryCodesSchema, totpCodeSchema, updateMeSchema } from './schemas';
import * as service from './service';

function selfOf({ actor, audit, request }: RouteContext<unknown, unknown, unknown>) {
  return {
    userId: actor.userId,
    sessionId: actor.sessionId,
    stage: actor.stage,
    csrfToken: request.session?.csrfToken ?? '',
    audit,
    client: clientOf(request),
  };
}

export const accountRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['account'] });

  route.get('/', { access: 'account.read', summary: 'My account', response: meSchema }, (c) =>
    service.getMe(c.db, c.actor.userId),
  );

  route.patch(
    '/',
    { access: 'account.update', summary: 'Change my language or name', body: updateMeSchema, response: meSchema },
    (c) => service.updateMe(c.db, selfOf(c), c.body),
  );

  route.post(
    '/password',
    { access: 'account.changePassword', summary: 'Change my password', body: changePasswordSchema, status: 204 },
    (c) => service.changePassword(c.db, app.config, selfOf(c), c.body),
  );

  route.post(
    '/mfa/setup',
    { access: 'account.enrolSecondFactor', summary: 'Start setting up a TOTP second factor', response: mfaSetupSchema },
    (c) => service.startSecondFactorSetup(c.db, app.keys.secondFactor, selfOf(c)),
  );

  route.post(
    '/mfa/confirm',
    {
      access: 'account.enrolSecondFactor',
      summary: 'Confirm the second factor with a code; returns recovery codes once',
      body: totpCodeSchema,
      response: recoveryCodesSchema,
    },
    async (c) => {
      const { recoveryCodes, session } = await service.confirmSecondFactor(
        c.db,
        app.config,
        app.keys.secondFactor,
        selfOf(c),
        c.body.code,
      );
      setSessionCookie(c.request, c.reply, session);
      return { recoveryCodes };
    },
  );

  route.post(
    '/mfa/recovery-codes',
    { access: 'account.update', summary: 'Replace my recovery codes', body: totpCodeSchema, response: recoveryCodesSchema },
    (c) => service.regenerateRecoveryCodes(c.db, app.config, app.keys.secondFactor, selfOf(c), c.body.code),
  );

  route.post(
    '/mfa/disable',
    { access: 'account.update', summary: 'Remove my second factor', body: totpCodeSchema, status: 204 },
    (c) => service.disableSecondFactor(c.db, app.config, app.keys.secondFactor, selfOf(c), c.body.code),
  );
};
