import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../server/db/schema';
import { deferrableUniqueConstraints } from '../../server/db/schema/constraints';
import { queryRows } from '../../server/platform/db';
import { freshDatabase, type TestDatabase, testDatabaseKind } from './databases';

/**
 * The schema files declare what the migrations create: every table, column (type, nullability),
 * index and constraint (deferrability included) of a freshly migrated database, and nothing more.
 * `npm run db:check` covers the other direction (the schema holds no change without a migration).
 */
const tables = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => getTableConfig(table));

/** Drizzle's spelling of a type as format_type spells it: serials are integers with a default. */
const spelledAs: Record<string, string> = {
  bigserial: 'bigint',
  serial: 'integer',
  smallserial: 'smallint',
  time: 'time without time zone',
  timestamp: 'timestamp without time zone',
};
const typeName = (type: string) => (spelledAs[type] ?? type).replaceAll(' ', '').toLowerCase();
/** PostgreSQL cuts identifiers to 63 bytes (NAMEDATALEN); drizzle's generated names can be longer. */
const identifier = (name: string) => Buffer.from(name).subarray(0, 63).toString();

describe(`schema files and migrations agree (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('declares every table and column, with its type and nullability', async () => {
    const rows = await queryRows<{ table: string; column: string; type: string; notNull: boolean }>(
      database.db,
      sql`select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as "notNull"
            from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
    );
    const inDatabase = rows.map((r) => `${r.table}.${r.column} ${typeName(r.type)}${r.notNull ? ' not null' : ''}`).sort();
    const declared = tables
      .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name} ${typeName(c.getSQLType())}${c.notNull ? ' not null' : ''}`))
      .sort();
    expect(declared).toEqual(inDatabase);
  });

  it('declares every index', async () => {
    const rows = await queryRows<{ name: string; unique: boolean }>(
      database.db,
      sql`select i.relname as name, x.indisunique as unique
            from pg_index x join pg_class i on i.oid = x.indexrelid join pg_namespace n on n.oid = i.relnamespace
           where n.nspname = 'public' and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)`,
    );
    const inDatabase = rows.map((r) => `${r.name}${r.unique ? ' unique' : ''}`).sort();
    const declared = tables.flatMap((t) => t.indexes.map((i) => `${i.config.name}${i.config.unique ? ' unique' : ''}`)).sort();
    expect(declared).toEqual(inDatabase);
  });

  it('declares every constraint, and which unique constraints are deferrable', async () => {
    const rows = await queryRows<{ name: string; kind: string; deferrable: boolean }>(
      database.db,
      sql`select k.conname as name, k.contype as kind, k.condeferrable as deferrable
            from pg_constraint k join pg_namespace n on n.oid = k.connamespace join pg_class c on c.oid = k.conrelid
           where n.nspname = 'public' and k.contype in ('p', 'u', 'f', 'c')`,
    );
    const inDatabase = rows.map((r) => `${r.kind} ${r.name}`).sort();
    const declared = tables
      .flatMap((t) => [
        ...t.primaryKeys.map((k) => `p ${k.getName()}`),
        ...t.columns.filter((c) => c.primary).map((c) => `p ${t.name}_pkey`),
        ...t.uniqueConstraints.map((u) => `u ${u.name}`),
        ...t.columns.filter((c) => c.isUnique).map((c) => `u ${c.uniqueName}`),
        ...t.foreignKeys.map((f) => `f ${identifier(f.getName())}`),
        ...t.checks.map((c) => `c ${c.name}`),
      ])
      .sort();
    expect(declared).toEqual(inDatabase);
    const deferrable = rows.filter((r) => r.deferrable).map((r) => r.name);
    expect(deferrable.sort()).toEqual([...deferrableUniqueConstraints].sort());
  });
});
