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
