import { and, asc, count, desc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import {
  agencies,
  meetingEditions,
  organisations,
  recommendationActionEvents,
  recommendationActionEvidence,
  recommendationActions,
  recommendations,
  storedFiles,
  users,
} from '../../db/schema';
import type { Actor } from '../../platform/access';
import { type Queryable, queryRows } from '../../platform/db';

export { stateExists } from '../reference/repository';

export type RecommendationRow = typeof recommendations.$inferSelect;
export type ActionRow = typeof recommendationActions.$inferSelect;
export type EditionRow = typeof meetingEditions.$inferSelect;

const actions = recommendationActions;

/** The actions a state owns: itself, or through one of its agencies. */
export const ownedByState = (iso2: string): SQL =>
  sql`(${actions.ownerStateIso2} = ${iso2} or ${actions.ownerAgencyId} in (select ag.id from agencies ag where ag.state_iso2 = ${iso2}))`;

/**
 * The actions an actor may see: programme and M&E officers all; a focal point those owned by their
 * state or one of its agencies; nobody else any. Every read and write of actions applies it, so an
 * action outside a focal point's scope is "not found" for them.
 */
export function actionScopeCondition(actor: Actor): SQL {
  switch (actor.role) {
    case 'programme_officer':
    case 'me_officer':
      return sql`true`;
    case 'focal_point':
      return actor.stateIso2 ? ownedByState(actor.stateIso2) : sql`false`;
    default:
      return sql`false`;
  }
}

/** A later edition's action continues this one. */
const carriedOn = sql`exists (select 1 from recommendation_actions co where co.carried_from_id = ${actions.id})`;

/** Due date passed (before `today`), neither done nor dropped, and not carried on to a later edition. */
export const overdueCondition = (today: string): SQL =>
  sql`(${actions.status} in ('planned','in_progress') and ${actions.dueDate} < ${today}::date and not ${carriedOn})`;

// Editions (the meetings module's table, read here).

export async function findEdition(db: Queryable, id: string): Promise<EditionRow | undefined> {
  const [row] = await db.select().from(meetingEditions).where(eq(meetingEditions.id, id));
  return row;
}

/** The edition held after this one: the next number up. */
export async function nextEdition(db: Queryable, edition: EditionRow): Promise<EditionRow | undefined> {
  const [row] = await db
    .select()
    .from(meetingEditions)
    .where(gt(meetingEditions.number, edition.number))
    .orderBy(asc(meetingEditions.number))
    .limit(1);
  return row;
}

export const listEditions = (db: Queryable) => db.select().from(meetingEditions).orderBy(desc(meetingEditions.number));

export async function firstEditionYear(db: Queryable): Promise<number | null> {
  const [row] = await queryRows<{ year: number | string | null }>(
    db,
    sql`select min(extract(year from ${meetingEditions.startDate}))::int as year from ${meetingEditions}`,
  );
  return row?.year === null || row?.year === undefined ? null : Number(row.year);
}

// Recommendations.

export async function findRecommendation(db: Queryable, id: string, lock = false): Promise<RecommendationRow | undefined> {
  const query = db.select().from(recommendations).where(eq(recommendations.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** The copy of a recommendation at a later edition, if it was carried. */
export async function carriedCopyOf(db: Queryable, id: string): Promise<RecommendationRow | undefined> {
  const [row] = await db.select().from(recommendations).where(eq(recommendations.carriedFromId, id));
  return row;
}

export async function nextRecommendationNumber(db: Queryable, editionId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number | string | null>`max(${recommendations.number})` })
    .from(recommendations)
    .where(eq(recommendations.editionId, editionId));
  return Number(row?.n ?? 0) + 1;
}

export async function recommendationNumberTaken(db: Queryable, editionId: string, number: number, exceptId?: string) {
  const [row] = await db
    .select({ id: recommendations.id })
    .from(recommendations)
    .where(
      and(
        eq(recommendations.editionId, editionId),
        eq(recommendations.number, number),
        exceptId ? sql`${recommendations.id} <> ${exceptId}` : undefined,
      ),
    );
  return Boolean(row);
}

export async function insertRecommendation(
  db: Queryable,
  values: typeof recommendations.$inferInsert,
): Promise<RecommendationRow> {
  const [row] = await db.insert(recommendations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateRecommendation(
  db: Queryable,
  id: string,
  values: Partial<typeof recommendations.$inferInsert>,
): Promise<RecommendationRow> {
  const [row] = await db
    .update(recommendations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(recommendations.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

export type RecommendationListRow = RecommendationRow & { edition: EditionRow };

export async function listRecommendations(db: Queryable, where: SQL | undefined): Promise<RecommendationListRow[]> {
  const rows = await db
    .select({ recommendation: recommendations, edition: meetingEditions })
    .from(recommendations)
    .innerJoin(meetingEditions, eq(meetingEditions.id, recommendations.editionId))
    .where(where)
    .orderBy(desc(meetingEditions.number), asc(recommendations.number));
  return rows.map((r) => ({ ...r.recommendation, edition: r.edition }));
}

/** Edition and number of recommendations, by id: what a link to a carried recommendation shows. */
export async function recommendationLinks(db: Queryable, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; number: number; edition: EditionRow }>();
  const rows = await db
    .select({ id: recommendations.id, number: recommendations.number, edition: meetingEditions })
    .from(recommendations)
    .innerJoin(meetingEditions, eq(meetingEditions.id, recommendations.editionId))
    .where(inArray(recommendations.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

// Actions.

export async function findAction(db: Queryable, id: string, lock = false): Promise<ActionRow | undefined> {
  const query = db.select().from(actions).where(eq(actions.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findActionInScope(db: Queryable, id: string, scope: SQL): Promise<ActionRow | undefined> {
  const [row] = await db
    .select()
    .from(actions)
    .where(and(eq(actions.id, id), scope));
  return row;
}

export async function actionsOf(db: Queryable, recommendationId: string): Promise<ActionRow[]> {
  return db.select().from(actions).where(eq(actions.recommendationId, recommendationId)).orderBy(asc(actions.createdAt));
}

/** The action that continues this one at a later edition, if it was carried. */
export async function carriedActionOf(db: Queryable, id: string): Promise<ActionRow | undefined> {
  const [row] = await db.select().from(actions).where(eq(actions.carriedFromId, id));
  return row;
}

/** Rows written in one transaction keep their order: clock_timestamp() moves on within it, now() does not. */
const clockNow = sql`clock_timestamp()`;

export async function insertAction(db: Queryable, values: typeof actions.$inferInsert): Promise<ActionRow> {
  const [row] = await db
    .insert(actions)
    .values({ createdAt: clockNow, ...values })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateAction(db: Queryable, id: string, values: Partial<typeof actions.$inferInsert>): Promise<ActionRow> {
  const [row] = await db
    .update(actions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(actions.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

export type ActionListRow = ActionRow & {
  recommendation: { id: string; number: number; text: RecommendationRow['text'] };
  edition: EditionRow;
  agency: { name: string; acronym: string | null; stateIso2: string } | null;
  organisation: { name: string; acronym: string | null } | null;
  carriedToId: string | null;
  evidenceCount: number;
};

const actionListColumns = {
  action: actions,
  recommendation: { id: recommendations.id, number: recommendations.number, text: recommendations.text },
  edition: meetingEditions,
  agency: { name: agencies.name, acronym: agencies.acronym, stateIso2: agencies.stateIso2 },
  organisation: { name: organisations.name, acronym: organisations.acronym },
  carriedToId: sql<string | null>`(select co.id from recommendation_actions co where co.carried_from_id = ${actions.id})`,
  evidenceCount: sql<
    number | string
  >`(select count(*) from recommendation_action_evidence ev where ev.action_id = ${actions.id})`,
};

export type ActionOrder = 'recommendation' | 'due';

/** Actions with their recommendation, edition and owner, limited by `where` (which carries the actor's scope). */
export async function listActions(
  db: Queryable,
  where: SQL,
  options: { order?: ActionOrder; limit?: number; offset?: number } = {},
): Promise<ActionListRow[]> {
  const order =
    options.order === 'due'
      ? [asc(actions.dueDate), desc(meetingEditions.number), asc(recommendations.number), asc(actions.createdAt)]
      : [desc(meetingEditions.number), asc(recommendations.number), asc(actions.createdAt), asc(actions.id)];
  const base = db
    .select(actionListColumns)
    .from(actions)
    .innerJoin(recommendations, eq(recommendations.id, actions.recommendationId))
    .innerJoin(meetingEditions, eq(meetingEditions.id, recommendations.editionId))
    .leftJoin(agencies, eq(agencies.id, actions.ownerAgencyId))
    .leftJoin(organisations, eq(organisations.id, actions.ownerOrganisationId))
    .where(where)
    .orderBy(...order);
  const rows = options.limit === undefined ? await base : await base.limit(options.limit).offset(options.offset ?? 0);
  return rows.map((r) => ({
    ...r.action,
    recommendation: r.recommendation,
    edition: r.edition,
    agency: r.agency,
    organisation: r.organisation,
    carriedToId: r.carriedToId,
    evidenceCount: Number(r.evidenceCount),
  }));
}

export async function countActions(db: Queryable, where: SQL): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(actions)
    .innerJoin(recommendations, eq(recommendations.id, actions.recommendationId))
    .innerJoin(meetingEditions, eq(meetingEditions.id, recommendations.editionId))
    .where(where);
  return Number(row?.n ?? 0);
}

/** Edition and recommendation number of actions, by id: what a link to a carried action shows. */
export async function actionLinks(db: Queryable, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; recommendationNumber: number; edition: EditionRow }>();
  const rows = await db
    .select({ id: actions.id, recommendationNumber: recommendations.number, edition: meetingEditions })
    .from(actions)
    .innerJoin(recommendations, eq(recommendations.id, actions.recommendationId))
    .innerJoin(meetingEditions, eq(meetingEditions.id, recommendations.editionId))
    .where(inArray(actions.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Every action of a carry lineage: the ones it was carried from and the ones carried on from it. */
export async function lineageOf(db: Queryable, id: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive earlier as (
          select id, carried_from_id from recommendation_actions where id = ${id}
          union all
          select ra.id, ra.carried_from_id from recommendation_actions ra join earlier e on ra.id = e.carried_from_id
        ), later as (
          select id from recommendation_actions where id = ${id}
          union all
          select ra.id from recommendation_actions ra join later l on ra.carried_from_id = l.id
        )
        select id from earlier union select id from later`,
  );
  return rows.map((r) => r.id);
}

export async function insertEvent(db: Queryable, values: typeof recommendationActionEvents.$inferInsert): Promise<void> {
  await db.insert(recommendationActionEvents).values({ at: clockNow, ...values });
}

const eventOrder = sql`case ${recommendationActionEvents.kind} when 'created' then 0 when 'carried_from' then 1 when 'edited' then 2 when 'status' then 3 else 4 end`;

export async function eventsOf(db: Queryable, actionIds: string[]) {
  if (actionIds.length === 0) return [];
  return (
    db
      .select({ event: recommendationActionEvents, by: users.displayName, edition: meetingEditions })
      .from(recommendationActionEvents)
      .innerJoin(actions, eq(actions.id, recommendationActionEvents.actionId))
      .innerJoin(recommendations, eq(recommendations.id, actions.recommendationId))
      .innerJoin(meetingEditions, eq(meetingEditions.id, recommendations.editionId))
      .leftJoin(users, eq(users.id, recommendationActionEvents.byUserId))
      .where(inArray(recommendationActionEvents.actionId, actionIds))
      // A lineage reads edition by edition: the carry writes the original's carried_to and the copy's
      // carried_from in one transaction, often at the same instant.
      .orderBy(asc(meetingEditions.number), asc(recommendationActionEvents.at), eventOrder, asc(recommendationActionEvents.id))
  );
}

export async function insertEvidence(db: Queryable, values: typeof recommendationActionEvidence.$inferInsert) {
  const [row] = await db
    .insert(recommendationActionEvidence)
    .values({ addedAt: clockNow, ...values })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function evidenceOf(db: Queryable, actionIds: string[]) {
  if (actionIds.length === 0) return [];
  return db
    .select({
      evidence: recommendationActionEvidence,
      file: { name: storedFiles.name, mediaType: storedFiles.mediaType, size: storedFiles.size },
      addedBy: users.displayName,
      edition: meetingEditions,
    })
    .from(recommendationActionEvidence)
    .innerJoin(actions, eq(actions.id, recommendationActionEvidence.actionId))
    .innerJoin(recommendations, eq(recommendations.id, actions.recommendationId))
    .innerJoin(meetingEditions, eq(meetingEditions.id, recommendations.editionId))
    .leftJoin(storedFiles, eq(storedFiles.id, recommendationActionEvidence.fileId))
    .leftJoin(users, eq(users.id, recommendationActionEvidence.addedBy))
    .where(inArray(recommendationActionEvidence.actionId, actionIds))
    .orderBy(asc(recommendationActionEvidence.addedAt), asc(recommendationActionEvidence.id));
}

export async function findEvidence(db: Queryable, id: string) {
  const [row] = await db.select().from(recommendationActionEvidence).where(eq(recommendationActionEvidence.id, id));
  return row;
}

// Owners.

export async function findAgency(db: Queryable, id: string) {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  return row;
}

export async function findOrganisation(db: Queryable, id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

// Counts and the follow-through rate.

type CountRow = {
  group_key: string | null;
  total: number | string;
  planned: number | string;
  in_progress: number | string;
  done: number | string;
  dropped: number | string;
  overdue: number | string;
  done_late: number | string;
};

export type ActionCountsRow = {
  key: string | null;
  total: number;
  planned: number;
  in_progress: number;
  done: number;
  dropped: number;
  overdue: number;
  doneLate: number;
};

/** The state an action belongs to: the owning state, or the state of the owning agency. */
export const actionStateSql = sql`coalesce(${actions.ownerStateIso2}, ${agencies.stateIso2})`;

/** Action counts by status (and overdue, done late), grouped by `key`, among the actions `where` selects. */
export async function actionCounts(db: Queryable, today: string, key: SQL, where: SQL): Promise<ActionCountsRow[]> {
  const rows = await queryRows<CountRow>(
    db,
    sql`select ${key} as group_key,
          count(*) as total,
          count(*) filter (where ${actions.status} = 'planned') as planned,
          count(*) filter (where ${actions.status} = 'in_progress') as in_progress,
          count(*) filter (where ${actions.status} = 'done') as done,
          count(*) filter (where ${actions.status} = 'dropped') as dropped,
          count(*) filter (where ${overdueCondition(today)}) as overdue,
          count(*) filter (where ${actions.status} = 'done' and ${actions.completedOn} > ${actions.dueDate}) as done_late
        from ${actions}
        join ${recommendations} on ${recommendations.id} = ${actions.recommendationId}
        join ${meetingEditions} on ${meetingEditions.id} = ${recommendations.editionId}
        left join ${agencies} on ${agencies.id} = ${actions.ownerAgencyId}
        left join ${organisations} on ${organisations.id} = ${actions.ownerOrganisationId}
        where ${where}
        group by 1`,
  );
  return rows.map((r) => ({
    key: r.group_key,
    total: Number(r.total),
    planned: Number(r.planned),
    in_progress: Number(r.in_progress),
    done: Number(r.done),
    dropped: Number(r.dropped),
    overdue: Number(r.overdue),
    doneLate: Number(r.done_late),
  }));
}

export type FollowThroughRow = {
  key: string | null;
  recommendations: number;
  implemented: number;
  pending: number;
  withoutActions: number;
};

/**
 * The follow-through counts of the recommendations adopted at editions held (start date) in
 * [fromYear, toYear], grouped by edition, by owning state, or not at all. See FOLLOW_THROUGH_DEFINITION
 * in the service for what each count means; this is its SQL.
 *
 * Per recommendation (and group): `live` actions are those not dropped; `onTime` those done on or
 * before their due date; `missed` the live ones done after it or still open once it has passed.
 */
export async function followThroughCounts(
  db: Queryable,
  filter: { fromYear: number; toYear: number; today: string; groupBy: 'none' | 'edition' | 'state'; stateIso2?: string },
): Promise<FollowThroughRow[]> {
  const key =
    filter.groupBy === 'edition' ? sql`${meetingEditions.id}::text` : filter.groupBy === 'state' ? actionStateSql : sql`'all'`;
  // By state, a recommendation counts only through that state's actions (and only when it has some).
  const byState = filter.groupBy === 'state' || filter.stateIso2 !== undefined;
  const actionJoin = filter.stateIso2 ? sql`and ${ownedByState(filter.stateIso2)}` : sql``;
  const rows = await queryRows<{
    group_key: string | null;
    judged: number | string;
    implemented: number | string;
    pending: number | string;
    without_actions: number | string;
  }>(
    db,
    sql`with per_recommendation as (
          select ${key} as group_key,
            count(${actions.id}) as total,
            count(${actions.id}) filter (where ${actions.status} <> 'dropped') as live,
            count(${actions.id}) filter (where ${actions.status} = 'done' and ${actions.completedOn} <= ${actions.dueDate}) as on_time,
            count(${actions.id}) filter (where ${actions.status} <> 'dropped' and (
              (${actions.status} = 'done' and ${actions.completedOn} > ${actions.dueDate})
              or (${actions.status} in ('planned','in_progress') and ${actions.dueDate} < ${filter.today}::date))) as missed
          from ${recommendations}
          join ${meetingEditions} on ${meetingEditions.id} = ${recommendations.editionId}
          left join ${actions} on ${actions.recommendationId} = ${recommendations.id} ${actionJoin}
          left join ${agencies} on ${agencies.id} = ${actions.ownerAgencyId}
          where extract(year from ${meetingEditions.startDate}) between ${filter.fromYear} and ${filter.toYear}
          group by 1, ${recommendations.id}
          ${byState ? sql`having count(${actions.id}) > 0` : sql``}
        )
        select group_key,
          count(*) filter (where total > 0 and (live = 0 or on_time = live or missed > 0)) as judged,
          count(*) filter (where live > 0 and on_time = live) as implemented,
          count(*) filter (where live > 0 and on_time < live and missed = 0) as pending,
          count(*) filter (where total = 0) as without_actions
        from per_recommendation
        ${filter.groupBy === 'state' ? sql`where group_key is not null` : sql``}
        group by group_key`,
  );
  return rows.map((r) => ({
    key: r.group_key,
    recommendations: Number(r.judged),
    implemented: Number(r.implemented),
    pending: Number(r.pending),
    withoutActions: Number(r.without_actions),
  }));
}

/** Actions grouped by owner, with the owner's name. */
export async function ownerCounts(db: Queryable, today: string) {
  const ownerKey = sql`${actions.ownerKind} || ':' || coalesce(${actions.ownerStateIso2}, ${actions.ownerAgencyId}::text, ${actions.ownerOrganisationId}::text, '')`;
  const counts = await actionCounts(db, today, ownerKey, sql`true`);
  const owners = await queryRows<{
    owner_key: string;
    owner_kind: string;
    owner_state_iso2: string | null;
    owner_agency_id: string | null;
    owner_organisation_id: string | null;
    agency_name: string | null;
    agency_acronym: string | null;
    agency_state: string | null;
    organisation_name: string | null;
    organisation_acronym: string | null;
  }>(
    db,
    sql`select distinct ${ownerKey} as owner_key, ${actions.ownerKind} as owner_kind,
          ${actions.ownerStateIso2} as owner_state_iso2, ${actions.ownerAgencyId} as owner_agency_id,
          ${actions.ownerOrganisationId} as owner_organisation_id,
          ${agencies.name} as agency_name, ${agencies.acronym} as agency_acronym, ${agencies.stateIso2} as agency_state,
          ${organisations.name} as organisation_name, ${organisations.acronym} as organisation_acronym
        from ${actions}
        left join ${agencies} on ${agencies.id} = ${actions.ownerAgencyId}
        left join ${organisations} on ${organisations.id} = ${actions.ownerOrganisationId}`,
  );
  const byKey = new Map(counts.map((c) => [c.key, c]));
  return owners.map((o) => ({ owner: o, counts: byKey.get(o.owner_key) }));
}
