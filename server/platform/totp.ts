import { createHash, createHmac, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { SecondFactorKeys } from './keys';
import { openSealedText, SEAL_IV_BYTES, SEAL_TAG_BYTES, sealText } from './seal';

const PERIOD_SECONDS = 30;

function totpFor(secretBase32: string, label = 'Tadrib'): TOTP {
  return new TOTP({
    issuer: 'Tadrib',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secretBase32: string, accountEmail: string): string {
  return totpFor(secretBase32, accountEmail).toString();
}

/**
 * The time step a code belongs to, or null when it matches none of the current step and its
 * neighbours (clock drift of ±30 s). Callers refuse a step already used, so a code works once.
 */
export function matchTotpStep(secretBase32: string | null, code: string, now = Date.now()): number | null {
  if (secretBase32 === null || !/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

export function currentTotpCode(secretBase32: string, now = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp: now });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use recovery codes, shown once; only their hashes are stored. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/\s+/g, '');
}

// Stored TOTP secrets: "v1." + base64url(iv ‖ tag ‖ ciphertext), sealed (platform/seal.ts) under a key
// kept outside the database, with the user id as associated data (a sealed secret copied onto another account does
// not open). Base32 has no ".", so a secret stored before sealing is told apart by its form.
const SEALED = 'v1.';

export function isSealedTotpSecret(stored: string): boolean {
  return stored.startsWith(SEALED);
}

export function sealTotpSecret(keys: SecondFactorKeys, userId: string, secretBase32: string): string {
  const { iv, tag, ciphertext } = sealText(keys.secrets, secretBase32, userId);
  return SEALED + Buffer.concat([iv, tag, ciphertext]).toString('base64url');
}

/** The base32 secret, or null when it was sealed under another key or for another user. */
export function openTotpSecret(keys: SecondFactorKeys, userId: string, stored: string | null): string | null {
  if (stored === null || !isSealedTotpSecret(stored)) return null;
  const bytes = Buffer.from(stored.slice(SEALED.length), 'base64url');
  try {
    const tagEnd = SEAL_IV_BYTES + SEAL_TAG_BYTES;
    const parts = {
      iv: bytes.subarray(0, SEAL_IV_BYTES),
      tag: bytes.subarray(SEAL_IV_BYTES, tagEnd),
      ciphertext: bytes.subarray(tagEnd),
    };
    return openSealedText(keys.secrets, parts, userId);
  } catch {
    return null;
  }
}

// Recovery codes carry ~49 bits of randomness and are single-use and rate-limited, so a fast hash
// is enough against guessing online; keyed (HMAC, key outside the database) so that a dump of the
// table cannot be searched offline. Stored "h1." + HMAC over the SHA-256 of the code, which lets
// hashes stored before keying be converted without knowing the codes.
const KEYED_RECOVERY = 'h1.';

export function keyRecoveryHash(keys: SecondFactorKeys, unkeyedHash: string): string {
  return KEYED_RECOVERY + createHmac('sha256', keys.recoveryCodes).update(unkeyedHash).digest('hex');
}

export function hashRecoveryCode(keys: SecondFactorKeys, code: string): string {
  return keyRecoveryHash(keys, createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex'));
}
