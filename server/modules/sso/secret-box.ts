import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';

/**
 * Encrypts the SSO client secret (AES-256-GCM) with a key kept outside the database (the keys
 * folder, server/platform/keys.ts): a dump or backup of the database alone does not reveal it.
 */
const VERSION = 'v1';

export function sealSecret(key: KeyObject, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The secret in clear, or an Error saying why it cannot be read (the key was replaced). */
export function openSecret(key: KeyObject, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new Error('The stored SSO client secret is not in a known format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error("The SSO client secret cannot be decrypted with the keys folder's key (was the key replaced?)");
  }
}
