import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Modality, NominationStatus, RiskLevel, ScreeningDecision, SessionStatus } from '../../../contract/enums';
import { deferrableUnique } from './constraints';
import { courses } from './curriculum';
import { users } from './identity';
import { memberStates } from './reference';
import { officials } from './registry';

/** A cohort: one delivery of a course. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    code: text('code').notNull().unique(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    venueCity: text('venue_city'),
    venueCountry: text('venue_country'),
    modality: text('modality').$type<Modality>().notNull(),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    capacity: smallint('capacity').notNull(),
    /** Target share of women among participants (0–1). */
    womenTarget: numeric('women_target', { precision: 4, scale: 3, mode: 'number' }),
    nominationDeadline: date('nomination_deadline').notNull(),
    status: text('status').$type<SessionStatus>().notNull().default('planned'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('training_sessions_course_idx').on(t.courseId),
    index('training_sessions_start_idx').on(t.startDate),
    check('training_sessions_dates', sql`${t.endDate} >= ${t.startDate} and ${t.nominationDeadline} <= ${t.startDate}`),
    check('training_sessions_capacity', sql`${t.capacity} > 0`),
    check('training_sessions_modality_valid', sql`${t.modality} in ('in_person','online','blended')`),
    check('training_sessions_status_valid', sql`${t.status} in ('planned','open','closed','completed','cancelled')`),
  ],
);

/**
 * How many sessions each (course, status, year of start) has, kept by triggers on training_sessions
 * (migration 0043): the sessions list's total for a reader who sees every session, summed from a
 * few hundred rows where counting read every session on every request.
 */
export const sessionCounts = pgTable(
  'session_counts',
  {
    courseId: uuid('course_id').notNull(),
    status: text('status').$type<SessionStatus>().notNull(),
    year: integer('year').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.status, t.year] })],
);

/** The teaching days of a session: attendance is taken per day. */
export const sessionDays = pgTable(
  'session_days',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.day] })],
);

export const sessionTrainers = pgTable(
  'session_trainers',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('session_trainers_user_idx').on(t.userId)],
);

/** The states invited to a session and the seats each may fill. */
export const sessionQuotas = pgTable(
  'session_quotas',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    stateIso2: text('state_iso2')
      .notNull()
      .references(() => memberStates.iso2),
    seats: smallint('seats').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.stateIso2] }), check('session_quotas_seats', sql`${t.seats} > 0`)],
);

/** An official put forward for a session; once accepted, their enrolment. */
export const nominations = pgTable(
  'nominations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    officialId: uuid('official_id')
      .notNull()
      .references(() => officials.id),
    status: text('status').$type<NominationStatus>().notNull().default('nominated'),
    /** Order on the waiting list (1 = offered the next freed seat). */
    waitlistRank: integer('waitlist_rank'),
    decisionReason: text('decision_reason'),
    nominatedBy: uuid('nominated_by').references(() => users.id),
    nominatedAt: timestamp('nominated_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A person is nominated once per session. The constraint is DEFERRABLE (migration 0005) so
    // that a merge can swap two nominations between records within one transaction.
    deferrableUnique('nominations_session_official_key').on(t.sessionId, t.officialId),
    index('nominations_official_idx').on(t.officialId),
    index('nominations_session_status_idx').on(t.sessionId, t.status),
    check('nominations_status_valid', sql`${t.status} in ('nominated','accepted','waitlisted','rejected','withdrawn')`),
    check('nominations_rejection_reason', sql`${t.status} <> 'rejected' or ${t.decisionReason} is not null`),
  ],
);

/** Every transition of a nomination, with who, when and why. */
export const nominationEvents = pgTable(
  'nomination_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nominationId: uuid('nomination_id')
      .notNull()
      .references(() => nominations.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('nomination_events_nomination_idx').on(t.nominationId)],
);

/** Human-rights due-diligence screening of a nominee (UN HRDDP): risk, mitigation, decision, reasons. */
export const hrScreenings = pgTable(
  'hr_screenings',
  {
    nominationId: uuid('nomination_id')
      .primaryKey()
      .references(() => nominations.id),
    riskLevel: text('risk_level').$type<RiskLevel>().notNull(),
    mitigation: text('mitigation'),
    decision: text('decision').$type<ScreeningDecision>().notNull(),
    reasons: text('reasons').notNull(),
    screenedBy: uuid('screened_by').references(() => users.id),
    screenedAt: timestamp('screened_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('hr_screenings_risk_valid', sql`${t.riskLevel} in ('low','medium','high')`),
    check('hr_screenings_decision_valid', sql`${t.decision} in ('cleared','cleared_with_mitigation','not_cleared')`),
  ],
);

export const attendance = pgTable(
  'attendance',
  {
    nominationId: uuid('nomination_id')
      .notNull()
      .references(() => nominations.id),
    day: date('day').notNull(),
    present: boolean('present').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.nominationId, t.day] })],
);

