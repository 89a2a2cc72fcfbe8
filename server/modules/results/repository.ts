import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import { completionSql } from '../delivery/completion';
import { BASE_YEAR, type Period, yearsMask, yearsOf } from './period';
import type { RecordGroup } from './suppression';

/**
 * The SQL of the results. Two ways to the same figures, kept equal by the tests:
 *  - `countsFromYearlyFacts`: whole years, narrowed only by what a person carries (state, sex,
 *    agency type) and by programme — the dashboard's fast path over one row per person;
 *  - `countsFromEnrolments`: any span of days and any narrowing, over one row per completed enrolment.
 * `naiveCounts` recomputes from the source records alone (the benchmark's yardstick and the tests' oracle).
 */

/** What narrows the records counted, after the reader's scope is applied. */
export type Narrowing = {
  state?: string;
  /** Programmes the figures are limited to (a partner's, or one chosen); undefined = all. */
  programmes?: string[];
  sex?: string;
  agencyType?: string;
  courseLevel?: string;
  thematicArea?: string;
  pillar?: string;
  modality?: string;
};

export type Split = { officials: number; women: number; participations: number };
export type Sums = {
  officials: number;
  women: number;
  participations: number;
  statesReached: number;
  pairedTests: number;
  gainSum: number;
  gainSquareSum: number;
  normalisedTests: number;
  normalisedGainSum: number;
  followUpAnswers: number;
  applied: number;
  ratings: number;
  ratingSum: number;
};

/** Everything the dashboard shows, before labels, ratios and suppression. */
export type Counts = {
  current: Sums;
  previous: Sums;
  byYear: Map<string, Split>;
  byState: Map<string, Split>;
  bySex: Map<string, Split>;
  byAgencyType: Map<string, Split>;
  byProgramme: Map<string, Split>;
};

const emptySums = (): Sums => ({
  officials: 0,
  women: 0,
  participations: 0,
  statesReached: 0,
  pairedTests: 0,
  gainSum: 0,
  gainSquareSum: 0,
  normalisedTests: 0,
  normalisedGainSum: 0,
  followUpAnswers: 0,
  applied: 0,
  ratings: 0,
  ratingSum: 0,
});

const split = (map: Map<string, Split>, key: string): Split => {
  let entry = map.get(key);
  if (!entry) {
    entry = { officials: 0, women: 0, participations: 0 };
    map.set(key, entry);
  }
  return entry;
};

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const and = (parts: SQL[]): SQL => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
const mask = (m: bigint): SQL => sql`${m.toString()}::bigint`;
/** A uuid[] parameter (drizzle would spread a JS array into a list of parameters). */
const uuids = (ids: string[]): SQL => sql`${`{${ids.join(',')}}`}::uuid[]`;

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

