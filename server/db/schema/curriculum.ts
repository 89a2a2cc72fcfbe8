import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CourseLevel, Locale } from '../../../contract/enums';
import { organisations } from './partners';
import { memberStates } from './reference';

/** Text a user may write in any of the four languages; shown in the reader's language with a fallback. */
export type LocalisedText = Partial<Record<Locale, string>>;

export const programmes = pgTable('programmes', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  title: jsonb('title').$type<LocalisedText>().notNull(),
  description: jsonb('description').$type<LocalisedText>().notNull().default({}),
  thematicArea: text('thematic_area').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const courses = pgTable(
  'courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    code: text('code').notNull().unique(),
    title: jsonb('title').$type<LocalisedText>().notNull(),
    description: jsonb('description').$type<LocalisedText>().notNull().default({}),
    /** One entry per objective, each in any of the four languages. */
    learningObjectives: jsonb('learning_objectives').$type<LocalisedText[]>().notNull().default([]),
    level: text('level').$type<CourseLevel>().notNull(),
    hours: smallint('hours').notNull(),
    thematicArea: text('thematic_area').notNull(),
    /** Strategy pillars (I–IV) and Security Council resolutions the course serves. */
    pillars: text('pillars').array().notNull().default(sql`'{}'::text[]`),
    resolutions: integer('resolutions').array().notNull().default(sql`'{}'::integer[]`),
    /** Share of session days a participant must attend to complete (0–1). */
    attendanceThreshold: numeric('attendance_threshold', { precision: 4, scale: 3, mode: 'number' }).notNull().default(0.8),
    /** Highest possible test score and the post-test pass mark; no pass mark means no post-test requirement. */
    testMaxScore: numeric('test_max_score', { precision: 6, scale: 2, mode: 'number' }),
    postTestPassMark: numeric('post_test_pass_mark', { precision: 6, scale: 2, mode: 'number' }),
    /** Tailor-made: adapted from the needs assessment of one state. */
    tailoredForIso2: text('tailored_for_iso2').references(() => memberStates.iso2),
    needsAssessment: text('needs_assessment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('courses_programme_idx').on(t.programmeId),
    check('courses_level_valid', sql`${t.level} in ('foundational','intermediate','advanced','training_of_trainers')`),
    check('courses_hours_positive', sql`${t.hours} > 0`),
    check('courses_threshold_range', sql`${t.attendanceThreshold} > 0 and ${t.attendanceThreshold} <= 1`),
    check(
      'courses_pass_mark_range',
      sql`${t.postTestPassMark} is null or (${t.testMaxScore} is not null and ${t.postTestPassMark} between 0 and ${t.testMaxScore})`,
    ),
  ],
);

/** Who funds (donor) or co-delivers (delivering partner) a course. */
export const coursePartners = pgTable(
  'course_partners',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role').$type<'donor' | 'delivering_partner'>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.courseId, t.organisationId, t.role] }),
    check('course_partners_role_valid', sql`${t.role} in ('donor','delivering_partner')`),
  ],
);
