import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  type LibraryAudience,
  type LibraryItemType,
  type LibraryTextStatus,
  type Locale,
  locales,
  type SubmissionStatus,
} from '../../../contract/enums';
import type { LocalisedText } from './curriculum';
import { courses, programmes } from './curriculum';
import { trainingSessions } from './delivery';
import { storedFiles } from './files';
import { users } from './identity';
import { memberStates } from './reference';

/** PostgreSQL's text-search document; written and read in SQL only (server/modules/library/repository.ts). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * A document of the knowledge library: its title and summary in up to four languages, its files
 * (library_files) or a link, its audience and what it is about. Who may see it is decided by one
 * condition (libraryItemScopeCondition, server/platform/access.ts) and, for the items of named
 * states, by the database's wall too (migration 0022).
 */
export const libraryItems = pgTable(
  'library_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').$type<LibraryItemType>().notNull(),
    audience: text('audience').$type<LibraryAudience>().notNull(),
    title: jsonb('title').$type<LocalisedText>().notNull(),
    summary: jsonb('summary').$type<LocalisedText>().notNull().default({}),
    publishedOn: date('published_on'),
    author: text('author'),
    /** A link item points to a page elsewhere instead of (or besides) carrying files. */
    linkUrl: text('link_url'),
    pillars: text('pillars').array().notNull().default(sql`'{}'::text[]`),
    resolutions: integer('resolutions').array().notNull().default(sql`'{}'::integer[]`),
    thematicAreas: text('thematic_areas').array().notNull().default(sql`'{}'::text[]`),
    /** The states the item concerns; for the audience 'states', the states whose focal points read it. */
    states: text('states').array().notNull().default(sql`'{}'::text[]`),
    /**
     * The languages the item has a search document in (library_search), in order: written with
     * them (repository.ts rebuildSearch), so a list and a search read them with the item instead of
     * looking up its documents once per item (migration 0033).
     */
    languages: text('languages').array().$type<Locale[]>().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('library_items_published_idx').on(t.publishedOn, t.id),
    index('library_items_states_idx').using('gin', t.states),
    check(
      'library_items_type_valid',
      sql`${t.type} in ('manual','course_material','case_study','good_practice','legal_text','national_strategy','meeting_document','research','template')`,
    ),
    check('library_items_audience_valid', sql`${t.audience} in ('public','signed_in','participants','office','states')`),
    check('library_items_states_named', sql`${t.audience} <> 'states' or cardinality(${t.states}) > 0`),
    check('library_items_link_http', sql`${t.linkUrl} is null or ${t.linkUrl} ~ '^https?://'`),
  ],
);

/** The courses an item belongs to: for the audience 'participants', every session of the course. */
export const libraryItemCourses = pgTable(
  'library_item_courses',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => libraryItems.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.courseId] }), index('library_item_courses_course_idx').on(t.courseId)],
);

/** The sessions an item belongs to (session materials). */
export const libraryItemSessions = pgTable(
  'library_item_sessions',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => libraryItems.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.sessionId] }), index('library_item_sessions_session_idx').on(t.sessionId)],
);

export const libraryItemProgrammes = pgTable(
  'library_item_programmes',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => libraryItems.id, { onDelete: 'cascade' }),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.programmeId] }), index('library_item_programmes_programme_idx').on(t.programmeId)],
);

/**
 * One version of an item's file in one language. A new upload in a language adds the next
 * version; the previous ones stay (the office may still download them). The text read from the
 * file feeds the search; a file whose text could not be read keeps `not_extracted`.
 */
export const libraryFiles = pgTable(
  'library_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => libraryItems.id, { onDelete: 'cascade' }),
    language: text('language').$type<Locale>().notNull(),
    version: smallint('version').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .unique()
      .references(() => storedFiles.id),
    textStatus: text('text_status').$type<LibraryTextStatus>().notNull(),
    text: text('text'),
    pages: integer('pages'),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('library_files_version_key').on(t.itemId, t.language, t.version),
    check('library_files_language_valid', sql`${t.language} in ('en','fr','ar','pt')`),
    check('library_files_version_positive', sql`${t.version} > 0`),
    check('library_files_text_status_valid', sql`${t.textStatus} in ('extracted','not_extracted','none')`),
    check('library_files_text_when_extracted', sql`(${t.textStatus} = 'extracted') = (${t.text} is not null)`),
  ],
);

