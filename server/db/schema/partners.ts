import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AgreementKind, OrganisationKind } from '../../../contract/enums';
import type { LocalisedText } from './curriculum';
import { programmes } from './curriculum';
import { storedFiles } from './files';
import { users } from './identity';

/** A partner or donor: UN entities, INTERPOL, AFRIPOL, the AU, donor governments… */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    acronym: text('acronym'),
    kind: text('kind').$type<OrganisationKind>().notNull(),
    /** Where the organisation has its seat (ISO 3166-1 alpha-2; any country, not only member states). */
    countryIso2: text('country_iso2'),
    seatCity: text('seat_city'),
    website: text('website'),
    description: jsonb('description').$type<LocalisedText>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_name_key').on(t.name),
    check(
      'organisations_kind_valid',
      sql`${t.kind} in ('un_entity','international_body','regional_body','donor_government','academic_institution','civil_society','other')`,
    ),
    check('organisations_country_format', sql`${t.countryIso2} is null or ${t.countryIso2} ~ '^[A-Z]{2}$'`),
    check('organisations_website_format', sql`${t.website} is null or ${t.website} ~ '^https?://'`),
  ],
);

/** The people the office deals with at a partner: personal data, read by office staff only. */
export const organisationContacts = pgTable(
  'organisation_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    fullName: text('full_name').notNull(),
    /** Their function at the organisation (e.g. "Programme Management Officer"). */
    functionTitle: text('function_title'),
    email: text('email'),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisation_contacts_organisation_idx').on(t.organisationId)],
);

/** A memorandum of understanding, funding agreement or letter of agreement with a partner. */
export const partnerAgreements = pgTable(
  'partner_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    kind: text('kind').$type<AgreementKind>().notNull(),
    signedOn: date('signed_on'),
    validFrom: date('valid_from').notNull(),
    /** Open-ended when null. */
    validTo: date('valid_to'),
    /** The signed document, in the file store. */
    documentFileId: uuid('document_file_id').references(() => storedFiles.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('partner_agreements_organisation_idx').on(t.organisationId),
    // The target of contributions' (agreement, organisation) key: a contribution cites its own donor's agreement.
    unique('partner_agreements_id_organisation_key').on(t.id, t.organisationId),
    check('partner_agreements_kind_valid', sql`${t.kind} in ('mou','funding_agreement','letter_of_agreement','other')`),
    check('partner_agreements_validity', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/**
 * Money a donor gives to a programme over a period. Earmarked: the donor restricted it to that
 * programme; not earmarked: the office allocated a flexible contribution to it. Amounts are exact
 * decimals in the contribution's own currency (ISO 4217) and are never added across currencies.
 */
export const contributions = pgTable(
  'contributions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    amount: numeric('amount', { mode: 'string' }).notNull(),
    currency: text('currency').notNull(),
    earmarked: boolean('earmarked').notNull(),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    agreementId: uuid('agreement_id'),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contributions_organisation_idx').on(t.organisationId),
    index('contributions_programme_idx').on(t.programmeId),
    foreignKey({
      name: 'contributions_agreement_same_organisation_fk',
      columns: [t.agreementId, t.organisationId],
      foreignColumns: [partnerAgreements.id, partnerAgreements.organisationId],
    }),
    check('contributions_amount_positive', sql`${t.amount} > 0`),
    check('contributions_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('contributions_period', sql`${t.periodTo} >= ${t.periodFrom}`),
  ],
);
