import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { locales } from '../db/schema';
import { fromRoot } from './paths';
import { type RuleCode, ruleCodes, ruleMessage, ruleViolation } from './rules';

type Catalogue = { [key: string]: string | Catalogue };

/** The `rules` section of a catalogue, flattened: `{ "nomination.quota_full": "…" }`. */
function rulesOf(locale: string): Map<string, unknown> {
  const catalogue = JSON.parse(readFileSync(fromRoot('web/src/i18n', `${locale}.json`), 'utf8')) as Catalogue;
  const entries = new Map<string, unknown>();
  const walk = (node: unknown, prefix: string) => {
    if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) walk(value, prefix ? `${prefix}.${key}` : key);
    } else entries.set(prefix, node);
  };
  walk(catalogue.rules ?? {}, '');
  return entries;
}

const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('rule codes and their messages', () => {
  it.each(locales)('every rule has a message in %s, with the placeholders of the English one', (locale) => {
    const english = rulesOf('en');
    const own = rulesOf(locale);
    for (const code of ruleCodes) {
      const text = own.get(code);
      expect(typeof text === 'string' && text.trim().length > 0, `rules.${code} in ${locale}.json`).toBe(true);
      expect(placeholders(text), `placeholders of rules.${code} in ${locale}.json`).toEqual(placeholders(english.get(code)));
    }
  });

  it.each(locales)('%s words no rule the server does not know', (locale) => {
    const known = new Set<string>(ruleCodes);
    expect([...rulesOf(locale).keys()].filter((key) => !known.has(key))).toEqual([]);
  });

  it('codes are stable dotted snake_case names', () => {
    for (const code of ruleCodes) expect(code).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
  });

  it('a refusal carries the rule, its params, and the English message on the field it names', () => {
    const error = ruleViolation('nomination.quota_full', { state: 'GH', seats: 3 }, 'officialId');
    expect(error.status).toBe(422);
    expect(error.rule).toBe('nomination.quota_full');
    expect(error.params).toEqual({ state: 'GH', seats: 3 });
    expect(error.message).toBe('The quota of GH is full (3 seats).');
    expect(error.details).toEqual([{ path: 'officialId', message: error.message, rule: error.rule, params: error.params }]);
  });

  it('a clash with an existing record is a 409, a rule without a field has no details', () => {
    const error = ruleViolation('user.email_taken', { email: 'a@b.org' });
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toBeUndefined();
    expect(ruleMessage('user.email_taken', { email: 'a@b.org' })).toBe('A user with the email a@b.org already exists.');
  });

  it('an unknown code does not compile', () => {
    // @ts-expect-error: not a rule code
    const unknown: RuleCode = 'nomination.no_such_rule';
    expect(ruleCodes).not.toContain(unknown);
  });
});
