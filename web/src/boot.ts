/**
 * The page's first script, a few hundred bytes (index.html loads it before the app): it asks at
 * once for what the first screen waits for besides the app's code, the reader's catalogue, the
 * session and, on the results page, its reads, so that on a slow link they come while the code
 * downloads.
 */
import { prefetchSession, prefetchUnfilteredResults } from './api/early';
import { loadCatalogue, preferredLanguage } from './i18n/catalogues';

const language = preferredLanguage();
// A failure here is not the last word: the app asks again (web/src/i18n/index.ts) and says so.
loadCatalogue(language).catch(() => undefined);
prefetchSession(language);
prefetchUnfilteredResults(language);

// A reader coming back to the installed app (the service worker holds its code) gets the results
// page's code at once from the device, compiled while the session is on its way. A first visit
// does not: a signed-out visitor would download it before the sign-in form.
if (window.location.pathname === '/results' && navigator.serviceWorker?.controller) {
  void import('./features/shell/AppLayout');
  void import('./features/results/ResultsPage');
}
