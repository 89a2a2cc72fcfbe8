import { z } from 'zod';
import { stageProgresses } from '../../../contract/enums';
import { engagementKinds, engagementStatuses, locales, programmeStageKinds } from '../../db/schema';
import { localisedFieldSchema } from '../../platform/localised';
import { capabilities, int4 } from '../../platform/schemas';

export * from './inputs';

export const engagementIdParamsSchema = z.object({ id: z.uuid('Not a valid engagement id') });
export const stageIdParamsSchema = z.object({ id: z.uuid('Not a valid stage id') });
export const documentIdParamsSchema = z.object({ id: z.uuid('Not a valid document id') });
export const stateParamsSchema = z.object({
  iso2: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'Use the two-letter ISO 3166 code, e.g. NG')
    .transform((v) => v.toUpperCase()),
});

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
  can: capabilities('edit', 'remove'),
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
  can: capabilities('edit'),
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
