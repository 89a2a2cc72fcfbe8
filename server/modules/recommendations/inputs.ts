import { z } from 'zod';
import { actionStatuses } from '../../../contract/enums';
import { int4, isoDate, localisedInput, NO_FIELD_GIVEN, optionalText, someFieldGiven } from '../../platform/schemas';

/** The request bodies of the recommendations routes, dependency-light so that the web's forms check them too. */

export const iso2 = z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166 code in capitals, e.g. NG');
/**
 * Who owns an action: exactly one of a member state, an agency, the office or a partner
 * organisation. The service checks "exactly one" and names the rule when it is broken.
 */
export const ownerInputSchema = z.strictObject({
  stateIso2: iso2.optional(),
  agencyId: z.uuid('Not a valid agency id').optional(),
  organisationId: z.uuid('Not a valid organisation id').optional(),
  office: z.literal(true, 'Use true for the office').optional(),
});
export type OwnerInput = z.infer<typeof ownerInputSchema>;

const actionFields = {
  description: localisedInput(2000, { required: true }),
  /** Required: missing or null breaks the rule action_owner_required. */
  owner: ownerInputSchema.nullish(),
  /** Omitted: twelve months after the edition's end date. null breaks the rule action_due_date_required. */
  dueDate: isoDate.nullish(),
};

export const actionInputSchema = z.strictObject(actionFields);
export type ActionInput = z.infer<typeof actionInputSchema>;

const pillarsInput = z.array(z.string().trim().min(1).max(10)).max(4);
const resolutionsInput = z.array(int4().positive()).max(50);

export const createRecommendationSchema = z.strictObject({
  editionId: z.uuid('Not a valid edition id'),
  /** Its number in the edition's outcome document; the next free number when omitted. */
  number: int4('A whole number').min(1).max(999).optional(),
  text: localisedInput(4000, { required: true }),
  pillars: pillarsInput.optional(),
  resolutions: resolutionsInput.optional(),
  actions: z.array(actionInputSchema).max(50).optional(),
});
export type CreateRecommendationInput = z.infer<typeof createRecommendationSchema>;

export const updateRecommendationSchema = z
  .strictObject({
    number: int4('A whole number').min(1).max(999).optional(),
    text: localisedInput(4000, { required: true }).optional(),
    pillars: pillarsInput.optional(),
    resolutions: resolutionsInput.optional(),
  })
  .refine(someFieldGiven, NO_FIELD_GIVEN);
export type UpdateRecommendationInput = z.infer<typeof updateRecommendationSchema>;

export const updateActionSchema = z
  .strictObject({
    description: actionFields.description.optional(),
    owner: actionFields.owner,
    dueDate: actionFields.dueDate,
    /** Why the action was changed, kept in its history. */
    reason: optionalText(2000),
  })
  .refine((v) => v.description !== undefined || v.owner !== undefined || v.dueDate !== undefined, NO_FIELD_GIVEN);
export type UpdateActionInput = z.infer<typeof updateActionSchema>;

export const statusChangeSchema = z
  .strictObject({
    status: z.enum(actionStatuses, `Use ${actionStatuses.join(', ')}`),
    /** Required to drop an action (rule dropped_needs_reason); kept in the history otherwise. */
    reason: optionalText(2000),
    /** The day the action was done (status done only); today when omitted. */
    completedOn: isoDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.completedOn !== undefined && v.status !== 'done') {
      ctx.addIssue({ code: 'custom', path: ['completedOn'], message: 'A completion date goes with the status done only' });
    }
  });
export type StatusChangeInput = z.infer<typeof statusChangeSchema>;

/** Evidence given as text or as a link (files come as multipart on their own route). */
export const evidenceInputSchema = z.strictObject({
  kind: z.enum(['text', 'link'], 'Use text or link (send files to …/evidence/file)'),
  text: z.string().max(4000, 'At most 4000 characters').optional(),
  url: z.string().trim().max(2000, 'At most 2000 characters').optional(),
});
export type EvidenceInput = z.infer<typeof evidenceInputSchema>;

export const carrySchema = z.strictObject({
  /** The open actions to carry; every open action not yet carried when omitted. */
  actionIds: z.array(z.uuid('Not a valid action id')).min(1).max(50).optional(),
  /** Due date of the carried actions; twelve months after the next edition's end date when omitted. */
  dueDate: isoDate.optional(),
});
export type CarryInput = z.infer<typeof carrySchema>;
