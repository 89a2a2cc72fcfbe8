import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { roles } from '../../db/schema';
import { routesOf } from '../../platform/route';
import { getSecuritySettings, saveSecuritySettings } from './service';

const securitySettingsSchema = z.strictObject({
  mfaRequiredRoles: z.array(z.enum(roles)).max(roles.length),
});

export const settingsRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['settings'] });

  route.get(
    '/security',
    { access: 'settings.manage', summary: 'Security settings', response: securitySettingsSchema, errors: false },
    ({ db }) => getSecuritySettings(db),
  );

  route.put(
    '/security',
    {
      access: 'settings.manage',
      summary: 'Choose the roles for which a second factor is mandatory',
      body: securitySettingsSchema,
      response: securitySettingsSchema,
      errors: false,
    },
    async ({ db, actor, body, request }) => {
      const before = await getSecuritySettings(db);
      await db.transaction(async (tx) => {
        await saveSecuritySettings(tx, body, actor.userId);
        await request.audit(
          {
            action: 'settings.security.update',
            recordType: 'settings',
            recordId: 'security',
            details: { before, after: body },
          },
          tx,
        );
      });
      return getSecuritySettings(db);
    },
  );
};
