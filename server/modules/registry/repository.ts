import { and, asc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  agencies,
  agencyTypes,
  courses,
  nominations,
  officialCounts,
  officials,
  type Sex,
  trainingSessions,
} from '../../db/schema';
import { type OfficialScope, officialScopeCondition, officialScopePlaceholders, officialScopeValue } from '../../platform/access';
import type { Queryable } from '../../platform/db';
import { compiledRows, preparedSelect } from '../../platform/prepared';

export { existingStates } from '../reference/repository';

export type AgencyRow = typeof agencies.$inferSelect;
export type OfficialRow = typeof officials.$inferSelect;

// ---- Reference checks ----

export async function agencyTypeExists(db: Queryable, code: string): Promise<boolean> {
  const [row] = await db.select({ code: agencyTypes.code }).from(agencyTypes).where(eq(agencyTypes.code, code));
  return Boolean(row);
}

// ---- Agencies ----

const parent = alias(agencies, 'parent_agency');

const counted = alias(officials, 'counted_official');

/** Agencies where at least one official of `scope` works (a trainer's view: their participants' agencies). */
export function agencyOfOfficialsIn(scope: OfficialScope): SQL {
  return sql`${agencies.id} in (select ${counted.agencyId} from officials counted_official
    where ${officialScopeCondition(scope, { officialId: counted.id, stateIso2: counted.stateIso2 })})`;
}

/**
 * How many officials of each agency the reader may see, merged officials aside, to join to the
 * agencies read. In the wall's scopes (every state, or one state, whose condition they take too)
 * from official_counts (migration 0040, under the same state wall as the officials), a few hundred
 * rows where counting read every official; in another scope (a trainer's participants, a
 * participant's own record) the officials of that scope are counted.
 */
function officialCountsByAgency(db: Queryable, scope: OfficialScope) {
  if (scope.kind === 'all' || scope.kind === 'state') {
    return db
      .select({ agencyId: officialCounts.agencyId, n: sql<number>`sum(${officialCounts.n})`.as('n') })
      .from(officialCounts)
      .where(and(eq(officialCounts.merged, false), scope.kind === 'state' ? eq(officialCounts.stateIso2, scope.iso2) : undefined))
      .groupBy(officialCounts.agencyId)
      .as('agency_official_counts');
  }
  return db
    .select({ agencyId: counted.agencyId, n: sql<number>`count(*)`.as('n') })
    .from(counted)
    .where(
      and(isNull(counted.mergedIntoId), officialScopeCondition(scope, { officialId: counted.id, stateIso2: counted.stateIso2 })),
    )
    .groupBy(counted.agencyId)
    .as('agency_official_counts');
}

/** Agencies with their parent's name and the count of their officials that the reader may see. */
function selectAgencies(db: Queryable, officialScope: OfficialScope) {
  const countsByAgency = officialCountsByAgency(db, officialScope);
  return db
    .select({
      agency: agencies,
      parentName: parent.name,
      officialCount: sql<number>`coalesce(${countsByAgency.n}, 0)`.mapWith(Number),
    })
    .from(agencies)
    .leftJoin(parent, eq(parent.id, agencies.parentId))
    .leftJoin(countsByAgency, eq(countsByAgency.agencyId, agencies.id));
}

export type AgencyListRow = { agency: AgencyRow; parentName: string | null; officialCount: number };

export type AgencyFilter = { stateIso2?: string; q?: string; type?: string };

/** Agencies matching `filter`, within the reader's agency `scope`; counts follow their `officialScope`. */
export async function listAgencies(
  db: Queryable,
  filter: AgencyFilter,
  scope: SQL,
  officialScope: OfficialScope,
): Promise<AgencyListRow[]> {
  const conditions: (SQL | undefined)[] = [scope];
  if (filter.stateIso2) conditions.push(eq(agencies.stateIso2, filter.stateIso2));
  if (filter.type) conditions.push(eq(agencies.type, filter.type));
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(or(ilike(agencies.name, pattern), ilike(agencies.acronym, pattern)));
  }
  return selectAgencies(db, officialScope)
    .where(and(...conditions))
    .orderBy(asc(agencies.stateIso2), asc(agencies.name));
}

