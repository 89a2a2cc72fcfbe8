import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import { enrolmentConditions, pillarsOfEnrolments } from './enrolment-repository';
import {
  and,
  type BreakdownCounts,
  type BreakdownDimension,
  breakdownCountsOf,
  type Narrowing,
  personConditions,
} from './facts-sql';
import { cubeSums, EVERY_PROGRAMME } from './freshness';
import { BASE_YEAR, type Period } from './period';
import { ratingsBy } from './ratings-repository';

/**
 * Breakdowns over any span of days from the facts by month (result_month_facts, kept by
 * ./freshness.ts), equal to `breakdownFromEnrolments` (./enrolment-repository.ts) wherever they
 * answer; the tests compare them. A person counts for a value at their first enrolment in the span
 * with it: the one whose previous enrolment with the value ended before the span. The span's whole
 * months read the facts; its partial first and last months read the enrolments by their day; where
 * the span starts mid-month, the enrolments of its whole months whose previous one ended in that
 * first month before the span are found by the index on the previous day.
 */

/**
 * Agency-type narrowing and course attribute filters (a pillar among them) are not in the facts' key,
 * and persons of several programmes (or of one programme by course attribute or pillar) are not
 * counted there: those go to the enrolments. Rows by pillar are there, one row per pillar value.
 */
export function monthFactsCanAnswer(narrowing: Narrowing, dimension: BreakdownDimension | null): boolean {
  if (
    narrowing.agencyType !== undefined ||
    narrowing.courseLevel !== undefined ||
    narrowing.thematicArea !== undefined ||
    narrowing.pillar !== undefined ||
    narrowing.modality !== undefined
  )
    return false;
  const programmes = narrowing.programmes;
  if (programmes === undefined) return true;
  return programmes.length === 1 && ['year', 'state', 'sex', 'agency_type', 'programme', null].includes(dimension);
}

/** The column of result_enrolments (alias e) holding a dimension's value, as the facts' `value`. */
type Valued = Exclude<BreakdownDimension, 'pillar' | 'year'>;
const valueColumn: Record<Valued, string> = {
  state: 'e.state_iso2',
  sex: 'e.sex',
  agency_type: 'e.agency_type',
  programme: 'e.programme_id::text',
  course_level: 'e.course_level',
  thematic_area: 'e.thematic_area',
  modality: 'e.modality',
};
const previousColumn: Record<Valued, string> = {
  state: 'e.previous_ended_on',
  sex: 'e.previous_ended_on',
  agency_type: 'e.previous_ended_on',
  programme: 'e.previous_in_programme',
  course_level: 'e.previous_in_level',
  thematic_area: 'e.previous_in_theme',
  modality: 'e.previous_in_modality',
};

