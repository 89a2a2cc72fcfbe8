import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { BulkSession } from '../platform/db';

/**
 * Bulk loading for large seeds: rows are buffered per table, written with COPY in CSV, with the
 * tables' indexes and foreign keys dropped during the load and rebuilt after (5–10× faster than
 * keeping them). Everything runs in the caller's one transaction: a failure leaves nothing behind.
 */

type Column = { property: string; name: string; hasDefault: boolean; isArray: boolean; isJson: boolean };

function csvField(value: unknown, column: Column): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (column.isArray) {
    text = `{${(value as unknown[]).map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  } else if (column.isJson) {
    text = JSON.stringify(value);
  } else if (value instanceof Date) {
    text = value.toISOString();
  } else if (typeof value === 'boolean') {
    return value ? 't' : 'f';
  } else if (typeof value === 'number') {
    return String(value);
  } else {
    text = String(value);
  }
  return `"${text.replace(/"/g, '""')}"`;
}

class TableBuffer {
  private columns: Column[] | null = null;
  private lines: string[] = [];
  count = 0;

  constructor(
    private readonly table: PgTable,
    private readonly session: BulkSession,
    private readonly flushAt: number,
  ) {}

  async add(row: Record<string, unknown>): Promise<void> {
    // Columns: those without a default, and those the rows give; the rest take their defaults.
    this.columns ??= Object.entries(getTableColumns(this.table))
      .filter(([property, column]) => !column.hasDefault || property in row)
      .map(([property, column]) => ({
        property,
        name: column.name,
        hasDefault: column.hasDefault,
        isArray: column.columnType === 'PgArray',
        isJson: column.dataType === 'json',
      }));
    const columns = this.columns;
    this.lines.push(columns.map((c) => csvField(row[c.property], c)).join(','));
    this.count += 1;
    if (this.lines.length >= this.flushAt) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.columns || this.lines.length === 0) return;
    const csv = this.lines.join('\n');
    this.lines = [];
    await this.session.copyCsv(
      getTableName(this.table),
      this.columns.map((c) => c.name),
      csv,
    );
  }
}

export type RowSink = { add(table: PgTable, row: Record<string, unknown>): Promise<void> };

/** Drops the tables' foreign keys (both ways), keys and indexes; `restore` puts them all back. */
async function dropConstraints(session: BulkSession, tables: string[]): Promise<{ restore(): Promise<void> }> {
  const list = tables.map((t) => `'${t}'`).join(',');
  const foreignKeys = await session.query(
    `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def from pg_constraint
     where contype = 'f' and (conrelid::regclass::text in (${list}) or confrelid::regclass::text in (${list}))`,
  );
  const keys = await session.query(
    `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def from pg_constraint
     where contype in ('p', 'u') and conrelid::regclass::text in (${list})`,
  );
  const indexes = await session.query(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename in (${list})
     and indexname not in (select conname from pg_constraint where contype in ('p', 'u'))`,
  );
  // Row triggers (the results queue) would fire per loaded row: the caller recomputes what they feed.
  for (const table of tables) await session.query(`alter table ${table} disable trigger user`);
  for (const fk of foreignKeys) await session.query(`alter table ${fk.tbl} drop constraint "${fk.conname}"`);
  for (const key of keys) await session.query(`alter table ${key.tbl} drop constraint "${key.conname}"`);
  for (const index of indexes) await session.query(`drop index "${index.indexname}"`);
  // Tables still empty are truncated in this transaction: with wal_level minimal (PGlite), COPY
  // into them then writes no WAL. A table that holds rows is left alone.
  for (const table of tables) {
    const [row] = await session.query(`select exists (select 1 from ${table}) as used`);
    if (!row?.used) await session.query(`truncate table ${table}`);
  }
  return {
    async restore() {
      for (const key of keys) await session.query(`alter table ${key.tbl} add constraint "${key.conname}" ${key.def}`);
      for (const index of indexes) await session.query(String(index.indexdef));
      for (const fk of foreignKeys) await session.query(`alter table ${fk.tbl} add constraint "${fk.conname}" ${fk.def}`);
      for (const table of tables) await session.query(`alter table ${table} enable trigger user`);
      // The officials' counts followed none of the loaded rows (migration 0040): count them again.
      if (tables.includes('officials')) await session.query('select official_counts_recount()');
      // Nor did the sessions' (migration 0043).
      if (tables.includes('training_sessions')) await session.query('select session_counts_recount()');
    },
  };
}

/**
 * Gives `produce` a sink for rows of the given tables, loads them with COPY, and rebuilds the
 * constraints (which also checks every foreign key and key of the loaded rows).
 */
export async function bulkLoad(
  session: BulkSession,
  tables: PgTable[],
  produce: (sink: RowSink) => Promise<void>,
  flushAt = 50_000,
): Promise<Record<string, number>> {
  const constraints = await dropConstraints(session, tables.map(getTableName));
  const buffers = new Map(tables.map((t) => [t, new TableBuffer(t, session, flushAt)]));
  await produce({
    async add(table, row) {
      const buffer = buffers.get(table);
      if (!buffer) throw new Error(`bulkLoad: ${getTableName(table)} is not one of the loaded tables`);
      await buffer.add(row);
    },
  });
  for (const buffer of buffers.values()) await buffer.flush();
  await constraints.restore();
  return Object.fromEntries([...buffers].map(([t, b]) => [getTableName(t), b.count]));
}
