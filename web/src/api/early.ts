/**
 * Reads asked for by web/src/boot.ts as soon as the page starts, while the app's code is still on
 * its way: on a slow link that saves the round trips the first screen would otherwise wait for
 * after the code has arrived. The app's first read of the same URL takes the answer, once; what
 * the first screen did not take is forgotten when it has loaded (web/src/main.tsx), so that no
 * later read (after a sign-out, a change of language) gets an answer from before it.
 * Imports nothing, so that boot.ts stays small.
 */
const earlyAnswers = new Map<string, Promise<Response | null>>();

/** A read's URL below /api, its parameters in a fixed order, as both sides name it. */
export function earlyKey(path: string, query: string): string {
  const params = new URLSearchParams(query);
  params.sort();
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function askEarly(path: string, query: string, language: string): void {
  const key = earlyKey(path, query);
  earlyAnswers.set(
    key,
    fetch(`/api${key}`, {
      headers: { accept: 'application/json', 'accept-language': language },
      credentials: 'same-origin',
    }).catch(() => null),
  );
}

export function prefetchSession(language: string): void {
  askEarly('/auth/session', '', language);
}

/**
 * The results page's reads (web/src/features/results/results.ts), when the address is the page with
 * no filter: the server answers them the same way whatever the reader's role (each role sees its
 * own scope), so they need not wait for the session's permissions. The server applies the access
 * rules to these requests as to any other; a signed-out visitor gets refusals, which are forgotten.
 */
export function prefetchUnfilteredResults(language: string): void {
  if (window.location.pathname !== '/results' || window.location.search !== '') return;
  askEarly('/results/dashboard', `lang=${language}`, language);
  askEarly('/results/breakdown', `dimension=state&lang=${language}`, language);
  askEarly('/results/map', '', language);
  askEarly('/programmes', '', language);
  askEarly('/states', '', language);
}

/** The early answer to GET `key` (earlyKey), the first time it is asked for; null otherwise (or when the early request failed). */
export function takeEarlyAnswer(key: string): Promise<Response | null> | null {
  const answer = earlyAnswers.get(key) ?? null;
  earlyAnswers.delete(key);
  return answer;
}

/** Drops the answers the first screen did not take. */
export function forgetEarlyAnswers(): void {
  earlyAnswers.clear();
}
