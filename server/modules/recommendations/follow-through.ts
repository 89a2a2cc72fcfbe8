import { sql } from 'drizzle-orm';
import { meetingEditions, recommendations } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale, resolveText } from '../../platform/localised';
import { followsOwnStateOnly } from './policy';
import * as repo from './repository';
import type { OwnerView } from './schemas';
import { countsOf, editionRef } from './views';

// The follow-through figure (docs/product.md) and the summaries by edition, state and owner.

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
  if (followsOwnStateOnly(actor)) {
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
