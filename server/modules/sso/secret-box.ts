import type { KeyObject } from 'node:crypto';
import { openSealedText, sealText } from '../../platform/seal';

/**
 * The SSO client secret as stored: sealed (server/platform/seal.ts) under a key of the keys folder,
 * "v1." + iv + "." + tag + "." + ciphertext, each part in base64url.
 */
const VERSION = 'v1';

export function sealSecret(key: KeyObject, secret: string): string {
  const { iv, tag, ciphertext } = sealText(key, secret);
  return [VERSION, ...[iv, tag, ciphertext].map((part) => part.toString('base64url'))].join('.');
}

/** The secret in clear, or an Error saying why it cannot be read (the key was replaced). */
export function openSecret(key: KeyObject, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new Error('The stored SSO client secret is not in a known format');
  try {
    const bytes = (part: string) => Buffer.from(part, 'base64url');
    return openSealedText(key, { iv: bytes(iv), tag: bytes(tag), ciphertext: bytes(body) });
  } catch {
    throw new Error("The SSO client secret cannot be decrypted with the keys folder's key (was the key replaced?)");
  }
}
