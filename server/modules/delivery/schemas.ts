import { z } from 'zod';
import { evaluationQuestions, testKinds } from '../../../contract/enums';
import { courseLevels } from '../../db/schema';
import { capabilities, int4, isoDate, optionalText } from '../../platform/schemas';

export const idParamSchema = z.object({ id: z.uuid('Not a valid id') });

/**
 * What a mark sent from the offline queue adds: an idempotency key (a resend with the same key is
 * answered again and recorded once) and the time the mark was made on the device (the later mark
 * wins a conflict). A mark sent at once carries neither: it was made now.
 */
const queuedMark = {
  key: z.uuid('Not a valid key').optional(),
  madeAt: z.iso.datetime({ offset: true, message: 'Use a date and time like 2026-03-04T09:15:00Z' }).optional(),
};

export const attendanceInputSchema = z.strictObject({ day: isoDate, present: z.boolean(), ...queuedMark });

export const scoreInputSchema = z.strictObject({
  kind: z.enum(testKinds, 'Use pre or post'),
  /** null clears the score. */
  score: z.number().min(0, 'A score cannot be negative').max(9999.99).nullable(),
  ...queuedMark,
});

/** Whether the mark sent is the one now on record, or lost to one made later (kept in its history). */
const markOutcome = {
  outcome: z.enum(['recorded', 'overridden']),
  /** The mark now on record: who made it and when (null for a score that is cleared). */
  recordedBy: z.string().nullable(),
  recordedAt: z.iso.datetime().nullable(),
};

export const attendanceAnswerSchema = z.object({
  nominationId: z.uuid(),
  day: z.string(),
  present: z.boolean(),
  ...markOutcome,
});

export const scoreAnswerSchema = z.object({
  nominationId: z.uuid(),
  kind: z.enum(testKinds),
  score: z.number().nullable(),
  ...markOutcome,
});

/** A mark that lost to a later one, kept on the sheet with who and when on both sides. */
export const overriddenMarkSchema = z.object({
  subject: z.enum(['attendance', 'pre', 'post']),
  day: z.string().nullable(),
  present: z.boolean().nullable(),
  score: z.number().nullable(),
  madeBy: z.string().nullable(),
  madeAt: z.iso.datetime(),
  overriddenBy: z.string().nullable(),
  overriddenAt: z.iso.datetime(),
});

export const scoreImportSchema = z.strictObject({
  csv: z.string().min(1, 'The file is empty').max(2_000_000, 'The file is too large (2 MB at most)'),
  /** false: only preview; true: write every row, or nothing when any row has an error. */
  commit: z.boolean().default(false),
});

export const overrideInputSchema = z.strictObject({
  completed: z.boolean(),
  reason: z.string().trim().min(1, 'Give the reason for the override').max(2000),
});

export const cascadeInputSchema = z
  .strictObject({
    heldOn: isoDate,
    location: z.string().trim().min(1, 'Required').max(200),
    colleaguesTrained: int4().min(1, 'At least one colleague').max(100_000),
    womenTrained: int4().min(0).max(100_000).default(0),
    description: optionalText(4000),
  })
  .superRefine((v, ctx) => {
    if (v.womenTrained > v.colleaguesTrained) {
      ctx.addIssue({ code: 'custom', path: ['womenTrained'], message: 'Cannot exceed the number of colleagues trained' });
    }
  });

export const completionSchema = z.object({
  completed: z.boolean(),
  byRule: z.boolean(),
  reason: z.string(),
  daysPresent: int4(),
  sessionDays: int4(),
  attendanceRate: z.number(),
  override: z.object({ completed: z.boolean(), reason: z.string(), decidedAt: z.iso.datetime() }).nullable(),
});

export const cascadeSchema = z.object({
  id: z.uuid(),
  heldOn: z.string(),
  location: z.string().nullable(),
  colleaguesTrained: int4(),
  womenTrained: int4(),
  description: z.string().nullable(),
});

export const participantRowSchema = z.object({
  nominationId: z.uuid(),
  official: z.object({
    id: z.uuid(),
    familyName: z.string(),
    givenNames: z.string(),
    sex: z.string(),
    stateIso2: z.string(),
  }),
  /** Day → present; days not yet recorded are absent from the map. */
  attendance: z.record(z.string(), z.boolean()),
  preScore: z.number().nullable(),
  postScore: z.number().nullable(),
  /** Marks that lost to later ones, newest first. */
  overridden: z.array(overriddenMarkSchema),
  completion: completionSchema,
  followUp: z
    .object({ requestedAt: z.iso.datetime(), respondedAt: z.iso.datetime().nullable(), applied: z.boolean().nullable() })
    .nullable(),
});

export const localisedSchema = z.record(z.string(), z.string());

export const deliverySheetSchema = z.object({
  session: z.object({
    id: z.uuid(),
    code: z.string(),
    status: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    capacity: int4(),
  }),
  course: z.object({
    id: z.uuid(),
    code: z.string(),
    title: localisedSchema,
    level: z.enum(courseLevels),
    attendanceThreshold: z.number(),
    testMaxScore: z.number().nullable(),
    postTestPassMark: z.number().nullable(),
  }),
  days: z.array(z.string()),
  participants: z.array(participantRowSchema),
  /** Whether the actor may override completion and request follow-ups; whether the sheet takes their marks. */
  can: capabilities('override', 'record'),
});

export const scoreImportRowSchema = z.object({
  line: int4(),
  nominationId: z.uuid().nullable(),
  name: z.string().nullable(),
  pre: z.number().nullable(),
  post: z.number().nullable(),
  errors: z.array(z.string()),
});

export const scoreImportResultSchema = z.object({
  rows: z.array(scoreImportRowSchema),
  valid: int4(),
  invalid: int4(),
  committed: z.boolean(),
});

export const evaluationSummarySchema = z.object({
  responses: int4(),
  /** Fewer answers than this are not shown, so that no one's answer can be singled out. */
  minimumShown: int4(),
  shown: z.boolean(),
  questions: z.array(z.object({ code: z.enum(evaluationQuestions), mean: z.number().nullable(), distribution: z.array(int4()) })),
  comments: z.array(z.string()),
});

export const followUpRequestResultSchema = z.object({ requested: int4(), alreadyRequested: int4() });
