import { z } from 'zod';
import { courseLevels, locales, modalities, sessionStatuses } from '../../db/schema';
import { localisedFieldSchema } from '../../platform/localised';
import { capabilities, int4, optionalText, queryInt4 } from '../../platform/schemas';

export const sessionIdParamsSchema = z.object({ id: z.uuid('Not a valid session id') });

export {
  type CreateSessionInput,
  createSessionSchema,
  quotaInputSchema,
  type UpdateSessionInput,
  updateSessionSchema,
} from './inputs';

export const transitionSchema = z.strictObject({
  status: z.enum(['open', 'closed', 'completed', 'cancelled'], 'Use open, closed, completed or cancelled'),
  reason: optionalText(2000),
});
export type TransitionInput = z.infer<typeof transitionSchema>;

export const sessionListQuerySchema = z.strictObject({
  status: z.enum(sessionStatuses).optional(),
  courseId: z.uuid('Not a valid course id').optional(),
  year: queryInt4().min(2000).max(2100).optional(),
  page: queryInt4().min(1).default(1),
  pageSize: queryInt4().min(1).max(200).default(50),
});

const sessionCourseSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  title: localisedFieldSchema,
  level: z.enum(courseLevels),
});

export const sessionSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  course: sessionCourseSchema,
  status: z.enum(sessionStatuses),
  startDate: z.string(),
  endDate: z.string(),
  nominationDeadline: z.string(),
  venueCity: z.string().nullable(),
  venueCountry: z.string().nullable(),
  modality: z.enum(modalities),
  languages: z.array(z.enum(locales)),
  capacity: int4(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const sessionListSchema = z.object({
  items: z.array(sessionSummarySchema),
  total: int4(),
  page: int4(),
  pageSize: int4(),
});

export const quotaSchema = z.object({
  stateIso2: z.string(),
  seats: int4(),
  /** Nominations of that state that are not rejected or withdrawn. */
  nominated: int4(),
  seatsLeft: int4(),
});

export const sessionDetailSchema = sessionSummarySchema.extend({
  womenTarget: z.number().nullable(),
  trainers: z.array(z.object({ id: z.uuid(), displayName: z.string() })),
  /** Staff see every invited state; a focal point only their own; a participant none. */
  quotas: z.array(quotaSchema),
  days: z.array(z.string()),
  /** The statuses the reader may move the session to now (empty for those who cannot write). */
  allowedTransitions: z.array(z.enum(sessionStatuses)),
  can: capabilities('edit'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

export const trainerListSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), displayName: z.string(), email: z.string() })),
});
