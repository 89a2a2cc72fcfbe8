import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Results facts: what the indicators count, kept exact at every moment. Triggers on the source
 * tables (migration "results_triggers") queue the officials and sessions whose figures may have
 * changed; the next read of results recomputes just those from the source rows with the one
 * completion rule (server/modules/delivery/completion.ts), then answers from these tables.
 * No nightly batch: a queued change is never seen stale. Nothing here is typed in.
 */

/** What sets persons apart on the dashboard, in the key of every summary table below. */
const personGroup = () => ({
  stateIso2: text('state_iso2').notNull(),
  sex: text('sex').notNull(),
  agencyType: text('agency_type').notNull(),
});

/** Persons counted by the years they completed a training in (bit y − 2000): a signature row. */
const personsByYears = () => ({
  ...personGroup(),
  years: bigint('years', { mode: 'bigint' }).notNull(),
  persons: integer('persons').notNull(),
});

/**
 * The rows a refresh brought to zero, which it then deletes (server/modules/results/freshness.ts):
 * a handful, found here where the delete would otherwise read the whole table after every change
 * (up to 430 ms a statement at scale 100).
 */
const emptied = (name: string, column: AnyPgColumn, count: AnyPgColumn) => index(name).on(column).where(sql`${count} = 0`);

/** Completed enrolments summed: participations, the pre/post-test gains and the follow-up answers. */
const enrolmentSums = () => ({
  participations: integer('participations').notNull(),
  pairedTests: integer('paired_tests').notNull(),
  gainSum: numeric('gain_sum', { mode: 'number' }).notNull(),
  gainSquareSum: numeric('gain_square_sum', { mode: 'number' }).notNull(),
  normalisedTests: integer('normalised_tests').notNull(),
  normalisedGainSum: numeric('normalised_gain_sum', { mode: 'number' }).notNull(),
  followUpAnswers: integer('follow_up_answers').notNull(),
  applied: integer('applied').notNull(),
});

/** Officials whose completed enrolments must be recomputed before the next read. */
export const resultDirtyOfficials = pgTable('result_dirty_officials', {
  officialId: uuid('official_id').primaryKey(),
});

/** Sessions whose evaluation figures must be recomputed before the next read. */
export const resultDirtySessions = pgTable('result_dirty_sessions', {
  sessionId: uuid('session_id').primaryKey(),
});

/**
 * Changes to what the figures read beside the facts: recommendations and their actions, meeting
 * editions, agencies (an action's owner state), programme titles, state names and pillar titles.
 * A statement-level trigger on each of those tables adds a row (a plain insert: writers never wait
 * on one another); the next read of results takes them out and moves the version below.
 */
export const resultDirtyContext = pgTable('result_dirty_context', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
});

/**
 * The version of everything the results answer from: one row, moved by every recomputation of the
 * facts (server/modules/results/freshness.ts) in the same transaction. An answer computed at a
 * version stays right while the version stays the same (server/modules/results/answer-cache.ts).
 */
export const resultVersion = pgTable('result_version', {
  id: smallint('id').primaryKey(),
  version: bigint('version', { mode: 'bigint' }).notNull(),
});

