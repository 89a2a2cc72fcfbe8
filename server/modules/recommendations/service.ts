import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import {
  type ActionStatus,
  type Locale,
  meetingEditions,
  recommendationActions,
  recommendations,
  strategyPillars,
} from '../../db/schema';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { loadFile, storeFile, type UploadedFile } from '../../platform/files';
import { readerLocale, resolveText } from '../curriculum/localised';
import { existingPillars, existingResolutions } from '../curriculum/repository';
import { ruleViolation } from '../nominations/service';
import * as repo from './repository';
import type {
  ActionCounts,
  ActionDetail,
  ActionInput,
  ActionListQuery,
  ActionView,
  CarryInput,
  CreateRecommendationInput,
  EditionRef,
  EvidenceInput,
  OwnerInput,
  OwnerView,
  RecommendationDetail,
  RecommendationView,
  StatusChangeInput,
  UpdateActionInput,
  UpdateRecommendationInput,
} from './schemas';

/**
 * Rules of recommendations and their actions:
 *  - an action has exactly one owner (a member state, an agency, the office or a partner
 *    organisation) and a due date; the due date defaults to twelve months after the edition's end
 *    and is never before the edition;
 *  - statuses move planned → in progress → done, or to dropped (with a reason) from either open
 *    status; an officer may reopen a done action (→ in progress), reinstate a dropped one
 *    (→ planned) or move an action in progress back to planned; done records the completion day
 *    (not in the future, not before the edition); every change is kept in the action's history
 *    with who, when and why;
 *  - evidence is a non-empty text, an http(s) link or a stored file;
 *  - an officer carries an open recommendation (or some of its open actions) to the next edition:
 *    the copy links back to the original, the carried actions keep their owner and status, and the
 *    originals are frozen (their history is shown with the copy's, on both);
 *  - a focal point sees and updates (status, evidence) only the actions owned by their state or
 *    one of its agencies: any other action is "not found" for them.
 */

export const today = (): string => new Date().toISOString().slice(0, 10);

const OPEN: ActionStatus[] = ['planned', 'in_progress'];

/** Who may make each move: the owner's focal point or an officer ('owner'), or an officer only. */
const TRANSITIONS: Record<ActionStatus, Partial<Record<ActionStatus, 'owner' | 'officer'>>> = {
  planned: { in_progress: 'owner', done: 'owner', dropped: 'owner' },
  in_progress: { done: 'owner', dropped: 'owner', planned: 'officer' },
  done: { in_progress: 'officer' },
  dropped: { planned: 'officer' },
};

/** The day twelve months after `day` (29 February falls back to the 28th). */
export function twelveMonthsAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const dayOfMonth = m === 2 && d === 29 && !leap(y + 1) ? 28 : d;
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

export const FOLLOW_THROUGH_DEFINITION =
  'Recommendations implemented (follow-through rate): of the recommendations adopted at the editions held in the period, ' +
  'the share whose actions were all done by their due dates. Dropped actions are left out, but a recommendation whose ' +
  'actions were all dropped counts as not implemented. An action done after its due date, or still open once its due ' +
  'date has passed, makes its recommendation not implemented; an action carried to a later edition keeps its first due ' +
  'date here. A recommendation is counted once it can be judged (all its actions done, or one of them late); until then ' +
  'it is pending (not yet due). Recommendations without any action are not counted. For a state: only the actions owned ' +
  'by the state or its agencies, and only the recommendations that have one.';

export type FollowThrough = {
  recommendations: number;
  implemented: number;
  rate: number | null;
  /** Not judged yet: open actions not yet due, none late. */
  pending: number;
  /** Adopted without any action: not counted. */
  withoutActions: number;
  definition: string;
};

const rateOf = (implemented: number, judged: number) => (judged === 0 ? null : implemented / judged);

/**
 * The follow-through indicator ("Recommendations implemented", docs/product.md): counts recommendations
 * adopted at editions held (start date) in [fromYear, toYear], judged as of `asOf` (default today).
 * See FOLLOW_THROUGH_DEFINITION.
 */
export async function followThrough(
  db: Queryable,
  filter: { fromYear: number; toYear: number; stateIso2?: string; asOf?: string },
): Promise<FollowThrough> {
  const [row] = await repo.followThroughCounts(db, {
    fromYear: filter.fromYear,
    toYear: filter.toYear,
    today: filter.asOf ?? today(),
    groupBy: 'none',
    ...(filter.stateIso2 ? { stateIso2: filter.stateIso2 } : {}),
  });
  const counts = row ?? { recommendations: 0, implemented: 0, pending: 0, withoutActions: 0 };
  return {
    recommendations: counts.recommendations,
    implemented: counts.implemented,
    rate: rateOf(counts.implemented, counts.recommendations),
    pending: counts.pending,
    withoutActions: counts.withoutActions,
    definition: FOLLOW_THROUGH_DEFINITION,
  };
}

// ---------- views

const editionRef = (e: repo.EditionRow): EditionRef => ({
  id: e.id,
  number: e.number,
  year: Number(e.startDate.slice(0, 4)),
  city: e.city,
});

