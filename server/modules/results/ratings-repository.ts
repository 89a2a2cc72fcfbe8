import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import { and, type BreakdownDimension, type Counts, type Narrowing, num, uuids } from './facts-sql';
import type { Period } from './period';

/**
 * Satisfaction: the anonymous overall ratings of whole sessions (result_sessions), so narrowed by
 * what a session carries, or by the states whose persons completed it (result_session_states);
 * never by a person's sex or agency type.
 */

/** Ratings carry no person: they cannot be narrowed to a sex or an agency type. */
export const ratingsSplittableBy = (narrowing: Narrowing) => narrowing.sex === undefined && narrowing.agencyType === undefined;

/** Conditions on result_sessions (alias rs) for a narrowing, sessions ended from `from` to `to`. */
export function sessionConditions(narrowing: Narrowing, from: string, to: string): SQL[] {
  const where: SQL[] = [sql`rs.ended_on between ${from} and ${to}`];
  if (narrowing.programmes) where.push(sql`rs.programme_id = any(${uuids(narrowing.programmes)})`);
  if (narrowing.courseLevel) where.push(sql`rs.course_level = ${narrowing.courseLevel}`);
  if (narrowing.thematicArea) where.push(sql`rs.thematic_area = ${narrowing.thematicArea}`);
  if (narrowing.modality) where.push(sql`rs.modality = ${narrowing.modality}`);
  if (narrowing.pillar) where.push(sql`${narrowing.pillar} = any(rs.pillars)`);
  if (narrowing.state)
    where.push(
      sql`rs.session_id in (select ss.session_id from result_session_states ss where ss.state_iso2 = ${narrowing.state})`,
    );
  return where;
}

/** Satisfaction of the sessions in scope for both periods; null where ratings cannot be narrowed so. */
export async function satisfaction(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
): Promise<{ current: [number, number]; previous: [number, number] } | null> {
  if (!ratingsSplittableBy(narrowing)) return null;
  const { current, previous } = periods;
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select
      coalesce(sum(ratings) filter (where ended_on between ${current.from} and ${current.to}), 0)::int as n,
      coalesce(sum(rating_sum) filter (where ended_on between ${current.from} and ${current.to}), 0)::int as s,
      coalesce(sum(ratings) filter (where ended_on between ${previous.from} and ${previous.to}), 0)::int as pn,
      coalesce(sum(rating_sum) filter (where ended_on between ${previous.from} and ${previous.to}), 0)::int as ps
    from result_sessions rs where ${and(sessionConditions(narrowing, previous.from, current.to))}`,
  );
  return { current: [num(row?.n), num(row?.s)], previous: [num(row?.pn), num(row?.ps)] };
}

/** Puts the ratings into the counts (-1: they cannot be narrowed so). */
export function applySatisfaction(counts: Counts, rated: Awaited<ReturnType<typeof satisfaction>>): Counts {
  if (rated) {
    [counts.current.ratings, counts.current.ratingSum] = rated.current;
    [counts.previous.ratings, counts.previous.ratingSum] = rated.previous;
  } else {
    counts.current.ratings = counts.previous.ratings = -1;
  }
  return counts;
}

const sessionColumn: Record<Exclude<BreakdownDimension, 'state' | 'pillar' | 'sex' | 'agency_type'>, string> = {
  year: 'year::text',
  programme: 'programme_id::text',
  course_level: 'course_level',
  thematic_area: 'thematic_area',
  modality: 'modality',
};

/**
 * Ratings of the current period per value of a session dimension, or per state that attended
 * (null: the total, keyed 'total'); null where ratings cannot be split so.
 */
export async function ratingsBy(
  db: Queryable,
  period: Period,
  narrowing: Narrowing,
  dimension: BreakdownDimension | null,
): Promise<Map<string, [number, number]> | null> {
  if (dimension === 'sex' || dimension === 'agency_type' || !ratingsSplittableBy(narrowing)) return null;
  const where = sessionConditions(narrowing, period.from, period.to);
  let query: SQL;
  if (dimension === 'state') {
    if (narrowing.state) where.push(sql`ss.state_iso2 = ${narrowing.state}`);
    query = sql`select ss.state_iso2 as key, sum(rs.ratings)::int as n, sum(rs.rating_sum)::int as s
      from result_sessions rs join result_session_states ss on ss.session_id = rs.session_id
      where ${and(where)} group by 1`;
  } else if (dimension === 'pillar') {
    query = sql`select p.pillar as key, sum(rs.ratings)::int as n, sum(rs.rating_sum)::int as s
      from result_sessions rs cross join lateral unnest(rs.pillars) as p(pillar) where ${and(where)} group by 1`;
  } else {
    const key = dimension === null ? sql`'total'` : sql.raw(`rs.${sessionColumn[dimension]}`);
    query = sql`select ${key} as key, coalesce(sum(rs.ratings), 0)::int as n, coalesce(sum(rs.rating_sum), 0)::int as s
      from result_sessions rs where ${and(where)} ${dimension === null ? sql`` : sql`group by 1`}`;
  }
  const rows = await queryRows<{ key: string; n: number; s: number }>(db, query);
  return new Map(rows.map((r) => [String(r.key), [num(r.n), num(r.s)]]));
}

/** The rated sessions of a period in scope, newest first (the records behind a satisfaction figure). */
export async function ratedSessions(
  db: Queryable,
  period: Period,
  narrowing: Narrowing,
  page: { offset: number; limit: number },
): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  if (!ratingsSplittableBy(narrowing)) return { total: 0, rows: [] };
  const rated = and([...sessionConditions(narrowing, period.from, period.to), sql`rs.ratings > 0`]);
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from result_sessions rs where ${rated}`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select rs.session_id, s.code, co.title, to_char(rs.ended_on, 'YYYY-MM-DD') as ended_on, rs.ratings, rs.rating_sum
      from result_sessions rs join training_sessions s on s.id = rs.session_id join courses co on co.id = s.course_id
      where ${rated} order by rs.ended_on desc, s.code offset ${page.offset} limit ${page.limit}`,
  );
  return { total: num(count?.n), rows };
}
