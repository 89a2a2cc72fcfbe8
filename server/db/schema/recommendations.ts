import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ActionEventKind, ActionOwnerKind, ActionStatus, EvidenceKind } from '../../../contract/enums';
import type { LocalisedText } from './curriculum';
import { storedFiles } from './files';
import { users } from './identity';
import { meetingEditions } from './meetings';
import { organisations } from './partners';
import { memberStates } from './reference';
import { agencies } from './registry';

/**
 * A recommendation adopted at an edition of the high-level meeting. A recommendation carried to
 * the next edition is a new row there that names the one it continues (carried_from_id).
 */
export const recommendations = pgTable(
  'recommendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    editionId: uuid('edition_id')
      .notNull()
      .references(() => meetingEditions.id),
    /** Its number within the edition's outcome document (1, 2, 3…). */
    number: integer('number').notNull(),
    text: jsonb('text').$type<LocalisedText>().notNull(),
    /** Strategy pillars (I–IV) and Security Council resolutions it serves. */
    pillars: text('pillars').array().notNull().default(sql`'{}'::text[]`),
    resolutions: integer('resolutions').array().notNull().default(sql`'{}'::integer[]`),
    carriedFromId: uuid('carried_from_id').references((): AnyPgColumn => recommendations.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('recommendations_edition_number_key').on(t.editionId, t.number),
    // A recommendation is carried once; further actions carried later join the same copy.
    uniqueIndex('recommendations_carried_from_key').on(t.carriedFromId).where(sql`${t.carriedFromId} is not null`),
    check('recommendations_number_positive', sql`${t.number} > 0`),
    check('recommendations_not_carried_from_self', sql`${t.carriedFromId} is null or ${t.carriedFromId} <> ${t.id}`),
  ],
);

/** An action agreed for a recommendation: one owner, a due date, a status. */
export const recommendationActions = pgTable(
  'recommendation_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recommendationId: uuid('recommendation_id')
      .notNull()
      .references(() => recommendations.id),
    description: jsonb('description').$type<LocalisedText>().notNull(),
    ownerKind: text('owner_kind').$type<ActionOwnerKind>().notNull(),
    ownerStateIso2: text('owner_state_iso2').references(() => memberStates.iso2),
    ownerAgencyId: uuid('owner_agency_id').references(() => agencies.id),
    ownerOrganisationId: uuid('owner_organisation_id').references(() => organisations.id),
    dueDate: date('due_date').notNull(),
    status: text('status').$type<ActionStatus>().notNull().default('planned'),
    /** Why it was dropped; set exactly while the action is dropped. */
    dropReason: text('drop_reason'),
    /** The day it was done; set exactly while the action is done. */
    completedOn: date('completed_on'),
    /** The action of an earlier edition this one continues. */
    carriedFromId: uuid('carried_from_id').references((): AnyPgColumn => recommendationActions.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('recommendation_actions_recommendation_idx').on(t.recommendationId),
    index('recommendation_actions_owner_state_idx').on(t.ownerStateIso2),
    index('recommendation_actions_owner_agency_idx').on(t.ownerAgencyId),
    index('recommendation_actions_owner_organisation_idx').on(t.ownerOrganisationId),
    index('recommendation_actions_due_idx').on(t.dueDate),
    uniqueIndex('recommendation_actions_carried_from_key').on(t.carriedFromId).where(sql`${t.carriedFromId} is not null`),
    check('recommendation_actions_owner_kind_valid', sql`${t.ownerKind} in ('state','agency','office','organisation')`),
    // Exactly one owner, of the kind named.
    check(
      'recommendation_actions_one_owner',
      sql`case ${t.ownerKind}
        when 'state' then ${t.ownerStateIso2} is not null and ${t.ownerAgencyId} is null and ${t.ownerOrganisationId} is null
        when 'agency' then ${t.ownerAgencyId} is not null and ${t.ownerStateIso2} is null and ${t.ownerOrganisationId} is null
        when 'organisation' then ${t.ownerOrganisationId} is not null and ${t.ownerStateIso2} is null and ${t.ownerAgencyId} is null
        else ${t.ownerStateIso2} is null and ${t.ownerAgencyId} is null and ${t.ownerOrganisationId} is null end`,
    ),
    check('recommendation_actions_status_valid', sql`${t.status} in ('planned','in_progress','done','dropped')`),
    check(
      'recommendation_actions_dropped_reason',
      sql`(${t.status} = 'dropped') = (${t.dropReason} is not null and length(trim(${t.dropReason})) > 0)`,
    ),
    check('recommendation_actions_done_date', sql`(${t.status} = 'done') = (${t.completedOn} is not null)`),
    check('recommendation_actions_not_carried_from_self', sql`${t.carriedFromId} is null or ${t.carriedFromId} <> ${t.id}`),
  ],
);

/** The history of an action: its creation, every status change and edit, and its carrying, with who and when. */
export const recommendationActionEvents = pgTable(
  'recommendation_action_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => recommendationActions.id),
    kind: text('kind').$type<ActionEventKind>().notNull(),
    fromStatus: text('from_status').$type<ActionStatus>(),
    toStatus: text('to_status').$type<ActionStatus>().notNull(),
    reason: text('reason'),
    completedOn: date('completed_on'),
    /** What an edit changed (before and after), or which action a carry links to. */
    details: jsonb('details').$type<Record<string, unknown>>(),
    byUserId: uuid('by_user_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('recommendation_action_events_action_idx').on(t.actionId),
    check('recommendation_action_events_kind_valid', sql`${t.kind} in ('created','status','edited','carried_to','carried_from')`),
  ],
);

/** What shows that an action was carried out: a statement, a link, or a document in the file store. */
export const recommendationActionEvidence = pgTable(
  'recommendation_action_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => recommendationActions.id),
    kind: text('kind').$type<EvidenceKind>().notNull(),
    /** The statement itself (text), or an optional note on a link or file. */
    text: text('text'),
    url: text('url'),
    fileId: uuid('file_id').references(() => storedFiles.id),
    addedBy: uuid('added_by').references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('recommendation_action_evidence_action_idx').on(t.actionId),
    check('recommendation_action_evidence_kind_valid', sql`${t.kind} in ('text','link','file')`),
    check(
      'recommendation_action_evidence_content',
      sql`case ${t.kind}
        when 'text' then ${t.text} is not null and length(trim(${t.text})) > 0 and ${t.url} is null and ${t.fileId} is null
        when 'link' then ${t.url} is not null and ${t.url} ~ '^https?://' and ${t.fileId} is null
        else ${t.fileId} is not null and ${t.url} is null end`,
    ),
  ],
);
