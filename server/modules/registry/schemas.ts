import { z } from 'zod';
import { sexes } from '../../db/schema';
import { today } from '../../platform/dates';
import { int4, optionalText, queryInt4 } from '../../platform/schemas';
import { iso2Schema } from '../users/schemas';

/**
 * What a person (or an import row) gives to create or edit an official. The same schema checks
 * the form, the API and every row of an import, so that they accept and refuse alike.
 */
export const officialInputSchema = z.strictObject({
  stateIso2: iso2Schema,
  agencyId: z.uuid('Not a valid agency id').nullish(),
  familyName: z.string().trim().min(1, 'Required').max(120),
  givenNames: z.string().trim().min(1, 'Required').max(160),
  nameOriginal: optionalText(200),
  sex: z.enum(sexes, 'Use female or male'),
  birthDate: z.iso
    .date('Use a date like 1985-04-23')
    .refine((d) => d >= '1920-01-01' && d <= today(), 'Not a plausible birth date')
    .nullish(),
  rank: optionalText(120),
  position: optionalText(160),
  languages: z.array(z.string().trim().min(2).max(40)).max(12).default([]),
  email: z
    .string()
    .trim()
    .max(254)
    .transform((v) => (v === '' ? null : v.toLowerCase()))
    .pipe(z.email('Not a valid email address').nullable())
    .nullish(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()./-]*$/, 'Digits, spaces and + ( ) . / - only')
    .transform((v) => (v === '' ? null : v))
    .nullish(),
  notes: optionalText(2000),
});
export type OfficialInput = z.infer<typeof officialInputSchema>;

export const idParamsSchema = z.object({ id: z.uuid('Not a valid id') });

// ---- Agencies ----

export const agencyInputSchema = z.strictObject({
  stateIso2: iso2Schema,
  name: z.string().trim().min(2, 'At least 2 characters').max(200),
  acronym: optionalText(30),
  type: z.string().trim().min(1, 'Required').max(60),
  parentId: z.uuid('Not a valid agency id').nullish(),
});
export type AgencyInput = z.infer<typeof agencyInputSchema>;

export const agencyUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(2, 'At least 2 characters').max(200).optional(),
    acronym: optionalText(30),
    type: z.string().trim().min(1, 'Required').max(60).optional(),
    parentId: z.uuid('Not a valid agency id').nullish(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');
export type AgencyUpdate = z.infer<typeof agencyUpdateSchema>;

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
