import { z } from 'zod';
import { courseLevels } from '../../db/schema';
import { localisedFieldSchema } from '../../platform/localised';
import { int4 } from '../../platform/schemas';
import { organisationSchema } from '../partners/schemas';

export * from './inputs';

export const idParamsSchema = z.object({ id: z.uuid('Not a valid id') });

export const courseSummarySchema = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  code: z.string(),
  title: localisedFieldSchema,
  level: z.enum(courseLevels),
  hours: int4(),
  thematicArea: z.string(),
});
export type CourseSummary = z.infer<typeof courseSummarySchema>;

export const programmeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  title: localisedFieldSchema,
  description: localisedFieldSchema,
  thematicArea: z.string(),
  courses: z.array(courseSummarySchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProgrammeView = z.infer<typeof programmeSchema>;

export const programmeListSchema = z.object({ items: z.array(programmeSchema) });

export const courseSchema = courseSummarySchema.extend({
  programme: z.object({ id: z.uuid(), code: z.string(), title: localisedFieldSchema }),
  description: localisedFieldSchema,
  learningObjectives: z.array(localisedFieldSchema),
  pillars: z.array(z.string()),
  resolutions: z.array(int4()),
  donors: z.array(organisationSchema),
  deliveringPartners: z.array(organisationSchema),
  attendanceThreshold: z.number(),
  testMaxScore: z.number().nullable(),
  postTestPassMark: z.number().nullable(),
  tailoredForIso2: z.string().nullable(),
  needsAssessment: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CourseView = z.infer<typeof courseSchema>;

export const courseListQuerySchema = z.strictObject({
  programmeId: z.uuid('Not a valid programme id').optional(),
  level: z.enum(courseLevels).optional(),
});

export const courseListSchema = z.object({ items: z.array(courseSummarySchema) });