export async function findAgency(
  db: Queryable,
  id: string,
  scope: SQL,
  officialScope: OfficialScope,
): Promise<AgencyListRow | undefined> {
  const [row] = await selectAgencies(db, officialScope).where(and(eq(agencies.id, id), scope));
  return row;
}

/**
 * The agencies with these ids that `scope` lets the writer see: id and state (to check an
 * official's agency belongs to their state). One outside the scope is as absent as an unknown one.
 */
export async function agencyStates(db: Queryable, ids: string[], scope: SQL): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: agencies.id, stateIso2: agencies.stateIso2 })
    .from(agencies)
    .where(and(inArray(agencies.id, ids), scope));
  return new Map(rows.map((r) => [r.id, r.stateIso2]));
}

export async function findAgencyByName(db: Queryable, stateIso2: string, name: string): Promise<AgencyRow | undefined> {
  const [row] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.stateIso2, stateIso2), sql`lower(${agencies.name}) = lower(${name})`));
  return row;
}

/** Whether `ancestorId` is `id` itself or one of its parents (a parent link must not make a cycle). */
export async function isSelfOrDescendant(db: Queryable, id: string, candidateParentId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 0 from agencies where id = ${candidateParentId}
      union all
      select a.id, a.parent_id, c.depth + 1 from agencies a join chain c on a.id = c.parent_id where c.depth < 100
    )
    select 1 as hit from chain where id = ${id} limit 1`);
  return ((rows as unknown as { rows: unknown[] }).rows ?? []).length > 0;
}

export async function insertAgency(db: Queryable, values: typeof agencies.$inferInsert): Promise<AgencyRow> {
  const [row] = await db.insert(agencies).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateAgency(db: Queryable, id: string, values: Partial<typeof agencies.$inferInsert>): Promise<AgencyRow> {
  const [row] = await db
    .update(agencies)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(agencies.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

// ---- Officials ----

export type OfficialFilter = {
  /** Name keys of the search text: each must begin one of the official's keys. */
  keys?: string[];
  /** The raw search text, also matched against the original-script name and the email. */
  text?: string;
  stateIso2?: string;
  agencyId?: string;
  sex?: Sex;
  includeMerged?: boolean;
};

const scopeOf = (scope: OfficialScope) =>
  officialScopeCondition(scope, { officialId: officials.id, stateIso2: officials.stateIso2 });

function officialFilterCondition(filter: OfficialFilter, text = true): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.text && text) conditions.push(sql`${officials.id} in (select id from ${searchCandidates(filter)} as id)`);
  if (filter.stateIso2) conditions.push(eq(officials.stateIso2, filter.stateIso2));
  if (filter.agencyId) conditions.push(eq(officials.agencyId, filter.agencyId));
  if (filter.sex) conditions.push(eq(officials.sex, filter.sex));
  if (!filter.includeMerged) conditions.push(isNull(officials.mergedIntoId));
  return and(...conditions);
}

/**
 * The officials whose original-script name or email contains the search text, or whose name keys
 * begin with every key of it, found through the trigram indexes by official_search_ids (migration
 * 0020: under row-level security LIKE could not use them). The function keeps to the caller's wall
 * and returns only ids; the list joins them under its own scope and filters.
 */
function searchCandidates(filter: OfficialFilter): SQL {
  return sql`official_search_ids(${searchArguments(filter)}, ${filter.stateIso2 ?? null})`;
}

/** The search text as a pattern, and its name keys as patterns of a key's start. */
function searchArguments(filter: OfficialFilter): SQL {
  const keys = filter.keys ?? [];
  const keyPatterns = sql.join(
    keys.map((key) => sql`${`% ${escapeLike(key)}%`}`),
    sql`, `,
  );
  return sql`${`%${escapeLike(filter.text ?? '')}%`}, ${keys.length > 0 ? sql`array[${keyPatterns}]` : sql`null`}::text[]`;
}

/**
 * A search's first pages found whole by official_search_page (migration 0040): the candidates
 * through the trigram indexes, the list's filters, order, offset and limit, and the count of all
 * matches, in the function, which reads 50 officials' rows where the list read every candidate's
 * under the policy ('wld ahmed': 793) to sort and count them. Only when the reader's scope is the
 * wall's (every state, or one state), where the function's matches are the list's; the list still
 * applies its scope and filters to the page's ids.
 */
function searchPage(scope: OfficialScope, filter: OfficialFilter, page: { offset: number; limit: number }): SQL | undefined {
  if ((scope.kind !== 'all' && scope.kind !== 'state') || !filter.text) return undefined;
  return sql`official_search_page(${searchArguments(filter)}, ${filter.stateIso2 ?? null}, ${filter.agencyId ?? null}::uuid,
    ${filter.sex ?? null}, ${Boolean(filter.includeMerged)}, ${page.offset}::int, ${page.limit}::int) as search_page`;
}

const summaryColumns = {
  official: officials,
  agencyName: agencies.name,
  agencyAcronym: agencies.acronym,
};

/**
 * What a list shows of an official (service.ts `toSummary`), and no more: the whole row (name keys,
 * languages, notes, timestamps) cost a list read on PGlite a fifth of its statement to decode.
 */
const listedOfficial = {
  id: officials.id,
  stateIso2: officials.stateIso2,
  agencyId: officials.agencyId,
  familyName: officials.familyName,
  givenNames: officials.givenNames,
  nameOriginal: officials.nameOriginal,
  sex: officials.sex,
  birthDate: officials.birthDate,
  rank: officials.rank,
  position: officials.position,
  email: officials.email,
  mergedIntoId: officials.mergedIntoId,
};

export type ListedOfficial = { [K in keyof typeof listedOfficial]: OfficialRow[K] };

/**
 * A list page's columns: the agency's name and acronym are read for the page's rows only, after
 * its sort and limit (PostgreSQL postpones such sub-selects past them). Joined, the planner,
 * which under row-level security expects a handful of candidates where a search finds hundreds,
 * read every agency again for each candidate: 40,000 rows for the 793 officials of 'wld ahmed'.
 */
// Qualified by hand: drizzle leaves a lone table's columns unqualified, which inside the sub-select
// would name the agency's own.
const ofPageRow = sql.raw('"officials"."agency_id"');
const listColumns = {
  official: listedOfficial,
  agencyName: sql<string | null>`(select a.name from agencies a where a.id = ${ofPageRow})`,
  agencyAcronym: sql<string | null>`(select a.acronym from agencies a where a.id = ${ofPageRow})`,
};

export type ListedOfficialWithAgency = { official: ListedOfficial; agencyName: string | null; agencyAcronym: string | null };

export type OfficialWithAgency = { official: OfficialRow; agencyName: string | null; agencyAcronym: string | null };

/** Where a page of the officials list ended, in the list's order (keyset paging). */
export type OfficialCursor = { familyName: string; givenNames: string; id: string };

// Case-blind, as a reader expects: 'ABAKAR' (typed in capitals) next to 'Abakar'. The same
// expressions as officials_list_order_idx, so that a page is read in order from the index.
const listOrder = [sql`lower(${officials.familyName})`, sql`lower(${officials.givenNames})`, officials.id] as const;

/**
 * The ids of a keyset page found by official_page_ids (migration 0023: under row-level security the
 * cursor's condition could not start the order index's scan), when the function's page is the list's:
 * the reader's scope is the wall's (every state or one state), no search text (a search pages its few
 * candidates) and no merged officials (the index holds none). Otherwise none: the list's own
 * condition alone. The list still applies its scope, filters and cursor to these ids.
 */
function keysetPage(scope: OfficialScope, filter: OfficialFilter, after: OfficialCursor, limit: number): SQL | undefined {
  if ((scope.kind !== 'all' && scope.kind !== 'state') || filter.text || filter.includeMerged) return undefined;
  return sql`${officials.id} in (select id from official_page_ids(${after.familyName}, ${after.givenNames}, ${after.id}::uuid,
    ${filter.stateIso2 ?? null}, ${filter.agencyId ?? null}::uuid, ${filter.sex ?? null}, ${limit}::int) as id)`;
}

/**
 * How many officials the list's filter matches in the reader's scope, as a sub-select that a page's
 * statement carries (computed once for it) or that runs alone. Where the counts answer the list's
 * question, the sum of official_counts (migration 0040: kept by the officials' triggers, a few
 * hundred rows where counting reads every match): the reader's scope is the wall's (every state, or
 * one state, whose condition the counts take too) and there is no search text. Otherwise the
 * matches themselves are counted (a trainer's participants; a search's candidates).
 */
function matchCount(scope: OfficialScope, filter: OfficialFilter): SQL<number> {
  if ((scope.kind === 'all' || scope.kind === 'state') && !filter.text) {
    const conditions: (SQL | undefined)[] = [];
    if (scope.kind === 'state') conditions.push(eq(officialCounts.stateIso2, scope.iso2));
    if (filter.stateIso2) conditions.push(eq(officialCounts.stateIso2, filter.stateIso2));
    if (filter.agencyId) conditions.push(eq(officialCounts.agencyId, filter.agencyId));
    if (filter.sex) conditions.push(eq(officialCounts.sex, filter.sex));
    if (!filter.includeMerged) conditions.push(eq(officialCounts.merged, false));
    return sql<number>`(select coalesce(sum(${officialCounts.n}), 0) from ${officialCounts} where ${and(...conditions) ?? sql`true`})`.mapWith(
      Number,
    );
  }
  const where = and(scopeOf(scope), officialFilterCondition(filter));
  return sql<number>`(select count(*) from ${officials} where ${where ?? sql`true`})`.mapWith(Number);
}

/**
 * A page by number without search text, the list as most readers first see it, is built by drizzle
 * once per database and shape (the scope's kind, which filters are set, merged officials or not) and
 * then run with this request's values under its name: no SQL text built per request (a fifth of the
 * list's CPU), and on PostgreSQL parsed and planned once per connection. `listOfficials` builds the
 * others per request: a search's patterns vary in number, a cursor's page has its own condition.
 * The scope and the filters are the list's own (`scopeOf`, `officialFilterCondition`, `matchCount`),
 * given placeholders where they put the values.
 */
function preparedPage(db: Queryable, scope: OfficialScope, filter: OfficialFilter) {
  const filters = (['stateIso2', 'agencyId', 'sex'] as const).filter((key) => filter[key] !== undefined);
  const name = ['officials.page', scope.kind, ...filters, filter.includeMerged ? 'merged' : ''].join('.');
  return preparedSelect(db, name, () => {
    const placed = officialScopePlaceholders(scope);
    const placedFilter: OfficialFilter = {
      stateIso2: filter.stateIso2 === undefined ? undefined : (sql.placeholder('stateIso2') as unknown as string),
      agencyId: filter.agencyId === undefined ? undefined : (sql.placeholder('agencyId') as unknown as string),
      sex: filter.sex === undefined ? undefined : (sql.placeholder('sex') as unknown as Sex),
      includeMerged: filter.includeMerged,
    };
    return db
      .select({ ...listColumns, total: matchCount(placed, placedFilter) })
      .from(officials)
      .where(and(scopeOf(placed), officialFilterCondition(placedFilter)))
      .orderBy(...listOrder.map((column) => asc(column)))
      .offset(sql.placeholder('offset'))
      .limit(sql.placeholder('limit'))
      .prepare(name);
  });
}

/**
 * A page of the officials list and, on a page by number, the count of all its matches
 * (`matchCount`, or a search's own from official_search_page). The count rides on the page's rows;
 * a first page without rows has no match, and only a page past the last match counts apart. A page
 * after a cursor is counted by no one: its reader came from the first page, which was (counting
 * every match is the cost a deep page was meant to avoid).
 */
export async function listOfficials(
  db: Queryable,
  scope: OfficialScope,
  filter: OfficialFilter,
  page: { offset: number; limit: number; after?: OfficialCursor },
): Promise<{ rows: ListedOfficialWithAgency[]; total: number | null }> {
  const searched = page.after ? undefined : searchPage(scope, filter, page);
  const found = searched
    ? await compiledRows(
        db
          .select({ ...listColumns, total: sql<number>`search_page.total`.mapWith(Number) })
          .from(officials)
          .innerJoin(searched, sql`search_page.id = ${officials.id}`)
          .where(and(scopeOf(scope), officialFilterCondition(filter, false)))
          .orderBy(...listOrder.map((column) => asc(column)))
          .limit(page.limit),
      )
    : page.after || filter.text
      ? await compiledRows(
          db
            .select({ ...listColumns, total: page.after ? sql<null>`null` : matchCount(scope, filter) })
            .from(officials)
            .where(
              and(
                scopeOf(scope),
                officialFilterCondition(filter),
                page.after && afterCursor(scope, filter, page.after, page.limit),
              ),
            )
            .orderBy(...listOrder.map((column) => asc(column)))
            .offset(page.after ? 0 : page.offset)
            .limit(page.limit),
        )
      : await preparedPage(db, scope, filter).execute({
          ...officialScopeValue(scope),
          stateIso2: filter.stateIso2,
          agencyId: filter.agencyId,
          sex: filter.sex,
          offset: page.offset,
          limit: page.limit,
        });
  const rows = found.map(({ total: _, ...row }) => row);
  if (page.after) return { rows, total: null };
  if (found[0]) return { rows, total: found[0].total };
  if (page.offset === 0) return { rows, total: 0 };
  const [counted] = await db.select({ n: matchCount(scope, filter) }).from(sql`(select 1) as one`);
  return { rows, total: counted?.n ?? 0 };
}

/** The rows after a keyset cursor, in the list's order (through official_page_ids where it applies). */
function afterCursor(scope: OfficialScope, filter: OfficialFilter, after: OfficialCursor, limit: number): SQL | undefined {
  return and(
    sql`(${listOrder[0]}, ${listOrder[1]}, ${listOrder[2]}) > (lower(${after.familyName}), lower(${after.givenNames}), ${after.id}::uuid)`,
    keysetPage(scope, filter, after, limit),
  );
}

/** One official, only when inside the scope. */
export async function findOfficial(db: Queryable, scope: OfficialScope, id: string): Promise<OfficialWithAgency | undefined> {
  const [row] = await db
    .select(summaryColumns)
    .from(officials)
    .leftJoin(agencies, eq(agencies.id, officials.agencyId))
    .where(and(eq(officials.id, id), scopeOf(scope)));
  return row;
}

/** The row to edit, locked, only when inside the scope. */
export async function findOfficialForUpdate(db: Queryable, scope: OfficialScope, id: string): Promise<OfficialRow | undefined> {
  const [row] = await db
    .select()
    .from(officials)
    .where(and(eq(officials.id, id), scopeOf(scope)))
    .for('update');
  return row;
}

/** An official's nominations in the sessions `visibleSessions` (a condition on training_sessions) lets the reader see. */
export async function nominationsOf(db: Queryable, officialId: string, visibleSessions: SQL) {
  return db
    .select({
      id: nominations.id,
      sessionId: trainingSessions.id,
      sessionCode: trainingSessions.code,
      courseTitle: courses.title,
      startDate: trainingSessions.startDate,
      endDate: trainingSessions.endDate,
      status: nominations.status,
    })
    .from(nominations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, nominations.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .where(and(eq(nominations.officialId, officialId), visibleSessions))
    .orderBy(asc(trainingSessions.startDate), asc(trainingSessions.code));
}

/** Inserts officials in chunks that stay well under PostgreSQL's limit of bound parameters. */
export async function insertOfficials(db: Queryable, values: (typeof officials.$inferInsert)[]): Promise<{ id: string }[]> {
  const ids: { id: string }[] = [];
  const CHUNK = 1000;
  for (let i = 0; i < values.length; i += CHUNK) {
    const rows = await db
      .insert(officials)
      .values(values.slice(i, i + CHUNK))
      .returning({ id: officials.id });
    ids.push(...rows);
  }
  return ids;
}

export async function updateOfficial(
  db: Queryable,
  id: string,
  values: Partial<typeof officials.$inferInsert>,
): Promise<OfficialRow> {
  const [row] = await db
    .update(officials)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(officials.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
