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

/** Every measure of the completed enrolments (alias e) that meet `when`, each named with `prefix`. */
function enrolmentMeasures(when: SQL, prefix: string): SQL {
  const paired = sql`e.pre_score is not null and e.post_score is not null`;
  const normalised = sql`${paired} and e.max_score > e.pre_score`;
  const as = (name: string) => sql.raw(`${prefix}${name}`);
  return sql`count(distinct e.official_id) filter (where ${when})::int as ${as('officials')},
    count(distinct e.official_id) filter (where ${when} and e.sex = 'female')::int as ${as('women')},
    count(*) filter (where ${when})::int as ${as('participations')},
    count(distinct e.state_iso2) filter (where ${when})::int as ${as('states_reached')},
    count(*) filter (where ${when} and ${paired})::int as ${as('paired_tests')},
    coalesce(sum(e.post_score - e.pre_score) filter (where ${when} and ${paired}), 0)::float8 as ${as('gain_sum')},
    coalesce(sum((e.post_score - e.pre_score) * (e.post_score - e.pre_score)) filter (where ${when} and ${paired}), 0)::float8
      as ${as('gain_square_sum')},
    count(*) filter (where ${when} and ${normalised})::int as ${as('normalised_tests')},
    coalesce(sum((e.post_score - e.pre_score) / (e.max_score - e.pre_score)) filter (where ${when} and ${normalised}), 0)::float8
      as ${as('normalised_gain_sum')},
    count(*) filter (where ${when} and e.follow_up_answered)::int as ${as('follow_up_answers')},
    count(*) filter (where ${when} and e.follow_up_answered and e.applied)::int as ${as('applied')}`;
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

/** Per value of a dimension: every measure, and persons and participations of the previous period. */
export async function breakdownFromEnrolments(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
  dimension: BreakdownDimension,
): Promise<BreakdownCounts[]> {
  const { current, previous } = periods;
  const where = [sql`e.ended_on between ${previous.from} and ${current.to}`, ...enrolmentConditions(narrowing)];
  const cur = sql`e.ended_on between ${current.from} and ${current.to}`;
  const prev = sql`e.ended_on between ${previous.from} and ${previous.to}`;
  const key = dimension === 'pillar' ? sql.raw('d.pillar') : sql.raw(`e.${dimensionColumn[dimension]}`);
  const from =
    dimension === 'pillar'
      ? sql`result_enrolments e cross join lateral unnest(e.pillars) as d(pillar)`
      : sql`result_enrolments e`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${key} as key,
        ${enrolmentMeasures(cur, '')},
        count(distinct e.official_id) filter (where ${prev})::int as previous_officials,
        count(*) filter (where ${prev})::int as previous_participations
      from ${from} where ${and(where)} group by 1 order by 1`,
  );
  const ratings = await ratingsBy(db, periods.current, narrowing, dimension);
  return rows.map((row) => breakdownCountsOf(row, ratings));
}
