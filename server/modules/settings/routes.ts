import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../../db/schema';
import { actorOf } from '../../platform/http';
import { getSecuritySettings, saveSecuritySettings } from './service';

const securitySettingsSchema = z.strictObject({
  mfaRequiredRoles: z.array(z.enum(roles)).max(roles.length),
});

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/security',
    {
      config: { access: 'settings.manage' },
      schema: { tags: ['settings'], summary: 'Security settings', response: { 200: securitySettingsSchema } },
    },
    async () => getSecuritySettings(app.db),
  );

  app.put(
    '/security',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags: ['settings'],
        summary: 'Choose the roles for which a second factor is mandatory',
        body: securitySettingsSchema,
        response: { 200: securitySettingsSchema },
      },
    },
    async (request) => {
      const before = await getSecuritySettings(app.db);
      await app.db.transaction(async (tx) => {
        await saveSecuritySettings(tx, request.body, actorOf(request).userId);
        await request.audit(
          {
            action: 'settings.security.update',
            recordType: 'settings',
            recordId: 'security',
            details: { before, after: request.body },
          },
          tx,
        );
      });
      return getSecuritySettings(app.db);
    },
  );
};
