import { z } from 'zod';
import { engagementKinds, engagementStatuses } from '../../../contract/enums';
import { int4, isoDate, localisedInput, NO_FIELD_GIVEN, optionalText, someFieldGiven } from '../../platform/schemas';

/** The request bodies of the national-programmes routes, dependency-light so that the web's forms check them too. */

// ---------- input

export const createEngagementSchema = z.strictObject({
  stateIso2: z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166 code in capitals, e.g. NG'),
  title: localisedInput(300, { required: true }),
  kind: z.enum(engagementKinds, `Use one of ${engagementKinds.join(', ')}`),
  notes: optionalText(4000),
  /** The day the state's request reached the office: the request stage starts on it. */
  requestedOn: isoDate.optional(),
});
export type CreateEngagementInput = z.infer<typeof createEngagementSchema>;

export const updateEngagementSchema = z
  .strictObject({
    title: localisedInput(300, { required: true }).optional(),
    kind: z.enum(engagementKinds, `Use one of ${engagementKinds.join(', ')}`).optional(),
    status: z.enum(engagementStatuses, `Use one of ${engagementStatuses.join(', ')}`).optional(),
    notes: optionalText(4000),
  })
  .refine(someFieldGiven, NO_FIELD_GIVEN);
export type UpdateEngagementInput = z.infer<typeof updateEngagementSchema>;

const counterpartInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'A counterpart has a name').max(200, 'At most 200 characters'),
  function: optionalText(200),
  organisation: optionalText(200),
});

const stageFields = {
  plannedStart: isoDate.nullish(),
  plannedEnd: isoDate.nullish(),
  actualStart: isoDate.nullish(),
  actualEnd: isoDate.nullish(),
  notes: optionalText(4000),
  /** Office staff responsible (user ids); replaces the list. */
  staffIds: z.array(z.uuid('Not a valid user id')).max(20).optional(),
  /** National counterparts responsible; replaces the list. */
  counterparts: z.array(counterpartInputSchema).max(20).optional(),
};

export const updateStageSchema = z
  .strictObject({ ...stageFields, skipped: z.boolean().optional() })
  .refine(someFieldGiven, NO_FIELD_GIVEN);
export type UpdateStageInput = z.infer<typeof updateStageSchema>;

/** A further drafting workshop, placed after the last one. */
export const addWorkshopSchema = z.strictObject(stageFields);
export type AddWorkshopInput = z.infer<typeof addWorkshopSchema>;

const resolutionsInput = z.array(int4('A resolution number')).max(100);
const pillarsInput = z.array(z.string().trim().min(1).max(10)).max(10);

export const coverageInputSchema = z.strictObject({
  /** Covered by the programme as a whole. */
  resolutions: resolutionsInput,
  pillars: pillarsInput,
  /** Parts (chapters), each with what it covers; replaces the parts. */
  parts: z
    .array(
      z.strictObject({
        title: localisedInput(300, { required: true }),
        resolutions: resolutionsInput,
        pillars: pillarsInput,
      }),
    )
    .max(50)
    .default([]),
});
export type CoverageInput = z.infer<typeof coverageInputSchema>;
