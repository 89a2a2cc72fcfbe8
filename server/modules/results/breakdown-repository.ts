import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import {
  and,
  type BreakdownCounts,
  type BreakdownDimension,
  breakdownCountsOf,
  cubeMeasures,
  mask,
  type Narrowing,
  personConditions,
} from './facts-sql';
import { EVERY_PROGRAMME } from './freshness';
import { BASE_YEAR, type Period, yearsMask } from './period';
import { ratingsBy } from './ratings-repository';

/**
 * Breakdowns from the facts kept by year (server/db/schema/results.ts), never scanning the
 * enrolments: persons from the signatures (a persons count per state, sex, agency type and years
 * mask — overall, per programme, or per course attribute value), every other measure from the
 * cubes. Equal to `breakdownFromEnrolments` (./enrolment-repository.ts) wherever it can answer;
 * the tests compare them, and both with the source records.
 */

/** The course and session attributes, each with the filter that names one of its values. */
const attributeFilter = {
  course_level: 'courseLevel',
  thematic_area: 'thematicArea',
  modality: 'modality',
  pillar: 'pillar',
} as const satisfies Partial<Record<BreakdownDimension, keyof Narrowing>>;
type Attribute = keyof typeof attributeFilter;
const isAttribute = (dimension: BreakdownDimension | null): dimension is Attribute =>
  dimension !== null && dimension in attributeFilter;

/** The one course attribute a request involves (as its dimension or a filter), or null; undefined: more than one. */
function attributeOf(narrowing: Narrowing, dimension: BreakdownDimension | null): Attribute | null | undefined {
  const involved = new Set<Attribute>();
  if (isAttribute(dimension)) involved.add(dimension);
  for (const [attribute, filter] of Object.entries(attributeFilter) as [Attribute, keyof Narrowing][])
    if (narrowing[filter] !== undefined) involved.add(attribute);
  // Rows by pillar narrowed to a pillar hold the other pillars of the same enrolments too.
  if (involved.size > 1 || (dimension === 'pillar' && narrowing.pillar !== undefined)) return undefined;
  return [...involved][0] ?? null;
}

/**
 * Whole years, at most one programme and at most one course attribute (as the dimension or a
 * filter): the facts by year answer. Other requests go to the enrolments.
 */
export function breakdownFactsCanAnswer(period: Period, narrowing: Narrowing, dimension: BreakdownDimension | null): boolean {
  return (
    period.wholeYears &&
    (narrowing.programmes === undefined || narrowing.programmes.length === 1) &&
    attributeOf(narrowing, dimension) !== undefined
  );
}

const personKey: Record<Exclude<BreakdownDimension, 'year'>, string> = {
  state: 'state_iso2',
  sex: 'sex',
  agency_type: 'agency_type',
  programme: 'programme_id::text',
  course_level: 'value',
  thematic_area: 'value',
  modality: 'value',
  pillar: 'value',
};

/** No narrowing by agency type or course attribute: the facts by dimension value answer (state, sex, one programme allowed). */
const dimensionFactsAnswer = (narrowing: Narrowing): boolean =>
  narrowing.agencyType === undefined &&
  narrowing.courseLevel === undefined &&
  narrowing.thematicArea === undefined &&
  narrowing.pillar === undefined &&
  narrowing.modality === undefined;

/**
 * Where persons and sums are read from, the column holding the rows' key (null: no key, the total
 * or rows by year) and the conditions the narrowing and the dimension put on them.
 */
function sources(
  narrowing: Narrowing,
  dimension: BreakdownDimension | null,
): { persons: SQL; sums: SQL; key: string | null; where: SQL[] } {
  const programme = narrowing.programmes?.[0];
  const keyless = dimension === null || dimension === 'year';
  if (dimensionFactsAnswer(narrowing)) {
    const where = personConditions(narrowing);
    where.push(sql`dimension = ${keyless ? 'total' : dimension}`, sql`programme_id = ${programme ?? EVERY_PROGRAMME}::uuid`);
    return {
      persons: sql`result_dimension_signatures`,
      sums: sql`result_dimension_cube`,
      key: keyless ? null : 'value',
      where,
    };
  }
  const key = keyless ? null : personKey[dimension];
  const attribute = attributeOf(narrowing, dimension);
  const where = personConditions(narrowing);
  if (programme !== undefined) where.push(sql`programme_id = ${programme}::uuid`);
  if (attribute) {
    where.push(sql`attribute = ${attribute}`);
    const value = narrowing[attributeFilter[attribute]];
    if (value !== undefined) where.push(sql`value = ${value}`);
    // Per programme when one is asked for or rows are programmes; else the rows for every programme together.
    const signatures =
      programme === undefined && dimension !== 'programme'
        ? sql`(select * from result_attribute_signatures where programme_id = ${EVERY_PROGRAMME}::uuid) g`
        : sql`(select * from result_attribute_signatures where programme_id <> ${EVERY_PROGRAMME}::uuid) g`;
    return { persons: signatures, sums: sql`result_attribute_cube`, key, where };
  }
  const signatures =
    programme === undefined && dimension !== 'programme' ? sql`result_person_signatures` : sql`result_programme_signatures`;
  return { persons: signatures, sums: sql`result_cube`, key, where };
}

