import { z } from 'zod';
import { locales, roles } from '../../../contract/enums';
import { iso2Schema, NO_FIELD_GIVEN, someFieldGiven } from '../../platform/schemas';

/** The request bodies of the users routes, dependency-light so that the web's forms check them too. */

export const roleSchema = z.enum(roles);
export const localeSchema = z.enum(locales);
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Not a valid email address'))
  .transform((e) => e.toLowerCase());
export const displayNameSchema = z.string().trim().min(1, 'Required').max(120);

export const createUserSchema = z.strictObject({
  email: emailSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  stateIso2: iso2Schema.nullish(),
  locale: localeSchema.optional(),
  officialId: z.uuid('Not a valid official id').nullish(),
});

export const updateUserSchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    role: roleSchema.optional(),
    stateIso2: iso2Schema.nullish(),
    officialId: z.uuid('Not a valid official id').nullish(),
  })
  .refine(someFieldGiven, NO_FIELD_GIVEN);
