import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EngagementKind, EngagementStatus, Locale, ProgrammeStageKind } from '../../../contract/enums';
import type { LocalisedText } from './curriculum';
import { storedFiles } from './files';
import { users } from './identity';
import { memberStates, securityCouncilResolutions, strategyPillars } from './reference';

/**
 * The office's support to a member state building a national counter-terrorism strategy or
 * action plan. A state may have several over time (a strategy, then its action plan).
 */
export const nationalProgrammeEngagements = pgTable(
  'national_programme_engagements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stateIso2: text('state_iso2')
      .notNull()
      .references(() => memberStates.iso2),
    title: jsonb('title').$type<LocalisedText>().notNull(),
    kind: text('kind').$type<EngagementKind>().notNull(),
    status: text('status').$type<EngagementStatus>().notNull().default('active'),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('national_programme_engagements_state_idx').on(t.stateIso2),
    check('national_programme_engagements_kind_valid', sql`${t.kind} in ('strategy','action_plan','other')`),
    check('national_programme_engagements_status_valid', sql`${t.status} in ('active','on_hold','completed','discontinued')`),
  ],
);

/** One stage of an engagement, with planned and actual dates. Skipped stages carry no actual dates. */
export const nationalProgrammeStages = pgTable(
  'national_programme_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => nationalProgrammeEngagements.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ProgrammeStageKind>().notNull(),
    /** Order among the stages of one kind: drafting workshops 1, 2, 3…; 1 for every other kind. */
    sequence: smallint('sequence').notNull().default(1),
    plannedStart: date('planned_start'),
    plannedEnd: date('planned_end'),
    actualStart: date('actual_start'),
    actualEnd: date('actual_end'),
    skipped: boolean('skipped').notNull().default(false),
    notes: text('notes'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('national_programme_stages_order_key').on(t.engagementId, t.kind, t.sequence),
    check(
      'national_programme_stages_kind_valid',
      sql`${t.kind} in ('request','assessment','drafting_workshop','validation','adoption','implementation')`,
    ),
    check(
      'national_programme_stages_sequence_valid',
      sql`${t.sequence} >= 1 and (${t.kind} = 'drafting_workshop' or ${t.sequence} = 1)`,
    ),
    check('national_programme_stages_planned_order', sql`${t.plannedEnd} >= ${t.plannedStart}`),
    check(
      'national_programme_stages_actual_order',
      sql`${t.actualEnd} is null or (${t.actualStart} is not null and ${t.actualEnd} >= ${t.actualStart})`,
    ),
    check(
      'national_programme_stages_skipped_undated',
      sql`not ${t.skipped} or (${t.actualStart} is null and ${t.actualEnd} is null)`,
    ),
  ],
);

/** Office staff responsible for a stage. */
export const nationalProgrammeStageStaff = pgTable(
  'national_programme_stage_staff',
  {
    stageId: uuid('stage_id')
      .notNull()
      .references(() => nationalProgrammeStages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.userId] }), index('national_programme_stage_staff_user_idx').on(t.userId)],
);

/** National counterparts responsible for a stage: named persons, so personal data. */
export const nationalProgrammeStageCounterparts = pgTable(
  'national_programme_stage_counterparts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => nationalProgrammeStages.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    name: text('name').notNull(),
    /** Their function, e.g. "National CT coordinator". */
    function: text('function'),
    organisation: text('organisation'),
  },
  (t) => [unique('national_programme_stage_counterparts_position_key').on(t.stageId, t.position)],
);

/** Documents of a stage (request letter, assessment report, drafts, adopted text…), kept in the file store. */
export const nationalProgrammeDocuments = pgTable(
  'national_programme_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => nationalProgrammeStages.id),
    fileId: uuid('file_id')
      .notNull()
      .unique()
      .references(() => storedFiles.id),
    /** The language the document is written in, when it is one of the four. */
    language: text('language').$type<Locale>(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('national_programme_documents_stage_idx').on(t.stageId),
    check('national_programme_documents_language_valid', sql`${t.language} in ('en','fr','ar','pt')`),
  ],
);

/** Parts (chapters) of a state's programme, when coverage is recorded per part. */
export const nationalProgrammeParts = pgTable(
  'national_programme_parts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => nationalProgrammeEngagements.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    title: jsonb('title').$type<LocalisedText>().notNull(),
  },
  (t) => [unique('national_programme_parts_position_key').on(t.engagementId, t.position)],
);

/** Security Council resolutions whose obligations the programme (part_id null) or one of its parts covers. */
export const nationalProgrammeResolutionCoverage = pgTable(
  'national_programme_resolution_coverage',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => nationalProgrammeEngagements.id, { onDelete: 'cascade' }),
    partId: uuid('part_id').references(() => nationalProgrammeParts.id, { onDelete: 'cascade' }),
    resolutionNumber: integer('resolution_number')
      .notNull()
      .references(() => securityCouncilResolutions.number),
  },
  (t) => [
    index('national_programme_resolution_coverage_engagement_idx').on(t.engagementId),
    uniqueIndex('national_programme_resolution_coverage_whole_key')
      .on(t.engagementId, t.resolutionNumber)
      .where(sql`${t.partId} is null`),
    uniqueIndex('national_programme_resolution_coverage_part_key')
      .on(t.partId, t.resolutionNumber)
      .where(sql`${t.partId} is not null`),
  ],
);

/** Strategy pillars the programme (part_id null) or one of its parts covers. */
export const nationalProgrammePillarCoverage = pgTable(
  'national_programme_pillar_coverage',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => nationalProgrammeEngagements.id, { onDelete: 'cascade' }),
    partId: uuid('part_id').references(() => nationalProgrammeParts.id, { onDelete: 'cascade' }),
    pillarCode: text('pillar_code')
      .notNull()
      .references(() => strategyPillars.code),
  },
  (t) => [
    index('national_programme_pillar_coverage_engagement_idx').on(t.engagementId),
    uniqueIndex('national_programme_pillar_coverage_whole_key').on(t.engagementId, t.pillarCode).where(sql`${t.partId} is null`),
    uniqueIndex('national_programme_pillar_coverage_part_key').on(t.partId, t.pillarCode).where(sql`${t.partId} is not null`),
  ],
);