/** One row per completed enrolment, under the person's surviving record (after merges). */
export const resultEnrolments = pgTable(
  'result_enrolments',
  {
    nominationId: uuid('nomination_id').primaryKey(),
    officialId: uuid('official_id').notNull(),
    sessionId: uuid('session_id').notNull(),
    courseId: uuid('course_id').notNull(),
    programmeId: uuid('programme_id').notNull(),
    stateIso2: text('state_iso2').notNull(),
    sex: text('sex').notNull(),
    /** 'unknown' when the official has no agency. */
    agencyType: text('agency_type').notNull(),
    courseLevel: text('course_level').notNull(),
    thematicArea: text('thematic_area').notNull(),
    modality: text('modality').notNull(),
    pillars: text('pillars').array().notNull(),
    /** The session's last day: an enrolment counts in the period (and year) it ended in. */
    endedOn: date('ended_on').notNull(),
    year: smallint('year').notNull(),
    preScore: numeric('pre_score', { mode: 'number' }),
    postScore: numeric('post_score', { mode: 'number' }),
    maxScore: numeric('max_score', { mode: 'number' }),
    /** Follow-up survey: answered, and whether the graduate applied what they learned. */
    followUpAnswered: boolean('follow_up_answered').notNull(),
    applied: boolean('applied'),
    /**
     * The day the person's previous completed enrolment ended (null: none before), overall and with
     * the same programme, course level, thematic area or modality (ties in nomination order). Persons
     * trained in a span of days, per value, are then the enrolments in it whose previous one ended
     * before it: a count, not a count(distinct) (server/modules/results/enrolment-repository.ts).
     */
    previousEndedOn: date('previous_ended_on'),
    previousInProgramme: date('previous_in_programme'),
    previousInLevel: date('previous_in_level'),
    previousInTheme: date('previous_in_theme'),
    previousInModality: date('previous_in_modality'),
    /**
     * Per pillar, in the order of `pillars`: the day the person's previous completed enrolment with
     * that pillar ended (null: none before). Kept beside `pillars` (an enrolment has several), so that
     * persons by pillar over a span of days are a count too (migration 0039).
     */
    previousInPillars: date('previous_in_pillars').array(),
    /**
     * Per pillar, the day the person's next completed enrolment with that pillar ended (null: none
     * after): a span starting mid-month finds, among the enrolments of that month before it, those
     * whose next one with a pillar falls in the span's whole months (a range of their day, where an
     * index on an array's elements would need an operator row-level security does not let through).
     */
    nextInPillars: date('next_in_pillars').array(),
  },
  (t) => [
    index('result_enrolments_official_idx').on(t.officialId),
    index('result_enrolments_state_year_idx').on(t.stateIso2, t.year),
    index('result_enrolments_session_idx').on(t.sessionId),
    index('result_enrolments_programme_idx').on(t.programmeId),
    // The drill-down's order (newest day first, then session and person): a page walks it by keyset.
    index('result_enrolments_ended_session_official_idx').on(t.endedOn, t.sessionId, t.officialId),
    // A span of days starting mid-month: the enrolments of its whole months whose previous one with
    // the same value ended in the partial first month, before the span (server/modules/results/month-facts.ts).
    index('result_enrolments_previous_ended_idx').on(t.previousEndedOn, t.endedOn),
    index('result_enrolments_previous_programme_idx').on(t.previousInProgramme, t.endedOn),
    index('result_enrolments_previous_level_idx').on(t.previousInLevel, t.endedOn),
    index('result_enrolments_previous_theme_idx').on(t.previousInTheme, t.endedOn),
    index('result_enrolments_previous_modality_idx').on(t.previousInModality, t.endedOn),
  ],
);

/**
 * One row per person trained: the years they completed a training in (bit y − 2000 of `years`)
 * and, per programme slot, the same for that programme. Counting persons in any span of years
 * is then a count of rows, never a count(distinct) over a million enrolments.
 */
export const resultOfficials = pgTable(
  'result_officials',
  {
    officialId: uuid('official_id').primaryKey(),
    ...personGroup(),
    years: bigint('years', { mode: 'bigint' }).notNull(),
    /** Element k (1-based) is the years mask for the programme in slot k; 0 where none. */
    programmeYears: bigint('programme_years', { mode: 'bigint' }).array().notNull(),
    /** The person's names, so that the drill-down walks persons in its order (state, name) by index. */
    familyName: text('family_name').notNull().default(''),
    givenNames: text('given_names').notNull().default(''),
  },
  (t) => [
    index('result_officials_state_idx').on(t.stateIso2, t.officialId),
    index('result_officials_state_name_idx').on(t.stateIso2, t.familyName, t.givenNames, t.officialId),
  ],
);

/** A small stable number per programme: its position in result_officials.programme_years. */
export const resultProgrammeSlots = pgTable('result_programme_slots', {
  programmeId: uuid('programme_id').primaryKey(),
  slot: smallint('slot').notNull().unique(),
});

/**
 * Completed enrolments summed by year, the person's state, sex and agency type, and programme: the
 * dashboard's participation figures (and test, follow-up sums) without scanning the enrolments.
 * Figures by course level, theme, pillar or modality come from result_enrolments.
 */
export const resultCube = pgTable(
  'result_cube',
  {
    year: smallint('year').notNull(),
    ...personGroup(),
    programmeId: uuid('programme_id').notNull(),
    ...enrolmentSums(),
  },
  (t) => [
    primaryKey({
      name: 'result_cube_pkey',
      columns: [t.year, t.stateIso2, t.sex, t.agencyType, t.programmeId],
    }),
    emptied('result_cube_emptied_idx', t.stateIso2, t.participations),
  ],
);

