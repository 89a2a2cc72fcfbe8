import ExcelJS from 'exceljs';
import { csvDocument, verbatim } from '../../platform/csv';
import { foldText } from '../registry/names';
import { importLimits, shortened, tooManyRows, unreadable } from './limits';
import { readFileRows } from './read-file';

/**
 * The columns of an officials file. Headers may be written in English or French, in any case, with
 * or without accents, spaces or underscores ("Date de naissance", "date_naissance", "birth_date").
 */
export const importColumns = [
  { field: 'state', en: 'state', fr: 'etat', aliases: ['state_iso2', 'country', 'pays', 'etat_iso2'], required: false },
  { field: 'familyName', en: 'family_name', fr: 'nom', aliases: ['surname', 'last_name', 'nom_de_famille'], required: true },
  {
    field: 'givenNames',
    en: 'given_names',
    fr: 'prenoms',
    aliases: ['given_name', 'first_name', 'first_names', 'prenom'],
    required: true,
  },
  {
    field: 'nameOriginal',
    en: 'name_original',
    fr: 'nom_original',
    aliases: ['original_name', 'original_script'],
    required: false,
  },
  { field: 'sex', en: 'sex', fr: 'sexe', aliases: ['gender', 'genre'], required: true },
  {
    field: 'birthDate',
    en: 'birth_date',
    fr: 'date_naissance',
    aliases: ['date_of_birth', 'dob', 'date_de_naissance'],
    required: false,
  },
  { field: 'agency', en: 'agency', fr: 'agence', aliases: ['organisation', 'organization', 'service'], required: false },
  { field: 'rank', en: 'rank', fr: 'grade', aliases: [], required: false },
  { field: 'position', en: 'position', fr: 'fonction', aliases: ['function', 'poste'], required: false },
  { field: 'languages', en: 'languages', fr: 'langues', aliases: ['language', 'langue'], required: false },
  { field: 'email', en: 'email', fr: 'courriel', aliases: ['e_mail', 'mail'], required: false },
  { field: 'phone', en: 'phone', fr: 'telephone', aliases: ['tel', 'mobile'], required: false },
  { field: 'notes', en: 'notes', fr: 'remarques', aliases: ['note', 'comments', 'commentaires'], required: false },
] as const;

export type ImportField = (typeof importColumns)[number]['field'];

/** A header longer than any known column name is not one. */
const MAX_HEADER_CHARS = 60;

const headerKey = (header: string) => foldText(header).replace(/\s+/g, '_');

const fieldByHeader = new Map<string, ImportField>(
  importColumns.flatMap((c) => [c.en, c.fr, ...c.aliases].map((h) => [headerKey(h), c.field] as [string, ImportField])),
);

export type ParsedSheet = {
  /** The header as written in the file, per field. */
  headers: Partial<Record<ImportField, string>>;
  /** Data rows: the raw text of each field, with the row's number in the file (header = 1). */
  rows: { line: number; values: Partial<Record<ImportField, string>> }[];
};

/**
 * Reads a CSV or XLSX file into rows keyed by field; refuses files whose columns are wrong. The file
 * is read off the event loop and within the limits of limits.ts.
 */
export async function parseOfficialsFile(filename: string, content: Buffer): Promise<ParsedSheet> {
  if (content.length === 0) throw unreadable('import.file_empty');
  const [headerRow, ...dataRows] = await readFileRows(filename, content);
  if (!headerRow) throw unreadable('import.file_empty');
  const columns: (ImportField | null)[] = [];
  const headers: Partial<Record<ImportField, string>> = {};
  const unknown: string[] = [];
  for (const raw of headerRow.cells) {
    const header = raw.trim();
    if (header === '') {
      columns.push(null);
      continue;
    }
    const field = fieldByHeader.get(headerKey(header));
    if (!field) {
      unknown.push(header);
      columns.push(null);
      continue;
    }
    if (headers[field]) {
      throw unreadable('import.duplicate_column', { first: headers[field], second: shortened(header) }, 'columns');
    }
    if (header.length > MAX_HEADER_CHARS) throw unreadable('import.header_too_long', { max: MAX_HEADER_CHARS }, 'columns');
    headers[field] = header;
    columns.push(field);
  }
  if (unknown.length > 0) {
    const named = unknown.slice(0, 10).map((u) => `"${shortened(u)}"`);
    const more = unknown.length > 10 ? ` (+${unknown.length - 10})` : '';
    throw unreadable('import.unknown_columns', { columns: `${named.join(', ')}${more}` }, 'columns');
  }
  const missing = importColumns.filter((c) => c.required && !headers[c.field]).map((c) => `${c.en} / ${c.fr}`);
  if (missing.length > 0) throw unreadable('import.missing_columns', { columns: missing.join(', ') }, 'columns');

  const rows: ParsedSheet['rows'] = [];
  for (const { line, cells } of dataRows) {
    const values: Partial<Record<ImportField, string>> = {};
    columns.forEach((field, c) => {
      if (field) values[field] = String(cells[c] ?? '').trim();
    });
    rows.push({ line, values });
  }
  if (rows.length === 0) throw unreadable('import.no_rows');
  if (rows.length > importLimits.rows) throw tooManyRows();
  return { headers, rows };
}

const SEX_WORDS: Record<string, 'female' | 'male'> = {
  f: 'female',
  female: 'female',
  femme: 'female',
  feminin: 'female',
  w: 'female',
  woman: 'female',
  feminino: 'female',
  m: 'male',
  male: 'male',
  homme: 'male',
  h: 'male',
  masculin: 'male',
  man: 'male',
  masculino: 'male',
};

/** female / male from the ways a file may write them (F, Femme, M, H, homme…); anything else as given. */
export const sexOf = (raw: string): string => SEX_WORDS[foldText(raw)] ?? raw;

/** ISO date from 1985-04-23, 23/04/1985 or 23.04.1985 (day first, as written in the region); else as given. */
export function birthDateOf(raw: string): string {
  const iso = raw.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/);
  if (iso) return `${iso[1]}-${iso[2]?.padStart(2, '0')}-${iso[3]?.padStart(2, '0')}`;
  const dmy = raw.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (dmy) return `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`;
  return raw;
}

/** The template: one header row in the chosen language and one example row. */
export function templateRows(lang: 'en' | 'fr'): string[][] {
  const header = importColumns.map((c) => c[lang]);
  const example: Record<ImportField, string> = {
    state: 'ML',
    familyName: 'Traoré',
    givenNames: 'Mohamed Lamine',
    nameOriginal: '',
    sex: lang === 'fr' ? 'homme' : 'male',
    birthDate: '1984-03-17',
    agency: 'Police nationale',
    rank: lang === 'fr' ? 'Commissaire' : 'Superintendent',
    position: lang === 'fr' ? 'Chef de la brigade antiterroriste' : 'Head of the counter-terrorism unit',
    languages: 'fr; bm',
    email: 'm.traore@example.org',
    phone: '+223 70 00 00 00',
    notes: '',
  };
  return [header, importColumns.map((c) => example[c.field])];
}

export async function templateXlsx(lang: 'en' | 'fr'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(lang === 'fr' ? 'Agents' : 'Officials');
  for (const row of templateRows(lang)) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 20;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function templateCsv(lang: 'en' | 'fr'): string {
  return csvDocument(templateRows(lang).map((row) => row.map(verbatim)));
}
