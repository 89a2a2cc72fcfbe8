/**
 * The session, asked for by web/src/boot.ts as soon as the page starts, while the app's code is
 * still on its way: on a slow link that saves the round trip the first screen would otherwise wait
 * for after the code has arrived. The app's first read of the session takes this answer, once.
 * Imports nothing, so that boot.ts stays a few hundred bytes.
 */
let earlySession: Promise<Response | null> | null = null;

export function prefetchSession(language: string): void {
  earlySession = fetch('/api/auth/session', {
    headers: { accept: 'application/json', 'accept-language': language },
    credentials: 'same-origin',
  }).catch(() => null);
}

/** The early answer to GET `path`, the first time it is asked for; null otherwise (or when the early request failed). */
export function takeEarlyAnswer(path: string): Promise<Response | null> | null {
  if (path !== '/auth/session' || !earlySession) return null;
  const answer = earlySession;
  earlySession = null;
  return answer;
}