/** Per session: its end-of-session ratings (anonymous, so never split by person or state). */
export const resultSessions = pgTable(
  'result_sessions',
  {
    sessionId: uuid('session_id').primaryKey(),
    programmeId: uuid('programme_id').notNull(),
    courseLevel: text('course_level').notNull(),
    modality: text('modality').notNull(),
    thematicArea: text('thematic_area').notNull(),
    pillars: text('pillars').array().notNull().default(sql`'{}'::text[]`),
    endedOn: date('ended_on').notNull(),
    year: smallint('year').notNull(),
    ratings: integer('ratings').notNull(),
    ratingSum: integer('rating_sum').notNull(),
  },
  (t) => [index('result_sessions_year_idx').on(t.year)],
);

/**
 * Persons trained, counted by what sets them apart on the dashboard: state, sex, agency type and
 * the years they completed a training in. Thousands of rows where result_officials has one per
 * person; persons in any span of years are a sum over the rows whose mask meets the span's.
 */
export const resultPersonSignatures = pgTable(
  'result_person_signatures',
  {
    ...personsByYears(),
  },
  (t) => [
    primaryKey({ name: 'result_person_signatures_pkey', columns: [t.stateIso2, t.sex, t.agencyType, t.years] }),
    emptied('result_person_signatures_emptied_idx', t.stateIso2, t.persons),
  ],
);

/** The same per programme: `years` are the years the persons completed a training of that programme in. */
export const resultProgrammeSignatures = pgTable(
  'result_programme_signatures',
  {
    programmeId: uuid('programme_id').notNull(),
    ...personsByYears(),
  },
  (t) => [
    primaryKey({
      name: 'result_programme_signatures_pkey',
      columns: [t.programmeId, t.stateIso2, t.sex, t.agencyType, t.years],
    }),
    emptied('result_programme_signatures_emptied_idx', t.stateIso2, t.persons),
  ],
);

/**
 * What an enrolment carries from its course and session, as (attribute, value) pairs: its course
 * level, thematic area, modality and each of its pillars. The two tables below count persons and
 * sum enrolments per pair, so that breakdowns by these attributes (or narrowed to one of them)
 * never scan the enrolments.
 *
 * Persons trained per attribute value, state, sex, agency type and the years they completed a
 * training with that value in (bit y − 2000), for every programme together (programme_id
 * 00000000-0000-0000-0000-000000000000) and for each programme alone.
 */
export const resultAttributeSignatures = pgTable(
  'result_attribute_signatures',
  {
    attribute: text('attribute').notNull(),
    value: text('value').notNull(),
    programmeId: uuid('programme_id').notNull(),
    ...personsByYears(),
  },
  (t) => [
    primaryKey({
      name: 'result_attribute_signatures_pkey',
      columns: [t.attribute, t.programmeId, t.value, t.stateIso2, t.sex, t.agencyType, t.years],
    }),
    emptied('result_attribute_signatures_emptied_idx', t.stateIso2, t.persons),
  ],
);

/** result_cube with an attribute value in its key (an enrolment counts once under each of its values). */
export const resultAttributeCube = pgTable(
  'result_attribute_cube',
  {
    attribute: text('attribute').notNull(),
    value: text('value').notNull(),
    year: smallint('year').notNull(),
    ...personGroup(),
    programmeId: uuid('programme_id').notNull(),
    ...enrolmentSums(),
  },
  (t) => [
    primaryKey({
      name: 'result_attribute_cube_pkey',
      columns: [t.attribute, t.value, t.year, t.stateIso2, t.sex, t.agencyType, t.programmeId],
    }),
    emptied('result_attribute_cube_emptied_idx', t.stateIso2, t.participations),
  ],
);

/**
 * The same facts by the value of one dimension of a breakdown and the person's state and sex,
 * without agency type: 'total' (value ''), state, sex, agency type, programme, course level, thematic
 * area, modality, pillar; for every programme together (programme_id 00000000-…) and for each
 * programme alone. A breakdown with no narrowing by agency type or course attribute reads
 * a few rows per value here (server/modules/results/breakdown-repository.ts).
 */