const monthIndex = (day: string) => (Number(day.slice(0, 4)) - BASE_YEAR) * 12 + Number(day.slice(5, 7)) - 1;
const monthStart = (month: number) => `${BASE_YEAR + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;
const monthEnd = (month: number) => new Date(Date.UTC(BASE_YEAR, month + 1, 0)).toISOString().slice(0, 10);
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Each enrolment (e) once per pillar it carries (d), with the day of the person's next enrolment with it. */
const nextPillarsOfEnrolments = sql`result_enrolments e cross join lateral (
    select * from unnest(e.pillars, e.next_in_pillars) as u(pillar, next) limit cardinality(e.pillars)) as d`;

/**
 * A part of the span's rows summed per key, state and sex where `yes` (by pillar): the enrolments
 * path's rows are twice as many there, and under the state wall the planner expected a few hundred
 * and sorted 45,000 on disk (120 ms of 550 at scale 100); summed, a few hundred rows are left to sort.
 */
function summed(yes: boolean, part: SQL): SQL {
  if (!yes) return part;
  const sums = ['firsts', ...cubeSums].map((c) => `sum(${c})`).join(', ');
  return sql`select current, key, state_iso2, sex, ${sql.raw(sums)}
    from (${part}) g(current, key, state_iso2, sex, firsts, ${sql.raw(cubeSums.join(', '))}) group by 1, 2, 3, 4`;
}

/** A span split at year boundaries (rows by year: a person counts once per year), or whole. */
function slices(period: Period, byYear: boolean): { from: string; to: string; key: string | null }[] {
  if (!byYear) return [{ from: period.from, to: period.to, key: null }];
  const parts = [];
  for (let year = period.fromYear; year <= period.toYear; year += 1)
    parts.push({
      from: year === period.fromYear ? period.from : `${year}-01-01`,
      to: year === period.toYear ? period.to : `${year}-12-31`,
      key: String(year),
    });
  return parts;
}

const paired = sql`e.pre_score is not null and e.post_score is not null`;
const normalised = sql`${paired} and e.max_score > e.pre_score`;
/** One enrolment's share of each measure, in the order of `cubeSums`. */
const enrolmentShares = sql`1, (${paired})::int, case when ${paired} then e.post_score - e.pre_score else 0 end,
  case when ${paired} then (e.post_score - e.pre_score) * (e.post_score - e.pre_score) else 0 end, (${normalised})::int,
  case when ${normalised} then (e.post_score - e.pre_score) / (e.max_score - e.pre_score) else 0 end,
  (e.follow_up_answered)::int, (e.follow_up_answered and coalesce(e.applied, false))::int`;

/**
 * Per value of a dimension (null: one row, the total, keyed 'total'): every measure, and persons
 * and participations of the previous period, as `breakdownFromEnrolments` gives them.
 */
export async function breakdownFromMonthFacts(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
  dimension: BreakdownDimension | null,
): Promise<BreakdownCounts[]> {
  const programme = narrowing.programmes?.[0];
  const keyless = dimension === null || dimension === 'year';
  // One programme alone: its own rows, its persons counted by their previous enrolment in it; rows
  // by programme read the rows for every programme, at that programme's value.
  const ownRows = programme !== undefined && dimension !== 'programme';
  const factsWhere = personConditions(narrowing);
  factsWhere.push(
    sql`dimension = ${keyless ? 'total' : dimension}`,
    sql`programme_id = ${ownRows ? programme : EVERY_PROGRAMME}::uuid`,
  );
  if (programme !== undefined && !ownRows) factsWhere.push(sql`value = ${programme}`);
  // By pillar, an enrolment counts once per pillar it carries (d), with its previous day with that pillar.
  const byPillar = dimension === 'pillar';
  const source = byPillar ? pillarsOfEnrolments : sql`result_enrolments e`;
  const previousDay = sql.raw(
    byPillar
      ? 'd.previous'
      : ownRows
        ? 'e.previous_in_programme'
        : keyless
          ? 'e.previous_ended_on'
          : previousColumn[dimension as Valued],
  );
  const enrolmentWhere = enrolmentConditions(narrowing);
  const parts: SQL[] = [];
  for (const [period, current] of [
    [periods.current, true],
    [periods.previous, false],
  ] as const)
    for (const slice of slices(period, dimension === 'year')) {
      const tag = sql.raw(`${current}, `);
      const key = slice.key !== null ? sql.raw(`'${slice.key}'`) : dimension === null ? sql.raw(`'total'`) : null;
      const enrolmentKey = key ?? sql.raw(byPillar ? 'd.pillar' : valueColumn[dimension as Valued]);
      const start = sql`${slice.from}::date`;
      const first = sql`(${previousDay} is null or ${previousDay} < ${start})::int`;
      const enrolments = (from: string, to: string) =>
        parts.push(
          summed(
            byPillar,
            sql`select ${tag}${enrolmentKey}, e.state_iso2, e.sex, ${first}, ${enrolmentShares}
          from ${source} where ${and([sql`e.ended_on between ${from}::date and ${to}::date`, ...enrolmentWhere])}`,
          ),
        );
      const startMonth = monthIndex(slice.from);
      const firstWhole = slice.from.endsWith('-01') ? startMonth : startMonth + 1;
      const lastWhole = monthEnd(monthIndex(slice.to)) === slice.to ? monthIndex(slice.to) : monthIndex(slice.to) - 1;
      if (firstWhole > lastWhole) {
        enrolments(slice.from, slice.to);
        continue;
      }
      if (firstWhole > startMonth) enrolments(slice.from, dayBefore(monthStart(firstWhole)));
      if (lastWhole < monthIndex(slice.to)) enrolments(dayAfter(monthEnd(lastWhole)), slice.to);
      parts.push(sql`select ${tag}${key ?? sql.raw('value')}, state_iso2, sex,
          firsts_none + coalesce(firsts_back[month - ${startMonth}::int + 1], 0), ${sql.raw(cubeSums.join(', '))}
        from result_month_facts where ${and([...factsWhere, sql`month between ${firstWhole}::int and ${lastWhole}::int`])}`);
      // Started mid-month: the whole months' enrolments whose previous one ended in that month before the span.
      // By pillar: the enrolments of that month before the span whose next one with a pillar is in the whole months.
      if (firstWhole > startMonth && byPillar)
        parts.push(
          summed(
            true,
            sql`select ${tag}d.pillar, e.state_iso2, e.sex, 1, 0, 0, 0, 0, 0, 0, 0, 0
          from ${nextPillarsOfEnrolments} where ${and([
            sql`e.ended_on between ${monthStart(startMonth)}::date and ${dayBefore(slice.from)}::date`,
            sql`d.next between ${monthStart(firstWhole)}::date and ${monthEnd(lastWhole)}::date`,
            ...enrolmentWhere,
          ])}`,
          ),
        );
      else if (firstWhole > startMonth)
        parts.push(sql`select ${tag}${enrolmentKey}, e.state_iso2, e.sex, 1, 0, 0, 0, 0, 0, 0, 0, 0
          from ${source} where ${and([
            sql`${previousDay} >= ${monthStart(startMonth)}::date and ${previousDay} < ${start}`,
            sql`e.ended_on between ${monthStart(firstWhole)}::date and ${monthEnd(lastWhole)}::date`,
            ...enrolmentWhere,
          ])}`);
    }
  const sum = (column: string, when: string, type: string) =>
    sql.raw(`coalesce(sum(${column}) filter (where ${when}), 0)::${type}`);
  const total = (column: string, type: string) => sql.raw(`coalesce(sum(${column}), 0)::${type} as ${column}`);
  const realMeasure = (column: string) => column.endsWith('_sum');
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with parts (current, key, state_iso2, sex, firsts, ${sql.raw(cubeSums.join(', '))}) as (
        ${sql.join(parts, sql` union all `)}),
      by_state as (
        select key, state_iso2, ${sum('firsts', 'current', 'int')} as officials,
          ${sum('firsts', "current and sex = 'female'", 'int')} as women,
          ${sql.join(
            cubeSums.map((m) => sql`${sum(m, 'current', realMeasure(m) ? 'numeric' : 'int')} as ${sql.raw(m)}`),
            sql`, `,
          )},
          ${sum('firsts', 'not current', 'int')} as previous_officials,
          ${sum('participations', 'not current', 'int')} as previous_participations
        from parts group by 1, 2)
      select ${dimension === null ? sql`'total'` : sql`key`} as key, ${total('officials', 'int')}, ${total('women', 'int')},
        (count(*) filter (where participations > 0))::int as states_reached,
        ${sql.join(
          [...cubeSums, 'previous_officials', 'previous_participations'].map((m) => total(m, realMeasure(m) ? 'float8' : 'int')),
          sql`, `,
        )}
      from by_state ${dimension === null ? sql`` : sql`group by 1 order by 1`}`,
  );
  const ratings = await ratingsBy(db, periods.current, narrowing, dimension);
  return rows.map((row) => breakdownCountsOf(row, ratings));
}
