import type { Locale } from '../../../contract/enums';

/**
 * Which language a reader gets, and its catalogue. Kept free of any other module (the list of
 * locales is the keys below, typed by contract/enums.ts): web/src/boot.ts runs it before the rest
 * of the app has arrived.
 */

export type Catalogue = Record<string, unknown>;

// Each language's catalogue is a chunk of its own: a reader downloads only theirs, English too.
const loaders: Record<Locale, () => Promise<{ default: Catalogue }>> = {
  en: () => import('./en.json'),
  fr: () => import('./fr.json'),
  ar: () => import('./ar.json'),
  pt: () => import('./pt.json'),
};

const STORAGE_KEY = 'tadrib.language';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(loaders, value);
}

/** The language chosen before signing in (kept in this browser), else the browser's, else English. */
export function preferredLanguage(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  for (const tag of navigator.languages ?? []) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function rememberLanguage(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
}

const requested = new Map<Locale, Promise<Catalogue>>();

/** The catalogue of `locale`, fetched once however often it is asked for (asked again after a failure). */
export function loadCatalogue(locale: Locale): Promise<Catalogue> {
  let catalogue = requested.get(locale);
  if (!catalogue) {
    catalogue = loaders[locale]().then(
      (module) => module.default,
      (error: unknown) => {
        requested.delete(locale);
        throw error;
      },
    );
    requested.set(locale, catalogue);
  }
  return catalogue;
}