/** Satisfaction of the sessions in scope: anonymous ratings, so narrowed by session, or by the states that attended. */
async function satisfaction(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
): Promise<{ current: [number, number]; previous: [number, number] } | null> {
  // Ratings carry no person: they cannot be split by sex or agency type.
  if (narrowing.sex !== undefined || narrowing.agencyType !== undefined) return null;
  const { current, previous } = periods;
  const where: SQL[] = [sql`rs.ended_on between ${previous.from} and ${current.to}`];
  if (narrowing.programmes) where.push(sql`rs.programme_id = any(${uuids(narrowing.programmes)})`);
  if (narrowing.courseLevel) where.push(sql`rs.course_level = ${narrowing.courseLevel}`);
  if (narrowing.thematicArea) where.push(sql`rs.thematic_area = ${narrowing.thematicArea}`);
  if (narrowing.modality) where.push(sql`rs.modality = ${narrowing.modality}`);
  if (narrowing.pillar) where.push(sql`${narrowing.pillar} = any(rs.pillars)`);
  if (narrowing.state)
    where.push(sql`rs.session_id in (select e.session_id from result_enrolments e
      where e.state_iso2 = ${narrowing.state} and e.ended_on between ${previous.from} and ${current.to})`);
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select
      coalesce(sum(ratings) filter (where ended_on between ${current.from} and ${current.to}), 0)::int as n,
      coalesce(sum(rating_sum) filter (where ended_on between ${current.from} and ${current.to}), 0)::int as s,
      coalesce(sum(ratings) filter (where ended_on between ${previous.from} and ${previous.to}), 0)::int as pn,
      coalesce(sum(rating_sum) filter (where ended_on between ${previous.from} and ${previous.to}), 0)::int as ps
    from result_sessions rs where ${and(where)}`,
  );
  return { current: [num(row?.n), num(row?.s)], previous: [num(row?.pn), num(row?.ps)] };
}

function applySatisfaction(counts: Counts, rated: Awaited<ReturnType<typeof satisfaction>>): Counts {
  if (rated) {
    [counts.current.ratings, counts.current.ratingSum] = rated.current;
    [counts.previous.ratings, counts.previous.ratingSum] = rated.previous;
  } else {
    counts.current.ratings = counts.previous.ratings = -1;
  }
  return counts;
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
  const person: SQL[] = [];
  if (narrowing.state) person.push(sql`state_iso2 = ${narrowing.state}`);
  if (narrowing.sex) person.push(sql`sex = ${narrowing.sex}`);
  if (narrowing.agencyType) person.push(sql`agency_type = ${narrowing.agencyType}`);
  const where = and([sql`${years} & (${cur} | ${prev}) <> 0`, ...person]);
  const persons = (condition: SQL) => sql`coalesce(sum(${weight}) filter (where ${condition}), 0)::int`;

  const counts: Counts = {
    current: emptySums(),
    previous: emptySums(),
    byYear: new Map(),
    byState: new Map(),
    bySex: new Map(),
    byAgencyType: new Map(),
    byProgramme: new Map(),
  };

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
  const cube: SQL[] = [sql`year between ${previous.fromYear} and ${current.toYear}`];
  if (narrowing.state) cube.push(sql`state_iso2 = ${narrowing.state}`);
  if (narrowing.sex) cube.push(sql`sex = ${narrowing.sex}`);
  if (narrowing.agencyType) cube.push(sql`agency_type = ${narrowing.agencyType}`);
  if (narrowing.programmes) cube.push(sql`programme_id = any(${uuids(narrowing.programmes)})`);
  const isCurrent = sql`year between ${current.fromYear} and ${current.toYear}`;
  const isPrevious = sql`year between ${previous.fromYear} and ${previous.toYear}`;
  const measures = (prefix: string, when: SQL) => sql`
    coalesce(sum(participations) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}participations`)},
    coalesce(sum(paired_tests) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}paired_tests`)},
    coalesce(sum(gain_sum) filter (where ${when}), 0)::float8 as ${sql.raw(`${prefix}gain_sum`)},
    coalesce(sum(gain_square_sum) filter (where ${when}), 0)::float8 as ${sql.raw(`${prefix}gain_square_sum`)},
    coalesce(sum(normalised_tests) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}normalised_tests`)},
    coalesce(sum(normalised_gain_sum) filter (where ${when}), 0)::float8 as ${sql.raw(`${prefix}normalised_gain_sum`)},
    coalesce(sum(follow_up_answers) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}follow_up_answers`)},
    coalesce(sum(applied) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}applied`)}`;
  const [totals] = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${measures('', isCurrent)}, ${measures('previous_', isPrevious)} from result_cube where ${and(cube)}`,
  );
  for (const [sumsOf, prefix] of [
    [counts.current, ''],
    [counts.previous, 'previous_'],
  ] as const) {
    sumsOf.participations = num(totals?.[`${prefix}participations`]);
    sumsOf.pairedTests = num(totals?.[`${prefix}paired_tests`]);
    sumsOf.gainSum = num(totals?.[`${prefix}gain_sum`]);
    sumsOf.gainSquareSum = num(totals?.[`${prefix}gain_square_sum`]);
    sumsOf.normalisedTests = num(totals?.[`${prefix}normalised_tests`]);
    sumsOf.normalisedGainSum = num(totals?.[`${prefix}normalised_gain_sum`]);
    sumsOf.followUpAnswers = num(totals?.[`${prefix}follow_up_answers`]);
    sumsOf.applied = num(totals?.[`${prefix}applied`]);
  }
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

// ---- The general path: one row per completed enrolment ----

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
  const counts: Counts = {
    current: emptySums(),
    previous: emptySums(),
    byYear: new Map(),
    byState: new Map(),
    bySex: new Map(),
    byAgencyType: new Map(),
    byProgramme: new Map(),
  };
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
        sumsOf.participations = num(row[`${prefix}participations`]);
        sumsOf.statesReached = num(row[`${prefix}states_reached`]);
        sumsOf.pairedTests = num(row[`${prefix}paired_tests`]);
        sumsOf.gainSum = num(row[`${prefix}gain_sum`]);
        sumsOf.gainSquareSum = num(row[`${prefix}gain_square_sum`]);
        sumsOf.normalisedTests = num(row[`${prefix}normalised_tests`]);
        sumsOf.normalisedGainSum = num(row[`${prefix}normalised_gain_sum`]);
        sumsOf.followUpAnswers = num(row[`${prefix}follow_up_answers`]);
        sumsOf.applied = num(row[`${prefix}applied`]);
      }
    }
  }
  // Years with no enrolment in them stay in the series with zeros.
  return applySatisfaction(counts, await satisfaction(db, periods, narrowing));
}

// ---- Breakdowns: any dimension, from the enrolment facts ----

export type BreakdownDimension =
  | 'year'
  | 'state'
  | 'sex'
  | 'agency_type'
  | 'programme'
  | 'course_level'
  | 'thematic_area'
  | 'pillar'
  | 'modality';

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

export type BreakdownCounts = Sums & { key: string; previousOfficials: number; previousParticipations: number };

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
  const ratings = await ratingsBy(db, periods, narrowing, dimension);
  return rows.map((row) => {
    const k = String(row.key);
    const rated = ratings?.get(k);
    return {
      key: k,
      officials: num(row.officials),
      women: num(row.women),
      participations: num(row.participations),
      statesReached: num(row.states_reached),
      pairedTests: num(row.paired_tests),
      gainSum: num(row.gain_sum),
      gainSquareSum: num(row.gain_square_sum),
      normalisedTests: num(row.normalised_tests),
      normalisedGainSum: num(row.normalised_gain_sum),
      followUpAnswers: num(row.follow_up_answers),
      applied: num(row.applied),
      // -1: ratings cannot be split this way (they are anonymous).
      ratings: ratings ? (rated?.[0] ?? 0) : -1,
      ratingSum: rated?.[1] ?? 0,
      previousOfficials: num(row.previous_officials),
      previousParticipations: num(row.previous_participations),
    };
  });
}

/** Ratings per value of a session dimension (or per state that attended); null where ratings cannot be split. */
async function ratingsBy(
  db: Queryable,
  periods: { current: Period; previous: Period },
  narrowing: Narrowing,
  dimension: BreakdownDimension,
): Promise<Map<string, [number, number]> | null> {
  if (dimension === 'sex' || dimension === 'agency_type' || narrowing.sex || narrowing.agencyType) return null;
  const { current } = periods;
  const where: SQL[] = [sql`rs.ended_on between ${current.from} and ${current.to}`];
  if (narrowing.programmes) where.push(sql`rs.programme_id = any(${uuids(narrowing.programmes)})`);
  if (narrowing.courseLevel) where.push(sql`rs.course_level = ${narrowing.courseLevel}`);
  if (narrowing.thematicArea) where.push(sql`rs.thematic_area = ${narrowing.thematicArea}`);
  if (narrowing.modality) where.push(sql`rs.modality = ${narrowing.modality}`);
  if (narrowing.pillar) where.push(sql`${narrowing.pillar} = any(rs.pillars)`);
  if (narrowing.state)
    where.push(sql`rs.session_id in (select e.session_id from result_enrolments e
      where e.state_iso2 = ${narrowing.state} and e.ended_on between ${current.from} and ${current.to})`);
  let query: SQL;
  if (dimension === 'state') {
    query = sql`select a.state_iso2 as key, sum(rs.ratings)::int as n, sum(rs.rating_sum)::int as s
      from result_sessions rs
      join (select distinct e.session_id, e.state_iso2 from result_enrolments e
            where e.ended_on between ${current.from} and ${current.to}) a on a.session_id = rs.session_id
      where ${and(where)} group by 1`;
  } else if (dimension === 'pillar') {
    query = sql`select p.pillar as key, sum(rs.ratings)::int as n, sum(rs.rating_sum)::int as s
      from result_sessions rs cross join lateral unnest(rs.pillars) as p(pillar) where ${and(where)} group by 1`;
  } else {
    const column = {
      year: 'year::text',
      programme: 'programme_id::text',
      course_level: 'course_level',
      thematic_area: 'thematic_area',
      modality: 'modality',
    }[dimension];
    query = sql`select ${sql.raw(`rs.${column}`)} as key, sum(rs.ratings)::int as n, sum(rs.rating_sum)::int as s
      from result_sessions rs where ${and(where)} group by 1`;
  }
  const rows = await queryRows<{ key: string; n: number; s: number }>(db, query);
  return new Map(rows.map((r) => [String(r.key), [num(r.n), num(r.s)]]));
}

// ---- Drill-down: the records behind a figure ----

export type RecordFacts = {
  officialId: string | null;
  familyName: string | null;
  givenNames: string | null;
  stateIso2: string | null;
  sex: string | null;
  agencyType: string | null;
  participations: number;
  sessionId: string | null;
  sessionCode: string | null;
  courseTitle: unknown;
  endedOn: string | null;
  preScore: number | null;
  postScore: number | null;
  applied: boolean | null;
  ratings: number | null;
  ratingSum: number | null;
};

const noFacts = {
  officialId: null,
  familyName: null,
  givenNames: null,
  stateIso2: null,
  sex: null,
  agencyType: null,
  participations: 0,
  sessionId: null,
  sessionCode: null,
  courseTitle: null,
  endedOn: null,
  preScore: null,
  postScore: null,
  applied: null,
  ratings: null,
  ratingSum: null,
} satisfies RecordFacts;

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The records a figure counts, the same conditions as the figure (see the measures of the counts above). */
export async function recordsFromEnrolments(
  db: Queryable,
  period: Period,
  narrowing: Narrowing,
  options: {
    measure: 'officials' | 'participations' | 'paired_tests' | 'follow_ups' | 'rated_sessions';
    withNames: boolean;
    offset: number;
    limit: number;
  },
): Promise<{ total: number; rows: RecordFacts[] }> {
  const conditions = [sql`e.ended_on between ${period.from} and ${period.to}`, ...enrolmentConditions(narrowing)];
  if (options.measure === 'paired_tests') conditions.push(sql`e.pre_score is not null and e.post_score is not null`);
  if (options.measure === 'follow_ups') conditions.push(sql`e.follow_up_answered`);
  const where = and(conditions);
  const names = options.withNames ? sql`o.family_name, o.given_names` : sql`null::text as family_name, null::text as given_names`;
  if (options.measure === 'rated_sessions') {
    const rated: SQL[] = [sql`rs.ended_on between ${period.from} and ${period.to}`, sql`rs.ratings > 0`];
    if (narrowing.programmes) rated.push(sql`rs.programme_id = any(${uuids(narrowing.programmes)})`);
    if (narrowing.courseLevel) rated.push(sql`rs.course_level = ${narrowing.courseLevel}`);
    if (narrowing.thematicArea) rated.push(sql`rs.thematic_area = ${narrowing.thematicArea}`);
    if (narrowing.modality) rated.push(sql`rs.modality = ${narrowing.modality}`);
    if (narrowing.pillar) rated.push(sql`${narrowing.pillar} = any(rs.pillars)`);
    if (narrowing.state)
      rated.push(sql`rs.session_id in (select e.session_id from result_enrolments e
        where e.state_iso2 = ${narrowing.state} and e.ended_on between ${period.from} and ${period.to})`);
    // Ratings are anonymous: they cannot be narrowed to a sex or an agency type.
    if (narrowing.sex || narrowing.agencyType) return { total: 0, rows: [] };
    const [count] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from result_sessions rs where ${and(rated)}`,
    );
    const rows = await queryRows<Record<string, unknown>>(
      db,
      sql`select rs.session_id, s.code, co.title, to_char(rs.ended_on, 'YYYY-MM-DD') as ended_on, rs.ratings, rs.rating_sum
        from result_sessions rs join training_sessions s on s.id = rs.session_id join courses co on co.id = s.course_id
        where ${and(rated)} order by rs.ended_on desc, s.code offset ${options.offset} limit ${options.limit}`,
    );
    return {
      total: num(count?.n),
      rows: rows.map((r) => ({
        ...noFacts,
        sessionId: String(r.session_id),
        sessionCode: String(r.code),
        courseTitle: r.title,
        endedOn: String(r.ended_on),
        ratings: num(r.ratings),
        ratingSum: num(r.rating_sum),
      })),
    };
  }
  if (options.measure === 'officials') {
    const [count] = await queryRows<{ n: number }>(
      db,
      sql`select count(distinct e.official_id)::int as n from result_enrolments e where ${where}`,
    );
    const rows = await queryRows<Record<string, unknown>>(
      db,
      sql`select p.official_id, p.state_iso2, p.sex, p.agency_type, p.participations, ${names}
        from (select e.official_id, min(e.state_iso2) as state_iso2, min(e.sex) as sex, min(e.agency_type) as agency_type,
                count(*)::int as participations
              from result_enrolments e where ${where} group by e.official_id) p
        join officials o on o.id = p.official_id
        order by p.state_iso2, ${options.withNames ? sql`o.family_name, o.given_names,` : sql``} p.official_id
        offset ${options.offset} limit ${options.limit}`,
    );
    return {
      total: num(count?.n),
      rows: rows.map((r) => ({
        ...noFacts,
        officialId: String(r.official_id),
        familyName: (r.family_name as string | null) ?? null,
        givenNames: (r.given_names as string | null) ?? null,
        stateIso2: String(r.state_iso2),
        sex: String(r.sex),
        agencyType: String(r.agency_type),
        participations: num(r.participations),
      })),
    };
  }
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from result_enrolments e where ${where}`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select e.official_id, e.state_iso2, e.sex, e.agency_type, e.session_id, s.code, co.title,
        to_char(e.ended_on, 'YYYY-MM-DD') as ended_on, e.pre_score::float8 as pre_score, e.post_score::float8 as post_score,
        e.applied, ${names}
      from result_enrolments e
      join training_sessions s on s.id = e.session_id
      join courses co on co.id = e.course_id
      join officials o on o.id = e.official_id
      where ${where}
      order by e.ended_on desc, s.code, e.state_iso2, e.official_id
      offset ${options.offset} limit ${options.limit}`,
  );
  return {
    total: num(count?.n),
    rows: rows.map((r) => ({
      ...noFacts,
      officialId: String(r.official_id),
      familyName: (r.family_name as string | null) ?? null,
      givenNames: (r.given_names as string | null) ?? null,
      stateIso2: String(r.state_iso2),
      sex: String(r.sex),
      agencyType: String(r.agency_type),
      participations: 1,
      sessionId: String(r.session_id),
      sessionCode: String(r.code),
      courseTitle: r.title,
      endedOn: String(r.ended_on),
      preScore: nullableNumber(r.pre_score),
      postScore: nullableNumber(r.post_score),
      applied: options.measure === 'follow_ups' ? Boolean(r.applied) : null,
    })),
  };
}

