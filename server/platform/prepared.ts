import { Column, getTableName, is, SQL, Subquery } from 'drizzle-orm';

/** A selected field as drizzle lists them (`orderSelectedFields`): where it goes in the row, and what it is. */
export type SelectedField = { path: string[]; field: unknown };
type Decoder = { mapFromDriverValue(value: unknown): unknown };
/** A prepared select as drizzle's drivers keep it; `customResultMapper` replaces their row mapping. */
type PreparedSelect = {
  fields?: SelectedField[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown;
};

/**
 * The function that turns a prepared select's rows (arrays, in the fields' order) into the objects
 * drizzle would give: the same nesting, the same decoding, the same `null` for a left-joined table
 * whose first column is null. drizzle decides each field's kind and walks its path for every value
 * of every row (`mapResultRow`: four class checks a value, each walking the prototype chain), which
 * was a fifth of the officials list's CPU; here it is decided once per statement.
 */
export function compileRowMapper(
  fields: SelectedField[],
  joinsNotNullableMap?: Record<string, boolean>,
): (row: unknown[]) => Record<string, unknown> {
  const columns = fields.map(({ path, field }) => {
    // `decoder` is drizzle's internal name for what maps an SQL value from the driver (mapWith).
    const sqlOf = (value: unknown) => value as { decoder: Decoder };
    const decoder: Decoder = is(field, Column)
      ? (field as Decoder)
      : is(field, SQL)
        ? sqlOf(field).decoder
        : is(field, Subquery)
          ? sqlOf((field as unknown as { _: { sql: unknown } })._.sql).decoder
          : sqlOf((field as { sql: unknown }).sql).decoder;
    // drizzle nulls a joined table's object by the first of its columns it meets (path of two).
    const table = joinsNotNullableMap && is(field, Column) && path.length === 2 ? getTableName((field as Column).table) : null;
    return { path, decoder, table };
  });
  return (row) => {
    const result: Record<string, unknown> = {};
    let nullify: Record<string, string | false> | null = null;
    for (let i = 0; i < columns.length; i += 1) {
      const { path, decoder, table } = columns[i] as (typeof columns)[number];
      let node = result;
      for (let depth = 0; depth < path.length - 1; depth += 1) {
        const key = path[depth] as string;
        if (!(key in node)) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
      const raw = row[i];
      const value = raw === null ? null : decoder.mapFromDriverValue(raw);
      node[path[path.length - 1] as string] = value;
      if (table !== null) {
        nullify ??= {};
        const objectName = path[0] as string;
        if (!(objectName in nullify)) nullify[objectName] = value === null ? table : false;
        else if (typeof nullify[objectName] === 'string' && nullify[objectName] !== table) nullify[objectName] = false;
      }
    }
    if (nullify && joinsNotNullableMap) {
      for (const [objectName, table] of Object.entries(nullify)) {
        if (typeof table === 'string' && !joinsNotNullableMap[table]) result[objectName] = null;
      }
    }
    return result;
  };
}

/**
 * A prepared select (drizzle's `.prepare(name)`) whose rows are mapped by `compileRowMapper`: for
 * the list reads every request runs. It sets the prepared query's own result mapper, which both
 * drivers (node-postgres and PGlite, drizzle-orm 0.45) call instead of theirs when present.
 */
export function withCompiledRows<P>(prepared: P): P {
  const query = prepared as unknown as PreparedSelect;
  if (!query.fields) throw new Error('withCompiledRows: not a prepared select');
  const map = compileRowMapper(query.fields, query.joinsNotNullableMap);
  query.customResultMapper = (rows) => rows.map(map);
  return prepared;
}

/**
 * The rows of a select built for this request (not prepared by name), mapped as `withCompiledRows`
 * maps them: the mapping is compiled for this statement's fields, a few class checks a field where
 * drizzle made them for every value of every row. Through drizzle's own `_prepare` (what awaiting
 * the select runs), so the driver, the wall and the parsers are the select's usual ones.
 */
export function compiledRows<T>(select: PromiseLike<T[]>): Promise<T[]> {
  const query = select as unknown as { _prepare?: () => { execute(): Promise<T[]> } };
  if (typeof query._prepare !== 'function') throw new Error('compiledRows: not a select');
  return withCompiledRows(query._prepare()).execute();
}

const preparedSelects = new WeakMap<object, Map<string, unknown>>();

/**
 * The select `build` prepares under `name`, built once per database (or transaction) and name, its
 * rows mapped by `withCompiledRows`: for the reads every request runs, whose SQL text is then built
 * once and, on PostgreSQL, parsed and planned once per connection. The name must say the statement's
 * shape (the reader's kind, which filters are set): one name, one text.
 */
export function preparedSelect<P>(db: object, name: string, build: () => P): P {
  const ofDb = preparedSelects.get(db) ?? new Map<string, unknown>();
  preparedSelects.set(db, ofDb);
  let prepared = ofDb.get(name) as P | undefined;
  if (!prepared) {
    prepared = withCompiledRows(build());
    ofDb.set(name, prepared);
  }
  return prepared;
}
