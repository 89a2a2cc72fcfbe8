import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import {
  and,
  type BreakdownCounts,
  type BreakdownDimension,
  breakdownCountsOf,
  type Counts,
  emptyCounts,
  type Narrowing,
  num,
  readMeasures,
  split,
  uuids,
} from './facts-sql';
import { type Period, yearsOf } from './period';
import { applySatisfaction, ratingsBy, satisfaction } from './ratings-repository';

/**
 * The general path: any span of days and any narrowing, over one row per completed enrolment
 * (result_enrolments). Slower than the facts by year (./repository.ts, ./breakdown-repository.ts),
 * which the tests keep equal to it; used where those cannot answer.
 */

/** Conditions on result_enrolments (alias e) for a narrowing, without the period. */
export function enrolmentConditions(narrowing: Narrowing): SQL[] {
  const where: SQL[] = [];
  if (narrowing.state) where.push(sql`e.state_iso2 = ${narrowing.state}`);
  if (narrowing.programmes) where.push(sql`e.programme_id = any(${uuids(narrowing.programmes)})`);
  if (narrowing.sex) where.push(sql`e.sex = ${narrowing.sex}`);
  if (narrowing.agencyType) where.push(sql`e.agency_type = ${narrowing.agencyType}`);
  if (narrowing.courseLevel) where.push(sql`e.course_level = ${narrowing.courseLevel}`);
  if (narrowing.thematicArea) where.push(sql`e.thematic_area = ${narrowing.thematicArea}`);
  if (narrowing.modality) where.push(sql`e.modality = ${narrowing.modality}`);
  if (narrowing.pillar) where.push(sql`${narrowing.pillar} = any(e.pillars)`);
  return where;
}

/**
 * Each enrolment (e) once per pillar it carries (d), with the day of the person's previous enrolment
 * with that pillar. The LIMIT changes nothing (the two arrays are aligned) but the planner's guess:
 * PostgreSQL 15 expects ten elements from an array column, and at scale 100 the guess pushed a span's
 * statement past `jit_above_cost` (JIT took 133 ms of 393); with the LIMIT it expects about one.
 */
export const pillarsOfEnrolments = sql`result_enrolments e cross join lateral (
    select * from unnest(e.pillars, e.previous_in_pillars) as u(pillar, previous) limit cardinality(e.pillars)) as d`;

/** The sums of the completed enrolments (alias e) that meet `when`, each named with `prefix`; `exact`: left numeric. */
function enrolmentSums(when: SQL, prefix: string, exact = false): SQL {
  const paired = sql`e.pre_score is not null and e.post_score is not null`;
  const normalised = sql`${paired} and e.max_score > e.pre_score`;
  const as = (name: string) => sql.raw(`${prefix}${name}`);
  const real = exact ? sql`` : sql`::float8`;
  return sql`count(*) filter (where ${when})::int as ${as('participations')},
    count(*) filter (where ${when} and ${paired})::int as ${as('paired_tests')},
    coalesce(sum(e.post_score - e.pre_score) filter (where ${when} and ${paired}), 0)${real} as ${as('gain_sum')},
    coalesce(sum((e.post_score - e.pre_score) * (e.post_score - e.pre_score)) filter (where ${when} and ${paired}), 0)${real}
      as ${as('gain_square_sum')},
    count(*) filter (where ${when} and ${normalised})::int as ${as('normalised_tests')},
    coalesce(sum((e.post_score - e.pre_score) / (e.max_score - e.pre_score)) filter (where ${when} and ${normalised}), 0)${real}
      as ${as('normalised_gain_sum')},
    count(*) filter (where ${when} and e.follow_up_answered)::int as ${as('follow_up_answers')},
    count(*) filter (where ${when} and e.follow_up_answered and e.applied)::int as ${as('applied')}`;
}

/** Every measure of the completed enrolments (alias e) that meet `when`, each named with `prefix`. */
function enrolmentMeasures(when: SQL, prefix: string): SQL {
  const as = (name: string) => sql.raw(`${prefix}${name}`);
  return sql`count(distinct e.official_id) filter (where ${when})::int as ${as('officials')},
    count(distinct e.official_id) filter (where ${when} and e.sex = 'female')::int as ${as('women')},
    count(distinct e.state_iso2) filter (where ${when})::int as ${as('states_reached')},
    ${enrolmentSums(when, prefix)}`;
}

