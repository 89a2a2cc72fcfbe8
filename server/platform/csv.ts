/**
 * The one CSV writer of the files Tadrib hands out (RFC 4180, UTF-8 with a byte-order mark so that
 * spreadsheet programs read Arabic and accents, CRLF line ends). Text typed by users goes through
 * `csvText`, which defuses formulas (CSV injection); figures Tadrib formats itself are `verbatim`.
 */

/**
 * A cell Tadrib wrote itself (a formatted figure, which may start with a minus sign; an example
 * phone number starting with +): quoted when needed but never prefixed with an apostrophe.
 */
export type Verbatim = { readonly verbatim: string };
export type CsvCell = string | Verbatim;

export const verbatim = (text: string): Verbatim => ({ verbatim: text });

/**
 * A text field as a spreadsheet will read it. Text that starts like a formula (= + - @, or a tab
 * or carriage return before one) gets a leading apostrophe, so that a name typed by a user cannot
 * run as a formula when the file is opened; text with a separator, a quote, a line break or
 * surrounding spaces is quoted (a semicolon too: spreadsheets set to French split fields on it).
 */
export function csvText(value: string): string {
  return quoted(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

const quoted = (text: string) => (/[",;\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
const cellText = (cell: CsvCell): string => (typeof cell === 'string' ? csvText(cell) : quoted(cell.verbatim));

/** The whole file: one line per row (an empty row is an empty line). */
export function csvDocument(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(cellText).join(',')).join('\r\n')}\r\n`;
}
