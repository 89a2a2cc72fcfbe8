import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The issuer keys of certificates (issue 10): Ed25519, each named by its RFC 7638 thumbprint.
 * Kept like the other server keys (platform/keys.ts), never in the database: in the folder
 * `credential-signing/` of the keys folder, or the current one given by the environment.
 *
 * The folder holds, per key, its public record `<kid>.jwk.json` (published for ever, so that
 * certificates signed before a rotation still verify) and, for the current key only, its private
 * seed `<kid>.key`. A rotation writes a new pair and deletes the old seed: a retired key can no
 * longer sign. The folder is read at each use, so a rotation by the command line takes effect in a
 * running server at its next signature.
 */

export type PublicJwk = { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
export type CredentialKey = { kid: string; privateKey: KeyObject; publicJwk: PublicJwk };
type PublicRecord = { kid: string; createdAt: string; jwk: PublicJwk };

export const CREDENTIAL_KEYS_FOLDER = 'credential-signing';
// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), as in platform/keys.ts.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function keyOfSeed(seed: Buffer): CredentialKey {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' }) as JsonWebKey & { x: string };
  // RFC 7638: the SHA-256 of the required members in lexicographic order, without spaces.
  const kid = createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
  return { kid, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } };
}

export class CredentialKeyRing {
  readonly dir: string;
  readonly #fromEnvironment: CredentialKey | null;

  constructor(keysDir: string, fromEnvironment?: Buffer) {
    this.dir = path.join(keysDir, CREDENTIAL_KEYS_FOLDER);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.#fromEnvironment = fromEnvironment ? keyOfSeed(fromEnvironment) : null;
    // The environment's key is published too, so that it stays published once the operator replaces it.
    if (this.#fromEnvironment) this.#publish(this.#fromEnvironment);
  }

  /** Creates the first key when the folder has none; returns its seed file when it did. */
  ensureKey(): string | null {
    if (this.#fromEnvironment || this.#seedFiles().length > 0) return null;
    return path.join(this.dir, `${this.#create().kid}.key`);
  }

  /** The key that signs now. */
  current(): CredentialKey {
    if (this.#fromEnvironment) return this.#fromEnvironment;
    const records = new Map(this.#records().map((r) => [r.kid, r]));
    const seeds = this.#seedFiles().sort((a, b) =>
      (records.get(kidOf(b))?.createdAt ?? '').localeCompare(records.get(kidOf(a))?.createdAt ?? ''),
    );
    const newest = seeds[0];
    if (!newest) throw new Error(`No certificate signing key in ${this.dir}`);
    return keyOfSeed(readSeed(path.join(this.dir, newest)));
  }

  /** Every public key ever used, newest first: the issuer's JWKS. */
  published(): { keys: PublicJwk[] } {
    return { keys: this.#records().map((r) => r.jwk) };
  }

  /** A new signing key; the old one's seed is deleted, its public key stays published. */
  rotate(): { retired: string[]; current: string } {
    if (this.#fromEnvironment) {
      throw new Error(
        'The certificate signing key is given by TADRIB_CREDENTIAL_SIGNING_KEY: replace it there (the old public key stays published)',
      );
    }
    const old = this.#seedFiles();
    const created = this.#create();
    for (const file of old) unlinkSync(path.join(this.dir, file));
    return { retired: old.map(kidOf), current: created.kid };
  }

  #create(): CredentialKey {
    const seed = randomBytes(32);
    const key = keyOfSeed(seed);
    this.#publish(key);
    const file = path.join(this.dir, `${key.kid}.key`);
    writeFileSync(file, `${seed.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  }

  #publish(key: CredentialKey): void {
    const file = path.join(this.dir, `${key.kid}.jwk.json`);
    if (existsSync(file)) return;
    const record: PublicRecord = { kid: key.kid, createdAt: new Date().toISOString(), jwk: key.publicJwk };
    try {
      writeFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o644, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }

  #seedFiles(): string[] {
    return readdirSync(this.dir).filter((f) => f.endsWith('.key'));
  }

  #records(): PublicRecord[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.jwk.json'))
      .map((f) => JSON.parse(readFileSync(path.join(this.dir, f), 'utf8')) as PublicRecord)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.kid.localeCompare(b.kid));
  }
}

const kidOf = (file: string) => file.replace(/\.key$/, '');

function readSeed(file: string): Buffer {
  const bytes = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (bytes.length !== 32) throw new Error(`${file} must hold 32 bytes in base64`);
  return bytes;
}
