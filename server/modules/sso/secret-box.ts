import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Encrypts the SSO client secret (AES-256-GCM) with a key kept in the keys folder, outside the
 * database: a dump or backup of the database alone does not reveal the secret. The key file is
 * created on first use, readable by the server's user only.
 */
const KEY_FILE = 'sso-client-secret.key';
const VERSION = 'v1';

function keyPath(keysDir: string): string {
  return path.join(keysDir, KEY_FILE);
}

function readKey(keysDir: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(keyPath(keysDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${keyPath(keysDir)} does not hold a 32-byte base64 key`);
  return key;
}

function keyForWriting(keysDir: string): Buffer {
  const existing = readKey(keysDir);
  if (existing) return existing;
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': of two processes creating the key at once, one wins and the other reads its key.
    writeFileSync(keyPath(keysDir), `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readKey(keysDir);
  if (!key) throw new Error(`Could not create ${keyPath(keysDir)}`);
  return key;
}

export function sealSecret(keysDir: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyForWriting(keysDir), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The secret in clear, or an Error saying why it cannot be read (key missing or replaced). */
export function openSecret(keysDir: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new Error('The stored SSO client secret is not in a known format');
  const key = readKey(keysDir);
  if (!key) throw new Error(`The key that encrypts the SSO client secret is missing (${keyPath(keysDir)})`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`The SSO client secret cannot be decrypted with ${keyPath(keysDir)} (was the key replaced?)`);
  }
}
