import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { roles } from '../../db/schema';
import { routesOf } from '../../platform/route';
import { localisedInput } from '../../platform/schemas';
import { getCertificateSettings, getSecuritySettings, updateCertificateSettings, updateSecuritySettings } from './service';

const securitySettingsSchema = z.strictObject({
  mfaRequiredRoles: z.array(z.enum(roles)).max(roles.length),
});

/** At most three signatories, each with a name and a title in at least one language. */
const certificateSettingsInput = z.strictObject({
  signatories: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1, 'Give the name').max(120),
        title: localisedInput(200, { required: true }),
      }),
    )
    .max(3, 'At most three signatories'),
});
const localisedOutput = z.object({ en: z.string(), fr: z.string(), ar: z.string(), pt: z.string() }).partial();
const certificateSettingsSchema = z.object({
  signatories: z.array(z.object({ name: z.string(), title: localisedOutput })),
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
    (c) => updateSecuritySettings(c.db, c.audit, c.actor, c.body),
  );

  route.get(
    '/certificates',
    {
      access: 'settings.manage',
      summary: 'Certificate settings: the signatories printed on certificates',
      response: certificateSettingsSchema,
      errors: false,
    },
    ({ db }) => getCertificateSettings(db),
  );

  route.put(
    '/certificates',
    {
      access: 'settings.manage',
      summary: 'Choose the signatories printed on certificates (names and titles)',
      body: certificateSettingsInput,
      response: certificateSettingsSchema,
    },
    (c) => updateCertificateSettings(c.db, c.audit, c.actor, c.body),
  );
};