export const testScores = pgTable(
  'test_scores',
  {
    nominationId: uuid('nomination_id')
      .notNull()
      .references(() => nominations.id),
    kind: text('kind').$type<'pre' | 'post'>().notNull(),
    score: numeric('score', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.nominationId, t.kind] }),
    check('test_scores_kind_valid', sql`${t.kind} in ('pre','post')`),
    check('test_scores_non_negative', sql`${t.score} >= 0`),
  ],
);

/**
 * A mark that lost to one made later (two trainers marking the same person and day, or a mark made
 * offline and sent after a newer one): kept with who made it and when, and who overrode it and when,
 * so that no mark is ever silently lost. The sheet shows them beside the mark that won.
 */
export const overriddenMarks = pgTable(
  'overridden_marks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nominationId: uuid('nomination_id')
      .notNull()
      .references(() => nominations.id),
    /** attendance (with its day and present) or a test score (pre or post, with its score; null = cleared). */
    subject: text('subject').$type<'attendance' | 'pre' | 'post'>().notNull(),
    day: date('day'),
    present: boolean('present'),
    score: numeric('score', { precision: 6, scale: 2, mode: 'number' }),
    madeBy: uuid('made_by').references(() => users.id),
    madeAt: timestamp('made_at', { withTimezone: true }).notNull(),
    overriddenBy: uuid('overridden_by').references(() => users.id),
    overriddenAt: timestamp('overridden_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('overridden_marks_nomination_idx').on(t.nominationId),
    check('overridden_marks_subject_valid', sql`${t.subject} in ('attendance','pre','post')`),
    check(
      'overridden_marks_value_fits',
      sql`(${t.subject} = 'attendance' and ${t.day} is not null and ${t.present} is not null) or (${t.subject} <> 'attendance' and ${t.day} is null)`,
    ),
  ],
);

/**
 * The answer given to a mark sent with an idempotency key (the offline queue sends each mark with
 * one): a resend after a lost answer gets the same answer, and the mark is recorded once.
 */
export const deliveryChangeKeys = pgTable('delivery_change_keys', {
  key: uuid('key').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  nominationId: uuid('nomination_id')
    .notNull()
    .references(() => nominations.id),
  answer: jsonb('answer').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An officer's decision that overrides the completion rule, with its reason. */
export const completionOverrides = pgTable('completion_overrides', {
  nominationId: uuid('nomination_id')
    .primaryKey()
    .references(() => nominations.id),
  completed: boolean('completed').notNull(),
  reason: text('reason').notNull(),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * End-of-session evaluations are anonymous: the answers carry no link to the person; a separate
 * receipt records only that a participant has answered, so that they answer once.
 */
export const evaluationResponses = pgTable(
  'evaluation_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    /** Question code → rating 1–5. */
    ratings: jsonb('ratings').$type<Record<string, number>>().notNull(),
    comment: text('comment'),
    submittedOn: date('submitted_on').notNull(),
  },
  (t) => [index('evaluation_responses_session_idx').on(t.sessionId)],
);

export const evaluationReceipts = pgTable('evaluation_receipts', {
  nominationId: uuid('nomination_id')
    .primaryKey()
    .references(() => nominations.id),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  /** The key the form was sent with (a form filled offline is resent until answered): a resend is answered as done. */
  submissionKey: uuid('submission_key'),
});

/** Months after the session: has the graduate applied what they learned, and how? */
export const followUps = pgTable('follow_ups', {
  nominationId: uuid('nomination_id')
    .primaryKey()
    .references(() => nominations.id),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  respondedAt: timestamp('responded_at', { withTimezone: true }),
  applied: boolean('applied'),
  howApplied: text('how_applied'),
});

/** Training of trainers: the colleagues a graduate trained back home. */
export const cascadeTrainings = pgTable(
  'cascade_trainings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nominationId: uuid('nomination_id')
      .notNull()
      .references(() => nominations.id),
    heldOn: date('held_on').notNull(),
    location: text('location'),
    colleaguesTrained: integer('colleagues_trained').notNull(),
    womenTrained: integer('women_trained').notNull().default(0),
    description: text('description'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('cascade_trainings_nomination_idx').on(t.nominationId),
    check('cascade_trainings_counts', sql`${t.colleaguesTrained} > 0 and ${t.womenTrained} between 0 and ${t.colleaguesTrained}`),
  ],
);
