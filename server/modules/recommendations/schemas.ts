import { z } from 'zod';
import { actionEventKinds, actionOwnerKinds, actionStatuses, evidenceKinds } from '../../db/schema';
import { localisedFieldSchema } from '../../platform/localised';
import { capabilities, int4, queryInt4 } from '../../platform/schemas';
import { iso2 } from './inputs';

export * from './inputs';

export const idParamSchema = z.object({ id: z.uuid('Not a valid id') });

const year = queryInt4('A year').min(2000).max(2100);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const recommendationListQuerySchema = z.strictObject({
  editionId: z.uuid('Not a valid edition id').optional(),
  pillar: z.string().max(10).optional(),
  resolution: queryInt4().positive().optional(),
  /** Recommendations with an action owned by this state or one of its agencies. */
  stateIso2: iso2.optional(),
});

export const actionListQuerySchema = z.strictObject({
  editionId: z.uuid('Not a valid edition id').optional(),
  recommendationId: z.uuid('Not a valid recommendation id').optional(),
  /** Actions owned by this state or one of its agencies. */
  stateIso2: iso2.optional(),
  ownerKind: z.enum(actionOwnerKinds).optional(),
  agencyId: z.uuid('Not a valid agency id').optional(),
  organisationId: z.uuid('Not a valid organisation id').optional(),
  status: z.enum(actionStatuses).optional(),
  /** Due date passed, neither done nor dropped, not carried on to a later edition. */
  overdue: flag.optional(),
  page: queryInt4().min(1).default(1),
  pageSize: queryInt4().min(1).max(200).default(50),
});
export type ActionListQuery = z.infer<typeof actionListQuerySchema>;

export const followThroughQuerySchema = z
  .strictObject({
    fromYear: year.optional(),
    toYear: year.optional(),
    stateIso2: iso2.optional(),
  })
  .refine((v) => v.fromYear === undefined || v.toYear === undefined || v.fromYear <= v.toYear, {
    path: ['toYear'],
    message: 'toYear comes after fromYear',
  });

export const yearRangeQuerySchema = z
  .strictObject({ fromYear: year.optional(), toYear: year.optional() })
  .refine((v) => v.fromYear === undefined || v.toYear === undefined || v.fromYear <= v.toYear, {
    path: ['toYear'],
    message: 'toYear comes after fromYear',
  });

// Views.

export const editionRefSchema = z.object({
  id: z.uuid(),
  number: int4(),
  year: int4(),
  city: z.string(),
});
export type EditionRef = z.infer<typeof editionRefSchema>;

export const ownerSchema = z.object({
  kind: z.enum(actionOwnerKinds),
  /** The owning state, or the state of the owning agency; null for the office and organisations. */
  stateIso2: z.string().nullable(),
  agencyId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  /** The agency's or organisation's name (states and the office are named by the client). */
  name: z.string().nullable(),
  acronym: z.string().nullable(),
});
export type OwnerView = z.infer<typeof ownerSchema>;

const recommendationLinkSchema = z.object({ id: z.uuid(), edition: editionRefSchema, number: int4() });
const actionLinkSchema = z.object({ id: z.uuid(), edition: editionRefSchema, recommendationNumber: int4() });

export const actionCountsSchema = z.object({
  total: int4(),
  planned: int4(),
  in_progress: int4(),
  done: int4(),
  dropped: int4(),
  /** Due date passed, neither done nor dropped, not carried on. */
  overdue: int4(),
  /** Done after the due date. */
  doneLate: int4(),
});
export type ActionCounts = z.infer<typeof actionCountsSchema>;

