import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type ActionStatus, type Locale, recommendationActions, recommendations } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { today } from '../../platform/dates';
import type { Queryable } from '../../platform/db';
import { resolveText } from '../../platform/localised';
import { actionCapabilities, allowedTransitions, carries } from './policy';
import * as repo from './repository';
import type {
  ActionCounts,
  ActionDetail,
  ActionView,
  EditionRef,
  OwnerView,
  RecommendationDetail,
  RecommendationView,
} from './schemas';

// What a reader sees of recommendations and actions: views with counts, links and capabilities.

export const OPEN: ActionStatus[] = ['planned', 'in_progress'];
// ---------- views

export const editionRef = (e: repo.EditionRow): EditionRef => ({
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

export const countsOf = (row: repo.ActionCountsRow | undefined): ActionCounts =>
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

export async function actionViews(
  db: Queryable,
  actor: Actor,
  rows: repo.ActionListRow[],
  locale: Locale,
): Promise<ActionView[]> {
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
      allowedTransitions: allowedTransitions(actor, { status: r.status, carriedOn }),
      can: actionCapabilities(actor, { carriedOn }),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

/** One action as the actor may see it (with its lineage's history and evidence), or 404. */
export async function actionDetail(db: Queryable, actor: Actor, id: string, locale: Locale): Promise<ActionDetail> {
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

export async function recommendationViews(
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

export async function recommendationDetail(
  db: Queryable,
  actor: Actor,
  id: string,
  locale: Locale,
): Promise<RecommendationDetail> {
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
    can: { carry: carries(actor, next !== undefined && (openToCarry || bareAndUncarried)) },
    nextEdition: next ? editionRef(next) : null,
  };
}
