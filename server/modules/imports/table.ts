import { parse as parseCsv } from 'csv-parse/sync';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AppError } from '../../errors';
import { cellTooLong, importLimits, shortened, tooManyRows, unreadable } from './limits';
import { ZipReader } from './zip';

/**
 * Reads the rows of a CSV or XLSX file as text, within the limits of limits.ts: it stops at the
 * first row over the row limit, at the first cell over the cell limit, and inflates no more of a
 * workbook than the inflated-bytes limit. Runs in the reader thread (read-file.ts).
 */

/** A row that holds some text, with its line in the file (first line = 1). */
export type TableRow = { line: number; cells: string[] };

/** Counts the rows that hold text and refuses the file at the first one over the limit (the header aside). */
class RowCollector {
  readonly rows: TableRow[] = [];

  add(line: number, cells: string[]): void {
    if (!cells.some((c) => c.trim() !== '')) return;
    if (this.rows.length > importLimits.rows) throw tooManyRows();
    this.rows.push({ line, cells });
  }
}

function readCsv(content: Buffer): TableRow[] {
  const text = content.toString('utf8');
  const newline = text.indexOf('\n');
  const firstLine = text.slice(0, newline === -1 ? Math.min(text.length, 64 * 1024) : newline);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const collector = new RowCollector();
  try {
    parseCsv(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      // A record longer than every cell of a full row together is refused as it is read.
      max_record_size: importLimits.cellChars * importLimits.columns,
      on_record: (record: string[], context) => {
        const line = context.lines;
        if (record.length > importLimits.columns) {
          throw unreadable('import.too_many_columns', { line, max: importLimits.columns });
        }
        for (const [i, cell] of record.entries()) {
          if (cell.length > importLimits.cellChars) throw cellTooLong(`The cell of line ${line}, column ${i + 1},`);
        }
        collector.add(line, record);
        return null;
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') throw cellTooLong('A line of the file');
    if (error instanceof AppError) throw error;
    throw unreadable('import.csv_unreadable', { reason: shortened((error as Error).message, 200) });
  }
  return collector.rows;
}

/** Parses an XML part of the workbook, calling back on elements by local name (no namespace prefix). */
function parseXml(
  part: Buffer,
  handlers: { open?: (name: string, tag: SaxesTagPlain) => void; close?: (name: string) => void; text?: (t: string) => void },
): void {
  const parser = new SaxesParser();
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  if (handlers.open) parser.on('opentag', (tag) => handlers.open?.(local(tag.name), tag));
  if (handlers.close) parser.on('closetag', (tag) => handlers.close?.(local(tag.name)));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.on('error', () => {
    throw unreadable('import.xlsx_damaged');
  });
  // Fed in slices, so that the reader never holds the whole part as one string.
  const decoder = new TextDecoder('utf-8');
  const slice = 1024 * 1024;
  for (let at = 0; at < part.length; at += slice) {
    parser.write(decoder.decode(part.subarray(at, at + slice), { stream: at + slice < part.length }));
  }
  parser.close();
}

/** Collects the text of <t> elements (outside phonetic runs) of one string or cell, within the cell limit. */
class TextCollector {
  private parts: string[] = [];
  private length = 0;
  private inText = false;
  private inPhonetic = false;

  constructor(private readonly where: () => string) {}

  open(name: string): void {
    if (name === 't' && !this.inPhonetic) this.inText = true;
    if (name === 'rPh') this.inPhonetic = true;
  }
  close(name: string): void {
    if (name === 't') this.inText = false;
    if (name === 'rPh') this.inPhonetic = false;
  }
  text(t: string): void {
    if (!this.inText) return;
    this.length += t.length;
    if (this.length > importLimits.cellChars) throw cellTooLong(this.where());
    this.parts.push(t);
  }
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

/** Number formats Excel builds in that show a date. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dy]/i.test(bare);
}

/** Which cell styles (by index) show dates. */
function dateStyles(styles: Buffer | null): Set<number> {
  const dates = new Set<number>();
  if (!styles) return dates;
  const customDates = new Set<number>();
  let inCellXfs = false;
  let index = 0;
  parseXml(styles, {
    open: (name, tag) => {
      if (name === 'numFmt' && isDateFormat(String(tag.attributes.formatCode ?? ''))) {
        customDates.add(Number(tag.attributes.numFmtId));
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const format = Number(tag.attributes.numFmtId ?? 0);
        if (BUILT_IN_DATE_FORMATS.has(format) || customDates.has(format)) dates.add(index);
        index += 1;
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dates;
}

/** A date serial number of the workbook as an ISO date. */
function serialDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const date = new Date(epoch + Math.round(serial * 86_400_000));
  return Number.isNaN(date.getTime()) ? String(serial) : date.toISOString().slice(0, 10);
}

/** The zero-based column of a cell reference such as "AB12", or null. */
function columnOf(reference: string): number | null {
  const letters = /^([A-Z]{1,3})\d*$/i.exec(reference)?.[1];
  if (!letters) return null;
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column - 1;
}

/** Resolves a relationship target against the folder of the part that names it. */
function partPath(base: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `${base}${target}`;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

function readXlsx(content: Buffer): TableRow[] {
  const zip = new ZipReader(content);
  const workbook = zip.read('xl/workbook.xml');
  if (!workbook) throw unreadable('import.xlsx_damaged');

  let firstSheetId: string | null = null;
  let date1904 = false;
  parseXml(workbook, {
    open: (name, tag) => {
      if (name === 'sheet' && firstSheetId === null) {
        firstSheetId = String(tag.attributes['r:id'] ?? tag.attributes.id ?? '');
      } else if (name === 'workbookPr') {
        const flag = String(tag.attributes.date1904 ?? '');
        date1904 = flag === '1' || flag === 'true';
      }
    },
  });
  if (firstSheetId === null) throw unreadable('import.xlsx_no_sheet');

  const targets = new Map<string, string>();
  let sharedStringsPath = 'xl/sharedStrings.xml';
  let stylesPath = 'xl/styles.xml';
  const relationships = zip.read('xl/_rels/workbook.xml.rels');
  if (relationships) {
    parseXml(relationships, {
      open: (name, tag) => {
        if (name !== 'Relationship') return;
        const target = partPath('xl/', String(tag.attributes.Target ?? ''));
        const type = String(tag.attributes.Type ?? '');
        targets.set(String(tag.attributes.Id ?? ''), target);
        if (type.endsWith('/sharedStrings')) sharedStringsPath = target;
        if (type.endsWith('/styles')) stylesPath = target;
      },
    });
  }
  const sheetPath = targets.get(firstSheetId) ?? 'xl/worksheets/sheet1.xml';
  const sheet = zip.read(sheetPath);
  if (!sheet) throw unreadable('import.xlsx_no_sheet');

  const sharedStrings: string[] = [];
  const strings = zip.read(sharedStringsPath);
  if (strings) {
    const text = new TextCollector(() => `Text number ${sharedStrings.length + 1} of the workbook`);
    parseXml(strings, {
      open: (name) => text.open(name),
      close: (name) => {
        text.close(name);
        if (name === 'si') sharedStrings.push(text.take());
      },
      text: (t) => text.text(t),
    });
  }
  const dates = dateStyles(zip.read(stylesPath));

  const collector = new RowCollector();
  let line = 0;
  let cells: string[] = [];
  let column = -1;
  let cell: { type: string; style: number } | null = null;
  let value = '';
  let inValue = false;
  const cellName = () => `The cell of line ${line}, column ${column + 1},`;
  const inline = new TextCollector(cellName);
  parseXml(sheet, {
    open: (name, tag) => {
      if (name === 'row') {
        const given = Number(tag.attributes.r);
        line = Number.isInteger(given) && given > line ? given : line + 1;
        cells = [];
        column = -1;
      } else if (name === 'c') {
        const at = columnOf(String(tag.attributes.r ?? ''));
        column = at ?? column + 1;
        cell = { type: String(tag.attributes.t ?? 'n'), style: Number(tag.attributes.s ?? 0) };
        value = '';
      } else if (name === 'v' && cell) inValue = true;
      else if (cell) inline.open(name);
    },
    text: (t) => {
      if (inValue) {
        value += t;
        if (value.length > importLimits.cellChars) throw cellTooLong(cellName());
      } else if (cell) inline.text(t);
    },
    close: (name) => {
      if (name === 'v') inValue = false;
      else if (name === 'c' && cell) {
        const text = cellText(cell, value, inline.take());
        cell = null;
        if (text === '') return;
        if (column >= importLimits.columns) {
          throw unreadable('import.too_many_columns', { line, max: importLimits.columns });
        }
        while (cells.length < column) cells.push('');
        cells[column] = text;
      } else if (name === 'row') collector.add(line, cells);
      else if (cell) inline.close(name);
    },
  });
  return collector.rows;

  function cellText(c: { type: string; style: number }, raw: string, inlineText: string): string {
    switch (c.type) {
      case 's':
        return sharedStrings[Number(raw)] ?? '';
      case 'inlineStr':
        return inlineText;
      case 'str':
        return raw;
      case 'b':
        return raw === '1' ? 'true' : raw === '0' ? 'false' : raw;
      case 'e':
        return '';
      case 'd':
        return raw.slice(0, 10);
      default: {
        if (raw === '') return '';
        const number = Number(raw);
        if (Number.isNaN(number)) return raw;
        return dates.has(c.style) ? serialDate(number, date1904) : String(number);
      }
    }
  }
}

/** The rows of a .csv or .xlsx file (by its name). */
export function readTable(filename: string, content: Buffer): TableRow[] {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.csv')) return readCsv(content);
  if (lower.endsWith('.xlsx')) return readXlsx(content);
  throw unreadable('import.file_type', {}, 'filename');
}
