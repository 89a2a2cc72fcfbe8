import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Sex } from '../../../contract/enums';
import { users } from './identity';
import { agencyTypes, memberStates } from './reference';

/** A national body whose officials are trained (police, gendarmerie, FIU…). */
export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stateIso2: text('state_iso2')
      .notNull()
      .references(() => memberStates.iso2),
    name: text('name').notNull(),
    acronym: text('acronym'),
    type: text('type')
      .notNull()
      .references(() => agencyTypes.code),
    /** The ministry or body it reports to, when that is also an agency in the registry. */
    parentId: uuid('parent_id').references((): AnyPgColumn => agencies.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agencies_state_idx').on(t.stateIso2), uniqueIndex('agencies_state_name_key').on(t.stateIso2, t.name)],
);

/**
 * A trained (or nominated) official. Identities are sensitive: every read goes through the access
 * layer and is audited. A merged duplicate keeps its row (for the audit trail) with merged_into_id
 * set; everything it owned moves to the surviving record.
 */
export const officials = pgTable(
  'officials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stateIso2: text('state_iso2')
      .notNull()
      .references(() => memberStates.iso2),
    agencyId: uuid('agency_id').references(() => agencies.id),
    /** Names as written in Latin script. */
    familyName: text('family_name').notNull(),
    givenNames: text('given_names').notNull(),
    /** The full name in its original script (Arabic, Amharic, Tifinagh…), when it has one. */
    nameOriginal: text('name_original'),
    sex: text('sex').$type<Sex>().notNull(),
    birthDate: date('birth_date'),
    rank: text('rank'),
    position: text('position'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    email: text('email'),
    phone: text('phone'),
    notes: text('notes'),
    /** Space-separated phonetic keys of every name part, sorted: what search and duplicate detection match on. */
    nameKeys: text('name_keys').notNull(),
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => officials.id),
    mergedAt: timestamp('merged_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('officials_state_idx').on(t.stateIso2),
    index('officials_agency_idx').on(t.agencyId),
    index('officials_merged_into_idx').on(t.mergedIntoId),
    index('officials_birth_date_idx').on(t.birthDate),
    // Registry search (migration 0018, pg_trgm): a name key is matched from the start of any key
    // (' ' || name_keys like '% key%'), the original-script name and the email anywhere. Each search
    // reads the whole pending list of new entries: 64 kB at most (migration 0036).
    index('officials_name_keys_trgm_idx')
      .using('gin', sql`(' ' || ${t.nameKeys}) gin_trgm_ops`)
      .with({ gin_pending_list_limit: 64 }),
    index('officials_name_original_trgm_idx')
      .using('gin', sql`${t.nameOriginal} gin_trgm_ops`)
      .with({ gin_pending_list_limit: 64 }),
    index('officials_email_trgm_idx').using('gin', sql`${t.email} gin_trgm_ops`).with({ gin_pending_list_limit: 64 }),
    // The list's order, read in order from the index for a first page and for keyset pages.
    index('officials_list_order_idx')
      .on(sql`lower(${t.familyName})`, sql`lower(${t.givenNames})`, t.id)
      .where(sql`${t.mergedIntoId} is null`),
    check('officials_sex_valid', sql`${t.sex} in ('female','male')`),
    check('officials_not_merged_into_self', sql`${t.mergedIntoId} is null or ${t.mergedIntoId} <> ${t.id}`),
  ],
);

/**
 * How many officials each (state, agency, sex, merged or not) holds: the officials list's total
 * without counting the officials on every request. Kept exact by statement-level triggers on
 * officials and recounted by every bulk path that turns them off (migration 0040,
 * docs/performance.md, Registry). Under the state wall, as the officials it counts.
 */
export const officialCounts = pgTable(
  'official_counts',
  {
    stateIso2: text('state_iso2').notNull(),
    /** No agency is a group of its own (the key treats nulls as equal). */
    agencyId: uuid('agency_id'),
    sex: text('sex').$type<Sex>().notNull(),
    merged: boolean('merged').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [unique('official_counts_key').on(t.stateIso2, t.agencyId, t.sex, t.merged).nullsNotDistinct()],
);

/** What a merge did: which record absorbed which, by whom, and the absorbed record as it was. */
export const officialMerges = pgTable(
  'official_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => officials.id),
    absorbedId: uuid('absorbed_id')
      .notNull()
      .references(() => officials.id),
    mergedBy: uuid('merged_by').references(() => users.id),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    reason: text('reason'),
    absorbedSnapshot: jsonb('absorbed_snapshot').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('official_merges_absorbed_key').on(t.absorbedId), index('official_merges_survivor_idx').on(t.survivorId)],
);

/** A pair the officer looked at and decided are two different persons: not proposed again. */
export const distinctOfficialPairs = pgTable(
  'distinct_official_pairs',
  {
    firstId: uuid('first_id')
      .notNull()
      .references(() => officials.id),
    secondId: uuid('second_id')
      .notNull()
      .references(() => officials.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('distinct_official_pairs_key').on(t.firstId, t.secondId),
    check('distinct_official_pairs_ordered', sql`${t.firstId} < ${t.secondId}`),
  ],
);