const noCounts = (): ActionCounts => ({
  total: 0,
  planned: 0,
  in_progress: 0,
  done: 0,
  dropped: 0,
  overdue: 0,
  doneLate: 0,
});

const countsOf = (row: repo.ActionCountsRow | undefined): ActionCounts =>
  row
    ? {
        total: row.total,
        planned: row.planned,
        in_progress: row.in_progress,
        done: row.done,
        dropped: row.dropped,
        overdue: row.overdue,
        doneLate: row.doneLate,
      }
    : noCounts();

function ownerOf(row: repo.ActionListRow): OwnerView {
  return {
    kind: row.ownerKind,
    stateIso2: row.ownerStateIso2 ?? row.agency?.stateIso2 ?? null,
    agencyId: row.ownerAgencyId,
    organisationId: row.ownerOrganisationId,
    name: row.agency?.name ?? row.organisation?.name ?? null,
    acronym: row.agency?.acronym ?? row.organisation?.acronym ?? null,
  };
}

function allowedTransitions(actor: Actor, status: ActionStatus, carriedOn: boolean): ActionStatus[] {
  if (carriedOn || (actor.role !== 'programme_officer' && actor.role !== 'focal_point')) return [];
  return Object.entries(TRANSITIONS[status])
    .filter(([, who]) => who === 'owner' || actor.role === 'programme_officer')
    .map(([to]) => to as ActionStatus);
}

const canUpdate = (actor: Actor) => actor.role === 'programme_officer' || actor.role === 'focal_point';

