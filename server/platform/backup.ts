import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { BulkSession, DatabaseHandle } from './db';
import { migrationsFolder } from './db';

/**
 * Backups of the whole database in one format for PGlite and PostgreSQL: a gzip file holding a
 * JSON header line (format, version, the migrations of the schema, every table with its columns
 * and row count, the sequences, a SHA-256 of the data) and then each table's rows as COPY csv.
 * The dump is read in one repeatable-read transaction, so it is consistent while the server
 * runs; a restore loads it into a database migrated to the same schema, in one transaction.
 */
export const BACKUP_FORMAT = 'tadrib-backup';
export const BACKUP_FORMAT_VERSION = 1;

type TableDump = { name: string; columns: string[]; rows: number; bytes: number };
type SequenceDump = { name: string; lastValue: number | null };
export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  tadribVersion: string;
  createdAt: string;
  source: DatabaseHandle['kind'];
  /** The migrations (journal tags) of the schema the rows belong to. */
  migrations: string[];
  tables: TableDump[];
  sequences: SequenceDump[];
  sha256: string;
};

export class BackupError extends Error {}

const journalTags = (): string[] =>
  (
    JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    }
  ).entries.map((e) => e.tag);

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

async function tablesOf(session: BulkSession): Promise<{ name: string; columns: string[] }[]> {
  const rows = await session.query(
    `select c.table_name as name, array_agg(c.column_name::text order by c.ordinal_position) as columns
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
      group by c.table_name order by c.table_name`,
  );
  return rows.map((r) => ({ name: r.name as string, columns: parseArray(r.columns) }));
}

/** text[] arrives as an array from node-postgres and PGlite; as '{a,b}' if a driver skips the parse. */
function parseArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  return String(value)
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}

async function rowCount(session: BulkSession, table: string): Promise<number> {
  const [row] = await session.query(`select count(*)::int as n from ${quote(table)}`);
  return Number(row?.n ?? 0);
}

/** The whole database as one backup file's bytes, read in one consistent snapshot. */
export async function createBackup(
  handle: DatabaseHandle,
  tadribVersion: string,
): Promise<{ file: Buffer; header: BackupHeader }> {
  return handle.bulk(
    async (session) => {
      const tables: TableDump[] = [];
      const parts: Buffer[] = [];
      for (const table of await tablesOf(session)) {
        const csv = Buffer.from(await session.copyOutCsv(quote(table.name), table.columns), 'utf8');
        tables.push({ ...table, rows: await rowCount(session, table.name), bytes: csv.length });
        parts.push(csv);
      }
      const sequences = (
        await session.query(
          `select sequencename as name, last_value from pg_sequences where schemaname = 'public' order by sequencename`,
        )
      ).map((r) => ({ name: r.name as string, lastValue: r.last_value === null ? null : Number(r.last_value) }));
      const data = Buffer.concat(parts);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        tadribVersion,
        createdAt: new Date().toISOString(),
        source: handle.kind,
        migrations: journalTags(),
        tables,
        sequences,
        sha256: createHash('sha256').update(data).digest('hex'),
      };
      return { file: gzipSync(Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), data])), header };
    },
    { readOnlySnapshot: true },
  );
}

/** Reads and checks a backup file: its format, version, integrity and schema. */
export function readBackup(file: Buffer): { header: BackupHeader; data: Buffer } {
  let raw: Buffer;
  try {
    raw = gunzipSync(file);
  } catch {
    throw new BackupError('This is not a Tadrib backup (not a gzip file).');
  }
  const newline = raw.indexOf(10);
  let header: BackupHeader;
  try {
    header = JSON.parse(raw.subarray(0, newline).toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupError('This is not a Tadrib backup (no header).');
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupError('This is not a Tadrib backup.');
  if (header.formatVersion !== BACKUP_FORMAT_VERSION)
    throw new BackupError(
      `This backup is in format version ${header.formatVersion}; this Tadrib reads version ${BACKUP_FORMAT_VERSION}.`,
    );
  const data = raw.subarray(newline + 1);
  if (createHash('sha256').update(data).digest('hex') !== header.sha256)
    throw new BackupError('This backup is damaged: its data does not match its checksum.');
  const ours = journalTags();
  if (header.migrations.join('\n') !== ours.join('\n')) {
    throw new BackupError(
      `This backup was made by Tadrib ${header.tadribVersion} with ${header.migrations.length} migrations (last ${header.migrations.at(-1)}); ` +
        `this Tadrib has ${ours.length} (last ${ours.at(-1)}). Restore it with the release that made it, then upgrade.`,
    );
  }
  return { header, data };
}

/**
 * Loads a backup into the database, which is migrated to the backup's schema first. A database
 * holding any row is refused unless `replace` is set, which empties it in the same transaction.
 * Triggers and foreign-key checks are off while loading (session_replication_role = replica,
 * which needs a superuser): the rows are the database's own, already checked when written.
 */
export async function restoreBackup(handle: DatabaseHandle, file: Buffer, options: { replace: boolean }): Promise<BackupHeader> {
  const { header, data } = readBackup(file);
  await handle.migrate();
  await handle.bulk(async (session) => {
    const present = await tablesOf(session);
    const missing = header.tables.filter((t) => !present.some((p) => p.name === t.name));
    if (missing.length > 0) throw new BackupError(`The database has no table ${missing.map((t) => t.name).join(', ')}.`);
    const filled: string[] = [];
    for (const table of present) if ((await rowCount(session, table.name)) > 0) filled.push(table.name);
    if (filled.length > 0 && !options.replace)
      throw new BackupError(
        `The database is not empty (${filled.length} tables hold rows, e.g. ${filled.slice(0, 3).join(', ')}). ` +
          'Restore into an empty database, or add --force to replace everything in it.',
      );
    await session.query('set local session_replication_role = replica');
    if (filled.length > 0) await session.query(`truncate ${present.map((t) => quote(t.name)).join(', ')}`);
    let offset = 0;
    for (const table of header.tables) {
      const csv = data.subarray(offset, offset + table.bytes).toString('utf8');
      offset += table.bytes;
      if (table.bytes > 0) await session.copyCsv(quote(table.name), table.columns, csv);
      const loaded = await rowCount(session, table.name);
      if (loaded !== table.rows)
        throw new BackupError(`Table ${table.name}: ${loaded} rows loaded, the backup holds ${table.rows}.`);
    }
    // The triggers were off: the officials' and the sessions' counts (migrations 0040, 0043) are
    // counted from the rows loaded.
    await session.query('select official_counts_recount()');
    await session.query('select session_counts_recount()');
    for (const sequence of header.sequences) {
      await session.query(
        sequence.lastValue === null
          ? `select setval('${quote(sequence.name)}', 1, false)`
          : `select setval('${quote(sequence.name)}', ${Math.trunc(sequence.lastValue)}, true)`,
      );
    }
  });
  return header;
}
