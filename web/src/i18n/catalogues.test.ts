import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditOutcomes, locales, roles, subregions } from '../../../contract/enums';
import { apiErrorCodes } from '../api/client';
import { auditRecordTypes } from '../features/audit/audit';

type Catalogue = { [key: string]: string | Catalogue };

const here = fileURLToPath(new URL('.', import.meta.url));
const sourceRoot = join(here, '..');

const catalogues = Object.fromEntries(
  locales.map((locale) => [locale, JSON.parse(readFileSync(join(here, `${locale}.json`), 'utf8')) as Catalogue]),
);

/** `{ a: { b: "x" } }` → `{ "a.b": "x" }`; non-string leaves are kept to be reported. */
function flatten(catalogue: Catalogue, prefix = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flatten(value, path)) entries.set(k, v);
    } else {
      entries.set(path, value);
    }
  }
  return entries;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Plural forms differ per language (Arabic has six), so keys are compared by their base. */
const baseKey = (key: string) => key.replace(PLURAL_SUFFIX, '');

const flat = Object.fromEntries(locales.map((locale) => [locale, flatten(catalogues[locale] as Catalogue)]));
const baseKeys = Object.fromEntries(
  locales.map((locale) => [locale, new Set([...(flat[locale] as Map<string, unknown>).keys()].map(baseKey))]),
);
const allBaseKeys = new Set(locales.flatMap((locale) => [...(baseKeys[locale] as Set<string>)]));

const variables = (text: string) =>
  new Set([...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).filter((name) => name !== 'count'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('translation catalogues', () => {
  it.each(locales)('%s has every key of the other catalogues', (locale) => {
    const own = baseKeys[locale] as Set<string>;
    const missing = [...allBaseKeys].filter((key) => !own.has(key));
    expect(missing, `missing in ${locale}.json`).toEqual([]);
  });

  it.each(locales)('%s has no empty or non-text entry', (locale) => {
    const bad = [...(flat[locale] as Map<string, unknown>)]
      .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
      .map(([key]) => key);
    expect(bad, `empty in ${locale}.json`).toEqual([]);
  });

  it.each(locales)('%s has every plural form its language needs', (locale) => {
    const keys = flat[locale] as Map<string, unknown>;
    const pluralBases = new Set([...keys.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map(baseKey));
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const missing = [...pluralBases].flatMap((base) =>
      categories.filter((category) => !keys.has(`${base}_${category}`)).map((category) => `${base}_${category}`),
    );
    expect(missing, `plural forms missing in ${locale}.json`).toEqual([]);
  });

  it.each(locales.filter((locale) => locale !== 'en'))('%s uses the same placeholders as English', (locale) => {
    // The placeholders of every plural form of a key, gathered once per catalogue (comparing
    // each key against every entry took seconds).
    const placeholdersByBase = (entries: Map<string, unknown>) => {
      const byBase = new Map<string, Set<string>>();
      for (const [key, value] of entries) {
        const names = byBase.get(baseKey(key)) ?? new Set<string>();
        for (const name of variables(String(value))) names.add(name);
        byBase.set(baseKey(key), names);
      }
      return (base: string) => JSON.stringify([...(byBase.get(base) ?? [])].sort());
    };
    const english = placeholdersByBase(flat.en as Map<string, unknown>);
    const other = placeholdersByBase(flat[locale] as Map<string, unknown>);
    const differing = [...(baseKeys.en as Set<string>)].filter((base) => english(base) !== other(base));
    expect(differing, `placeholders differ in ${locale}.json`).toEqual([]);
  });

  it('is not an English copy: most entries are translated', () => {
    const english = flat.en as Map<string, unknown>;
    for (const locale of locales.filter((l) => l !== 'en')) {
      const other = flat[locale] as Map<string, unknown>;
      const same = [...english].filter(([key, value]) => other.get(key) === value).length;
      // Codes such as "ISO 2" and names of apps legitimately stay the same.
      expect(same / english.size, `${locale}.json copies English`).toBeLessThan(0.05);
    }
  });
});

describe('keys used by the code', () => {
  const english = baseKeys.en as Set<string>;

  it('every t("…") and i18nKey="…" in web/src exists in en.json', () => {
    const pattern = /\bt\(\s*(['"])([^'"]+)\1|\bi18nKey=(['"])([^'"]+)\3/g;
    const missing: string[] = [];
    for (const file of sourceFiles(sourceRoot)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(pattern)) {
        const key = match[2] ?? match[4] ?? '';
        if (!english.has(key)) missing.push(`${key} (${file.slice(sourceRoot.length + 1)})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every key built from a value list exists in en.json', () => {
    const families = [
      ...roles.map((role) => `roles.${role}`),
      ...subregions.map((subregion) => `subregions.${subregion}`),
      ...apiErrorCodes.map((code) => `errors.${code}`),
      ...auditOutcomes.map((outcome) => `audit.outcomes.${outcome}`),
      ...auditRecordTypes.map((type) => `audit.recordTypes.${type}`),
    ];
    expect(families.filter((key) => !english.has(key))).toEqual([]);
  });
});