export const actionSchema = z.object({
  id: z.uuid(),
  recommendation: z.object({
    id: z.uuid(),
    number: int4(),
    text: localisedFieldSchema,
    edition: editionRefSchema,
  }),
  description: localisedFieldSchema,
  owner: ownerSchema,
  dueDate: z.string(),
  status: z.enum(actionStatuses),
  dropReason: z.string().nullable(),
  completedOn: z.string().nullable(),
  overdue: z.boolean(),
  doneLate: z.boolean(),
  carriedFrom: actionLinkSchema.nullable(),
  carriedTo: actionLinkSchema.nullable(),
  evidenceCount: int4(),
  /** The statuses the reader may move the action to now (none once it was carried on). */
  allowedTransitions: z.array(z.enum(actionStatuses)),
  can: capabilities('edit', 'addEvidence'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ActionView = z.infer<typeof actionSchema>;

const historyEntrySchema = z.object({
  id: z.uuid(),
  /** The action of the lineage it happened to (carried actions show the history of the whole lineage). */
  actionId: z.uuid(),
  edition: editionRefSchema,
  kind: z.enum(actionEventKinds),
  fromStatus: z.enum(actionStatuses).nullable(),
  toStatus: z.enum(actionStatuses),
  reason: z.string().nullable(),
  completedOn: z.string().nullable(),
  /** Fields an edit changed. */
  changes: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  /** The action a carry links to. */
  linked: actionLinkSchema.nullable(),
  by: z.string().nullable(),
  at: z.iso.datetime(),
});

const evidenceSchema = z.object({
  id: z.uuid(),
  actionId: z.uuid(),
  edition: editionRefSchema,
  kind: z.enum(evidenceKinds),
  text: z.string().nullable(),
  url: z.string().nullable(),
  file: z.object({ name: z.string(), mediaType: z.string(), size: int4() }).nullable(),
  addedBy: z.string().nullable(),
  addedAt: z.iso.datetime(),
});

export const actionDetailSchema = actionSchema.extend({
  history: z.array(historyEntrySchema),
  evidence: z.array(evidenceSchema),
});
export type ActionDetail = z.infer<typeof actionDetailSchema>;

export const actionListSchema = z.object({
  items: z.array(actionSchema),
  total: int4(),
  page: int4(),
  pageSize: int4(),
});

export const recommendationSchema = z.object({
  id: z.uuid(),
  edition: editionRefSchema,
  number: int4(),
  text: localisedFieldSchema,
  pillars: z.array(z.string()),
  resolutions: z.array(int4()),
  carriedFrom: recommendationLinkSchema.nullable(),
  carriedTo: recommendationLinkSchema.nullable(),
  actionCounts: actionCountsSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RecommendationView = z.infer<typeof recommendationSchema>;

export const recommendationDetailSchema = recommendationSchema.extend({
  actions: z.array(actionSchema),
  /** carry: whether the reader may carry it (or some of its open actions) to the next edition now. */
  can: capabilities('carry'),
  nextEdition: editionRefSchema.nullable(),
});
export type RecommendationDetail = z.infer<typeof recommendationDetailSchema>;

export const recommendationListSchema = z.object({ items: z.array(recommendationSchema) });

const followThroughCountsSchema = z.object({
  /** Recommendations that can be judged (the denominator). */
  recommendations: int4(),
  implemented: int4(),
  rate: z.number().nullable(),
  /** Not judged yet: open actions not yet due, none missed. */
  pending: int4(),
  /** Adopted without any action: not counted. */
  withoutActions: int4(),
});

export const followThroughSchema = followThroughCountsSchema.extend({
  fromYear: int4(),
  toYear: int4(),
  stateIso2: z.string().nullable(),
  definition: z.string(),
});

export const editionSummaryListSchema = z.object({
  items: z.array(
    z.object({
      edition: editionRefSchema,
      startDate: z.string(),
      endDate: z.string(),
      theme: localisedFieldSchema,
      recommendations: int4(),
      actions: actionCountsSchema,
      followThrough: followThroughCountsSchema,
    }),
  ),
  definition: z.string(),
});

export const stateSummaryListSchema = z.object({
  items: z.array(
    z.object({
      stateIso2: z.string(),
      actions: actionCountsSchema,
      followThrough: followThroughCountsSchema,
    }),
  ),
  fromYear: int4(),
  toYear: int4(),
  definition: z.string(),
});

export const ownerSummaryListSchema = z.object({
  items: z.array(z.object({ owner: ownerSchema, actions: actionCountsSchema })),
});