async function actionViews(db: Queryable, actor: Actor, rows: repo.ActionListRow[], locale: Locale): Promise<ActionView[]> {
  const linkIds = rows.flatMap((r) => [r.carriedFromId, r.carriedToId]).filter((id): id is string => Boolean(id));
  const links = await repo.actionLinks(db, [...new Set(linkIds)]);
  const link = (id: string | null) => {
    const found = id ? links.get(id) : undefined;
    return found ? { id: found.id, recommendationNumber: found.recommendationNumber, edition: editionRef(found.edition) } : null;
  };
  const now = today();
  return rows.map((r) => {
    const carriedOn = r.carriedToId !== null;
    return {
      id: r.id,
      recommendation: {
        id: r.recommendation.id,
        number: r.recommendation.number,
        text: resolveText(r.recommendation.text, locale),
        edition: editionRef(r.edition),
      },
      description: resolveText(r.description, locale),
      owner: ownerOf(r),
      dueDate: r.dueDate,
      status: r.status,
      dropReason: r.dropReason,
      completedOn: r.completedOn,
      overdue: OPEN.includes(r.status) && r.dueDate < now && !carriedOn,
      doneLate: r.status === 'done' && r.completedOn !== null && r.completedOn > r.dueDate,
      carriedFrom: link(r.carriedFromId),
      carriedTo: link(r.carriedToId),
      evidenceCount: r.evidenceCount,
      allowedTransitions: allowedTransitions(actor, r.status, carriedOn),
      canAddEvidence: canUpdate(actor) && !carriedOn,
      canEdit: actor.role === 'programme_officer' && !carriedOn,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

/** One action as the actor may see it (with its lineage's history and evidence), or 404. */
async function actionDetail(db: Queryable, actor: Actor, id: string, locale: Locale): Promise<ActionDetail> {
  const [row] = await repo.listActions(db, and(eq(recommendationActions.id, id), repo.actionScopeCondition(actor)) as SQL);
  if (!row) throw notFound('Action');
  const [view] = await actionViews(db, actor, [row], locale);
  if (!view) throw notFound('Action');
  const lineage = await repo.lineageOf(db, id);
  const links = await repo.actionLinks(db, lineage);
  const events = await repo.eventsOf(db, lineage);
  const evidence = await repo.evidenceOf(db, lineage);
  const linked = (details: Record<string, unknown> | null) => {
    const target = typeof details?.actionId === 'string' ? links.get(details.actionId) : undefined;
    return target
      ? { id: target.id, recommendationNumber: target.recommendationNumber, edition: editionRef(target.edition) }
      : null;
  };
  const changesOf = (details: Record<string, unknown> | null) =>
    Array.isArray(details?.changes) ? (details.changes as { field: string; before: string | null; after: string | null }[]) : [];
  return {
    ...view,
    history: events.map(({ event, by, edition }) => ({
      id: event.id,
      actionId: event.actionId,
      edition: editionRef(edition),
      kind: event.kind,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      reason: event.reason,
      completedOn: event.completedOn,
      changes: changesOf(event.details ?? null),
      linked: event.kind === 'carried_to' || event.kind === 'carried_from' ? linked(event.details ?? null) : null,
      by,
      at: event.at.toISOString(),
    })),
    evidence: evidence.map(({ evidence: e, file, addedBy, edition }) => ({
      id: e.id,
      actionId: e.actionId,
      edition: editionRef(edition),
      kind: e.kind,
      text: e.text,
      url: e.url,
      file: e.fileId && file ? { name: file.name, mediaType: file.mediaType, size: file.size } : null,
      addedBy,
      addedAt: e.addedAt.toISOString(),
    })),
  };
}

async function recommendationViews(
  db: Queryable,
  rows: repo.RecommendationListRow[],
  locale: Locale,
): Promise<RecommendationView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const counts = await repo.actionCounts(
    db,
    today(),
    sql`${recommendationActions.recommendationId}::text`,
    inArray(recommendationActions.recommendationId, ids),
  );
  const countsById = new Map(counts.map((c) => [c.key, c]));
  const copies = await db
    .select({ id: recommendations.id, from: recommendations.carriedFromId })
    .from(recommendations)
    .where(inArray(recommendations.carriedFromId, ids));
  const copyOf = new Map(copies.map((c) => [c.from, c.id]));
  const linkIds = [...rows.map((r) => r.carriedFromId), ...copies.map((c) => c.id)].filter((id): id is string => Boolean(id));
  const links = await repo.recommendationLinks(db, [...new Set(linkIds)]);
  const link = (id: string | null | undefined) => {
    const found = id ? links.get(id) : undefined;
    return found ? { id: found.id, number: found.number, edition: editionRef(found.edition) } : null;
  };
  return rows.map((r) => ({
    id: r.id,
    edition: editionRef(r.edition),
    number: r.number,
    text: resolveText(r.text, locale),
    pillars: r.pillars,
    resolutions: r.resolutions,
    carriedFrom: link(r.carriedFromId),
    carriedTo: link(copyOf.get(r.id)),
    actionCounts: countsOf(countsById.get(r.id)),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

async function recommendationDetail(db: Queryable, actor: Actor, id: string, locale: Locale): Promise<RecommendationDetail> {
  const [row] = await repo.listRecommendations(db, eq(recommendations.id, id));
  if (!row) throw notFound('Recommendation');
  const [view] = await recommendationViews(db, [row], locale);
  if (!view) throw notFound('Recommendation');
  const rows = await repo.listActions(db, eq(recommendationActions.recommendationId, id));
  const actions = await actionViews(db, actor, rows, locale);
  const next = await repo.nextEdition(db, row.edition);
  const openToCarry = rows.some((a) => OPEN.includes(a.status) && a.carriedToId === null);
  const bareAndUncarried = rows.length === 0 && view.carriedTo === null;
  return {
    ...view,
    actions,
    canCarry: actor.role === 'programme_officer' && next !== undefined && (openToCarry || bareAndUncarried),
    nextEdition: next ? editionRef(next) : null,
  };
}

// ---------- reads

export async function listRecommendations(
  db: Database,
  actor: Actor,
  query: { editionId?: string; pillar?: string; resolution?: number; stateIso2?: string },
) {
  const conditions: (SQL | undefined)[] = [
    query.editionId ? eq(recommendations.editionId, query.editionId) : undefined,
    query.pillar ? sql`${query.pillar} = any(${recommendations.pillars})` : undefined,
    query.resolution ? sql`${query.resolution}::int = any(${recommendations.resolutions})` : undefined,
    query.stateIso2
      ? sql`exists (select 1 from ${recommendationActions} where ${recommendationActions.recommendationId} = ${recommendations.id} and ${repo.ownedByState(query.stateIso2)})`
      : undefined,
  ];
  const rows = await repo.listRecommendations(db, and(...conditions));
  return { items: await recommendationViews(db, rows, readerLocale(actor)) };
}

export async function getRecommendation(db: Database, actor: Actor, id: string) {
  return recommendationDetail(db, actor, id, readerLocale(actor));
}

export async function listActions(db: Database, actor: Actor, query: ActionListQuery) {
  const now = today();
  const where = and(
    repo.actionScopeCondition(actor),
    query.editionId ? eq(recommendations.editionId, query.editionId) : undefined,
    query.recommendationId ? eq(recommendationActions.recommendationId, query.recommendationId) : undefined,
    query.stateIso2 ? repo.ownedByState(query.stateIso2) : undefined,
    query.ownerKind ? eq(recommendationActions.ownerKind, query.ownerKind) : undefined,
    query.agencyId ? eq(recommendationActions.ownerAgencyId, query.agencyId) : undefined,
    query.organisationId ? eq(recommendationActions.ownerOrganisationId, query.organisationId) : undefined,
    query.status ? eq(recommendationActions.status, query.status) : undefined,
    query.overdue === true ? repo.overdueCondition(now) : undefined,
    query.overdue === false ? sql`not ${repo.overdueCondition(now)}` : undefined,
  ) as SQL;
  const total = await repo.countActions(db, where);
  const rows = await repo.listActions(db, where, {
    order: query.overdue ? 'due' : 'recommendation',
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: await actionViews(db, actor, rows, readerLocale(actor)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getAction(db: Database, actor: Actor, id: string): Promise<ActionDetail> {
  return actionDetail(db, actor, id, readerLocale(actor));
}

/** The year range of a request: from the first edition (or the `toYear`) to this year, unless given. */
export async function yearRange(db: Queryable, query: { fromYear?: number; toYear?: number }) {
  const thisYear = Number(today().slice(0, 4));
  const toYear = query.toYear ?? Math.max(thisYear, query.fromYear ?? thisYear);
  const fromYear = query.fromYear ?? Math.min((await repo.firstEditionYear(db)) ?? toYear, toYear);
  return { fromYear, toYear };
}

/** The follow-through figure: officers for all or any state; a focal point for their own state only. */
export async function followThroughFor(
  db: Database,
  actor: Actor,
  query: { fromYear?: number; toYear?: number; stateIso2?: string },
) {
  let stateIso2 = query.stateIso2;
  if (actor.role === 'focal_point') {
    if (!actor.stateIso2 || (stateIso2 && stateIso2 !== actor.stateIso2)) throw notFound('State');
    stateIso2 = actor.stateIso2;
  }
  if (stateIso2 && !(await repo.stateExists(db, stateIso2))) throw notFound('State');
  const range = await yearRange(db, query);
  const figure = await followThrough(db, { ...range, ...(stateIso2 ? { stateIso2 } : {}) });
  return { ...range, stateIso2: stateIso2 ?? null, ...figure };
}

export async function editionSummaries(db: Database, actor: Actor) {
  const locale = readerLocale(actor);
  const editions = await repo.listEditions(db);
  const now = today();
  const counts = new Map((await repo.actionCounts(db, now, sql`${meetingEditions.id}::text`, sql`true`)).map((c) => [c.key, c]));
  const recommendationCounts = await db
    .select({ editionId: recommendations.editionId, n: sql<number | string>`count(*)` })
    .from(recommendations)
    .groupBy(recommendations.editionId);
  const recommendationsBy = new Map(recommendationCounts.map((r) => [r.editionId, Number(r.n)]));
  const figures = new Map(
    (await repo.followThroughCounts(db, { fromYear: 0, toYear: 9999, today: now, groupBy: 'edition' })).map((f) => [f.key, f]),
  );
  return {
    items: editions.map((e) => {
      const f = figures.get(e.id);
      return {
        edition: editionRef(e),
        startDate: e.startDate,
        endDate: e.endDate,
        theme: resolveText(e.theme, locale),
        recommendations: recommendationsBy.get(e.id) ?? 0,
        actions: countsOf(counts.get(e.id)),
        followThrough: {
          recommendations: f?.recommendations ?? 0,
          implemented: f?.implemented ?? 0,
          rate: rateOf(f?.implemented ?? 0, f?.recommendations ?? 0),
          pending: f?.pending ?? 0,
          withoutActions: f?.withoutActions ?? 0,
        },
      };
    }),
    definition: FOLLOW_THROUGH_DEFINITION,
  };
}

export async function stateSummaries(db: Database, query: { fromYear?: number; toYear?: number }) {
  const range = await yearRange(db, query);
  const now = today();
  const inRange = sql`extract(year from ${meetingEditions.startDate}) between ${range.fromYear} and ${range.toYear} and ${repo.actionStateSql} is not null`;
  const counts = await repo.actionCounts(db, now, repo.actionStateSql, inRange);
  const figures = new Map(
    (await repo.followThroughCounts(db, { ...range, today: now, groupBy: 'state' })).map((f) => [f.key, f]),
  );
  const items = counts
    .filter((c): c is repo.ActionCountsRow & { key: string } => c.key !== null)
    .map((c) => {
      const f = figures.get(c.key);
      return {
        stateIso2: c.key,
        actions: countsOf(c),
        followThrough: {
          recommendations: f?.recommendations ?? 0,
          implemented: f?.implemented ?? 0,
          rate: rateOf(f?.implemented ?? 0, f?.recommendations ?? 0),
          pending: f?.pending ?? 0,
          withoutActions: 0,
        },
      };
    })
    .sort((a, b) => a.stateIso2.localeCompare(b.stateIso2));
  return { items, ...range, definition: FOLLOW_THROUGH_DEFINITION };
}

export async function ownerSummaries(db: Database) {
  const rows = await repo.ownerCounts(db, today());
  const order = { state: 0, agency: 1, office: 2, organisation: 3 } as const;
  return {
    items: rows
      .map(({ owner: o, counts }) => ({
        owner: {
          kind: o.owner_kind as OwnerView['kind'],
          stateIso2: o.owner_state_iso2 ?? o.agency_state,
          agencyId: o.owner_agency_id,
          organisationId: o.owner_organisation_id,
          name: o.agency_name ?? o.organisation_name,
          acronym: o.agency_acronym ?? o.organisation_acronym,
        },
        actions: countsOf(counts),
      }))
      .sort(
        (a, b) =>
          order[a.owner.kind] - order[b.owner.kind] ||
          (a.owner.stateIso2 ?? '').localeCompare(b.owner.stateIso2 ?? '') ||
          (a.owner.name ?? '').localeCompare(b.owner.name ?? ''),
      ),
  };
}

// ---------- writes

type OwnerColumns = Pick<
  typeof recommendationActions.$inferInsert,
  'ownerKind' | 'ownerStateIso2' | 'ownerAgencyId' | 'ownerOrganisationId'
>;

/** The owner columns of an action: exactly one known owner, or a 422 naming the rule. */
async function ownerColumns(db: Queryable, owner: OwnerInput | null | undefined): Promise<OwnerColumns> {
  const named = owner
    ? [
        owner.stateIso2 !== undefined,
        owner.agencyId !== undefined,
        owner.organisationId !== undefined,
        owner.office === true,
      ].filter(Boolean).length
    : 0;
  if (!owner || named === 0) {
    throw ruleViolation(
      'action_owner_required',
      'An action needs an owner: a member state, an agency, the office or a partner organisation',
      'owner',
    );
  }
  if (named > 1) {
    throw ruleViolation(
      'one_owner_only',
      'An action has one owner only: give one of stateIso2, agencyId, office, organisationId',
      'owner',
    );
  }
  const none = { ownerStateIso2: null, ownerAgencyId: null, ownerOrganisationId: null };
  if (owner.stateIso2) {
    if (!(await repo.stateExists(db, owner.stateIso2))) {
      throw ruleViolation('owner_unknown', `${owner.stateIso2} is not an African UN member state`, 'owner.stateIso2');
    }
    return { ...none, ownerKind: 'state', ownerStateIso2: owner.stateIso2 };
  }
  if (owner.agencyId) {
    if (!(await repo.findAgency(db, owner.agencyId))) throw ruleViolation('owner_unknown', 'No such agency', 'owner.agencyId');
    return { ...none, ownerKind: 'agency', ownerAgencyId: owner.agencyId };
  }
  if (owner.organisationId) {
    if (!(await repo.findOrganisation(db, owner.organisationId))) {
      throw ruleViolation('owner_unknown', 'No such organisation', 'owner.organisationId');
    }
    return { ...none, ownerKind: 'organisation', ownerOrganisationId: owner.organisationId };
  }
  return { ...none, ownerKind: 'office' };
}

/** A due date: given, or twelve months after the edition's end; never none, never before the edition. */
function dueDateFor(given: string | null | undefined, edition: repo.EditionRow): string {
  if (given === null) {
    throw ruleViolation(
      'action_due_date_required',
      'An action needs a due date (leave it out for twelve months after the edition)',
      'dueDate',
    );
  }
  const due = given ?? twelveMonthsAfter(edition.endDate);
  if (due < edition.startDate) {
    throw ruleViolation('due_date_before_edition', `The due date cannot be before the edition (${edition.startDate})`, 'dueDate');
  }
  return due;
}

async function assertReferences(db: Queryable, pillars: string[] | undefined, resolutions: number[] | undefined) {
  if (pillars?.length) {
    const known = await existingPillars(db, pillars);
    const unknown = pillars.filter((p) => !known.has(p));
    if (unknown.length) {
      throw ruleViolation('unknown_pillar', `Unknown strategy pillar: ${unknown.join(', ')} (use I, II, III, IV)`, 'pillars');
    }
  }
  if (resolutions?.length) {
    const known = await existingResolutions(db, resolutions);
    const unknown = resolutions.filter((n) => !known.has(n));
    if (unknown.length) {
      throw ruleViolation('unknown_resolution', `Unknown Security Council resolution: ${unknown.join(', ')}`, 'resolutions');
    }
  }
}

/** Pillars in the strategy's order, resolutions by number, each once. */
async function orderedReferences(db: Queryable, pillars: string[], resolutions: number[]) {
  const order = (await db.select({ code: strategyPillars.code }).from(strategyPillars).orderBy(strategyPillars.position)).map(
    (p) => p.code,
  );
  return {
    pillars: order.filter((code) => pillars.includes(code)),
    resolutions: [...new Set(resolutions)].sort((a, b) => a - b),
  };
}

async function assertNumberFree(db: Queryable, editionId: string, number: number, exceptId?: string) {
  if (await repo.recommendationNumberTaken(db, editionId, number, exceptId)) {
    throw new AppError('CONFLICT', `This edition already has a recommendation number ${number}`, {
      details: [{ path: 'number', message: 'Already used' }],
    });
  }
}

async function insertActionWithHistory(
  tx: Queryable,
  audit: AuditContext,
  actor: Actor,
  recommendation: repo.RecommendationRow,
  edition: repo.EditionRow,
  input: ActionInput,
): Promise<repo.ActionRow> {
  const owner = await ownerColumns(tx, input.owner);
  const dueDate = dueDateFor(input.dueDate, edition);
  const row = await repo.insertAction(tx, {
    recommendationId: recommendation.id,
    description: input.description,
    ...owner,
    dueDate,
    createdBy: actor.userId,
  });
  await repo.insertEvent(tx, { actionId: row.id, kind: 'created', toStatus: 'planned', byUserId: actor.userId });
  await writeAudit(tx, audit, {
    action: 'recommendation_action.create',
    recordType: 'recommendation_action',
    recordId: row.id,
    details: { recommendationId: recommendation.id, owner, dueDate },
  });
  return row;
}

export async function createRecommendation(db: Database, audit: AuditContext, actor: Actor, input: CreateRecommendationInput) {
  const id = await db.transaction(async (tx) => {
    const edition = await repo.findEdition(tx, input.editionId);
    if (!edition) throw ruleViolation('edition_unknown', 'No such edition of the meeting', 'editionId');
    await assertReferences(tx, input.pillars, input.resolutions);
    // Numbers are per edition: lock the edition's recommendations against a concurrent "next number".
    await tx.execute(sql`select id from ${meetingEditions} where ${meetingEditions.id} = ${edition.id} for update`);
    const number = input.number ?? (await repo.nextRecommendationNumber(tx, edition.id));
    await assertNumberFree(tx, edition.id, number);
    const references = await orderedReferences(tx, input.pillars ?? [], input.resolutions ?? []);
    const row = await repo.insertRecommendation(tx, {
      editionId: edition.id,
      number,
      text: input.text,
      ...references,
      createdBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation.create',
      recordType: 'recommendation',
      recordId: row.id,
      details: { editionNumber: edition.number, number, ...references },
    });
    for (const action of input.actions ?? []) await insertActionWithHistory(tx, audit, actor, row, edition, action);
    return row.id;
  });
  return getRecommendation(db, actor, id);
}

export async function updateRecommendation(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: UpdateRecommendationInput,
) {
  await db.transaction(async (tx) => {
    const before = await repo.findRecommendation(tx, id, true);
    if (!before) throw notFound('Recommendation');
    await assertReferences(tx, input.pillars, input.resolutions);
    if (input.number !== undefined && input.number !== before.number) {
      await assertNumberFree(tx, before.editionId, input.number, id);
    }
    const references = await orderedReferences(tx, input.pillars ?? before.pillars, input.resolutions ?? before.resolutions);
    const after = await repo.updateRecommendation(tx, id, {
      ...(input.number !== undefined ? { number: input.number } : {}),
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...references,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation.update',
      recordType: 'recommendation',
      recordId: id,
      details: {
        before: { number: before.number, text: before.text, pillars: before.pillars, resolutions: before.resolutions },
        after: { number: after.number, text: after.text, pillars: after.pillars, resolutions: after.resolutions },
      },
    });
  });
  return getRecommendation(db, actor, id);
}

export async function addAction(db: Database, audit: AuditContext, actor: Actor, recommendationId: string, input: ActionInput) {
  const id = await db.transaction(async (tx) => {
    const recommendation = await repo.findRecommendation(tx, recommendationId, true);
    if (!recommendation) throw notFound('Recommendation');
    const edition = await repo.findEdition(tx, recommendation.editionId);
    if (!edition) throw notFound('Recommendation');
    return (await insertActionWithHistory(tx, audit, actor, recommendation, edition, input)).id;
  });
  return getAction(db, actor, id);
}

/**
 * Locks an action the actor may change: out of their scope (or unknown) is 404; an action carried
 * on to a later edition is frozen.
 */
async function lockForChange(tx: Queryable, actor: Actor, id: string) {
  const visible = await repo.findActionInScope(tx, id, repo.actionScopeCondition(actor));
  if (!visible) throw notFound('Action');
  const action = await repo.findAction(tx, id, true);
  if (!action) throw notFound('Action');
  const carried = await repo.carriedActionOf(tx, id);
  if (carried) {
    throw ruleViolation('action_carried', 'This action was carried to a later edition: update the carried action instead');
  }
  const recommendation = await repo.findRecommendation(tx, action.recommendationId);
  const edition = recommendation ? await repo.findEdition(tx, recommendation.editionId) : undefined;
  if (!recommendation || !edition) throw notFound('Action');
  return { action, recommendation, edition };
}

const ownerLabel = (o: OwnerColumns): string =>
  o.ownerKind === 'office' ? 'office' : `${o.ownerKind}:${o.ownerStateIso2 ?? o.ownerAgencyId ?? o.ownerOrganisationId}`;

export async function updateAction(db: Database, audit: AuditContext, actor: Actor, id: string, input: UpdateActionInput) {
  await db.transaction(async (tx) => {
    const { action, edition } = await lockForChange(tx, actor, id);
    const changes: { field: string; before: string | null; after: string | null }[] = [];
    const values: Partial<typeof recommendationActions.$inferInsert> = {};
    if (input.owner !== undefined) {
      const owner = await ownerColumns(tx, input.owner);
      const before = ownerLabel(action);
      if (ownerLabel(owner) !== before) {
        Object.assign(values, owner);
        changes.push({ field: 'owner', before, after: ownerLabel(owner) });
      }
    }
    if (input.dueDate !== undefined) {
      const dueDate = dueDateFor(input.dueDate, edition);
      if (dueDate !== action.dueDate) {
        values.dueDate = dueDate;
        changes.push({ field: 'dueDate', before: action.dueDate, after: dueDate });
      }
    }
    if (input.description !== undefined && JSON.stringify(input.description) !== JSON.stringify(action.description)) {
      values.description = input.description;
      changes.push({
        field: 'description',
        before: Object.values(action.description)[0] ?? null,
        after: Object.values(input.description)[0] ?? null,
      });
    }
    if (changes.length === 0) return;
    await repo.updateAction(tx, id, values);
    await repo.insertEvent(tx, {
      actionId: id,
      kind: 'edited',
      fromStatus: action.status,
      toStatus: action.status,
      reason: input.reason ?? null,
      details: { changes },
      byUserId: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation_action.update',
      recordType: 'recommendation_action',
      recordId: id,
      details: { changes, reason: input.reason ?? null },
    });
  });
  return getAction(db, actor, id);
}

export async function changeStatus(db: Database, audit: AuditContext, actor: Actor, id: string, input: StatusChangeInput) {
  await db.transaction(async (tx) => {
    const { action, edition } = await lockForChange(tx, actor, id);
    const to = input.status;
    if (to === action.status) throw ruleViolation('status_unchanged', `The action is already ${action.status}`, 'status');
    const who = TRANSITIONS[action.status][to];
    if (!who) {
      throw ruleViolation('transition_not_allowed', `An action cannot move from ${action.status} to ${to}`, 'status');
    }
    if (who === 'officer' && actor.role !== 'programme_officer') {
      throw ruleViolation(
        'transition_officers_only',
        `Only the office can move an action from ${action.status} back to ${to}`,
        'status',
      );
    }
    const reason = input.reason ?? null;
    if (to === 'dropped' && !reason) throw ruleViolation('dropped_needs_reason', 'Say why the action is dropped', 'reason');
    let completedOn: string | null = null;
    if (to === 'done') {
      completedOn = input.completedOn ?? today();
      if (completedOn > today()) {
        throw ruleViolation('completion_in_future', 'The completion date cannot be in the future', 'completedOn');
      }
      if (completedOn < edition.startDate) {
        throw ruleViolation(
          'completion_before_edition',
          `The completion date cannot be before the edition (${edition.startDate})`,
          'completedOn',
        );
      }
    }
    await repo.updateAction(tx, id, { status: to, completedOn, dropReason: to === 'dropped' ? reason : null });
    await repo.insertEvent(tx, {
      actionId: id,
      kind: 'status',
      fromStatus: action.status,
      toStatus: to,
      reason,
      completedOn,
      byUserId: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation_action.status',
      recordType: 'recommendation_action',
      recordId: id,
      details: { from: action.status, to, reason, completedOn },
    });
  });
  return getAction(db, actor, id);
}

function isWebLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

const evidenceEmpty = (path: string) => ruleViolation('evidence_empty', 'Evidence cannot be empty', path);

export async function addEvidence(db: Database, audit: AuditContext, actor: Actor, id: string, input: EvidenceInput) {
  const text = input.text?.trim() ? input.text.trim() : null;
  const url = input.url?.trim() ? input.url.trim() : null;
  if (input.kind === 'text') {
    if (!text) throw evidenceEmpty('text');
    if (url) throw ruleViolation('evidence_one_kind', 'Text evidence has no link: send the link as kind "link"', 'url');
  } else {
    if (!url) throw evidenceEmpty('url');
    if (!isWebLink(url)) {
      throw ruleViolation('evidence_link_not_http', 'A link must be a web address starting with http:// or https://', 'url');
    }
  }
  await db.transaction(async (tx) => {
    await lockForChange(tx, actor, id);
    const row = await repo.insertEvidence(tx, { actionId: id, kind: input.kind, text, url, addedBy: actor.userId });
    await writeAudit(tx, audit, {
      action: 'recommendation_action.evidence',
      recordType: 'recommendation_action',
      recordId: id,
      details: { evidenceId: row.id, kind: input.kind, url },
    });
  });
  return getAction(db, actor, id);
}

/** Evidence as a file: the upload is read first (outside any lock), then stored with its record in one transaction. */
export async function addEvidenceFile(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  upload: { fields: Record<string, string>; file: UploadedFile | null },
) {
  if (!upload.file || upload.file.content.length === 0) throw evidenceEmpty('file');
  const note = upload.fields.note?.trim() ? upload.fields.note.trim().slice(0, 4000) : null;
  const file = upload.file;
  await db.transaction(async (tx) => {
    await lockForChange(tx, actor, id);
    const stored = await storeFile(tx, audit, file);
    const row = await repo.insertEvidence(tx, {
      actionId: id,
      kind: 'file',
      text: note,
      fileId: stored.id,
      addedBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation_action.evidence',
      recordType: 'recommendation_action',
      recordId: id,
      details: { evidenceId: row.id, kind: 'file', fileId: stored.id, name: stored.name, sha256: stored.sha256 },
    });
  });
  return getAction(db, actor, id);
}

/** Checks, before an upload is read, that the actor may add evidence to the action (404 / 422 otherwise). */
export async function assertCanAddEvidence(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockForChange(tx, actor, id);
  });
}

/** The file of a file evidence, under its action's access rule. */
export async function evidenceFile(db: Database, actor: Actor, evidenceId: string) {
  const evidence = await repo.findEvidence(db, evidenceId);
  if (!evidence?.fileId) throw notFound('Evidence file');
  const action = await repo.findActionInScope(db, evidence.actionId, repo.actionScopeCondition(actor));
  if (!action) throw notFound('Evidence file');
  const file = await loadFile(db, evidence.fileId);
  if (!file) throw notFound('Evidence file');
  return file;
}

export async function carry(db: Database, audit: AuditContext, actor: Actor, id: string, input: CarryInput) {
  const copyId = await db.transaction(async (tx) => {
    const source = await repo.findRecommendation(tx, id, true);
    if (!source) throw notFound('Recommendation');
    const edition = await repo.findEdition(tx, source.editionId);
    if (!edition) throw notFound('Recommendation');
    const next = await repo.nextEdition(tx, edition);
    if (!next) {
      throw ruleViolation('no_next_edition', `There is no edition after edition ${edition.number} yet: record it first`);
    }
    const all = await repo.actionsOf(tx, id);
    const carriedAlready = new Set(
      (
        await tx
          .select({ from: recommendationActions.carriedFromId })
          .from(recommendationActions)
          .where(
            all.length
              ? inArray(
                  recommendationActions.carriedFromId,
                  all.map((a) => a.id),
                )
              : sql`false`,
          )
      ).map((r) => r.from),
    );
    let chosen: repo.ActionRow[];
    if (input.actionIds) {
      chosen = [];
      for (const actionId of new Set(input.actionIds)) {
        const action = all.find((a) => a.id === actionId);
        if (!action) {
          throw ruleViolation(
            'action_not_of_recommendation',
            `Action ${actionId} is not an action of this recommendation`,
            'actionIds',
          );
        }
        if (!OPEN.includes(action.status)) {
          throw ruleViolation(
            'action_not_open',
            `Only open actions are carried; action ${actionId} is ${action.status}`,
            'actionIds',
          );
        }
        if (carriedAlready.has(action.id)) {
          throw ruleViolation('action_already_carried', `Action ${actionId} was already carried to a later edition`, 'actionIds');
        }
        chosen.push(action);
      }
    } else {
      if (all.length > 0 && all.every((a) => !OPEN.includes(a.status))) {
        throw ruleViolation('recommendation_closed', 'Every action of this recommendation is done or dropped: nothing to carry');
      }
      chosen = all.filter((a) => OPEN.includes(a.status) && !carriedAlready.has(a.id));
    }
    const existingCopy = await repo.carriedCopyOf(tx, id);
    if (existingCopy && chosen.length === 0) {
      throw ruleViolation('nothing_to_carry', 'This recommendation and its open actions were already carried');
    }
    const copyEdition = existingCopy ? await repo.findEdition(tx, existingCopy.editionId) : next;
    if (!copyEdition) throw notFound('Edition');
    const dueDate = input.dueDate ?? twelveMonthsAfter(copyEdition.endDate);
    if (dueDate < copyEdition.startDate) {
      throw ruleViolation(
        'due_date_before_edition',
        `The due date cannot be before the edition (${copyEdition.startDate})`,
        'dueDate',
      );
    }
    let copy = existingCopy;
    if (!copy) {
      await tx.execute(sql`select id from ${meetingEditions} where ${meetingEditions.id} = ${next.id} for update`);
      copy = await repo.insertRecommendation(tx, {
        editionId: next.id,
        number: await repo.nextRecommendationNumber(tx, next.id),
        text: source.text,
        pillars: source.pillars,
        resolutions: source.resolutions,
        carriedFromId: source.id,
        createdBy: actor.userId,
      });
    }
    const carried: { from: string; to: string }[] = [];
    for (const original of chosen) {
      const locked = await repo.findAction(tx, original.id, true);
      if (!locked || !OPEN.includes(locked.status)) {
        throw ruleViolation(
          'action_not_open',
          `Only open actions are carried; action ${original.id} changed meanwhile`,
          'actionIds',
        );
      }
      const row = await repo.insertAction(tx, {
        recommendationId: copy.id,
        description: locked.description,
        ownerKind: locked.ownerKind,
        ownerStateIso2: locked.ownerStateIso2,
        ownerAgencyId: locked.ownerAgencyId,
        ownerOrganisationId: locked.ownerOrganisationId,
        dueDate,
        status: locked.status,
        carriedFromId: locked.id,
        createdBy: actor.userId,
      });
      await repo.insertEvent(tx, {
        actionId: locked.id,
        kind: 'carried_to',
        fromStatus: locked.status,
        toStatus: locked.status,
        details: { actionId: row.id },
        byUserId: actor.userId,
      });
      await repo.insertEvent(tx, {
        actionId: row.id,
        kind: 'carried_from',
        toStatus: row.status,
        details: { actionId: locked.id },
        byUserId: actor.userId,
      });
      carried.push({ from: locked.id, to: row.id });
    }
    await writeAudit(tx, audit, {
      action: 'recommendation.carry',
      recordType: 'recommendation',
      recordId: source.id,
      details: { toRecommendationId: copy.id, toEditionNumber: copyEdition.number, dueDate, actions: carried },
    });
    return copy.id;
  });
  return getRecommendation(db, actor, copyId);
}
