import { type SQL, sql } from 'drizzle-orm';

/**
 * What every query of the results shares: the narrowing a reader's request comes to, the sums the
 * figures are made of, and the small SQL helpers the repositories build their queries with.
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

/** Per value of a dimension: every measure, and persons and participations of the previous period. */
export type BreakdownCounts = Sums & { key: string; previousOfficials: number; previousParticipations: number };

export const emptySums = (): Sums => ({
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

export const emptyCounts = (): Counts => ({
  current: emptySums(),
  previous: emptySums(),
  byYear: new Map(),
  byState: new Map(),
  bySex: new Map(),
  byAgencyType: new Map(),
  byProgramme: new Map(),
});

export const split = (map: Map<string, Split>, key: string): Split => {
  let entry = map.get(key);
  if (!entry) {
    entry = { officials: 0, women: 0, participations: 0 };
    map.set(key, entry);
  }
  return entry;
};

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const and = (parts: SQL[]): SQL => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
export const mask = (m: bigint): SQL => sql`${m.toString()}::bigint`;
/** A uuid[] parameter (drizzle would spread a JS array into a list of parameters). */
export const uuids = (ids: string[]): SQL => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** Conditions on what a person carries (state, sex, agency type), over columns of these names. */
export function personConditions(narrowing: Narrowing): SQL[] {
  const where: SQL[] = [];
  if (narrowing.state) where.push(sql`state_iso2 = ${narrowing.state}`);
  if (narrowing.sex) where.push(sql`sex = ${narrowing.sex}`);
  if (narrowing.agencyType) where.push(sql`agency_type = ${narrowing.agencyType}`);
  return where;
}

/** The sums of the facts tables' measure columns for the rows that meet `when`, each named with `prefix`. */
export const cubeMeasures = (prefix: string, when: SQL): SQL => sql`
    coalesce(sum(participations) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}participations`)},
    coalesce(sum(paired_tests) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}paired_tests`)},
    coalesce(sum(gain_sum) filter (where ${when}), 0)::float8 as ${sql.raw(`${prefix}gain_sum`)},
    coalesce(sum(gain_square_sum) filter (where ${when}), 0)::float8 as ${sql.raw(`${prefix}gain_square_sum`)},
    coalesce(sum(normalised_tests) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}normalised_tests`)},
    coalesce(sum(normalised_gain_sum) filter (where ${when}), 0)::float8 as ${sql.raw(`${prefix}normalised_gain_sum`)},
    coalesce(sum(follow_up_answers) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}follow_up_answers`)},
    coalesce(sum(applied) filter (where ${when}), 0)::int as ${sql.raw(`${prefix}applied`)}`;

/** Reads the measures of `cubeMeasures` or of the enrolments (named with `prefix`) into `sums`. */
export function readMeasures(sums: Sums, row: Record<string, unknown>, prefix = ''): Sums {
  sums.participations = num(row[`${prefix}participations`]);
  sums.pairedTests = num(row[`${prefix}paired_tests`]);
  sums.gainSum = num(row[`${prefix}gain_sum`]);
  sums.gainSquareSum = num(row[`${prefix}gain_square_sum`]);
  sums.normalisedTests = num(row[`${prefix}normalised_tests`]);
  sums.normalisedGainSum = num(row[`${prefix}normalised_gain_sum`]);
  sums.followUpAnswers = num(row[`${prefix}follow_up_answers`]);
  sums.applied = num(row[`${prefix}applied`]);
  return sums;
}

/** A breakdown row from a query's row (the measures, persons, states and previous figures) and the ratings by key. */
export function breakdownCountsOf(row: Record<string, unknown>, ratings: Map<string, [number, number]> | null): BreakdownCounts {
  const key = String(row.key);
  const rated = ratings?.get(key);
  return {
    ...readMeasures(emptySums(), row),
    key,
    officials: num(row.officials),
    women: num(row.women),
    statesReached: num(row.states_reached),
    // -1: ratings cannot be split this way (they are anonymous).
    ratings: ratings ? (rated?.[0] ?? 0) : -1,
    ratingSum: rated?.[1] ?? 0,
    previousOfficials: num(row.previous_officials),
    previousParticipations: num(row.previous_participations),
  };
}
