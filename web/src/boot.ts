/**
 * The page's first script, a few hundred bytes (index.html loads it before the app): it asks at
 * once for the two things the first screen waits for besides the app's code, the reader's
 * catalogue and the session, so that on a slow link they come while the code downloads.
 */
import { prefetchSession } from './api/early';
import { loadCatalogue, preferredLanguage } from './i18n/catalogues';

const language = preferredLanguage();
// A failure here is not the last word: the app asks again (web/src/i18n/index.ts) and says so.
loadCatalogue(language).catch(() => undefined);
prefetchSession(language);
