import { z } from 'zod';
import { sexes } from '../../../contract/enums';
import { today } from '../../platform/dates';
import { iso2Schema, NO_FIELD_GIVEN, optionalText, someFieldGiven } from '../../platform/schemas';

/** The request bodies of the registry routes, dependency-light so that the web's forms check them too. */

/**
 * What a person (or an import row) gives to create or edit an official. The same schema checks
 * the form, the API and every row of an import, so that they accept and refuse alike.
 */
export const officialInputSchema = z.strictObject({
  stateIso2: iso2Schema,
  agencyId: z.uuid('Not a valid agency id').nullish(),
  familyName: z.string().trim().min(1, 'Required').max(120),
  givenNames: z.string().trim().min(1, 'Required').max(160),
  nameOriginal: optionalText(200),
  sex: z.enum(sexes, 'Use female or male'),
  birthDate: z.iso
    .date('Use a date like 1985-04-23')
    .refine((d) => d >= '1920-01-01' && d <= today(), 'Not a plausible birth date')
    .nullish(),
  rank: optionalText(120),
  position: optionalText(160),
  languages: z.array(z.string().trim().min(2).max(40)).max(12).default([]),
  email: z
    .string()
    .trim()
    .max(254)
    .transform((v) => (v === '' ? null : v.toLowerCase()))
    .pipe(z.email('Not a valid email address').nullable())
    .nullish(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()./-]*$/, 'Digits, spaces and + ( ) . / - only')
    .transform((v) => (v === '' ? null : v))
    .nullish(),
  notes: optionalText(2000),
});
export type OfficialInput = z.infer<typeof officialInputSchema>;

// ---- Agencies ----

export const agencyInputSchema = z.strictObject({
  stateIso2: iso2Schema,
  name: z.string().trim().min(2, 'At least 2 characters').max(200),
  acronym: optionalText(30),
  type: z.string().trim().min(1, 'Required').max(60),
  parentId: z.uuid('Not a valid agency id').nullish(),
});
export type AgencyInput = z.infer<typeof agencyInputSchema>;

export const agencyUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(2, 'At least 2 characters').max(200).optional(),
    acronym: optionalText(30),
    type: z.string().trim().min(1, 'Required').max(60).optional(),
    parentId: z.uuid('Not a valid agency id').nullish(),
  })
  .refine(someFieldGiven, NO_FIELD_GIVEN);
export type AgencyUpdate = z.infer<typeof agencyUpdateSchema>;
