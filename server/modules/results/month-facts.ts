import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import { enrolmentConditions } from './enrolment-repository';
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
 * months read the facts; its partial first and last months read the facts by day (result_day_facts:
 * the total and by pillar) or else the enrolments by their day; where the span starts mid-month, the
 * enrolments read from facts whose previous one ended in that first month before the span are found
 * by the index on the previous day.
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

/** Each enrolment (e) once per pillar it carries (d), with the day of the person's next enrolment with it. */
const nextPillarsOfEnrolments = sql`result_enrolments e cross join lateral (
    select * from unnest(e.pillars, e.next_in_pillars) as u(pillar, next) limit cardinality(e.pillars)) as d`;

const monthIndex = (day: string) => (Number(day.slice(0, 4)) - BASE_YEAR) * 12 + Number(day.slice(5, 7)) - 1;
const monthStart = (month: number) => `${BASE_YEAR + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;
const monthEnd = (month: number) => new Date(Date.UTC(BASE_YEAR, month + 1, 0)).toISOString().slice(0, 10);
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

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
/**
 * The sums of the enrolments (alias e) of a part, in the order of `cubeSums`; of the period before,
 * participations only (the only measure read from it), the others left at zero.
 */
const enrolmentSums = (current: boolean) =>
  current
    ? sql`count(*), count(*) filter (where ${paired}), coalesce(sum(e.post_score - e.pre_score) filter (where ${paired}), 0),
  coalesce(sum((e.post_score - e.pre_score) * (e.post_score - e.pre_score)) filter (where ${paired}), 0),
  count(*) filter (where ${normalised}),
  coalesce(sum((e.post_score - e.pre_score) / (e.max_score - e.pre_score)) filter (where ${normalised}), 0),
  count(*) filter (where e.follow_up_answered), count(*) filter (where e.follow_up_answered and coalesce(e.applied, false))`
    : sql`count(*), 0, 0, 0, 0, 0, 0, 0`;

/**
 * Where the rows of a dimension (null: the total) read their facts by month, and by day where those
 * hold them (null: not), and the previous day their persons count by.
 */
function sourceOf(
  narrowing: Narrowing,
  dimension: BreakdownDimension | null,
): { factsWhere: SQL[]; dayWhere: SQL[] | null; previousDay: string } {
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
  const previousDay =
    dimension === 'pillar'
      ? 'd.previous'
      : ownRows
        ? 'e.previous_in_programme'
        : keyless
          ? 'e.previous_ended_on'
          : previousColumn[dimension as Valued];
  // The facts by day hold the total and the rows by pillar of every programme together.
  const byDay = programme === undefined && (keyless || dimension === 'pillar');
  const dayWhere = byDay ? [...personConditions(narrowing), sql`dimension = ${keyless ? 'total' : dimension}`] : null;
  return { factsWhere, dayWhere, previousDay };
}

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
  return (await monthFactsBreakdown(db, periods, narrowing, dimension, false)).rows;
}

/**
 * The rows by a dimension and the total row at once, as `breakdownFromMonthFacts` gives each: the
 * partial months are read once for both (from the facts by day by pillar; else the enrolments,
 * grouped by value and as a whole together), and so is the mid-month start's correction where both
 * count persons by the same previous day. Rows by year split the span at each 1 January and the
 * total does not: those go to `breakdownFromMonthFacts`.
 */
export async function breakdownWithTotalFromMonthFacts(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
  dimension: Exclude<BreakdownDimension, 'year'>,
): Promise<{ rows: BreakdownCounts[]; total: BreakdownCounts }> {
  const { rows, total } = await monthFactsBreakdown(db, periods, narrowing, dimension, true);
  if (!total) throw new Error('a total query gave no row');
  return { rows, total };
}

async function monthFactsBreakdown(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
  dimension: BreakdownDimension | null,
  withTotal: boolean,
): Promise<{ rows: BreakdownCounts[]; total: BreakdownCounts | null }> {
  const own = sourceOf(narrowing, dimension);
  // The total beside rows of a dimension (never by year: its slices are not the total's).
  const whole = withTotal && dimension !== null && dimension !== 'year' ? sourceOf(narrowing, null) : null;
  // Rows whose persons count by the total's previous day (state, sex, agency type) are the total's too.
  const shared = whole !== null && whole.previousDay === own.previousDay;
  const enrolmentWhere = enrolmentConditions(narrowing);
  const totalKey = sql.raw(`true, 'total'`);
  const parts: SQL[] = [];
  for (const [period, current] of [
    [periods.current, true],
    [periods.previous, false],
  ] as const)
    for (const slice of slices(period, dimension === 'year')) {
      const tag = sql.raw(`${current}, `);
      const start = sql`${slice.from}::date`;
      const firsts = (previousDay: string) => sql`(${sql.raw(previousDay)} is null or ${sql.raw(previousDay)} < ${start})::int`;
      // Each part of the enrolments is summed where it is read: a few rows per key, state and sex go on,
      // marked for the rows (false), the total (true) or both (null: the same persons' firsts, relabelled below).
      // With the total beside and firsts of their own, grouped by value and as a whole in one pass.
      // By pillar the partial months read the facts by day (monthFactsCanAnswer takes no programme for
      // them), never the enrolments: `value` only marks them as rows of a value there.
      const value =
        dimension === 'pillar'
          ? 'd.pillar'
          : dimension !== null && dimension !== 'year'
            ? valueColumn[dimension as Valued]
            : null;
      const asRows = sql.raw(
        `${shared ? 'null::boolean' : dimension === null}, ${slice.key !== null ? `'${slice.key}'` : (value ?? `'total'`)}`,
      );
      const enrolmentsRead = (where: SQL[], firstsOwn: SQL, firstsWhole: SQL | null, sums: SQL) =>
        firstsWhole && value && !shared
          ? sql`select ${tag}grouping(${sql.raw(value)}) = 1,
              case when grouping(${sql.raw(value)}) = 1 then 'total' else ${sql.raw(value)} end, e.state_iso2, e.sex,
              case when grouping(${sql.raw(value)}) = 1 then ${firstsWhole} else ${firstsOwn} end, ${sums}
            from result_enrolments e where ${and([...where, ...enrolmentWhere])}
            group by grouping sets ((${sql.raw(value)}, e.state_iso2, e.sex), (e.state_iso2, e.sex))`
          : sql`select ${tag}${asRows}, e.state_iso2, e.sex, ${firstsOwn}, ${sums}
            from result_enrolments e where ${and([...where, ...enrolmentWhere])}
            group by ${sql.raw(value ? `${value}, ` : '')}e.state_iso2, e.sex`;
      const enrolments = (from: string, to: string) =>
        parts.push(
          enrolmentsRead(
            [sql`e.ended_on between ${from}::date and ${to}::date`],
            sql`sum(${firsts(own.previousDay)})`,
            whole && sql`sum(${firsts(whole.previousDay)})`,
            enrolmentSums(current),
          ),
        );
      const startMonth = monthIndex(slice.from);
      const lastMonth = monthIndex(slice.to);
      const firstWhole = slice.from.endsWith('-01') ? startMonth : startMonth + 1;
      const lastWhole = monthEnd(lastMonth) === slice.to ? lastMonth : lastMonth - 1;
      const ownKey = sql.raw(
        value ? 'false, value' : `${dimension === null}, ${slice.key !== null ? `'${slice.key}'` : `'total'`}`,
      );
      // The facts (by month, or by day within one month) of the span's months from `first` to `last`:
      // persons first since the span's first month, those back within it found below.
      const factsRead = (table: 'month' | 'day', where: SQL[], key: SQL, first: string, last: string) =>
        parts.push(
          table === 'month'
            ? sql`select ${tag}${key}, state_iso2, sex,
                firsts_none + coalesce(firsts_back[month - ${startMonth}::int + 1], 0), ${sql.raw(cubeSums.join(', '))}
              from result_month_facts where ${and([...where, sql`month between ${monthIndex(first)}::int and ${monthIndex(last)}::int`])}`
            : sql`select ${tag}${key}, state_iso2, sex,
                firsts_none + coalesce(firsts_back[${monthIndex(first) - startMonth + 1}::int], 0), ${sql.raw(cubeSums.join(', '))}
              from result_day_facts where ${and([...where, sql`day between ${first}::date and ${last}::date`])}`,
        );
      // The partial first and last months: from the facts by day where they hold the rows (and the
      // total beside), else from the enrolments, persons counted by their own previous day.
      const partial: [string, string][] = [];
      for (const month of new Set([startMonth, lastMonth])) {
        const from = month === startMonth ? slice.from : monthStart(month);
        const to = month === lastMonth ? slice.to : monthEnd(month);
        if (month < firstWhole || month > lastWhole) partial.push([from, to]);
      }
      const byDay = own.dayWhere !== null && (whole === null || whole.dayWhere !== null);
      for (const [from, to] of partial)
        if (byDay) {
          factsRead('day', own.dayWhere as SQL[], ownKey, from, to);
          if (whole) factsRead('day', whole.dayWhere as SQL[], totalKey, from, to);
        } else enrolments(from, to);
      if (firstWhole <= lastWhole) {
        factsRead('month', own.factsWhere, ownKey, monthStart(firstWhole), monthEnd(lastWhole));
        if (whole) factsRead('month', whole.factsWhere, totalKey, monthStart(firstWhole), monthEnd(lastWhole));
      }
      // Started mid-month: the enrolments read from facts whose previous one ended in that month before the span.
      const [backFrom, backTo] = byDay ? [slice.from, slice.to] : [monthStart(firstWhole), monthEnd(lastWhole)];
      if (firstWhole > startMonth && (byDay || firstWhole <= lastWhole)) {
        const returning = (previousDay: string) => [
          sql`${sql.raw(previousDay)} >= ${monthStart(startMonth)}::date and ${sql.raw(previousDay)} < ${start}`,
          sql`e.ended_on between ${backFrom}::date and ${backTo}::date`,
        ];
        const none = sql.raw(cubeSums.map(() => '0').join(', '));
        const count = sql`count(*)`;
        // By pillar: the enrolments of that month before the span whose next one with a pillar is in
        // those read from facts (a range on their own day, which the state wall lets the planner use).
        if (dimension === 'pillar')
          parts.push(sql`select ${tag}false, d.pillar, e.state_iso2, e.sex, count(*), ${none}
            from ${nextPillarsOfEnrolments} where ${and([
              sql`e.ended_on between ${monthStart(startMonth)}::date and ${dayBefore(slice.from)}::date`,
              sql`d.next between ${backFrom}::date and ${backTo}::date`,
              ...enrolmentWhere,
            ])}
            group by d.pillar, e.state_iso2, e.sex`);
        else parts.push(enrolmentsRead(returning(own.previousDay), count, null, none));
        if (whole && !shared)
          parts.push(sql`select ${tag}${totalKey}, e.state_iso2, e.sex, count(*), ${none}
            from result_enrolments e where ${and([...returning(whole.previousDay), ...enrolmentWhere])}
            group by e.state_iso2, e.sex`);
      }
    }
  const sum = (column: string, when: string, type: string) =>
    sql.raw(`coalesce(sum(${column}) filter (where ${when}), 0)::${type}`);
  const summed = (column: string, type: string) => sql.raw(`coalesce(sum(${column}), 0)::${type} as ${column}`);
  const realMeasure = (column: string) => column.endsWith('_sum');
  // The ratings beside, not after: on PostgreSQL each has its own connection.
  const [rows, ratings, wholeRatings] = await Promise.all([
    queryRows<Record<string, unknown>>(
      db,
      sql`with parts (current, whole, key, state_iso2, sex, firsts, ${sql.raw(cubeSums.join(', '))}) as (
        ${sql.join(parts, sql` union all `)}),
      by_state as (
        select w.whole, case when w.whole then 'total' else p.key end as key, state_iso2,
          ${sum('firsts', 'current', 'int')} as officials,
          ${sum('firsts', "current and sex = 'female'", 'int')} as women,
          ${sql.join(
            cubeSums.map((m) => sql`${sum(m, 'current', realMeasure(m) ? 'numeric' : 'int')} as ${sql.raw(m)}`),
            sql`, `,
          )},
          ${sum('firsts', 'not current', 'int')} as previous_officials,
          ${sum('participations', 'not current', 'int')} as previous_participations
        from parts p join (values (false), (true)) w (whole) on p.whole is null or p.whole = w.whole group by 1, 2, 3)
      select whole, key, ${summed('officials', 'int')}, ${summed('women', 'int')},
        (count(*) filter (where participations > 0))::int as states_reached,
        ${sql.join(
          [...cubeSums, 'previous_officials', 'previous_participations'].map((m) => summed(m, realMeasure(m) ? 'float8' : 'int')),
          sql`, `,
        )}
      from by_state group by 1, 2 order by 1, 2`,
    ),
    ratingsBy(db, periods.current, narrowing, dimension),
    whole ? ratingsBy(db, periods.current, narrowing, null) : null,
  ]);
  const totalRow = rows.find((row) => row.whole === true);
  const total =
    whole || dimension === null ? breakdownCountsOf(totalRow ?? { key: 'total' }, whole ? wholeRatings : ratings) : null;
  return {
    rows:
      dimension === null
        ? [total as BreakdownCounts]
        : rows.filter((row) => row.whole !== true).map((row) => breakdownCountsOf(row, ratings)),
    total,
  };
}
