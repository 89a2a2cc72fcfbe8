import { z } from 'zod';
import { agreementKinds, organisationKinds } from '../../../contract/enums';
import { changeOf, isoDate, localisedInput, optionalText } from '../../platform/schemas';
import { DECIMAL_PATTERN } from './money';

/** The request bodies of the partners routes, dependency-light so that the web's forms check them too. */

export const countrySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'Use the two-letter ISO 3166 code, e.g. JP')
  .transform((v) => v.toUpperCase());
const websiteSchema = z
  .string()
  .trim()
  .max(300)
  .transform((v) => (v === '' ? null : v))
  .pipe(z.url({ protocol: /^https?$/, error: 'Use a web address starting with https:// or http://' }).nullable())
  .nullish();

const organisationFields = {
  name: z.string().trim().min(2, 'Required').max(200),
  acronym: optionalText(30),
  kind: z.enum(organisationKinds, `Use one of ${organisationKinds.join(', ')}`),
  countryIso2: countrySchema.nullish(),
  seatCity: optionalText(120),
  website: websiteSchema,
  description: localisedInput(5000, { required: false }),
};

export const createOrganisationSchema = z.strictObject({
  ...organisationFields,
  description: organisationFields.description.optional(),
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationSchema>;

export const updateOrganisationSchema = changeOf(organisationFields);
export type UpdateOrganisationInput = z.infer<typeof updateOrganisationSchema>;

const contactFields = {
  fullName: z.string().trim().min(2, 'Required').max(200),
  functionTitle: optionalText(200),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .transform((v) => (v === '' ? null : v))
    .pipe(z.email('Not a valid email address').nullable())
    .nullish(),
  phone: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(
      z
        .string()
        .regex(/^\+?[0-9][0-9 ().-]{4,29}$/, 'Digits, spaces and + ( ) . - only, e.g. +212 537 00 00 00')
        .nullable(),
    )
    .nullish(),
};

export const createContactSchema = z.strictObject(contactFields);
export type CreateContactInput = z.infer<typeof createContactSchema>;

export const updateContactSchema = changeOf(contactFields);
export type UpdateContactInput = z.infer<typeof updateContactSchema>;

// ---------- agreements
const agreementFields = {
  title: z.string().trim().min(2, 'Required').max(300),
  kind: z.enum(agreementKinds, `Use one of ${agreementKinds.join(', ')}`),
  signedOn: isoDate.nullish(),
  validFrom: isoDate,
  validTo: isoDate.nullish(),
};

export const createAgreementSchema = z.strictObject(agreementFields);
export type CreateAgreementInput = z.infer<typeof createAgreementSchema>;

export const updateAgreementSchema = changeOf(agreementFields);
export type UpdateAgreementInput = z.infer<typeof updateAgreementSchema>;

const amountSchema = z
  .string('Give the amount as a decimal string, e.g. "250000.00" (never a number: money is exact)')
  .trim()
  .regex(DECIMAL_PATTERN, 'A plain decimal such as 250000.00: digits, one point, no sign or grouping');

const contributionFields = {
  organisationId: z.uuid('Not a valid organisation id'),
  programmeId: z.uuid('Not a valid programme id'),
  amount: amountSchema,
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, 'Use the three-letter ISO 4217 code, e.g. EUR')
    .transform((v) => v.toUpperCase()),
  earmarked: z.boolean('Say whether the contribution is earmarked (true or false)'),
  periodFrom: isoDate,
  periodTo: isoDate,
  agreementId: z.uuid('Not a valid agreement id').nullish(),
  note: optionalText(2000),
};

export const createContributionSchema = z.strictObject(contributionFields);
export type CreateContributionInput = z.infer<typeof createContributionSchema>;

export const updateContributionSchema = changeOf(contributionFields);
export type UpdateContributionInput = z.infer<typeof updateContributionSchema>;

// ---------- sessions an organisation co-delivered or funded

/** Why a session counts for an organisation. */
