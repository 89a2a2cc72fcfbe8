import { z } from 'zod';
import { courseLevels, thematicAreas } from '../../../contract/enums';
import { changeOf, codeSchema, int4, iso2Schema, localisedInput, optionalText } from '../../platform/schemas';

/** The request bodies of the curriculum routes, dependency-light so that the web's forms check them too. */

const thematicAreaSchema = z.enum(thematicAreas, `Use one of ${thematicAreas.join(', ')}`);
const optionalLongText = optionalText(10_000);

const titleInput = localisedInput(300, { required: true });
const descriptionInput = localisedInput(10_000, { required: false });

// ---------- programmes

export const createProgrammeSchema = z.strictObject({
  code: codeSchema,
  title: titleInput,
  description: descriptionInput.optional(),
  thematicArea: thematicAreaSchema,
});
export type CreateProgrammeInput = z.infer<typeof createProgrammeSchema>;

export const updateProgrammeSchema = changeOf(createProgrammeSchema.shape);
export type UpdateProgrammeInput = z.infer<typeof updateProgrammeSchema>;
// ---------- courses

/** A course as typed in: a new one gives every field not marked optional; a change, any of them. */
const courseInput = {
  programmeId: z.uuid('Not a valid programme id'),
  code: codeSchema,
  title: titleInput,
  level: z.enum(courseLevels, `Use one of ${courseLevels.join(', ')}`),
  hours: int4('Whole hours').min(1, 'At least 1').max(2000),
  description: descriptionInput.optional(),
  learningObjectives: z
    .array(localisedInput(1000, { required: true }))
    .max(40)
    .optional(),
  thematicArea: thematicAreaSchema,
  pillars: z.array(z.string().trim().min(1).max(10)).max(10).optional(),
  resolutions: z.array(int4().positive()).max(60).optional(),
  donorIds: z.array(z.uuid('Not a valid organisation id')).max(50).optional(),
  deliveringPartnerIds: z.array(z.uuid('Not a valid organisation id')).max(50).optional(),
  attendanceThreshold: z.number().gt(0, 'Above 0').lte(1, 'At most 1 (100 %)').optional(),
  testMaxScore: z.number().gt(0, 'Above 0').lte(10_000).nullable().optional(),
  postTestPassMark: z.number().gte(0, 'At least 0').lte(10_000).nullable().optional(),
  tailoredForIso2: iso2Schema.nullable().optional(),
  needsAssessment: optionalLongText,
};

export const createCourseSchema = z.strictObject(courseInput);
export type CreateCourseInput = z.infer<typeof createCourseSchema>;

export const updateCourseSchema = changeOf(courseInput);
export type UpdateCourseInput = z.infer<typeof updateCourseSchema>;