export async function countsFromEnrolments(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
): Promise<Counts> {
  const { current, previous } = periods;
  const where = [sql`e.ended_on between ${previous.from} and ${current.to}`, ...enrolmentConditions(narrowing)];
  const cur = sql`e.ended_on between ${current.from} and ${current.to}`;
  const prev = sql`e.ended_on between ${previous.from} and ${previous.to}`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select grouping(e.year) as g_year, grouping(e.state_iso2) as g_state, grouping(e.sex) as g_sex,
        grouping(e.agency_type) as g_agency, grouping(e.programme_id) as g_programme,
        e.year, e.state_iso2, e.sex, e.agency_type, e.programme_id,
        ${enrolmentMeasures(cur, '')},
        ${enrolmentMeasures(prev, 'previous_')}
      from result_enrolments e where ${and(where)}
      group by grouping sets ((), (e.year), (e.state_iso2), (e.sex), (e.agency_type), (e.programme_id))`,
  );
  const counts: Counts = emptyCounts();
  for (const year of yearsOf(current)) split(counts.byYear, String(year));
  for (const row of rows) {
    const entry = { officials: num(row.officials), women: num(row.women), participations: num(row.participations) };
    const keep = entry.participations > 0;
    if (num(row.g_year) === 0) {
      if (counts.byYear.has(String(row.year))) Object.assign(split(counts.byYear, String(row.year)), entry);
    } else if (num(row.g_state) === 0) {
      if (keep) Object.assign(split(counts.byState, String(row.state_iso2)), entry);
    } else if (num(row.g_sex) === 0) {
      if (keep) Object.assign(split(counts.bySex, String(row.sex)), entry);
    } else if (num(row.g_agency) === 0) {
      if (keep) Object.assign(split(counts.byAgencyType, String(row.agency_type)), entry);
    } else if (num(row.g_programme) === 0) {
      if (keep) Object.assign(split(counts.byProgramme, String(row.programme_id)), entry);
    } else {
      for (const [sumsOf, prefix] of [
        [counts.current, ''],
        [counts.previous, 'previous_'],
      ] as const) {
        sumsOf.officials = num(row[`${prefix}officials`]);
        sumsOf.women = num(row[`${prefix}women`]);
        sumsOf.statesReached = num(row[`${prefix}states_reached`]);
        readMeasures(sumsOf, row, prefix);
      }
    }
  }
  // Years with no enrolment in them stay in the series with zeros.
  return applySatisfaction(counts, await satisfaction(db, periods, narrowing));
}

const dimensionColumn: Record<Exclude<BreakdownDimension, 'pillar'>, string> = {
  year: 'year::text',
  state: 'state_iso2',
  sex: 'sex',
  agency_type: 'agency_type',
  programme: 'programme_id::text',
  course_level: 'course_level',
  thematic_area: 'thematic_area',
  modality: 'modality',
};

/**
 * The day (of result_enrolments e, ./freshness.ts) of the person's previous enrolment with the same
 * value of whatever course attribute, pillar or programme the request involves (as its dimension or
 * a filter); null where it involves more than one, or several programmes for rows that are not
 * programmes. By pillar, each pillar of an enrolment (d) has its own previous day; narrowed to a
 * pillar, the enrolment's previous day with that pillar.
 */
function previousDayOf(narrowing: Narrowing, dimension: BreakdownDimension | null): SQL | null {
  const programmes = narrowing.programmes;
  if (programmes !== undefined && programmes.length > 1 && dimension !== 'programme') return null;
  const column = (name: string) => sql.raw(`e.${name}`);
  const involved = [
    (dimension === 'programme' || programmes !== undefined) && column('previous_in_programme'),
    (dimension === 'course_level' || narrowing.courseLevel !== undefined) && column('previous_in_level'),
    (dimension === 'thematic_area' || narrowing.thematicArea !== undefined) && column('previous_in_theme'),
    (dimension === 'modality' || narrowing.modality !== undefined) && column('previous_in_modality'),
    dimension === 'pillar' && sql.raw('d.previous'),
    narrowing.pillar !== undefined && sql`e.previous_in_pillars[array_position(e.pillars, ${narrowing.pillar})]`,
  ].filter((day): day is SQL => day !== false);
  if (involved.length > 1) return null;
  return involved[0] ?? column('previous_ended_on');
}

/**
 * Per value of a dimension (null: one row, the total, keyed 'total'): every measure, and persons
 * and participations of the previous period. A person counts once per value: at their first
 * enrolment in the period with that value, the one whose previous enrolment with it (kept beside
 * each enrolment) ended before the period (or before the year, for rows by year). Where no such day
 * is kept, persons are counted distinct.
 */
export async function breakdownFromEnrolments(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
  dimension: BreakdownDimension | null,
): Promise<BreakdownCounts[]> {
  const { current, previous } = periods;
  const where = and([sql`e.ended_on between ${previous.from} and ${current.to}`, ...enrolmentConditions(narrowing)]);
  const cur = sql`e.ended_on between ${current.from} and ${current.to}`;
  const prev = sql`e.ended_on between ${previous.from} and ${previous.to}`;
  const key =
    dimension === null ? sql`'total'` : dimension === 'pillar' ? sql.raw('d.pillar') : sql.raw(`e.${dimensionColumn[dimension]}`);
  const from = dimension === 'pillar' ? pillarsOfEnrolments : sql`result_enrolments e`;
  const grouped = dimension === null ? sql`` : sql`group by 1 order by 1`;
  const previousDay = previousDayOf(narrowing, dimension);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    previousDay === null
      ? sql`select ${key} as key,
          ${enrolmentMeasures(cur, '')},
          count(distinct e.official_id) filter (where ${prev})::int as previous_officials,
          count(*) filter (where ${prev})::int as previous_participations
        from ${from} where ${where} ${grouped}`
      : firstInPeriod(previousDay, { current, previous, key, from, where, dimension }),
  );
  const ratings = await ratingsBy(db, periods.current, narrowing, dimension);
  return rows.map((row) => breakdownCountsOf(row, ratings));
}

/**
 * The measures counting each person at their first enrolment in the period per key (`previousDay`:
 * the day of their previous one with the same key), summed per key and state first, so that
 * states are counted without a count(distinct) either.
 */
function firstInPeriod(
  previousDay: SQL,
  q: { current: Period; previous: Period; key: SQL; from: SQL; where: SQL; dimension: BreakdownDimension | null },
): SQL {
  const first = (from: string) =>
    q.dimension === 'year'
      ? sql`(${previousDay} is null or ${previousDay} < greatest(${from}::date, make_date(e.year, 1, 1)))`
      : sql`(${previousDay} is null or ${previousDay} < ${from}::date)`;
  const cur = sql`e.ended_on between ${q.current.from} and ${q.current.to}`;
  const prev = sql`e.ended_on between ${q.previous.from} and ${q.previous.to}`;
  const total = (column: string, type: string) => sql.raw(`coalesce(sum(${column}), 0)::${type} as ${column}`);
  return sql`with by_state as (
      select ${q.key} as key, e.state_iso2,
        count(*) filter (where ${cur} and ${first(q.current.from)}) as officials,
        count(*) filter (where ${cur} and ${first(q.current.from)} and e.sex = 'female') as women,
        ${enrolmentSums(cur, '', true)},
        count(*) filter (where ${prev} and ${first(q.previous.from)}) as previous_officials,
        count(*) filter (where ${prev}) as previous_participations
      from ${q.from} where ${q.where} group by 1, 2)
    select ${q.dimension === null ? sql`'total'` : sql`key`} as key, ${total('officials', 'int')}, ${total('women', 'int')},
      (count(*) filter (where participations > 0))::int as states_reached,
      ${sql.join(
        [
          ['participations', 'int'],
          ['paired_tests', 'int'],
          ['gain_sum', 'float8'],
          ['gain_square_sum', 'float8'],
          ['normalised_tests', 'int'],
          ['normalised_gain_sum', 'float8'],
          ['follow_up_answers', 'int'],
          ['applied', 'int'],
          ['previous_officials', 'int'],
          ['previous_participations', 'int'],
        ].map(([column, type]) => total(column as string, type as string)),
        sql`, `,
      )}
    from by_state ${q.dimension === null ? sql`` : sql`group by 1 order by 1`}`;
}
