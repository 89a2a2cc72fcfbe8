import ExcelJS from 'exceljs';
import { type CsvCell, csvDocument, verbatim } from '../../platform/csv';
import type { Cell, ExportDocument, ExportTable, FigureFormat } from './export-tables';

/**
 * Writes an export document as CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads
 * Arabic and French right) or as an XLSX workbook (one sheet per table, figures as numbers).
 */

/** Figures in CSV: a dot for decimals whatever the language (the comma separates fields). */
function csvFigure(value: number, format: FigureFormat): string {
  switch (format) {
    case 'count':
      return String(Math.round(value));
    case 'share':
      return `${(value * 100).toFixed(1)}%`;
    case 'score':
      return value.toFixed(1);
    case 'rating':
      return value.toFixed(2);
  }
}

function csvCell(cell: Cell, withheld: string): CsvCell {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'figure':
      return verbatim(csvFigure(cell.value, cell.format));
    case 'withheld':
      return withheld;
    case 'empty':
      return '';
  }
}

/**
 * One file: the title and the facts (period, scope, filters…), then each table under a title line,
 * a blank line between tables. One file rather than a zip of files: it opens with a double click,
 * and each table stays labelled by its title line.
 */
export function toCsv(doc: ExportDocument): string {
  const rows: CsvCell[][] = [[doc.title]];
  for (const fact of doc.facts) rows.push([fact.label, fact.value]);
  for (const table of doc.tables) {
    rows.push([], [table.title], table.headers);
    for (const row of table.rows) rows.push(row.map((c) => csvCell(c, doc.withheld)));
  }
  return csvDocument(rows);
}

const numberFormats: Record<FigureFormat, string> = {
  count: '#,##0',
  share: '0.0%',
  score: '0.0',
  rating: '0.00',
};

/** Excel's rules for sheet names: 31 characters at most, none of []:*?/\, unique in the workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function addTableSheet(workbook: ExcelJS.Workbook, doc: ExportDocument, table: ExportTable, taken: Set<string>, rtl: boolean) {
  const sheet = workbook.addWorksheet(sheetName(table.title, taken));
  sheet.addRow([doc.title]).font = { bold: true, size: 14 };
  for (const fact of doc.facts) {
    const row = sheet.addRow([fact.label, fact.value]);
    row.getCell(1).font = { bold: true };
  }
  sheet.addRow([]);
  sheet.addRow([table.title]).font = { bold: true, size: 12 };
  const header = sheet.addRow(table.headers);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  for (const cells of table.rows) {
    const row = sheet.addRow(
      cells.map((c) => {
        if (c.kind === 'text') return c.text;
        if (c.kind === 'figure') return c.value;
        return c.kind === 'withheld' ? doc.withheld : null;
      }),
    );
    cells.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      if (c.kind === 'figure') cell.numFmt = numberFormats[c.format];
      if (c.kind === 'withheld') cell.alignment = { horizontal: rtl ? 'left' : 'right' };
      if (c.kind === 'text' && i > 0) cell.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  if (table.hasTotal) sheet.lastRow?.eachCell((cell) => (cell.font = { bold: true }));
  table.headers.forEach((header, i) => {
    const longest = Math.max(
      header.length / 2,
      ...table.rows.map((cells) => {
        const c = cells[i];
        return c?.kind === 'text' ? c.text.length : 10;
      }),
    );
    sheet.getColumn(i + 1).width = Math.max(12, Math.min(i === 0 ? 40 : 80, longest + 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: header.number, rightToLeft: rtl }];
}

/** One sheet per table; each sheet repeats the title, period and scope, so that it reads alone. */
export async function toXlsx(doc: ExportDocument, rtl: boolean): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tadrib';
  workbook.title = doc.title;
  const taken = new Set<string>();
  for (const table of doc.tables) addTableSheet(workbook, doc, table, taken, rtl);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
