import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Locale, locales } from '../../../contract/enums';
import en from './en.json';
import { formatNumber } from './format';

/** Language names as their speakers write them: never translated. */
export const languageNames: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  pt: 'Português',
};

// English ships in the main bundle; the other catalogues load on demand, so a user on a slow
// link downloads only the language they use.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: typeof en }>> = {
  fr: () => import('./fr.json'),
  ar: () => import('./ar.json'),
  pt: () => import('./pt.json'),
};

const STORAGE_KEY = 'tadrib.language';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The language chosen before signing in (kept in this browser), else the browser's, else English. */
function preferredLanguage(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  for (const tag of navigator.languages ?? []) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function currentLanguage(): Locale {
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

/** Loads the catalogue if needed, switches the UI and sets `lang`/`dir` on <html> (Mantine follows `dir`). */
export async function setLanguage(locale: Locale): Promise<void> {
  if (locale !== 'en' && !i18n.hasResourceBundle(locale, 'translation')) {
    const catalogue = await loaders[locale]();
    i18n.addResourceBundle(locale, 'translation', catalogue.default);
  }
  await i18n.changeLanguage(locale);
  localStorage.setItem(STORAGE_KEY, locale);
}

export async function initI18n(): Promise<void> {
  i18n.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    document.documentElement.dir = i18n.dir(lng);
  });
  await i18n.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...locales],
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false },
    returnEmptyString: false,
  });
  // `{{count, number}}` in catalogues goes through the same Intl settings as the rest of the UI.
  i18n.services.formatter?.add('number', (value) => formatNumber(Number(value)));
  const preferred = preferredLanguage();
  if (preferred !== 'en') await setLanguage(preferred);
}

export default i18n;
