import { z } from 'zod';
import { locales, modalities } from '../../../contract/enums';
import { changeOf, codeSchema, int4, isoDate, optionalText } from '../../platform/schemas';

/** The request bodies of the session routes, dependency-light so that the web's forms check them too. */

export const quotaInputSchema = z.strictObject({
  stateIso2: z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166 code in capitals, e.g. NG'),
  seats: int4('Whole seats').min(1, 'A quota is at least 1 seat').max(1000),
});

const sessionFields = {
  courseId: z.uuid('Not a valid course id'),
  code: codeSchema,
  startDate: isoDate,
  endDate: isoDate,
  nominationDeadline: isoDate,
  venueCity: optionalText(120),
  venueCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166 code in capitals, e.g. MA')
    .nullish(),
  modality: z.enum(modalities, `Use one of ${modalities.join(', ')}`),
  languages: z
    .array(z.enum(locales, `Use ${locales.join(', ')}`))
    .min(1, 'At least one language')
    .max(4),
  capacity: int4('Whole seats').min(1, 'At least 1').max(1000),
  womenTarget: z.number().min(0, 'Between 0 and 1').max(1, 'Between 0 and 1').nullish(),
  trainerIds: z.array(z.uuid('Not a valid user id')).max(30),
  /** Invited states and the seats each may fill. Their sum may exceed the capacity (see service). */
  quotas: z.array(quotaInputSchema).max(54),
  /** Teaching days; when omitted, every weekday from start to end. */
  days: z.array(isoDate).max(366),
};

export const createSessionSchema = z.strictObject({
  ...sessionFields,
  trainerIds: sessionFields.trainerIds.optional(),
  quotas: sessionFields.quotas.optional(),
  days: sessionFields.days.optional(),
});
export type CreateSessionInput = z.infer<typeof createSessionSchema>;

export const updateSessionSchema = changeOf(sessionFields);
export type UpdateSessionInput = z.infer<typeof updateSessionSchema>;
