import * as drizzleOrm from 'drizzle-orm';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, it } from 'vitest';
import { agencies, courses, officials, trainingSessions } from '../db/schema';
import { compileRowMapper, preparedSelect, type SelectedField, withCompiledRows } from './prepared';

type Prepared = { fields: SelectedField[]; joinsNotNullableMap?: Record<string, boolean>; customResultMapper?: unknown };
const db = drizzle.mock();
// drizzle's own row mapping, which its types leave out: what the compiled mapping must equal.
const { mapResultRow } = drizzleOrm as unknown as {
  mapResultRow: (fields: never, row: unknown[], joins?: Record<string, boolean>) => Record<string, unknown>;
};

/** Rows in the fields' order, as the driver gives them (text for dates, timestamps as strings). */
function rowsFor(fields: SelectedField[], count: number): unknown[][] {
  let seed = 7;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed;
  };
  return Array.from({ length: count }, () =>
    fields.map(({ path }, i) => {
      // Every fifth value null, and in some rows a joined table's first column.
      if (next() % 5 === 0) return null;
      const name = path[path.length - 1] ?? '';
      if (/At$/.test(name)) return '2026-12-07 10:00:00+00';
      if (/Date|deadline/i.test(name)) return '2026-12-07';
      if (/languages/.test(name)) return ['fr', 'en'];
      if (/title|names/i.test(name)) return { en: `t${i}`, fr: `f${i}` };
      if (/capacity|total|n$/.test(name)) return String(next() % 1000);
      return `${name}-${next() % 100}`;
    }),
  );
}

const selects = {
  'nested selection with an inner join and a counted total': db
    .select({
      session: { id: trainingSessions.id, code: trainingSessions.code, startDate: trainingSessions.startDate },
      courseTitle: courses.title,
      total: sql<number>`(select count(*) from ${trainingSessions})`.mapWith(Number),
    })
    .from(trainingSessions)
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .prepare('row-mapper.inner'),
  'a left-joined table that may be null': db
    .select({
      id: officials.id,
      familyName: officials.familyName,
      updatedAt: officials.updatedAt,
      agency: { id: agencies.id, name: agencies.name },
      upper: sql<string>`upper(${officials.familyName})`.as('upper_name'),
    })
    .from(officials)
    .leftJoin(agencies, eq(agencies.id, officials.agencyId))
    .prepare('row-mapper.left'),
  'whole tables': db
    .select()
    .from(trainingSessions)
    .leftJoin(courses, eq(courses.id, trainingSessions.courseId))
    .prepare('row-mapper.tables'),
};

describe('compileRowMapper', () => {
  for (const [name, prepared] of Object.entries(selects)) {
    it(`maps rows as drizzle does: ${name}`, () => {
      const { fields, joinsNotNullableMap } = prepared as unknown as Prepared;
      const map = compileRowMapper(fields, joinsNotNullableMap);
      const rows = rowsFor(fields, 200);
      for (const row of rows) {
        const expected = mapResultRow(fields as never, row, joinsNotNullableMap);
        expect(map(row)).toStrictEqual(expected);
        expect(JSON.stringify(map(row))).toBe(JSON.stringify(expected));
      }
    });
  }

  it('nulls a left-joined object whose first column is null, as drizzle does', () => {
    const { fields, joinsNotNullableMap } = selects['a left-joined table that may be null'] as unknown as Prepared;
    const map = compileRowMapper(fields, joinsNotNullableMap);
    const row = ['id-1', 'Diallo', '2026-12-07 10:00:00+00', null, 'Police', 'DIALLO'];
    expect(map(row).agency).toBeNull();
    expect(mapResultRow(fields as never, row, joinsNotNullableMap)).toMatchObject({ agency: null });
    expect(map(['id-1', 'Diallo', null, 'a-1', 'Police', 'DIALLO']).agency).toEqual({ id: 'a-1', name: 'Police' });
  });

  it('decodes with each field’s own decoder (mapWith, timestamps as dates)', () => {
    const { fields, joinsNotNullableMap } = selects[
      'nested selection with an inner join and a counted total'
    ] as unknown as Prepared;
    const mapped = compileRowMapper(fields, joinsNotNullableMap)(['s-1', 'CT-1', '2026-12-07', { en: 'x' }, '6000']);
    expect(mapped).toEqual({
      session: { id: 's-1', code: 'CT-1', startDate: '2026-12-07' },
      courseTitle: { en: 'x' },
      total: 6000,
    });
  });
});

describe('withCompiledRows', () => {
  it('gives the prepared select its own result mapper', () => {
    const prepared = withCompiledRows(
      db.select({ id: courses.id, code: courses.code }).from(courses).prepare('row-mapper.own'),
    ) as unknown as Prepared;
    expect(typeof prepared.customResultMapper).toBe('function');
    expect((prepared.customResultMapper as (rows: unknown[][]) => unknown)([['c-1', 'CT-1']])).toEqual([
      { id: 'c-1', code: 'CT-1' },
    ]);
  });

  it('refuses what is not a prepared select', () => {
    expect(() => withCompiledRows({})).toThrow(/not a prepared select/);
  });
});

describe('preparedSelect', () => {
  it('builds a statement once per database and name, its rows mapped by the compiled mapping', () => {
    let built = 0;
    const build = () => {
      built += 1;
      return db.select({ id: courses.id }).from(courses).prepare('prepared.once');
    };
    const first = preparedSelect(db, 'prepared.once', build);
    expect(preparedSelect(db, 'prepared.once', build)).toBe(first);
    expect(built).toBe(1);
    expect(typeof (first as unknown as Prepared).customResultMapper).toBe('function');
    // Another database (or transaction) has statements of its own.
    const other = drizzle.mock();
    preparedSelect(other, 'prepared.once', () => other.select({ id: courses.id }).from(courses).prepare('prepared.once'));
    expect(built).toBe(1);
    expect(preparedSelect(other, 'prepared.once', build)).not.toBe(first);
  });
});
