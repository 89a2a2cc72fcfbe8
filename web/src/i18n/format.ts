import i18n from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../contract/enums';

/**
 * Intl locale per UI language. British English and European Portuguese are the conventions of
 * the anglophone and lusophone member states; Arabic keeps Latin digits, as in the Maghreb
 * where the office works, so figures, ISO codes and dates read alike in every language.
 */
const intlLocales: Record<Locale, string> = {
  en: 'en-GB',
  fr: 'fr-FR',
  ar: 'ar-u-nu-latn',
  pt: 'pt-PT',
};

function intlLocale(): string {
  const lng = i18n.resolvedLanguage as Locale | undefined;
  return intlLocales[lng ?? 'en'] ?? intlLocales.en;
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(intlLocale(), options).format(value);
}

/**
 * A file's size for people, with the unit in the reader's language ("812 byte", "34 kB", "2.1 MB";
 * "34 ko" in French, "34 كيلوبايت" in Arabic): bytes under a kilobyte, kilobytes under a megabyte.
 */
export function formatFileSize(bytes: number): string {
  const [value, unit] =
    bytes < 1024
      ? [bytes, 'byte']
      : bytes < 1024 * 1024
        ? [Math.round(bytes / 1024), 'kilobyte']
        : [bytes / (1024 * 1024), 'megabyte'];
  return new Intl.NumberFormat(intlLocale(), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    value,
  );
}

/** A share from 0 to 1 as a percentage the reader's way ("42.5%", "42,5 %"); `signed` for changes ("+3.1%"). */
export function formatShare(value: number, options: { fractionDigits?: number; signed?: boolean } = {}): string {
  const digits = options.fractionDigits ?? 1;
  return new Intl.NumberFormat(intlLocale(), {
    style: 'percent',
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
    signDisplay: options.signed ? 'exceptZero' : 'auto',
  }).format(value);
}

export function formatDateTime(iso: string, options: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat(intlLocale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
  }).format(new Date(iso));
}

/** A calendar day given as YYYY-MM-DD (birth date, session dates), without any time-zone shift. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** "in 5 minutes" / "dans 5 minutes" / "خلال 5 دقائق": for waits such as a rate limit. */
export function formatWait(seconds: number): string {
  const format = new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'always' });
  return seconds < 60 ? format.format(seconds, 'second') : format.format(Math.ceil(seconds / 60), 'minute');
}

/** The Arabic definite article, which alphabetical lists (the UN's among them) pass over: الجزائر files under ج. */
const ARABIC_ARTICLE = /^ال(?=\p{L})/u;

/** Sorts names the way readers of the current language expect (accents, Arabic script and article). */
export function compareText(a: string, b: string): number {
  const arabic = i18n.resolvedLanguage === 'ar';
  const key = (text: string) => (arabic ? text.replace(ARABIC_ARTICLE, '') : text);
  return key(a).localeCompare(key(b), intlLocale(), { sensitivity: 'base' });
}

/** A country's name in a language, from its ISO 3166 code (the code itself if the browser does not know it). */
export function regionName(iso2: string, lang: Locale): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(iso2) ?? iso2;
  } catch {
    return iso2;
  }
}

/** The formatters, re-rendering the caller when the language changes. */
export function useFormat() {
  useTranslation();
  return { formatNumber, formatShare, formatFileSize, formatDateTime, formatDay, formatWait, compareText };
}
