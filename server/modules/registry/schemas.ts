import { z } from 'zod';
import { sexes } from '../../db/schema';
import { iso2Schema } from '../users/schemas';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullish();

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
    .refine((d) => d >= '1920-01-01' && d <= new Date().toISOString().slice(0, 10), 'Not a plausible birth date')
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
