import { z } from 'zod';
import { int4, isoDate, localisedInput, NO_FIELD_GIVEN, optionalText, someFieldGiven } from '../../platform/schemas';

/** Request bodies and their building blocks, dependency-light so that the web's forms check them too. */

export const iso2 = z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166 code in capitals, e.g. MA');
export const requiredText = (max: number, message: string) =>
  z.string().trim().min(1, message).max(max, `At most ${max} characters`);
/** Local time of the venue, HH:MM (24 h). */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 09:30');
// Editions

const editionFields = {
  number: int4('A whole number').min(1, 'At least 1').max(1000),
  startDate: isoDate,
  endDate: isoDate,
  city: requiredText(120, 'Give the city'),
  countryIso2: iso2,
  theme: localisedInput(500, { required: true }),
};

const datesOrdered = (v: { startDate?: string; endDate?: string }, ctx: z.RefinementCtx) => {
  if (v.startDate && v.endDate && v.endDate < v.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The end date is before the start date' });
  }
};

export const createEditionSchema = z.strictObject(editionFields).superRefine(datesOrdered);
export type CreateEditionInput = z.infer<typeof createEditionSchema>;

export const updateEditionSchema = z
  .strictObject({
    number: editionFields.number.optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    city: editionFields.city.optional(),
    countryIso2: iso2.optional(),
    theme: editionFields.theme.optional(),
  })
  .superRefine(datesOrdered)
  .refine(someFieldGiven, NO_FIELD_GIVEN);
export type UpdateEditionInput = z.infer<typeof updateEditionSchema>;

const delegateFields = {
  title: optionalText(60),
  givenNames: requiredText(120, 'Give the given names'),
  familyName: requiredText(120, 'Give the family name'),
  function: requiredText(200, 'Give the function'),
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email('Not a valid email address'))
    .transform((v) => v.toLowerCase()),
};

export const registerDelegateSchema = z.strictObject(delegateFields);
export type RegisterDelegateInput = z.infer<typeof registerDelegateSchema>;

export const updateDelegateSchema = z
  .strictObject({
    title: delegateFields.title,
    givenNames: delegateFields.givenNames.optional(),
    familyName: delegateFields.familyName.optional(),
    function: delegateFields.function.optional(),
    email: delegateFields.email.optional(),
  })
  .refine(someFieldGiven, NO_FIELD_GIVEN);
export type UpdateDelegateInput = z.infer<typeof updateDelegateSchema>;