// ---- The yardstick: straight from the source records ----

export type NaiveCounts = {
  officials: number;
  women: number;
  participations: number;
  byState: Map<string, { officials: number; participations: number }>;
  bySex: Map<string, { officials: number; participations: number }>;
  byYear: Map<string, { officials: number; participations: number }>;
  byProgramme: Map<string, { officials: number; participations: number }>;
};

/**
 * The dashboard's person and participation counts computed in one query from nominations,
 * attendance, scores, overrides, officials and sessions — no results facts. Slow by design.
 */
export async function naiveCounts(db: Queryable, period: Period, narrowing: Narrowing = {}): Promise<NaiveCounts> {
  const where: SQL[] = [sql`c.completed`, sql`s.end_date between ${period.from} and ${period.to}`];
  if (narrowing.state) where.push(sql`p.state_iso2 = ${narrowing.state}`);
  if (narrowing.sex) where.push(sql`p.sex = ${narrowing.sex}`);
  if (narrowing.programmes) where.push(sql`co.programme_id = any(${uuids(narrowing.programmes)})`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select grouping(p.state_iso2) as g_state, grouping(p.sex) as g_sex,
        grouping(extract(year from s.end_date)) as g_year, grouping(co.programme_id) as g_programme,
        p.state_iso2, p.sex, extract(year from s.end_date)::int as year, co.programme_id,
        count(distinct p.id)::int as officials,
        count(distinct p.id) filter (where p.sex = 'female')::int as women,
        count(*)::int as participations
      from (${completionSql(sql`n.status = 'accepted'`, { setWise: true })}) c
      join officials o on o.id = c.official_id
      join officials p on p.id = coalesce(o.merged_into_id, o.id)
      join training_sessions s on s.id = c.session_id
      join courses co on co.id = s.course_id
      where ${and(where)}
      group by grouping sets ((), (p.state_iso2), (p.sex), (extract(year from s.end_date)), (co.programme_id))`,
  );
  const result: NaiveCounts = {
    officials: 0,
    women: 0,
    participations: 0,
    byState: new Map(),
    bySex: new Map(),
    byYear: new Map(),
    byProgramme: new Map(),
  };
  for (const row of rows) {
    const entry = { officials: num(row.officials), participations: num(row.participations) };
    if (num(row.g_state) === 0) result.byState.set(String(row.state_iso2), entry);
    else if (num(row.g_sex) === 0) result.bySex.set(String(row.sex), entry);
    else if (num(row.g_year) === 0) result.byYear.set(String(row.year), entry);
    else if (num(row.g_programme) === 0) result.byProgramme.set(String(row.programme_id), entry);
    else Object.assign(result, { ...entry, women: num(row.women) });
  }
  return result;
}

/**
 * The yardstick of the benchmark, as the issue states it: enrolments × officials × sessions from
 * the source records, persons counted distinct by state × sex × year.
 */
export async function naiveStateSexYear(
  db: Queryable,
  period: Period,
): Promise<{ state: string; sex: string; year: number; officials: number }[]> {
  const rows = await queryRows<{ state_iso2: string; sex: string; year: number; officials: number }>(
    db,
    sql`select p.state_iso2, p.sex, extract(year from s.end_date)::int as year, count(distinct p.id)::int as officials
      from (${completionSql(sql`n.status = 'accepted'`, { setWise: true })}) c
      join officials o on o.id = c.official_id
      join officials p on p.id = coalesce(o.merged_into_id, o.id)
      join training_sessions s on s.id = c.session_id
      where c.completed and s.end_date between ${period.from} and ${period.to}
      group by 1, 2, 3`,
  );
  return rows.map((r) => ({ state: r.state_iso2, sex: r.sex, year: Number(r.year), officials: Number(r.officials) }));
}

// ---- The records behind the means, for the disclosure control of aggregate-only readers ----

export type MeanRecords = {
  /** Paired tests (knowledge gain). */
  pairedTests: RecordGroup[];
  /** Paired tests with a maximum above the pre-test (normalised gain). */
  normalisedTests: RecordGroup[];
  /** Anonymous overall ratings of the sessions (satisfaction); they carry no person. */
  ratings: RecordGroup[];
};

/**
 * The records a mean can rest on, every programme and year, grouped by everything a filter can
 * name: one grouped query per kind of record, so that every cell containing a published one is
 * checked in memory instead of by one query each.
 */
export async function meanRecords(db: Queryable): Promise<MeanRecords> {
  const tests = await queryRows<Record<string, unknown>>(
    db,
    sql`select e.year, e.state_iso2, e.sex, e.agency_type, e.programme_id::text as programme_id, e.course_level,
        e.thematic_area, e.modality, e.pillars,
        count(*)::int as paired,
        count(*) filter (where e.max_score > e.pre_score)::int as normalised
      from result_enrolments e
      where e.pre_score is not null and e.post_score is not null
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  );
  const rated = await queryRows<Record<string, unknown>>(
    db,
    sql`select rs.year, rs.programme_id::text as programme_id, rs.course_level, rs.thematic_area, rs.modality, rs.pillars,
        sum(rs.ratings)::int as ratings
      from result_sessions rs where rs.ratings > 0
      group by 1, 2, 3, 4, 5, 6`,
  );
  const testGroup = (row: Record<string, unknown>, n: number): RecordGroup => ({
    year: num(row.year),
    values: {
      state: String(row.state_iso2),
      sex: String(row.sex),
      agencyType: String(row.agency_type),
      programme: String(row.programme_id),
      courseLevel: String(row.course_level),
      thematicArea: String(row.thematic_area),
      modality: String(row.modality),
    },
    pillars: (row.pillars as string[] | null) ?? [],
    n,
  });
  return {
    pairedTests: tests.map((row) => testGroup(row, num(row.paired))),
    normalisedTests: tests.map((row) => testGroup(row, num(row.normalised))).filter((g) => g.n > 0),
    ratings: rated.map((row) => ({
      year: num(row.year),
      values: {
        state: null,
        sex: null,
        agencyType: null,
        programme: String(row.programme_id),
        courseLevel: String(row.course_level),
        thematicArea: String(row.thematic_area),
        modality: String(row.modality),
      },
      pillars: (row.pillars as string[] | null) ?? [],
      n: num(row.ratings),
    })),
  };
}
