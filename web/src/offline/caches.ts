/**
 * Names shared by the service worker's build (vite.config.ts) and the app, which empties them at
 * sign-in and sign-out: a venue laptop is shared, and no one may read the previous user's data.
 */

/** The service worker's runtime cache of the personal-data reads the offline pages need. */
export const PERSONAL_DATA_CACHE = 'tadrib-personal-data';

/**
 * The GET reads kept for the offline pages: who is signed in, a session's sheet, my trainings.
 * One regular expression, because the service worker's build copies it as text (a function would
 * lose what it refers to); workbox matches it against the whole URL.
 */
export const offlineReads = /^https?:\/\/[^/]+\/api\/(auth\/session|sessions\/[0-9a-f-]{36}\/delivery|participation\/trainings)$/;
