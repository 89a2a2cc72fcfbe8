import { z } from 'zod';
import { sexes } from '../../db/schema';
import { int4, iso2Schema, queryInt4 } from '../../platform/schemas';

export {
  type AgencyInput,
  type AgencyUpdate,
  agencyInputSchema,
  agencyUpdateSchema,
  type OfficialInput,
  officialInputSchema,
} from './inputs';

export const idParamsSchema = z.object({ id: z.uuid('Not a valid id') });

// ---- Agencies ----

export const agencySchema = z.object({
  id: z.uuid(),
  stateIso2: z.string(),
  name: z.string(),
  acronym: z.string().nullable(),
  type: z.string(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  officialCount: int4(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AgencyView = z.infer<typeof agencySchema>;

export const agencyListQuerySchema = z.strictObject({
  stateIso2: iso2Schema.optional(),
  q: z.string().trim().max(200).optional(),
  type: z.string().trim().max(60).optional(),
});
export const agencyListSchema = z.object({ items: z.array(agencySchema) });

// ---- Officials ----

export const officialListQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  stateIso2: iso2Schema.optional(),
  agencyId: z.uuid('Not a valid agency id').optional(),
  sex: z.enum(sexes, 'Use female or male').optional(),
  includeMerged: z.enum(['true', 'false']).optional(),
  page: queryInt4().min(1).default(1),
  pageSize: queryInt4().min(1).max(200).default(50),
  /**
   * Keyset paging: the `nextCursor` of the page before; the page is then read from where that one
   * ended, at the cost of a first page however deep (`page` only labels it). Without it, `page` is
   * read by offset.
   */
  after: z.string().max(1000).optional(),
});
export type OfficialListQuery = z.infer<typeof officialListQuerySchema>;

const agencyRefSchema = z.object({ id: z.string(), name: z.string(), acronym: z.string().nullable() }).nullable();

export const officialSummarySchema = z.object({
  id: z.uuid(),
  stateIso2: z.string(),
  agency: agencyRefSchema,
  familyName: z.string(),
  givenNames: z.string(),
  nameOriginal: z.string().nullable(),
  sex: z.enum(sexes),
  birthDate: z.string().nullable(),
  rank: z.string().nullable(),
  position: z.string().nullable(),
  email: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
});
export type OfficialSummary = z.infer<typeof officialSummarySchema>;

export const officialListSchema = z.object({
  items: z.array(officialSummarySchema),
  /**
   * The officials matching the filters, counted on a page read by number; null on a page read by
   * keyset (`after`), whose reader has the first page's total (docs/api.md, "Officials").
   */
  total: int4().nullable(),
  page: int4(),
  pageSize: int4(),
  /** The `after` of the next page; null on the last. */
  nextCursor: z.string().nullable(),
});

const localisedTextSchema = z.object({
  en: z.string().optional(),
  fr: z.string().optional(),
  ar: z.string().optional(),
  pt: z.string().optional(),
});

export const officialNominationSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  sessionCode: z.string(),
  courseTitle: localisedTextSchema,
  startDate: z.string(),
  endDate: z.string(),
  status: z.string(),
});

export const officialSchema = officialSummarySchema.extend({
  languages: z.array(z.string()),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  mergedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  nominations: z.array(officialNominationSchema),
});
export type OfficialView = z.infer<typeof officialSchema>;
