import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../platform/db';
import { num } from './facts-sql';
import type { RecordGroup } from './suppression';

/** The records behind the means, for the disclosure control of aggregate-only readers (./suppression.ts). */

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
