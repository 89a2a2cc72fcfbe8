import { z } from 'zod';
import { matrixBases, modalities, sessionBases, sessionStatuses } from '../../../contract/enums';
import { agreementKinds, organisationKinds } from '../../db/schema';
import { localisedFieldSchema } from '../../platform/localised';
import { int4, queryInt4 } from '../../platform/schemas';
import { countrySchema } from './inputs';

export * from './inputs';

export const idParamsSchema = z.object({ id: z.uuid('Not a valid id') });

const booleanQuery = z.enum(['true', 'false'], 'Use true or false').transform((v) => v === 'true');

// ---------- organisations

/** How courses and lists name an organisation. */
export const organisationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  acronym: z.string().nullable(),
  kind: z.enum(organisationKinds),
});
export type OrganisationView = z.infer<typeof organisationSchema>;

export const organisationListItemSchema = organisationSchema.extend({
  countryIso2: z.string().nullable(),
  seatCity: z.string().nullable(),
  website: z.string().nullable(),
});
export type OrganisationListItem = z.infer<typeof organisationListItemSchema>;

export const organisationListSchema = z.object({ items: z.array(organisationListItemSchema) });

export const organisationListQuerySchema = z.strictObject({
  kind: z.enum(organisationKinds).optional(),
  /** Part of the name or acronym, any case. */
  q: z.string().trim().max(100).optional(),
  country: countrySchema.optional(),
});
export type OrganisationListQuery = z.infer<typeof organisationListQuerySchema>;

/** A sum in one currency (never added across currencies), as an exact decimal string. */
export const currencyTotalSchema = z.object({
  currency: z.string(),
  amount: z.string(),
  earmarked: z.string(),
  unearmarked: z.string(),
  contributions: int4(),
});
export type CurrencyTotal = z.infer<typeof currencyTotalSchema>;

export const organisationDetailSchema = organisationListItemSchema.extend({
  description: localisedFieldSchema,
  counts: z.object({
    /** Null for readers who may not see contacts (partner users). */
    contacts: int4().nullable(),
    agreements: int4(),
    contributions: int4(),
    sessions: int4(),
  }),
  totals: z.array(currencyTotalSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type OrganisationDetail = z.infer<typeof organisationDetailSchema>;

// ---------- contacts

export const contactSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  fullName: z.string(),
  functionTitle: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ContactView = z.infer<typeof contactSchema>;
export const contactListSchema = z.object({ items: z.array(contactSchema) });

export const agreementSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  title: z.string(),
  kind: z.enum(agreementKinds),
  signedOn: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** The signed document's name and size; its content comes from the document route. */
  document: z.object({ name: z.string(), mediaType: z.string(), size: int4() }).nullable(),
  /** Contributions that cite the agreement. */
  contributions: int4(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AgreementView = z.infer<typeof agreementSchema>;
export const agreementListSchema = z.object({ items: z.array(agreementSchema) });

// ---------- contributions

const programmeRefSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  title: localisedFieldSchema,
  thematicArea: z.string(),
});

export const contributionSchema = z.object({
  id: z.uuid(),
  organisation: organisationSchema,
  programme: programmeRefSchema,
  /** Exact decimal, written with the currency's minor units (e.g. "1250000.00", JPY "50000000"). */
  amount: z.string(),
  currency: z.string(),
  earmarked: z.boolean(),
  periodFrom: z.string(),
  periodTo: z.string(),
  agreement: z.object({ id: z.uuid(), title: z.string(), kind: z.enum(agreementKinds) }).nullable(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ContributionView = z.infer<typeof contributionSchema>;

export const contributionListQuerySchema = z.strictObject({
  organisationId: z.uuid('Not a valid organisation id').optional(),
  programmeId: z.uuid('Not a valid programme id').optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'Use the three-letter ISO 4217 code, e.g. EUR')
    .transform((v) => v.toUpperCase())
    .optional(),
  earmarked: booleanQuery.optional(),
  /** Contributions whose period overlaps this calendar year. */
  year: queryInt4().min(2000).max(2100).optional(),
});
export type ContributionListQuery = z.infer<typeof contributionListQuerySchema>;

export const contributionListSchema = z.object({
  items: z.array(contributionSchema),
  /** Sums of the listed contributions, one per currency: amounts in different currencies are never added. */
  totals: z.object({
    byCurrency: z.array(currencyTotalSchema),
    byOrganisation: z.array(currencyTotalSchema.extend({ organisation: organisationSchema })),
    byProgramme: z.array(currencyTotalSchema.extend({ programme: programmeRefSchema })),
  }),
});

export const organisationSessionSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  status: z.enum(sessionStatuses),
  startDate: z.string(),
  endDate: z.string(),
  venueCity: z.string().nullable(),
  venueCountry: z.string().nullable(),
  modality: z.enum(modalities),
  course: z.object({ id: z.uuid(), code: z.string(), title: localisedFieldSchema, thematicArea: z.string() }),
  programme: z.object({ id: z.uuid(), code: z.string() }),
  bases: z.array(z.enum(sessionBases)),
  /** States invited (quotas) or of the accepted participants: where the session worked. */
  states: z.array(z.string()),
});
export type OrganisationSession = z.infer<typeof organisationSessionSchema>;
export const organisationSessionListSchema = z.object({ items: z.array(organisationSessionSchema) });

// ---------- who does what where

export const matrixQuerySchema = z
  .strictObject({
    fromYear: queryInt4().min(2000).max(2100).optional(),
    toYear: queryInt4().min(2000).max(2100).optional(),
    programmeId: z.uuid('Not a valid programme id').optional(),
    kind: z.enum(organisationKinds).optional(),
    /** Cells where this organisation works, with every partner working there. */
    organisationId: z.uuid('Not a valid organisation id').optional(),
    basis: z.enum(matrixBases).optional(),
    stateIso2: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Use the two-letter ISO 3166 code in capitals, e.g. NG')
      .optional(),
    theme: z
      .string()
      .regex(/^[a-z_]{2,60}$/, 'A thematic area code, e.g. investigations')
      .optional(),
    overlapsOnly: booleanQuery.optional(),
  })
  .refine((v) => v.fromYear === undefined || v.toYear === undefined || v.fromYear <= v.toYear, {
    message: 'fromYear comes before toYear',
    path: ['toYear'],
  });
export type MatrixQuery = z.infer<typeof matrixQuerySchema>;

export const matrixSchema = z.object({
  /** How the matrix is built, in words, shown with it. */
  definition: z.string(),
  states: z.array(z.object({ iso2: z.string(), name: z.string() })),
  themes: z.array(z.string()),
  partners: z.array(organisationSchema),
  cells: z.array(
    z.object({
      stateIso2: z.string(),
      theme: z.string(),
      /** Two or more partners work on this state and theme. */
      overlap: z.boolean(),
      partners: z.array(
        z.object({
          organisationId: z.uuid(),
          sessions: int4(),
          bases: z.array(z.enum(matrixBases)),
        }),
      ),
    }),
  ),
  overlaps: int4(),
});
export type Matrix = z.infer<typeof matrixSchema>;
