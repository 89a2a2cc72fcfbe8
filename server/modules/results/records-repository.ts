import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import { breakdownFactsCanAnswer, breakdownFromFacts } from './breakdown-repository';
import { enrolmentConditions } from './enrolment-repository';
import { and, mask, type Narrowing, num, uuids } from './facts-sql';
import { type Period, yearsMask } from './period';
import { ratedSessions } from './ratings-repository';
import { programmeSlots } from './repository';

/** The drill-down: the records behind a figure, a page at a time. */

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
export type RecordMeasure = 'officials' | 'participations' | 'paired_tests' | 'follow_ups' | 'rated_sessions';
type Page = { withNames: boolean; offset: number; limit: number };

/** The person's facts of a row of result_officials or of a grouping of enrolments. */
const personFacts = (r: Record<string, unknown>): RecordFacts => ({
  ...noFacts,
  officialId: String(r.official_id),
  familyName: (r.family_name as string | null) ?? null,
  givenNames: (r.given_names as string | null) ?? null,
  stateIso2: String(r.state_iso2),
  sex: String(r.sex),
  agencyType: String(r.agency_type),
  participations: num(r.participations),
});

/**
 * The records a figure counts, the same conditions as the figure. Whole years with no narrowing
 * by course attribute and at most one programme: counted from the facts by year, and the persons
 * walked in their order by index (result_officials); otherwise from the enrolments.
 */
export async function recordsOf(
  db: Queryable,
  period: Period,
  narrowing: Narrowing,
  options: Page & { measure: RecordMeasure },
): Promise<{ total: number; rows: RecordFacts[] }> {
  if (options.measure === 'rated_sessions') {
    const { total, rows } = await ratedSessions(db, period, narrowing, options);
    return {
      total,
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
  const fromFacts = breakdownFactsCanAnswer(period, narrowing, null) && attributeFree(narrowing);
  const conditions = [sql`e.ended_on between ${period.from} and ${period.to}`, ...enrolmentConditions(narrowing)];
  if (options.measure === 'paired_tests') conditions.push(sql`e.pre_score is not null and e.post_score is not null`);
  if (options.measure === 'follow_ups') conditions.push(sql`e.follow_up_answered`);
  const where = and(conditions);
  let total: number;
  if (fromFacts) {
    const [totals] = await breakdownFromFacts(db, { current: period, previous: period }, narrowing, null);
    const measureTotal = {
      officials: totals?.officials,
      participations: totals?.participations,
      paired_tests: totals?.pairedTests,
      follow_ups: totals?.followUpAnswers,
    }[options.measure];
    total = measureTotal ?? 0;
  } else {
    const counted = options.measure === 'officials' ? sql`count(distinct e.official_id)` : sql`count(*)`;
    const [count] = await queryRows<{ n: number }>(db, sql`select ${counted}::int as n from result_enrolments e where ${where}`);
    total = num(count?.n);
  }
  if (options.measure === 'officials')
    return {
      total,
      rows: fromFacts ? await personsFromFacts(db, period, narrowing, options) : await persons(db, where, options),
    };
  return { total, rows: await enrolments(db, where, options) };
}

const attributeFree = (n: Narrowing) =>
  n.courseLevel === undefined && n.thematicArea === undefined && n.pillar === undefined && n.modality === undefined;

/** Persons trained in whole years (by state, then name or id), walked by index over result_officials. */
async function personsFromFacts(db: Queryable, period: Period, narrowing: Narrowing, page: Page): Promise<RecordFacts[]> {
  const programme = narrowing.programmes?.[0];
  let years = sql`r.years`;
  if (programme !== undefined) {
    const slot = (await programmeSlots(db)).get(programme);
    if (slot === undefined) return [];
    years = sql.raw(`coalesce(r.programme_years[${Math.trunc(slot)}], 0)`);
  }
  const where = [sql`${years} & ${mask(yearsMask(period.fromYear, period.toYear))} <> 0`];
  if (narrowing.state) where.push(sql`r.state_iso2 = ${narrowing.state}`);
  if (narrowing.sex) where.push(sql`r.sex = ${narrowing.sex}`);
  if (narrowing.agencyType) where.push(sql`r.agency_type = ${narrowing.agencyType}`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select r.official_id, r.state_iso2, r.sex, r.agency_type,
        ${page.withNames ? sql`r.family_name, r.given_names` : sql`null::text as family_name, null::text as given_names`}
      from result_officials r where ${and(where)}
      order by r.state_iso2, ${page.withNames ? sql`r.family_name, r.given_names,` : sql``} r.official_id
      offset ${page.offset} limit ${page.limit}`,
  );
  if (rows.length === 0) return [];
  const enrolled = [sql`e.official_id = any(${uuids(rows.map((r) => String(r.official_id)))})`];
  enrolled.push(sql`e.ended_on between ${period.from} and ${period.to}`);
  if (programme !== undefined) enrolled.push(sql`e.programme_id = ${programme}::uuid`);
  const counts = await queryRows<{ official_id: string; n: number }>(
    db,
    sql`select e.official_id, count(*)::int as n from result_enrolments e where ${and(enrolled)} group by 1`,
  );
  const participations = new Map(counts.map((c) => [String(c.official_id), num(c.n)]));
  return rows.map((r) => personFacts({ ...r, participations: participations.get(String(r.official_id)) ?? 0 }));
}

/** Persons with completed enrolments meeting `where`, from the enrolments. */
async function persons(db: Queryable, where: SQL, page: Page): Promise<RecordFacts[]> {
  const names = page.withNames ? sql`o.family_name, o.given_names` : sql`null::text as family_name, null::text as given_names`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.official_id, p.state_iso2, p.sex, p.agency_type, p.participations, ${names}
      from (select e.official_id, min(e.state_iso2) as state_iso2, min(e.sex) as sex, min(e.agency_type) as agency_type,
              count(*)::int as participations
            from result_enrolments e where ${where} group by e.official_id) p
      join officials o on o.id = p.official_id
      order by p.state_iso2, ${page.withNames ? sql`o.family_name, o.given_names,` : sql``} p.official_id
      offset ${page.offset} limit ${page.limit}`,
  );
  return rows.map(personFacts);
}

/** Completed enrolments meeting `where`, newest first. */
async function enrolments(db: Queryable, where: SQL, page: Page & { measure: RecordMeasure }): Promise<RecordFacts[]> {
  const names = page.withNames ? sql`o.family_name, o.given_names` : sql`null::text as family_name, null::text as given_names`;
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
      offset ${page.offset} limit ${page.limit}`,
  );
  return rows.map((r) => ({
    ...personFacts({ ...r, participations: 1 }),
    sessionId: String(r.session_id),
    sessionCode: String(r.code),
    courseTitle: r.title,
    endedOn: String(r.ended_on),
    preScore: nullableNumber(r.pre_score),
    postScore: nullableNumber(r.post_score),
    applied: page.measure === 'follow_ups' ? Boolean(r.applied) : null,
  }));
}
