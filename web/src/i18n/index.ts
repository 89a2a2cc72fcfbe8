import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Locale, locales } from '../../../contract/enums';
import { isLocale, loadCatalogue, preferredLanguage, rememberLanguage } from './catalogues';
import { formatNumber } from './format';

export { isLocale };

/** Language names as their speakers write them: never translated. */
export const languageNames: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  pt: 'Português',
};

export function currentLanguage(): Locale {
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

/** Loads the catalogue if needed, switches the UI and sets `lang`/`dir` on <html> (Mantine follows `dir`). */
export async function setLanguage(locale: Locale): Promise<void> {
  if (!i18n.hasResourceBundle(locale, 'translation')) {
    i18n.addResourceBundle(locale, 'translation', await loadCatalogue(locale));
  }
  await i18n.changeLanguage(locale);
  rememberLanguage(locale);
}

export async function initI18n(): Promise<void> {
  i18n.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    document.documentElement.dir = i18n.dir(lng);
  });
  // Only the reader's catalogue is loaded (web/src/boot.ts asked for it first); each is complete
  // (catalogues.test.ts), so no other language is needed to fall back on.
  const preferred = preferredLanguage();
  await i18n.use(initReactI18next).init({
    lng: preferred,
    fallbackLng: false,
    supportedLngs: [...locales],
    resources: { [preferred]: { translation: await loadCatalogue(preferred) } },
    interpolation: { escapeValue: false },
    returnEmptyString: false,
  });
  // `{{count, number}}` in catalogues goes through the same Intl settings as the rest of the UI.
  i18n.services.formatter?.add('number', (value) => formatNumber(Number(value)));
}

export default i18n;
