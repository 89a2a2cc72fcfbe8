import { z } from 'zod';
import { engagementKinds, engagementStatuses, locales, programmeStageKinds } from '../../db/schema';
import { int4, isoDate, optionalText } from '../../platform/schemas';
import { localisedFieldSchema, localisedInput } from '../curriculum/localised';

export const engagementIdParamsSchema = z.object({ id: z.uuid('Not a valid engagement id') });
export const stageIdParamsSchema = z.object({ id: z.uuid('Not a valid stage id') });
export const documentIdParamsSchema = z.object({ id: z.uuid('Not a valid document id') });
export const stateParamsSchema = z.object({
  iso2: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'Use the two-letter ISO 3166 code, e.g. NG')
    .transform((v) => v.toUpperCase()),
});

export const stageProgresses = ['not_started', 'in_progress', 'completed', 'skipped'] as const;
export type StageProgress = (typeof stageProgresses)[number];

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
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');
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
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');
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

export const documentLanguageSchema = z.enum(locales, `Use ${locales.join(', ')}`).optional();

export const overviewQuerySchema = z.strictObject({
  /** The current stage. */
  stage: z.enum(programmeStageKinds).optional(),
  kind: z.enum(engagementKinds).optional(),
  status: z.enum(engagementStatuses).optional(),
  /** Only engagements whose programme has (true) or has not yet (false) been adopted. */
  adopted: z
    .enum(['true', 'false'], 'Use true or false')
    .transform((v) => v === 'true')
    .optional(),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

// ---------- views

const currentStageSchema = z
  .object({ kind: z.enum(programmeStageKinds), sequence: int4(), progress: z.enum(stageProgresses) })
  .nullable()
  .describe('The last stage, in order, that has started; null before any has');

export const documentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  mediaType: z.string(),
  size: int4(),
  language: z.enum(locales).nullable(),
  uploadedAt: z.iso.datetime(),
});

export const stageSchema = z.object({
  id: z.uuid(),
  kind: z.enum(programmeStageKinds),
  sequence: int4(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  actualStart: z.string().nullable(),
  actualEnd: z.string().nullable(),
  skipped: z.boolean(),
  notes: z.string().nullable(),
  progress: z.enum(stageProgresses),
  /** Behind plan: the planned start (or end) has passed and the stage has not started (or ended). */
  behindPlan: z.boolean(),
  staff: z.array(z.object({ id: z.uuid(), displayName: z.string() })),
  counterparts: z.array(z.object({ name: z.string(), function: z.string().nullable(), organisation: z.string().nullable() })),
  documents: z.array(documentSchema),
});
export type StageView = z.infer<typeof stageSchema>;

const coverageSchema = z.object({
  resolutions: z.array(int4()),
  pillars: z.array(z.string()),
  parts: z.array(
    z.object({
      id: z.uuid(),
      position: int4(),
      title: localisedFieldSchema,
      resolutions: z.array(int4()),
      pillars: z.array(z.string()),
    }),
  ),
  /** What the programme covers as a whole or in any part. */
  covered: z.object({ resolutions: z.array(int4()), pillars: z.array(z.string()) }),
});

export const engagementSchema = z.object({
  id: z.uuid(),
  stateIso2: z.string(),
  title: localisedFieldSchema,
  kind: z.enum(engagementKinds),
  status: z.enum(engagementStatuses),
  notes: z.string().nullable(),
  currentStage: currentStageSchema,
  adoptedOn: z.string().nullable().describe('The day the adoption stage ended'),
  stages: z.array(stageSchema),
  coverage: coverageSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type EngagementView = z.infer<typeof engagementSchema>;

export const stateProgrammeSchema = z.object({
  stateIso2: z.string(),
  engagements: z.array(engagementSchema),
});

export const overviewItemSchema = z.object({
  id: z.uuid(),
  stateIso2: z.string(),
  title: localisedFieldSchema,
  kind: z.enum(engagementKinds),
  status: z.enum(engagementStatuses),
  currentStage: currentStageSchema,
  /** Per kind of stage: how many there are, started, completed and skipped (drafting workshops may be several). */
  stages: z.array(
    z.object({
      kind: z.enum(programmeStageKinds),
      total: int4(),
      started: int4(),
      completed: int4(),
      skipped: int4(),
    }),
  ),
  resolutionsCovered: int4(),
  pillarsCovered: int4(),
  requestedOn: z.string().nullable(),
  adoptedOn: z.string().nullable(),
});
export type OverviewItem = z.infer<typeof overviewItemSchema>;

export const overviewSchema = z.object({
  /** Over every engagement, whatever the filters. */
  summary: z.object({
    statesEngaged: int4(),
    engagements: int4(),
    statesWithAdoptedStrategy: int4(),
    statesWithAdoptedActionPlan: int4(),
    /** Engagements per current stage ("none" before any stage has started). */
    byCurrentStage: z.record(z.string(), int4()),
  }),
  items: z.array(overviewItemSchema),
});
export type Overview = z.infer<typeof overviewSchema>;

export const staffListSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), displayName: z.string(), email: z.string(), role: z.string() })),
});
