/**
 * Money as exact decimal strings, never floats: amounts are stored as PostgreSQL numeric, added up
 * by PostgreSQL, and only re-written here (digits after the point) for display and checks.
 */

/**
 * ISO 4217 currency codes in use: the list ICU ships with Node (Intl.supportedValuesOf), which
 * leaves out funds and precious metals (XAU, CLF…) that a contribution is never made in.
 */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const isCurrency = (code: string): boolean => CURRENCIES.has(code);

/**
 * ISO 4217 minor units where they differ from two (ISO 4217 list one). ICU's own "digits" follow
 * CLDR's display conventions instead (IQD 0, HUF 0…), so they are not used for the rule.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export const minorUnits = (currency: string): number => MINOR_UNITS[currency] ?? 2;

/** A plain decimal: digits, optionally a point and more digits (no sign, exponent or grouping). */
export const DECIMAL_PATTERN = /^\d{1,15}(\.\d{1,6})?$/;

/** Digits after the decimal point, ignoring trailing zeros ("10.50" has 1). */
export function decimalPlaces(amount: string): number {
  const fraction = amount.split('.')[1] ?? '';
  return fraction.replace(/0+$/, '').length;
}

/** Whether a decimal string is greater than zero. */
export const isPositive = (amount: string): boolean => /[1-9]/.test(amount);

/**
 * The amount written with exactly the currency's minor units ("1250000" EUR → "1250000.00",
 * "5000000.000" JPY → "5000000"). Digits beyond them are never dropped: the rules refuse such
 * amounts, and a sum of valid amounts has none.
 */
export function formatAmount(amount: string, currency: string): string {
  const [rawWhole = '0', rawFraction = ''] = amount.trim().split('.');
  const whole = rawWhole.replace(/^0+(?=\d)/, '') || '0';
  const digits = minorUnits(currency);
  const fraction = rawFraction.replace(/0+$/, '');
  const width = Math.max(digits, fraction.length);
  return width === 0 ? whole : `${whole}.${fraction.padEnd(width, '0')}`;
}
