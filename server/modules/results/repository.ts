import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import {
  and,
  type Counts,
  cubeMeasures,
  emptyCounts,
  mask,
  type Narrowing,
  num,
  personConditions,
  readMeasures,
  split,
  uuids,
} from './facts-sql';
import { BASE_YEAR, type Period, yearsMask, yearsOf } from './period';
import { applySatisfaction, satisfaction } from './ratings-repository';

export type { BreakdownCounts, BreakdownDimension, Counts, Narrowing, Split, Sums } from './facts-sql';

/**
 * The SQL of the dashboard. Two ways to the same figures, kept equal by the tests:
 *  - `countsFromYearlyFacts` (here): whole years, narrowed only by what a person carries (state,
 *    sex, agency type) and by programme — the fast path over the persons' signatures and the cube;
 *  - `countsFromEnrolments` (./enrolment-repository.ts): any span of days and any narrowing, over
 *    one row per completed enrolment.
 * Breakdowns: ./breakdown-repository.ts; the records behind a figure: ./records-repository.ts.
 * test/results-oracles.ts recomputes from the source records alone (the tests' and benchmark's yardstick).
 */

/** Whole years with no narrowing by course, theme, pillar or modality: the yearly facts answer. */
export function yearlyFactsCanAnswer(period: Period, narrowing: Narrowing): boolean {
  return (
    period.wholeYears &&
    narrowing.courseLevel === undefined &&
    narrowing.thematicArea === undefined &&
    narrowing.pillar === undefined &&
    narrowing.modality === undefined
  );
}

export async function programmeSlots(db: Queryable): Promise<Map<string, number>> {
  const rows = await queryRows<{ programme_id: string; slot: number }>(
    db,
    sql`select programme_id, slot from result_programme_slots`,
  );
  return new Map(rows.map((r) => [r.programme_id, Number(r.slot)]));
}

/** First year with a completed enrolment (for the default period). */
export async function firstYearWithData(db: Queryable): Promise<number | null> {
  const [row] = await queryRows<{ year: number | null }>(db, sql`select min(year)::int as year from result_cube`);
  return row?.year ?? null;
}

// ---- The fast path: persons as rows with the years they trained in, as bits ----

/**
 * Where persons are counted from, all as rows weighing some persons with a years mask:
 *  - every programme: result_person_signatures (a few thousand rows);
 *  - one programme: result_programme_signatures of that programme;
 *  - several programmes (a partner's): result_officials, one row per person, the programmes'
 *    masks or-ed together (a person in two of them counts once).
 */
type PersonSource = { from: SQL; years: SQL; weight: SQL };

function personSource(narrowing: Narrowing, slots: Map<string, number>): PersonSource {
  const programmes = narrowing.programmes;
  if (!programmes) return { from: sql`result_person_signatures`, years: sql`years`, weight: sql`persons` };
  if (programmes.length === 1)
    return {
      from: sql`(select * from result_programme_signatures where programme_id = ${programmes[0]}::uuid) g`,
      years: sql`years`,
      weight: sql`persons`,
    };
  const inScope = programmes.map((id) => slots.get(id)).filter((slot): slot is number => slot !== undefined);
  const years = inScope.length
    ? sql.join(
        inScope.map((slot) => sql.raw(`coalesce(programme_years[${Math.trunc(slot)}], 0)`)),
        sql` | `,
      )
    : sql`0::bigint`;
  return { from: sql`result_officials`, years: sql`(${years})`, weight: sql`1` };
}

/**
 * Whole years; narrowing by state, sex, agency type and programmes only. Persons come from the
 * signatures (no count(distinct)); participations and test sums from result_cube.
 */
