import { z } from 'zod';
import { libraryAudiences, libraryItemTypes, libraryTextStatuses, locales, submissionStatuses } from '../../../contract/enums';
import { localisedFieldSchema } from '../../platform/localised';
import { capabilities, int4, iso2Schema, isoDate, localisedInput, optionalText, queryInt4 } from '../../platform/schemas';

export const idParamSchema = z.object({ id: z.uuid('Not a valid id') });
export const fileParamSchema = z.object({ id: z.uuid('Not a valid id'), fileId: z.uuid('Not a valid file id') });

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, `Use one of ${values.join(', ')}`);
const uuidList = (what: string) => z.array(z.uuid(`Not a valid ${what} id`)).max(50);

// ---------- items

const itemFields = {
  type: oneOf(libraryItemTypes),
  audience: oneOf(libraryAudiences),
  title: localisedInput(300, { required: true }),
  summary: localisedInput(4000, { required: false }),
  publishedOn: isoDate.nullish(),
  author: optionalText(300),
  linkUrl: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\/[^\s]+$/, 'Use a web address starting with http:// or https://')
    .nullish(),
  pillars: z.array(z.string().trim().min(1).max(10)).max(10),
  resolutions: z.array(int4().positive()).max(60),
  thematicAreas: z.array(z.string().trim().min(1).max(80)).max(20),
  states: z.array(iso2Schema).max(60),
  courseIds: uuidList('course'),
  sessionIds: uuidList('session'),
  programmeIds: uuidList('programme'),
};

export const createItemSchema = z.strictObject({
  ...itemFields,
  summary: itemFields.summary.optional(),
  pillars: itemFields.pillars.default([]),
  resolutions: itemFields.resolutions.default([]),
  thematicAreas: itemFields.thematicAreas.default([]),
  states: itemFields.states.default([]),
  courseIds: itemFields.courseIds.default([]),
  sessionIds: itemFields.sessionIds.default([]),
  programmeIds: itemFields.programmeIds.default([]),
});
export type CreateItemInput = z.infer<typeof createItemSchema>;

export const updateItemSchema = z
  .strictObject(
    Object.fromEntries(Object.entries(itemFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof itemFields]: z.ZodOptional<(typeof itemFields)[K]>;
    },
  )
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field');
export type UpdateItemInput = z.infer<typeof updateItemSchema>;

/** The fields of a file upload (multipart/form-data, besides the file). */
export const fileFieldsSchema = z.strictObject({ language: oneOf(locales) });

const fileSchema = z.object({
  id: z.uuid(),
  language: z.enum(locales),
  version: int4(),
  fileName: z.string(),
  mediaType: z.string(),
  size: int4(),
  textStatus: z.enum(libraryTextStatuses),
  pages: int4().nullable(),
  uploadedAt: z.string(),
});
export type FileView = z.infer<typeof fileSchema>;

export const itemSchema = z.object({
  id: z.uuid(),
  type: z.enum(libraryItemTypes),
  audience: z.enum(libraryAudiences),
  title: localisedFieldSchema,
  summary: localisedFieldSchema,
  publishedOn: z.string().nullable(),
  author: z.string().nullable(),
  linkUrl: z.string().nullable(),
  pillars: z.array(z.string()),
  resolutions: z.array(int4()),
  thematicAreas: z.array(z.string()),
  states: z.array(z.string()),
  courseIds: z.array(z.uuid()),
  sessionIds: z.array(z.uuid()),
  programmeIds: z.array(z.uuid()),
  /** The current file of each language. */
  files: z.array(fileSchema),
  /** Earlier versions, newest first: for the office only (empty for anyone else). */
  previousVersions: z.array(fileSchema),
  updatedAt: z.string(),
  can: capabilities('edit', 'upload', 'delete', 'deleteVersion'),
});
export type ItemView = z.infer<typeof itemSchema>;

// ---------- list and search

const facetValue = z.object({ value: z.string(), count: int4() });