/**
 * Per value of a dimension (null: one row, the total, keyed 'total'): every measure, and persons
 * and participations of the previous period; rows in the order of their keys, like the enrolments' query.
 */
export async function breakdownFromFacts(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
  dimension: BreakdownDimension | null,
): Promise<BreakdownCounts[]> {
  const { current, previous } = periods;
  const { persons, sums, key, where } = sources(narrowing, dimension);
  const span = sql`${previous.fromYear}::int and ${current.toYear}::int`;
  const inCurrent = (year: SQL) => sql`${year} between ${current.fromYear}::int and ${current.toYear}::int`;
  const inPrevious = (year: SQL) => sql`${year} between ${previous.fromYear}::int and ${previous.toYear}::int`;
  // Persons: by year, each signature counts in every year of its mask; else in the periods its mask meets.
  let people: { from: SQL; key: SQL; trained: SQL; trainedBefore: SQL; where: SQL[] };
  if (dimension === 'year')
    people = {
      from: sql`${persons} cross join generate_series(${previous.fromYear}::int, ${current.toYear}::int) y`,
      key: sql`y::text`,
      trained: inCurrent(sql`y`),
      trainedBefore: inPrevious(sql`y`),
      where: [...where, sql`years & (1::bigint << (y - ${BASE_YEAR}::int)) <> 0`],
    };
  else {
    const cur = mask(yearsMask(current.fromYear, current.toYear));
    const prev = mask(yearsMask(previous.fromYear, previous.toYear));
    people = {
      from: persons,
      key: key === null ? sql`'total'` : sql.raw(key),
      trained: sql`years & ${cur} <> 0`,
      trainedBefore: sql`years & ${prev} <> 0`,
      where: [...where, sql`years & (${cur} | ${prev}) <> 0`],
    };
  }
  const sumKey = dimension === null ? sql`'total'` : dimension === 'year' ? sql`year::text` : sql.raw(key ?? 'year::text');
  const grouped = dimension === null ? sql`` : sql`group by 1`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with p as (
        select ${people.key} as key,
          coalesce(sum(persons) filter (where ${people.trained}), 0)::int as officials,
          coalesce(sum(persons) filter (where ${people.trained} and sex = 'female'), 0)::int as women,
          count(distinct state_iso2) filter (where ${people.trained})::int as states_reached,
          coalesce(sum(persons) filter (where ${people.trainedBefore}), 0)::int as previous_officials
        from ${people.from} where ${and(people.where)} ${grouped}),
      c as (
        select ${sumKey} as key, ${cubeMeasures('', inCurrent(sql`year`))},
          coalesce(sum(participations) filter (where ${inPrevious(sql`year`)}), 0)::int as previous_participations
        from ${sums} where ${and([...where, sql`year between ${span}`])} ${grouped})
      select coalesce(p.key, c.key) as key, p.officials, p.women, p.states_reached, p.previous_officials,
        c.participations, c.paired_tests, c.gain_sum, c.gain_square_sum, c.normalised_tests, c.normalised_gain_sum,
        c.follow_up_answers, c.applied, c.previous_participations
      from p full join c on c.key = p.key order by 1`,
  );
  const ratings = await ratingsBy(db, current, narrowing, dimension);
  return rows.map((row) => breakdownCountsOf(row, ratings));
}

/** A measure of the drill-down whose total the facts by year give. */
export type TotalledMeasure = 'officials' | 'participations' | 'paired_tests' | 'follow_ups';
const sumOf: Record<Exclude<TotalledMeasure, 'officials'>, string> = {
  participations: 'participations',
  paired_tests: 'paired_tests',
  follow_ups: 'follow_up_answers',
};

/**
 * One measure's total over whole years, where `breakdownFactsCanAnswer` holds for no dimension: the
 * drill-down's count above its pages, read alone (no other measure, period before or ratings).
 */
export async function factsTotal(db: Queryable, period: Period, narrowing: Narrowing, measure: TotalledMeasure): Promise<number> {
  const { persons, sums, where } = sources(narrowing, null);
  const [row] = await queryRows<{ n: number | null }>(
    db,
    measure === 'officials'
      ? sql`select sum(persons)::int as n from ${persons}
          where ${and([...where, sql`years & ${mask(yearsMask(period.fromYear, period.toYear))} <> 0`])}`
      : sql`select sum(${sql.raw(sumOf[measure])})::int as n from ${sums}
          where ${and([...where, sql`year between ${period.fromYear}::int and ${period.toYear}::int`])}`,
  );
  return Number(row?.n ?? 0);
}
