import { type SQL, sql } from 'drizzle-orm';
import { completionSql } from '../server/modules/delivery/completion';
import { and, type BreakdownDimension, type Narrowing, num, uuids } from '../server/modules/results/facts-sql';
import type { Period } from '../server/modules/results/period';
import { type Queryable, queryRows } from '../server/platform/db';

/**
 * The yardsticks of the results: figures recomputed in one query from nominations, attendance,
 * scores, overrides, officials and sessions — no results facts, slow by design. The tests compare
 * the product's figures with them; bench/results.ts measures against them.
 */

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

const naiveKey = {
  year: sql`extract(year from s.end_date)::int::text`,
  state: sql`p.state_iso2`,
  sex: sql`p.sex`,
  agency_type: sql`coalesce(ag.type, 'unknown')`,
  programme: sql`co.programme_id::text`,
  course_level: sql`co.level`,
  thematic_area: sql`co.thematic_area`,
  modality: sql`s.modality`,
  pillar: sql`d.pillar`,
} satisfies Record<BreakdownDimension, SQL>;

/**
 * Persons (and women among them), states reached and completed enrolments per value of a dimension
 * (null: the total, keyed 'total') in a period and a narrowing, from the source records.
 */
export async function naiveBreakdown(
  db: Queryable,
  period: Period,
  dimension: BreakdownDimension | null,
  narrowing: Narrowing = {},
): Promise<Map<string, { officials: number; participations: number; women: number; states: number }>> {
  const where: SQL[] = [sql`c.completed`, sql`s.end_date between ${period.from} and ${period.to}`];
  if (narrowing.state) where.push(sql`p.state_iso2 = ${narrowing.state}`);
  if (narrowing.sex) where.push(sql`p.sex = ${narrowing.sex}`);
  if (narrowing.agencyType) where.push(sql`coalesce(ag.type, 'unknown') = ${narrowing.agencyType}`);
  if (narrowing.programmes) where.push(sql`co.programme_id = any(${uuids(narrowing.programmes)})`);
  if (narrowing.courseLevel) where.push(sql`co.level = ${narrowing.courseLevel}`);
  if (narrowing.thematicArea) where.push(sql`co.thematic_area = ${narrowing.thematicArea}`);
  if (narrowing.modality) where.push(sql`s.modality = ${narrowing.modality}`);
  if (narrowing.pillar) where.push(sql`${narrowing.pillar} = any(co.pillars)`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${dimension === null ? sql`'total'` : naiveKey[dimension]} as key, count(distinct p.id)::int as officials,
        count(distinct p.id) filter (where p.sex = 'female')::int as women, count(distinct p.state_iso2)::int as states,
        count(*)::int as participations
      from (${completionSql(sql`n.status = 'accepted'`, { setWise: true })}) c
      join officials o on o.id = c.official_id
      join officials p on p.id = coalesce(o.merged_into_id, o.id)
      left join agencies ag on ag.id = p.agency_id
      join training_sessions s on s.id = c.session_id
      join courses co on co.id = s.course_id
      ${dimension === 'pillar' ? sql`cross join lateral unnest(co.pillars) as d(pillar)` : sql``}
      where ${and(where)}
      group by 1`,
  );
  return new Map(
    rows.map((r) => [
      String(r.key),
      { officials: num(r.officials), participations: num(r.participations), women: num(r.women), states: num(r.states) },
    ]),
  );
}
