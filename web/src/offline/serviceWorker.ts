import type { i18n as I18n } from 'i18next';

/**
 * Registers the service worker of a production build (vite.config.ts writes it): it keeps the app
 * shell for a venue without network. A development server has none, so that code changes show at once.
 * It is registered once the page has loaded and the browser is idle: installing it downloads the
 * whole app for offline use, which on a slow link must not compete with what the first page fetches.
 */
export function registerServiceWorker(): void {
  // The build's mode, not PROD: a build run under a test runner (NODE_ENV=test) is a production build too.
  if (import.meta.env.MODE !== 'production' || !('serviceWorker' in navigator)) return;
  const register = () => void import('workbox-window').then(({ Workbox }) => new Workbox('/sw.js').register());
  // Safari has no requestIdleCallback: a second after the load event instead.
  const whenIdle = () =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 1000);
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}

/** Points the page's web app manifest at the reader's language, so an installed app is named in it. */
export function followLanguageInManifest(i18n: I18n): void {
  const apply = (language: string) => {
    let link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    if (!link) {
      link = document.createElement('link');
      link.rel = 'manifest';
      document.head.append(link);
    }
    link.href = `/manifest-${language}.webmanifest`;
  };
  apply(i18n.resolvedLanguage ?? 'en');
  i18n.on('languageChanged', apply);
}
