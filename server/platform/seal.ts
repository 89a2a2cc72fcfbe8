import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a key kept outside the database (server/platform/keys.ts): what a dump or
 * backup of the database alone cannot read. Callers choose how the three parts are stored.
 */
export type SealedParts = { iv: Buffer; tag: Buffer; ciphertext: Buffer };

export const SEAL_IV_BYTES = 12;
export const SEAL_TAG_BYTES = 16;

/** Seals a text; associated data (e.g. the owner's id) must be given again to open it. */
export function sealText(key: KeyObject, text: string, associatedData?: string): SealedParts {
  const iv = randomBytes(SEAL_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** The text in clear; throws when the key, the associated data or any part differs from the sealing. */
export function openSealedText(key: KeyObject, parts: SealedParts, associatedData?: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
  if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(parts.tag);
  return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
}
