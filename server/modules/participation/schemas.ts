import { z } from 'zod';
import { evaluationQuestions } from '../../../contract/enums';
import { courseLevels, nominationStatuses } from '../../db/schema';
import { int4, optionalText } from '../../platform/schemas';
import { cascadeSchema, completionSchema, localisedSchema } from '../delivery/schemas';

export const idParamSchema = z.object({ id: z.uuid('Not a valid id') });

const rating = int4('Use a whole number from 1 to 5').min(1, 'From 1 to 5').max(5, 'From 1 to 5');

export const evaluationInputSchema = z.strictObject({
  ratings: z.strictObject(
    Object.fromEntries(evaluationQuestions.map((q) => [q, rating])) as Record<
      (typeof evaluationQuestions)[number],
      typeof rating
    >,
  ),
  comment: optionalText(4000),
  /** Sent by a form filled offline and resent until answered: a resend with the key already used is answered as done. */
  key: z.uuid('Not a valid key').optional(),
});

export const followUpInputSchema = z
  .strictObject({
    applied: z.boolean(),
    howApplied: optionalText(4000),
  })
  .superRefine((v, ctx) => {
    if (v.applied && !v.howApplied) ctx.addIssue({ code: 'custom', path: ['howApplied'], message: 'Say how you applied it' });
  });

export const myTrainingSchema = z.object({
  nominationId: z.uuid(),
  status: z.enum(nominationStatuses),
  session: z.object({
    id: z.uuid(),
    code: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    venueCity: z.string().nullable(),
    modality: z.string(),
    status: z.string(),
  }),
  course: z.object({
    title: localisedSchema,
    level: z.enum(courseLevels),
    testMaxScore: z.number().nullable(),
    postTestPassMark: z.number().nullable(),
  }),
  preScore: z.number().nullable(),
  postScore: z.number().nullable(),
  completion: completionSchema,
  /** not_available: not accepted or the session has not reached its last day. */
  evaluation: z.enum(['pending', 'submitted', 'not_available']),
  followUp: z.object({
    status: z.enum(['none', 'pending', 'answered']),
    applied: z.boolean().nullable(),
    howApplied: z.string().nullable(),
  }),
  cascade: z.object({ eligible: z.boolean(), records: z.array(cascadeSchema) }),
});

export const myTrainingsSchema = z.object({ items: z.array(myTrainingSchema) });