export async function countsFromYearlyFacts(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
): Promise<Counts> {
  const { current, previous } = periods;
  const source = personSource(
    narrowing,
    narrowing.programmes && narrowing.programmes.length > 1 ? await programmeSlots(db) : new Map(),
  );
  const { years, weight } = source;
  const cur = mask(yearsMask(current.fromYear, current.toYear));
  const prev = mask(yearsMask(previous.fromYear, previous.toYear));
  const person = personConditions(narrowing);
  const where = and([sql`${years} & (${cur} | ${prev}) <> 0`, ...person]);
  const persons = (condition: SQL) => sql`coalesce(sum(${weight}) filter (where ${condition}), 0)::int`;

  const counts: Counts = emptyCounts();

  const trained = sql`${years} & ${cur} <> 0`;
  const trainedBefore = sql`${years} & ${prev} <> 0`;
  const yearBits = yearsOf(current).map((y) => sql`${years} & ${mask(1n << BigInt(y - BASE_YEAR))} <> 0`);
  // Totals and the splits by state, sex and agency type (four sums per grouping)…
  const people = await queryRows<Record<string, unknown>>(
    db,
    sql`select grouping(state_iso2) as g_state, grouping(sex) as g_sex, grouping(agency_type) as g_agency,
        state_iso2, sex, agency_type,
        ${persons(trained)} as officials,
        ${persons(sql`${trained} and sex = 'female'`)} as women,
        ${persons(trainedBefore)} as previous,
        ${persons(sql`${trainedBefore} and sex = 'female'`)} as previous_women
      from ${source.from} where ${where}
      group by grouping sets ((), (state_iso2), (sex), (agency_type))`,
  );
  for (const row of people) {
    const officials = num(row.officials);
    const women = num(row.women);
    if (num(row.g_state) === 0) {
      if (officials > 0) Object.assign(split(counts.byState, String(row.state_iso2)), { officials, women });
    } else if (num(row.g_sex) === 0) {
      if (officials > 0) Object.assign(split(counts.bySex, String(row.sex)), { officials, women });
    } else if (num(row.g_agency) === 0) {
      if (officials > 0) Object.assign(split(counts.byAgencyType, String(row.agency_type)), { officials, women });
    } else {
      counts.current.officials = officials;
      counts.current.women = women;
      counts.previous.officials = num(row.previous);
      counts.previous.women = num(row.previous_women);
    }
  }
  // …and, in one more pass, persons per year and the states reached before.
  const [spread] = await queryRows<{ by_year: unknown[]; previous_states: number }>(
    db,
    sql`select array[${sql.join(
      yearBits.flatMap((bit) => [persons(bit), persons(sql`${bit} and sex = 'female'`)]),
      sql`, `,
    )}]::int[] as by_year,
        count(distinct state_iso2) filter (where ${trainedBefore})::int as previous_states
      from ${source.from} where ${where}`,
  );
  counts.previous.statesReached = num(spread?.previous_states);
  const byYear = spread?.by_year ?? [];
  yearsOf(current).forEach((y, i) => {
    Object.assign(split(counts.byYear, String(y)), { officials: num(byYear[2 * i]), women: num(byYear[2 * i + 1]) });
  });
  counts.current.statesReached = counts.byState.size;

  // Persons per programme: each programme's own signatures.
  const programmeWhere: SQL[] = [sql`years & ${cur} <> 0`, ...person];
  if (narrowing.programmes) programmeWhere.push(sql`programme_id = any(${uuids(narrowing.programmes)})`);
  const byProgramme = await queryRows<Record<string, unknown>>(
    db,
    sql`select programme_id, sum(persons)::int as officials,
        coalesce(sum(persons) filter (where sex = 'female'), 0)::int as women
      from result_programme_signatures where ${and(programmeWhere)} group by programme_id`,
  );
  for (const row of byProgramme)
    Object.assign(split(counts.byProgramme, String(row.programme_id)), { officials: num(row.officials), women: num(row.women) });

  // Participations and test, follow-up sums from the cube: the totals of both periods…
  const cube: SQL[] = [sql`year between ${previous.fromYear} and ${current.toYear}`, ...person];
  if (narrowing.programmes) cube.push(sql`programme_id = any(${uuids(narrowing.programmes)})`);
  const isCurrent = sql`year between ${current.fromYear} and ${current.toYear}`;
  const isPrevious = sql`year between ${previous.fromYear} and ${previous.toYear}`;
  const [totals] = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${cubeMeasures('', isCurrent)}, ${cubeMeasures('previous_', isPrevious)} from result_cube where ${and(cube)}`,
  );
  readMeasures(counts.current, totals ?? {});
  readMeasures(counts.previous, totals ?? {}, 'previous_');
  // …and participations of the period by year, state, sex, agency type and programme.
  const splits = await queryRows<Record<string, unknown>>(
    db,
    sql`select grouping(year) as g_year, grouping(state_iso2) as g_state, grouping(sex) as g_sex,
        grouping(agency_type) as g_agency, year, state_iso2, sex, agency_type, programme_id,
        sum(participations)::int as participations
      from result_cube where ${and([...cube.slice(1), isCurrent])}
      group by grouping sets ((year), (state_iso2), (sex), (agency_type), (programme_id))`,
  );
  for (const row of splits) {
    const participations = num(row.participations);
    if (num(row.g_year) === 0) split(counts.byYear, String(row.year)).participations = participations;
    else if (num(row.g_state) === 0) split(counts.byState, String(row.state_iso2)).participations = participations;
    else if (num(row.g_sex) === 0) split(counts.bySex, String(row.sex)).participations = participations;
    else if (num(row.g_agency) === 0) split(counts.byAgencyType, String(row.agency_type)).participations = participations;
    else split(counts.byProgramme, String(row.programme_id)).participations = participations;
  }
  return applySatisfaction(counts, await satisfaction(db, periods, narrowing));
}
