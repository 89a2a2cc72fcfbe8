import { readFileSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import { type Locale, locales } from '../db/schema';
import { fromRoot } from './paths';

/**
 * Product text for the documents the server writes (spreadsheets, reports, IATI files). The web
 * app's catalogues (web/src/i18n/<lang>.json) are the one source: an indicator's name and
 * definition read the same on screen, in a spreadsheet and in a PDF.
 */

/**
 * Intl locale per language, as in the web app (web/src/i18n/format.ts): Arabic keeps Latin digits,
 * as in the Maghreb where the office works, so figures and dates read alike in every language.
 */
const intlLocales: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR', ar: 'ar-u-nu-latn', pt: 'pt-PT' };

export type Translator = {
  lang: Locale;
  /** Writing direction of the language: Arabic is right to left. */
  dir: 'ltr' | 'rtl';
  /** The catalogue text of `key`; throws on a key the English catalogue lacks (a bug, caught by tests). */
  t(key: string, vars?: Record<string, unknown>): string;
  /** Whether the catalogues have `key` (for keys built from data, such as an agency type). */
  has(key: string): boolean;
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
  /** A share from 0 to 1 as a percentage ("42.5 %" in French, "42.5%" in English). */
  formatShare(value: number, fractionDigits?: number): string;
  /** A calendar day YYYY-MM-DD, written out without any time-zone shift. */
  formatDay(day: string): string;
};

let instance: i18n | null = null;

/** Loads the catalogues once, on first use. */
function catalogues(): i18n {
  if (instance) return instance;
  const resources = Object.fromEntries(
    locales.map((lang) => [lang, { translation: JSON.parse(readFileSync(fromRoot('web/src/i18n', `${lang}.json`), 'utf8')) }]),
  );
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...locales],
    // Documents escape for their own format (HTML, XML, CSV): the catalogue text stays raw here.
    interpolation: { escapeValue: false },
    returnEmptyString: false,
  });
  // `{{count, number}}` in catalogues: the same Intl settings as the figures of the document.
  created.services.formatter?.add('number', (value, lng) =>
    new Intl.NumberFormat(intlLocales[(lng as Locale) ?? 'en'] ?? intlLocales.en).format(Number(value)),
  );
  instance = created;
  return created;
}

export function translator(lang: Locale): Translator {
  const i18n = catalogues();
  const fixed = i18n.getFixedT(lang);
  const intl = intlLocales[lang];
  return {
    lang,
    dir: i18n.dir(lang) === 'rtl' ? 'rtl' : 'ltr',
    t(key, vars) {
      if (!i18n.exists(key, { lng: 'en', ...vars })) throw new Error(`No catalogue text for ${key}`);
      return fixed(key, vars ?? {}) as string;
    },
    has: (key) => i18n.exists(key, { lng: 'en' }),
    formatNumber: (value, options) => new Intl.NumberFormat(intl, options).format(value),
    formatShare: (value, fractionDigits = 1) =>
      new Intl.NumberFormat(intl, {
        style: 'percent',
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(value),
    formatDay(day) {
      const [y, m, d] = day.split('-').map(Number);
      if (!y || !m || !d) return day;
      return new Intl.DateTimeFormat(intl, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
        new Date(Date.UTC(y, m - 1, d)),
      );
    },
  };
}
