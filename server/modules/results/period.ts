import { AppError } from '../../errors';

/**
 * The period a figure covers. Enrolments count in the period their session ended in. A period of
 * whole calendar years is answered from the yearly facts (bit masks of years); any other span of
 * days from the enrolment facts. Both are exact.
 */
export type Period = {
  from: string;
  to: string;
  fromYear: number;
  toYear: number;
  wholeYears: boolean;
  label: string;
};

/** Years are bits of a bigint: bit (year − BASE_YEAR). */
export const BASE_YEAR = 2000;
export const LAST_YEAR = 2062;

const isYear = (v: string) => /^\d{4}$/.test(v);

function checkYear(year: number, path: string): void {
  if (year < BASE_YEAR || year > LAST_YEAR)
    throw new AppError('VALIDATION_FAILED', `Years from ${BASE_YEAR} to ${LAST_YEAR} only`, {
      details: [{ path, message: `Use a year from ${BASE_YEAR} to ${LAST_YEAR}` }],
    });
}

function labelOf(from: string, to: string, wholeYears: boolean): string {
  if (!wholeYears) return `${from} – ${to}`;
  const a = from.slice(0, 4);
  const b = to.slice(0, 4);
  return a === b ? a : `${a}–${b}`;
}

export function periodOf(from: string, to: string): Period {
  const fromYear = Number(from.slice(0, 4));
  const toYear = Number(to.slice(0, 4));
  const wholeYears = from.endsWith('-01-01') && to.endsWith('-12-31');
  return { from, to, fromYear, toYear, wholeYears, label: labelOf(from, to, wholeYears) };
}

/**
 * Reads `from`/`to` (a year or a day each). Missing bounds default to the first year with data and
 * the current year.
 */
export function parsePeriod(query: { from?: string; to?: string }, defaults: { firstYear: number; currentYear: number }): Period {
  const from = query.from ?? String(defaults.firstYear);
  const to = query.to ?? String(Math.max(defaults.currentYear, Number(from.slice(0, 4))));
  checkYear(Number(from.slice(0, 4)), 'from');
  checkYear(Number(to.slice(0, 4)), 'to');
  const fromDay = isYear(from) ? `${from}-01-01` : from;
  const toDay = isYear(to) ? `${to}-12-31` : to;
  if (fromDay > toDay)
    throw new AppError('VALIDATION_FAILED', 'The period ends before it starts', {
      details: [{ path: 'to', message: 'Must not be before from' }],
    });
  return periodOf(fromDay, toDay);
}

const dayMs = 86_400_000;
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The period of the same length just before (whole years → as many years before). */
export function previousPeriod(period: Period): Period {
  if (period.wholeYears) {
    const years = period.toYear - period.fromYear + 1;
    const fromYear = Math.max(BASE_YEAR, period.fromYear - years);
    const toYear = Math.max(BASE_YEAR, period.fromYear - 1);
    return periodOf(`${fromYear}-01-01`, `${toYear}-12-31`);
  }
  const length = Math.round((toDate(period.to).getTime() - toDate(period.from).getTime()) / dayMs) + 1;
  const to = new Date(toDate(period.from).getTime() - dayMs);
  const from = new Date(to.getTime() - (length - 1) * dayMs);
  return periodOf(dayOf(from), dayOf(to));
}

/** The bigint mask of the years of a whole-years period. */
export function yearsMask(fromYear: number, toYear: number): bigint {
  let mask = 0n;
  for (let y = Math.max(fromYear, BASE_YEAR); y <= Math.min(toYear, LAST_YEAR); y += 1) mask |= 1n << BigInt(y - BASE_YEAR);
  return mask;
}

export function yearsOf(period: Period): number[] {
  const years: number[] = [];
  for (let y = period.fromYear; y <= period.toYear; y += 1) years.push(y);
  return years;
}
