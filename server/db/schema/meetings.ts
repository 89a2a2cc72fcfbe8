import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AgendaItemKind, DelegateStatus, DelegationRole, Locale, MeetingDocumentKind } from '../../../contract/enums';
import type { LocalisedText } from './curriculum';
import { storedFiles } from './files';
import { users } from './identity';
import { organisations } from './partners';
import { memberStates } from './reference';
import { agencies } from './registry';

/**
 * An edition of the yearly high-level meeting of the heads of African counter-terrorism agencies.
 * Its status (upcoming, ongoing, past) is derived from its dates, never stored.
 */
export const meetingEditions = pgTable(
  'meeting_editions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: integer('number').notNull().unique(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    city: text('city').notNull(),
    countryIso2: text('country_iso2')
      .notNull()
      .references(() => memberStates.iso2),
    theme: jsonb('theme').$type<LocalisedText>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('meeting_editions_number_positive', sql`${t.number} > 0`),
    check('meeting_editions_dates_ordered', sql`${t.endDate} >= ${t.startDate}`),
  ],
);

/**
 * Who a delegation represents: a member state (possibly led by one of its agencies, agency_id) or
 * an organisation. state_iso2 is set for every state or agency delegation: it scopes what a focal
 * point sees, and a state sends one delegation per edition.
 */
export const meetingDelegations = pgTable(
  'meeting_delegations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    editionId: uuid('edition_id')
      .notNull()
      .references(() => meetingEditions.id),
    stateIso2: text('state_iso2').references(() => memberStates.iso2),
    agencyId: uuid('agency_id').references(() => agencies.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    role: text('role').$type<DelegationRole>().notNull(),
    headDelegateId: uuid('head_delegate_id').references((): AnyPgColumn => meetingDelegates.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meeting_delegations_edition_idx').on(t.editionId),
    uniqueIndex('meeting_delegations_edition_state_key').on(t.editionId, t.stateIso2).where(sql`${t.stateIso2} is not null`),
    uniqueIndex('meeting_delegations_edition_organisation_key')
      .on(t.editionId, t.organisationId)
      .where(sql`${t.organisationId} is not null`),
    check('meeting_delegations_one_party', sql`(${t.stateIso2} is null) <> (${t.organisationId} is null)`),
    check('meeting_delegations_agency_of_state', sql`${t.agencyId} is null or ${t.stateIso2} is not null`),
    check('meeting_delegations_role_valid', sql`${t.role} in ('member','observer','international_organisation')`),
    check(
      'meeting_delegations_role_fits_party',
      sql`(${t.role} = 'international_organisation' and ${t.organisationId} is not null) or (${t.role} = 'member' and ${t.stateIso2} is not null) or ${t.role} = 'observer'`,
    ),
  ],
);

/**
 * A person registered in a delegation. Personal data: reads are scoped (a focal point sees their
 * state's) and audited. One person (one email) is registered once per delegation; unique per
 * edition it would tell a focal point that the person is registered by another state. edition_id
 * repeats the delegation's so that the office approves one person once per edition, whatever the
 * delegation: the others it sees flagged and declines.
 */
export const meetingDelegates = pgTable(
  'meeting_delegates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    editionId: uuid('edition_id')
      .notNull()
      .references(() => meetingEditions.id),
    delegationId: uuid('delegation_id')
      .notNull()
      .references((): AnyPgColumn => meetingDelegations.id),
    /** Form of address or rank as printed on the badge (Dr, General, Ambassador…). */
    title: text('title'),
    givenNames: text('given_names').notNull(),
    familyName: text('family_name').notNull(),
    /** Function in their agency or organisation (Director General, Head of the CT unit…). */
    function: text('function').notNull(),
    email: text('email').notNull(),
    status: text('status').$type<DelegateStatus>().notNull().default('pending'),
    decisionReason: text('decision_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    registeredBy: uuid('registered_by').references(() => users.id),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meeting_delegates_delegation_idx').on(t.delegationId),
    uniqueIndex('meeting_delegates_delegation_email_key').on(t.delegationId, sql`lower(${t.email})`),
    uniqueIndex('meeting_delegates_edition_email_approved_key')
      .on(t.editionId, sql`lower(${t.email})`)
      .where(sql`${t.status} = 'approved'`),
    check('meeting_delegates_status_valid', sql`${t.status} in ('pending','approved','declined')`),
    check('meeting_delegates_decided', sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
    check('meeting_delegates_decline_reason', sql`${t.status} <> 'declined' or ${t.decisionReason} is not null`),
  ],
);

/** A slot of an edition's agenda, in the venue's local time. */
export const meetingAgendaItems = pgTable(
  'meeting_agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    editionId: uuid('edition_id')
      .notNull()
      .references(() => meetingEditions.id),
    day: date('day').notNull(),
    startsAt: time('starts_at').notNull(),
    endsAt: time('ends_at').notNull(),
    kind: text('kind').$type<AgendaItemKind>().notNull(),
    title: jsonb('title').$type<LocalisedText>().notNull(),
    room: text('room'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meeting_agenda_items_edition_idx').on(t.editionId, t.day, t.startsAt),
    check('meeting_agenda_items_times_ordered', sql`${t.endsAt} > ${t.startsAt}`),
    check('meeting_agenda_items_kind_valid', sql`${t.kind} in ('ceremony','plenary','panel','working_session','break')`),
  ],
);

/** A speaker or moderator of an agenda item: a registered delegate, or a name written as is. */
export const meetingAgendaSpeakers = pgTable(
  'meeting_agenda_speakers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agendaItemId: uuid('agenda_item_id')
      .notNull()
      .references(() => meetingAgendaItems.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    delegateId: uuid('delegate_id').references(() => meetingDelegates.id),
    name: text('name'),
    /** Their part in the item: moderator, keynote, panellist… (free text). */
    part: text('part'),
  },
  (t) => [
    uniqueIndex('meeting_agenda_speakers_position_key').on(t.agendaItemId, t.position),
    index('meeting_agenda_speakers_delegate_idx').on(t.delegateId),
    check('meeting_agenda_speakers_one_identity', sql`(${t.delegateId} is null) <> (${t.name} is null)`),
  ],
);

/** A document of an edition, in one language; the outcome document once per language. */
export const meetingDocuments = pgTable(
  'meeting_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    editionId: uuid('edition_id')
      .notNull()
      .references(() => meetingEditions.id),
    kind: text('kind').$type<MeetingDocumentKind>().notNull(),
    language: text('language').$type<Locale>().notNull(),
    title: text('title').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .unique()
      .references(() => storedFiles.id),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meeting_documents_edition_idx').on(t.editionId),
    uniqueIndex('meeting_documents_outcome_language_key').on(t.editionId, t.language).where(sql`${t.kind} = 'outcome'`),
    check('meeting_documents_kind_valid', sql`${t.kind} in ('outcome','concept_note','report','presentation','other')`),
    check('meeting_documents_language_valid', sql`${t.language} in ('en','fr','ar','pt')`),
  ],
);