/**
 * The search document of an item in one language: its title (weight A), summary (B) and the text
 * of its current file (C) in that language, under the language's own configuration (tadrib_en,
 * tadrib_fr, tadrib_ar, tadrib_pt: the language's stemmer after unaccent, migration 0022).
 * Rewritten by the repository whenever the item or its files change.
 */
export const librarySearch = pgTable(
  'library_search',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => libraryItems.id, { onDelete: 'cascade' }),
    language: text('language').$type<Locale>().notNull(),
    document: tsvector('document').notNull(),
    /**
     * The title (A) and summary (B) alone: small enough to rank every match by, where the whole
     * document is ranked for the first matches only (migration 0026, repository.ts).
     */
    heading: tsvector('heading').notNull().default(sql`''::tsvector`),
    /*
     * The item's columns that the wall, the reader's scope, the filters and the facets read,
     * copied from library_items whenever the documents are rewritten (repository.ts rebuildSearch,
     * after every change of the item): library_search_hits answers from these rows alone,
     * without reading each match from library_items (migration 0034).
     */
    type: text('type').$type<LibraryItemType>().notNull(),
    audience: text('audience').$type<LibraryAudience>().notNull(),
    states: text('states').array().notNull().default(sql`'{}'::text[]`),
    pillars: text('pillars').array().notNull().default(sql`'{}'::text[]`),
    publishedOn: date('published_on'),
    languages: text('languages').array().$type<Locale[]>().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.language] }),
    // One GIN index per language (migration 0026): a search's four branches (each language's
    // document against the query in that language) are each answered by their own index alone.
    // No pending list (fastupdate off): without autovacuum it grows to 4 MB that every search reads.
    ...locales.map((lang) =>
      index(`library_search_${lang}_idx`)
        .using('gin', t.document)
        .with({ fastupdate: false })
        .where(sql.raw(`language = '${lang}'`)),
    ),
    check('library_search_language_valid', sql`${t.language} in ('en','fr','ar','pt')`),
  ],
);

/**
 * The text of an item cut into passages of about 2,000 characters, per language: its summary
 * (position 0) and the text of its current file (from 1). A search snippet is the headline of the
 * first passage that matches, so PostgreSQL never reads a whole 30-page file to show two lines.
 */
export const libraryPassages = pgTable(
  'library_passages',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => libraryItems.id, { onDelete: 'cascade' }),
    language: text('language').$type<Locale>().notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    document: tsvector('document').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.language, t.position] }),
    // A search's first matching passage of each item is found through this index, which reads its
    // whole pending list of new entries every time: 64 kB at most (migration 0042).
    index('library_passages_document_idx').using('gin', t.document).with({ gin_pending_list_limit: 64 }),
    check('library_passages_language_valid', sql`${t.language} in ('en','fr','ar','pt')`),
  ],
);

/**
 * A good practice a focal point or a participant puts forward for their state, in their language;
 * the office returns it with comments, publishes it as a library item or declines it.
 */
export const librarySubmissions = pgTable(
  'library_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stateIso2: text('state_iso2')
      .notNull()
      .references(() => memberStates.iso2),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    language: text('language').$type<Locale>().notNull(),
    title: text('title').notNull(),
    context: text('context').notNull(),
    challenge: text('challenge').notNull(),
    approach: text('approach').notNull(),
    results: text('results').notNull(),
    lessons: text('lessons').notNull(),
    contact: text('contact'),
    /** Whether the published practice may name the state. */
    nameState: boolean('name_state').notNull(),
    status: text('status').$type<SubmissionStatus>().notNull().default('submitted'),
    /** The office's comments when returned, its reason when declined. */
    reviewNote: text('review_note'),
    itemId: uuid('item_id').references(() => libraryItems.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('library_submissions_submitter_idx').on(t.submittedBy),
    index('library_submissions_state_idx').on(t.stateIso2),
    check('library_submissions_language_valid', sql`${t.language} in ('en','fr','ar','pt')`),
    check('library_submissions_status_valid', sql`${t.status} in ('submitted','returned','resubmitted','published','declined')`),
    check(
      'library_submissions_note_when_decided',
      sql`${t.status} not in ('returned','declined') or ${t.reviewNote} is not null`,
    ),
  ],
);