export const listQuerySchema = z.strictObject({
  q: z.string().trim().max(200, 'At most 200 characters').optional(),
  type: oneOf(libraryItemTypes).optional(),
  language: oneOf(locales).optional(),
  pillar: z.string().trim().min(1).max(10).optional(),
  year: queryInt4().min(1900).max(2100).optional(),
  state: iso2Schema.optional(),
  course: z.uuid('Not a valid course id').optional(),
  session: z.uuid('Not a valid session id').optional(),
  /** The language of titles and snippets for a reader who is not signed in. */
  lang: oneOf(locales).optional(),
  limit: queryInt4().min(1).max(50).default(20),
  offset: queryInt4().min(0).max(10_000).default(0),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const readQuerySchema = z.strictObject({ lang: oneOf(locales).optional() });

/** A snippet as runs of text, the runs matching the search marked (the web highlights them, no HTML). */
const snippetSchema = z.array(z.object({ text: z.string(), match: z.boolean() }));
export type Snippet = z.infer<typeof snippetSchema>;

export const listSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      type: z.enum(libraryItemTypes),
      audience: z.enum(libraryAudiences),
      title: localisedFieldSchema,
      publishedOn: z.string().nullable(),
      languages: z.array(z.enum(locales)),
      snippet: snippetSchema.nullable(),
      can: capabilities('delete'),
    }),
  ),
  total: int4(),
  facets: z.object({
    type: z.array(facetValue),
    language: z.array(facetValue),
    pillar: z.array(facetValue),
    year: z.array(facetValue),
    state: z.array(facetValue),
  }),
});
export type ListView = z.infer<typeof listSchema>;

// ---------- good-practice submissions

const practiceText = (message: string) => z.string().trim().min(1, message).max(8000, 'At most 8000 characters');

export const submissionInputSchema = z.strictObject({
  language: oneOf(locales),
  title: z.string().trim().min(1, 'Give a title').max(300, 'At most 300 characters'),
  context: practiceText('Describe the context'),
  challenge: practiceText('Describe the challenge'),
  approach: practiceText('Describe the approach'),
  results: practiceText('Describe the results'),
  lessons: practiceText('Give the lessons learned'),
  contact: optionalText(500),
  nameState: z.boolean('Say whether the state may be named'),
});
export type SubmissionInput = z.infer<typeof submissionInputSchema>;

export const reviewSchema = z.discriminatedUnion(
  'decision',
  [
    z.strictObject({ decision: z.literal('return'), note: z.string().trim().min(1, 'Give your comments').max(4000) }),
    z.strictObject({ decision: z.literal('decline'), note: z.string().trim().min(1, 'Give the reason').max(4000) }),
    z.strictObject({
      decision: z.literal('publish'),
      audience: oneOf(libraryAudiences),
      pillars: itemFields.pillars.default([]),
      resolutions: itemFields.resolutions.default([]),
      thematicAreas: itemFields.thematicAreas.default([]),
      /** The states the practice concerns; left out: the submitter's, when it may be named or for "states". */
      states: itemFields.states.optional(),
    }),
  ],
  'Use decision return, decline or publish',
);
export type ReviewInput = z.infer<typeof reviewSchema>;

export const submissionSchema = z.object({
  id: z.uuid(),
  stateIso2: z.string(),
  language: z.enum(locales),
  title: z.string(),
  context: z.string(),
  challenge: z.string(),
  approach: z.string(),
  results: z.string(),
  lessons: z.string(),
  contact: z.string().nullable(),
  nameState: z.boolean(),
  status: z.enum(submissionStatuses),
  reviewNote: z.string().nullable(),
  itemId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  mine: z.boolean(),
  can: capabilities('resubmit', 'review'),
});
export type SubmissionView = z.infer<typeof submissionSchema>;

export const submissionListSchema = z.object({ items: z.array(submissionSchema) });
export type SubmissionListView = z.infer<typeof submissionListSchema>;
