/**
 * Name matching that tolerates how names of the region are transliterated: Mohamed / Mohammed /
 * Muhammad, Ould / Wld, Youssef / Youcef / Yusuf, Chérif / Sharif, accents or not, names in any
 * order. Every name part becomes a consonant skeleton; a person's keys are the sorted set of them.
 */

/** Lower case, accents removed, anything but letters turned into spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Particles that are written joined, hyphenated or apart: "Abd al Aziz", "Abdelaziz", "Abd-el-Aziz".
const JOINING_PREFIXES = new Set(['abd', 'abdel', 'abdul', 'abdoul', 'abdal', 'abou', 'abu', 'bou', 'ben', 'ibn']);
const ARTICLES = new Set(['al', 'el', 'ul', 'ed', 'ad', 'an', 'as', 'at', 'az', 'er', 'es', 'et']);

/** The consonant skeleton of one Latin-script name part. */
export function nameKey(part: string): string {
  let s = foldText(part).replace(/\s+/g, '');
  if (!/^[a-z]+$/.test(s)) return s; // a part in another script is kept as written
  s = s
    .replace(/tch/g, 'ch')
    .replace(/dj/g, 'j')
    .replace(/sch|sh|ch/g, 'x')
    .replace(/kh|gh/g, 'k')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/dh/g, 'd')
    .replace(/ck|q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/z/g, 's')
    .replace(/g(?=[k])/g, '');
  // Vowels (and w/y, written for ou/i) carry no identity here; nor does a final h (Abdallah / Abdalla).
  let skeleton = s.replace(/h$/, '').replace(/[aeiouyw]/g, '');
  skeleton = skeleton.replace(/(.)\1+/g, '$1');
  // Final d and t are written either way (Mohamed / Mahamat).
  skeleton = skeleton.replace(/d$/, 't');
  return skeleton || s;
}

/** Splits a full name into parts, joining particles to the part they belong to. */
export function nameParts(fullName: string): string[] {
  const tokens = foldText(fullName).split(' ').filter(Boolean);
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (JOINING_PREFIXES.has(token) && i + 1 < tokens.length) {
      let joined = token;
      if (ARTICLES.has(tokens[i + 1] as string) && i + 2 < tokens.length) {
        joined += tokens[i + 1];
        i += 1;
      }
      parts.push(joined + tokens[i + 1]);
      i += 1;
    } else if (ARTICLES.has(token) && i + 1 < tokens.length) {
      parts.push(token + tokens[i + 1]);
      i += 1;
    } else {
      parts.push(token);
    }
  }
  return parts;
}

/** A person's keys: the skeletons of all their name parts, de-duplicated and sorted. */
export function nameKeysOf(...names: (string | null | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    for (const part of nameParts(name)) {
      const key = nameKey(part);
      if (key) keys.add(key);
    }
  }
  return [...keys].sort();
}

/** The stored form: keys separated by single spaces, so that `like '% key%'` finds a part by prefix. */
export const storedNameKeys = (...names: (string | null | undefined)[]): string => nameKeysOf(...names).join(' ');
