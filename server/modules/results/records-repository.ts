import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import { breakdownFactsCanAnswer, factsTotal } from './breakdown-repository';
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
/** Where a page of persons ended, in their order (state, then name when shown, then id). */
export type PersonPlace = { stateIso2: string; familyName: string; givenNames: string; officialId: string };
/** Where a page of enrolments ended, in their order (newest day first, then session and person, descending). */
export type EnrolmentPlace = { endedOn: string; sessionId: string; officialId: string };
/**
 * A page: after a place (keyset: the next page of the one that ended there), or after `offset`
 * records (a page asked by number). Both are read from an index by an owner-side function
 * (migration 0030), which applies the wall itself; the scoped query below applies it again.
 */
type Page = { withNames: boolean; offset: number; limit: number; after?: PersonPlace | EnrolmentPlace };
const isPersonPlace = (p: Page['after']): p is PersonPlace => p !== undefined && 'stateIso2' in p;
const isEnrolmentPlace = (p: Page['after']): p is EnrolmentPlace => p !== undefined && 'endedOn' in p;

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
  if (fromFacts) total = await factsTotal(db, period, narrowing, options.measure);
  else {
    const counted = options.measure === 'officials' ? sql`count(distinct e.official_id)` : sql`count(*)`;
    const [count] = await queryRows<{ n: number }>(db, sql`select ${counted}::int as n from result_enrolments e where ${where}`);
    total = num(count?.n);
  }
  if (options.measure === 'officials')
    return {
      total,
      rows: fromFacts ? await personsFromFacts(db, period, narrowing, options) : await persons(db, where, options),
    };
  return { total, rows: await enrolments(db, period, narrowing, where, options) };
}

/** Where the page ending with `last` ended, in the order of `measure`'s records (rated sessions are paged by number). */
export function placeAfter(measure: RecordMeasure, last: RecordFacts): PersonPlace | EnrolmentPlace | null {
  if (measure === 'rated_sessions' || last.officialId === null || last.stateIso2 === null) return null;
  if (measure === 'officials')
    return {
      stateIso2: last.stateIso2,
      familyName: last.familyName ?? '',
      givenNames: last.givenNames ?? '',
      officialId: last.officialId,
    };
  if (last.endedOn === null || last.sessionId === null) return null;
  return { endedOn: last.endedOn, sessionId: last.sessionId, officialId: last.officialId };
}

const attributeFree = (n: Narrowing) =>
  n.courseLevel === undefined && n.thematicArea === undefined && n.pillar === undefined && n.modality === undefined;

