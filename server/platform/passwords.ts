import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import { type RuleCode, ruleViolation } from './rules';

// argon2id (the library's default algorithm) with OWASP's recommended minimum cost.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score 3: "safely unguessable", moderate protection even if the hashes leak. */
const MIN_PASSWORD_SCORE = 3;
/** Published in the README and printed at start-up: a password only for the demo accounts. */
export const PUBLISHED_DEMO_PASSWORD = 'Tadrib-Demo-2026';

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist keeps the response time the same,
// so that timing does not reveal which emails have accounts.
let decoyHash: Promise<string> | undefined;
export async function spendPasswordCheck(password: string): Promise<false> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await decoyHash, password);
  return false;
}

const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A one-time password the admin hands over; the user must change it at first sign-in. */
export function temporaryPassword(length = 16): string {
  let out = '';
  for (let i = 0; i < length; i++) out += TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)];
  return out;
}

/** Why a new password is refused (the `password.` rules of platform/rules.ts). */
export type PasswordRule = Extract<RuleCode, `password.${string}`>;

// Loaded on first use, not at start-up (the dictionaries take a second to load): common passwords
// from breach corpora, English and French words and names, keyboard patterns.
let estimator: Promise<ZxcvbnFactory> | undefined;
async function estimate(password: string, userInputs: string[]): Promise<ZxcvbnResult> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-fr'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })();
  return (await estimator).check(password, userInputs);
}

/** The pieces of an account's email and name that a password must not contain (3 letters or more). */
function personalWords(owner: { email: string; displayName?: string | null }): string[] {
  const [local = '', domain = ''] = owner.email.toLowerCase().split('@');
  const domainLabels = domain.split('.').slice(0, -1);
  const words = [local, ...local.split(/[^\p{L}\p{N}]+/u), ...domainLabels];
  for (const part of (owner.displayName ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) words.push(part);
  return [...new Set(words.filter((w) => w.length >= 3))];
}

/**
 * The first rule a new password breaks, or null when it is acceptable: long enough, not the
 * published demo password (outside the demo), free of the owner's email and name, and neither a
 * common (breached) password nor otherwise easy to guess by zxcvbn's estimate.
 */
export async function passwordRuleBroken(
  password: string,
  owner: { email: string; displayName?: string | null },
  options: { demo: boolean },
): Promise<PasswordRule | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return 'password.too_short';
  const lower = password.toLowerCase();
  // The demo accounts share the published password; in the demo it stays what it is.
  if (options.demo && password === PUBLISHED_DEMO_PASSWORD) return null;
  if (lower === PUBLISHED_DEMO_PASSWORD.toLowerCase()) return 'password.demo';
  const words = personalWords(owner);
  if (words.some((w) => lower.includes(w))) return 'password.personal';
  const result = await estimate(password, words);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const common = result.sequence.some((m) => m.pattern === 'dictionary' && String(m.dictionaryName).startsWith('passwords'));
  return common ? 'password.common' : 'password.weak';
}

/** Refuses (422, naming the rule) a new password that breaks a rule of `passwordRuleBroken`. */
export async function assertAcceptablePassword(
  password: string,
  owner: { email: string; displayName?: string | null },
  options: { demo: boolean; path: string },
): Promise<void> {
  const rule = await passwordRuleBroken(password, owner, options);
  if (rule) {
    throw ruleViolation(rule, rule === 'password.too_short' ? { min: MIN_PASSWORD_LENGTH } : {}, options.path);
  }
}
