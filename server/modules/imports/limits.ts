import { AppError } from '../../errors';
import { type RuleCode, type RuleParams, ruleViolation } from '../../platform/rules';

/**
 * Hard limits on reading an officials file, so that a small upload cannot make the server inflate,
 * hold or echo back more than this: a zip "bomb" (a few hundred KB that inflate to gigabytes) or a
 * file of a million rows is refused as soon as a limit is passed, not after reading everything.
 */
export const importLimits = {
  /** Data rows per file (the header row aside); reading stops at the first row over. */
  rows: 20_000,
  /** Columns read per row. */
  columns: 64,
  /** Characters in one cell (the longest field, notes, takes 2,000). */
  cellChars: 4_000,
  /** Bytes inflated from an XLSX file (all the parts read: workbook, styles, strings, first sheet). */
  inflatedBytes: 64 * 1024 * 1024,
  /** Time to read a file before the reader is stopped. */
  readMs: 20_000,
  /** Heap of the thread that reads a file. */
  readerHeapMb: 256,
} as const;

/** The file breaks a size limit: 413, naming the limit. */
export const tooLarge = (message: string) =>
  new AppError('PAYLOAD_TOO_LARGE', message, { details: [{ path: 'contentBase64', message }] });

/** The file cannot be imported as it is: 422, naming the rule and the file. */
export const unreadable = (rule: RuleCode, params: RuleParams = {}, path = 'file') => ruleViolation(rule, params, path);

export const tooManyRows = () => unreadable('import.too_many_rows', { max: importLimits.rows });

export const cellTooLong = (where: string) =>
  tooLarge(`${where} holds more than ${importLimits.cellChars} characters, the most a cell may hold`);

/** A text shown back to the person (in a preview or a message) cut to a readable length. */
export function shortened(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