/** Persons trained in whole years (by state, then name or id), walked by index over result_officials. */
async function personsFromFacts(db: Queryable, period: Period, narrowing: Narrowing, page: Page): Promise<RecordFacts[]> {
  const programme = narrowing.programmes?.[0];
  let years = sql`r.years`;
  let slot: number | null = null;
  if (programme !== undefined) {
    slot = (await programmeSlots(db)).get(programme) ?? null;
    if (slot === null) return [];
    years = sql`coalesce(r.programme_years[${slot}::int], 0)`;
  }
  const yearsOfPeriod = mask(yearsMask(period.fromYear, period.toYear));
  const after = isPersonPlace(page.after) ? page.after : undefined;
  const where = [sql`${years} & ${yearsOfPeriod} <> 0`];
  if (narrowing.state) where.push(sql`r.state_iso2 = ${narrowing.state}`);
  if (narrowing.sex) where.push(sql`r.sex = ${narrowing.sex}`);
  if (narrowing.agencyType) where.push(sql`r.agency_type = ${narrowing.agencyType}`);
  if (after)
    where.push(
      page.withNames
        ? sql`(r.state_iso2, r.family_name, r.given_names, r.official_id) > (${after.stateIso2}, ${after.familyName}, ${after.givenNames}, ${after.officialId}::uuid)`
        : sql`(r.state_iso2, r.official_id) > (${after.stateIso2}, ${after.officialId}::uuid)`,
    );
  where.push(sql`r.official_id in (select id from result_person_page_ids(${after?.stateIso2 ?? null}, ${after?.familyName ?? null},
    ${after?.givenNames ?? null}, ${after?.officialId ?? null}::uuid, ${page.withNames}, ${yearsOfPeriod}, ${slot}::int,
    ${narrowing.state ?? null}, ${narrowing.sex ?? null}, ${narrowing.agencyType ?? null}, ${after ? 0 : page.offset}::int,
    ${page.limit}::int) as id)`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select r.official_id, r.state_iso2, r.sex, r.agency_type,
        ${page.withNames ? sql`r.family_name, r.given_names` : sql`null::text as family_name, null::text as given_names`}
      from result_officials r where ${and(where)}
      order by r.state_iso2, ${page.withNames ? sql`r.family_name, r.given_names,` : sql``} r.official_id
      limit ${page.limit}`,
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
  const after = isPersonPlace(page.after) ? page.after : undefined;
  const afterPlace = !after
    ? undefined
    : page.withNames
      ? sql`(p.state_iso2, o.family_name, o.given_names, p.official_id) > (${after.stateIso2}, ${after.familyName}, ${after.givenNames}, ${after.officialId}::uuid)`
      : sql`(p.state_iso2, p.official_id) > (${after.stateIso2}, ${after.officialId}::uuid)`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.official_id, p.state_iso2, p.sex, p.agency_type, p.participations, ${names}
      from (select e.official_id, min(e.state_iso2) as state_iso2, min(e.sex) as sex, min(e.agency_type) as agency_type,
              count(*)::int as participations
            from result_enrolments e where ${where} group by e.official_id) p
      join officials o on o.id = p.official_id
      ${afterPlace ? sql`where ${afterPlace}` : sql``}
      order by p.state_iso2, ${page.withNames ? sql`o.family_name, o.given_names,` : sql``} p.official_id
      offset ${after ? 0 : page.offset} limit ${page.limit}`,
  );
  return rows.map(personFacts);
}

/** Completed enrolments meeting `where` (the period's and narrowing's), newest first, the page's ids read by index. */
async function enrolments(
  db: Queryable,
  period: Period,
  narrowing: Narrowing,
  where: SQL,
  page: Page & { measure: RecordMeasure },
): Promise<RecordFacts[]> {
  const names = page.withNames ? sql`o.family_name, o.given_names` : sql`null::text as family_name, null::text as given_names`;
  const after = isEnrolmentPlace(page.after) ? page.after : undefined;
  const pageIds = sql`e.nomination_id in (select id from result_enrolment_page_ids(${after?.endedOn ?? null}::date,
    ${after?.sessionId ?? null}::uuid, ${after?.officialId ?? null}::uuid, ${period.from}::date, ${period.to}::date,
    ${page.measure}, ${narrowing.state ?? null}, ${narrowing.programmes ? uuids(narrowing.programmes) : null}::uuid[],
    ${narrowing.sex ?? null}, ${narrowing.agencyType ?? null}, ${narrowing.courseLevel ?? null}, ${narrowing.thematicArea ?? null},
    ${narrowing.modality ?? null}, ${narrowing.pillar ?? null}, ${after ? 0 : page.offset}::int, ${page.limit}::int) as id)`;
  const afterPlace = after
    ? sql`(e.ended_on, e.session_id, e.official_id) < (${after.endedOn}::date, ${after.sessionId}::uuid, ${after.officialId}::uuid)`
    : undefined;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select e.official_id, e.state_iso2, e.sex, e.agency_type, e.session_id, s.code, co.title,
        to_char(e.ended_on, 'YYYY-MM-DD') as ended_on, e.pre_score::float8 as pre_score, e.post_score::float8 as post_score,
        e.applied, ${names}
      from result_enrolments e
      join training_sessions s on s.id = e.session_id
      join courses co on co.id = e.course_id
      join officials o on o.id = e.official_id
      where ${and([where, pageIds, ...(afterPlace ? [afterPlace] : [])])}
      order by e.ended_on desc, e.session_id desc, e.official_id desc
      limit ${page.limit}`,
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
