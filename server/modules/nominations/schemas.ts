import { z } from 'zod';
import { nominationStatuses, riskLevels, screeningDecisions } from '../../db/schema';
import { int4, optionalText } from '../../platform/schemas';

export const idParamSchema = z.object({ id: z.uuid('Not a valid id') });

const reasonSchema = z.string().trim().min(1, 'Give a reason').max(2000);

export const nominateSchema = z.strictObject({ officialId: z.uuid('Not a valid official id') });

export const candidatesQuerySchema = z.strictObject({ q: z.string().trim().max(200).optional() });

export const screeningInputSchema = z
  .strictObject({
    riskLevel: z.enum(riskLevels, 'Use low, medium or high'),
    mitigation: optionalText(4000),
    decision: z.enum(screeningDecisions, 'Use cleared, cleared_with_mitigation or not_cleared'),
    reasons: z.string().trim().min(1, 'Give the reasons for the screening decision').max(4000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'cleared_with_mitigation' && !v.mitigation) {
      ctx.addIssue({ code: 'custom', path: ['mitigation'], message: 'Describe the mitigation measures' });
    }
  });

export const decisionInputSchema = z
  .strictObject({
    decision: z.enum(['accepted', 'waitlisted', 'rejected'], 'Use accepted, waitlisted or rejected'),
    reason: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'rejected' && !v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'A rejection needs a reason' });
    }
  });

export const reasonInputSchema = z.strictObject({ reason: reasonSchema });

export const screeningSchema = z.object({
  riskLevel: z.enum(riskLevels),
  mitigation: z.string().nullable(),
  decision: z.enum(screeningDecisions),
  reasons: z.string(),
  screenedAt: z.iso.datetime(),
});

export const nomineeSchema = z.object({
  id: z.uuid(),
  familyName: z.string(),
  givenNames: z.string(),
  nameOriginal: z.string().nullable(),
  sex: z.string(),
  stateIso2: z.string(),
  rank: z.string().nullable(),
  agencyName: z.string().nullable(),
});

export const nominationEventSchema = z.object({
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  reason: z.string().nullable(),
  at: z.iso.datetime(),
});

export const nominationSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  official: nomineeSchema,
  status: z.enum(nominationStatuses),
  waitlistRank: int4().nullable(),
  decisionReason: z.string().nullable(),
  nominatedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  /** The human-rights screening: shown to programme officers only. */
  screening: screeningSchema.nullable().optional(),
  events: z.array(nominationEventSchema).optional(),
});
export type NominationView = z.infer<typeof nominationSchema>;

export const quotaUseSchema = z.object({
  stateIso2: z.string(),
  seats: int4(),
  /** Nominations of the state that hold a place (not rejected, not withdrawn). */
  used: int4(),
  left: int4(),
});

export const seatsSchema = z.object({
  sessionId: z.uuid(),
  code: z.string(),
  status: z.string(),
  capacity: int4(),
  nominationDeadline: z.string(),
  nominationOpen: z.boolean(),
  /** For a focal point, these four count their own state's nominations and quota only. */
  accepted: int4(),
  waitlisted: int4(),
  pending: int4(),
  seatsLeft: int4(),
  quotas: z.array(quotaUseSchema),
});

export const nominationListSchema = z.object({ seats: seatsSchema, items: z.array(nominationSchema) });

export const candidateListSchema = z.object({ items: z.array(nomineeSchema) });
