import { z } from 'zod';
import { nominationStatuses } from '../../db/schema';
import { int4, queryInt4 } from '../../platform/schemas';
import { officialSummarySchema } from '../registry/schemas';
import { iso2Schema } from '../users/schemas';

export const duplicateReasons = [
  'same_name',
  'same_name_keys',
  'name_keys_overlap',
  'same_original_name',
  'same_birth_date',
  'same_agency',
  'same_state',
  'same_email',
  'same_phone',
  'different_birth_date',
  'different_sex',
  'different_email',
] as const;

export const duplicateListQuerySchema = z.strictObject({
  stateIso2: iso2Schema.optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  page: queryInt4().min(1).default(1),
  pageSize: queryInt4().min(1).max(200).default(50),
});
export type DuplicateListQuery = z.infer<typeof duplicateListQuerySchema>;

/** An official as the registry lists them (only live ones are compared), with what tells two apart. */
export const officialCardSchema = officialSummarySchema.omit({ mergedIntoId: true }).extend({
  phone: z.string().nullable(),
  nominationCount: int4(),
  createdAt: z.iso.datetime(),
});
export type OfficialCardView = z.infer<typeof officialCardSchema>;

export const candidatePairSchema = z.object({
  score: z.number().min(0).max(1),
  reasons: z.array(z.enum(duplicateReasons)),
  first: officialCardSchema,
  second: officialCardSchema,
});
export type CandidatePair = z.infer<typeof candidatePairSchema>;

export const duplicateListSchema = z.object({
  items: z.array(candidatePairSchema),
  total: int4(),
  page: int4(),
  pageSize: int4(),
  threshold: z.number(),
  /** How many live records were compared, and how long it took (ms). */
  compared: int4(),
  elapsedMs: z.number(),
});

export const pairInputSchema = z.strictObject({
  firstId: z.uuid('Not a valid official id'),
  secondId: z.uuid('Not a valid official id'),
});

export const mergeInputSchema = z.strictObject({
  survivorId: z.uuid('Not a valid official id'),
  absorbedId: z.uuid('Not a valid official id'),
  reason: z.string().trim().min(3, 'Say why these are the same person').max(1000),
});
export type MergeInput = z.infer<typeof mergeInputSchema>;

export const mergeResultSchema = z.object({
  mergeId: z.uuid(),
  survivorId: z.uuid(),
  absorbedId: z.uuid(),
  movedNominations: int4(),
  movedUsers: int4(),
  /** Sessions where both records were nominated: which nomination was kept and which set aside. */
  conflicts: z.array(
    z.object({
      sessionId: z.uuid(),
      keptNominationId: z.uuid(),
      keptStatus: z.enum(nominationStatuses),
      withdrawnNominationId: z.uuid(),
      withdrawnStatus: z.enum(nominationStatuses),
    }),
  ),
});
export type MergeResult = z.infer<typeof mergeResultSchema>;