export const resultDimensionSignatures = pgTable(
  'result_dimension_signatures',
  {
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    programmeId: uuid('programme_id').notNull(),
    stateIso2: text('state_iso2').notNull(),
    sex: text('sex').notNull(),
    years: bigint('years', { mode: 'bigint' }).notNull(),
    persons: integer('persons').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'result_dimension_signatures_pkey',
      columns: [t.dimension, t.programmeId, t.value, t.stateIso2, t.sex, t.years],
    }),
    emptied('result_dimension_signatures_emptied_idx', t.stateIso2, t.persons),
  ],
);

/** Completed enrolments summed by the same keys and year. */
export const resultDimensionCube = pgTable(
  'result_dimension_cube',
  {
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    programmeId: uuid('programme_id').notNull(),
    stateIso2: text('state_iso2').notNull(),
    sex: text('sex').notNull(),
    year: smallint('year').notNull(),
    ...enrolmentSums(),
  },
  (t) => [
    primaryKey({
      name: 'result_dimension_cube_pkey',
      columns: [t.dimension, t.programmeId, t.value, t.stateIso2, t.sex, t.year],
    }),
    emptied('result_dimension_cube_emptied_idx', t.stateIso2, t.participations),
  ],
);

/** The states whose persons completed each session (with how many completed enrolments): ratings by state. */
export const resultSessionStates = pgTable(
  'result_session_states',
  {
    sessionId: uuid('session_id').notNull(),
    stateIso2: text('state_iso2').notNull(),
    enrolments: integer('enrolments').notNull(),
  },
  (t) => [
    primaryKey({ name: 'result_session_states_pkey', columns: [t.sessionId, t.stateIso2] }),
    emptied('result_session_states_emptied_idx', t.stateIso2, t.enrolments),
    index('result_session_states_state_idx').on(t.stateIso2),
  ],
);

/**
 * Completed enrolments summed by month (months since January 2000) and by the value of one
 * dimension of a breakdown, the person's state and sex, as in result_dimension_cube: 'total', state,
 * sex, agency type, programme, course level, thematic area, modality and pillar for every programme
 * together (programme_id 00000000-…; an enrolment counts once for each pillar it carries, migration
 * 0039); 'total', state, sex and agency type for each programme alone. Persons in a span of days are
 * counted at their first enrolment in it with the value, the one whose previous enrolment with the
 * value (for a programme's rows, in the programme; by pillar, with the pillar) ended before the span:
 * `firsts_none` counts the month's enrolments with no previous one, `firsts_back[j]` those whose
 * previous one ended j or more months before, possibly followed by zeros that a refresh's subtraction
 * left (server/modules/results/month-facts.ts). Rows brought to zero participations are deleted.
 */
export const resultMonthFacts = pgTable(
  'result_month_facts',
  {
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    programmeId: uuid('programme_id').notNull(),
    month: smallint('month').notNull(),
    stateIso2: text('state_iso2').notNull(),
    sex: text('sex').notNull(),
    ...enrolmentSums(),
    firstsNone: integer('firsts_none').notNull(),
    firstsBack: integer('firsts_back').array().notNull(),
  },
  (t) => [
    primaryKey({
      name: 'result_month_facts_pkey',
      columns: [t.dimension, t.programmeId, t.month, t.value, t.stateIso2, t.sex],
    }),
    emptied('result_month_facts_emptied_idx', t.stateIso2, t.participations),
  ],
);

/**
 * The same facts by day (no programme_id: every programme together), for the rows that a span's
 * partial months would otherwise read from the enrolments one by one: 'total' and each pillar (by
 * pillar an enrolment is a row per pillar it carries, some 45,000 enrolment rows for the partial
 * months of a span at scale 100; migration 0041). `firsts_none` and `firsts_back[j]` count, as in
 * result_month_facts, the day's enrolments with no previous one (overall for 'total', with the pillar
 * by pillar) and those whose previous one ended j or more months before the day's month.
 */
export const resultDayFacts = pgTable(
  'result_day_facts',
  {
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    day: date('day').notNull(),
    stateIso2: text('state_iso2').notNull(),
    sex: text('sex').notNull(),
    ...enrolmentSums(),
    firstsNone: integer('firsts_none').notNull(),
    firstsBack: integer('firsts_back').array().notNull(),
  },
  (t) => [
    primaryKey({ name: 'result_day_facts_pkey', columns: [t.dimension, t.day, t.value, t.stateIso2, t.sex] }),
    emptied('result_day_facts_emptied_idx', t.stateIso2, t.participations),
  ],
);
