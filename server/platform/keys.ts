import { createPrivateKey, createPublicKey, createSecretKey, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeysSource } from '../config';
import { CredentialKeyRing } from './credential-keys';

/**
 * The server's secrets, kept outside the database (see README, "Security"): whoever holds a copy
 * of the database alone can neither rewrite the audit log unnoticed nor produce second-factor
 * codes. Held as KeyObjects, which never print or serialise their bytes.
 */
export type ServerKeys = {
  /** HMAC-SHA-256 key of the audit hash chain. */
  auditChain: KeyObject;
  /** Ed25519 pair that signs the checkpoints of the audit chain's head. */
  checkpointSigning: { privateKey: KeyObject; publicKey: KeyObject };
  /** Derived from the TOTP key: AES-256-GCM for TOTP secrets, HMAC-SHA-256 for recovery codes. */
  secondFactor: SecondFactorKeys;
  /** Derived from the TOTP key: AES-256-GCM for the single sign-on client secret. */
  ssoClientSecret: KeyObject;
  /** The append-only file of signed checkpoints, beside the keys. */
  checkpointsFile: string;
  /** The issuer keys of certificates: the current one signs, every one ever used is published. */
  credentialSigning: CredentialKeyRing;
};

export type SecondFactorKeys = { secrets: KeyObject; recoveryCodes: KeyObject };

/** One key file, two uses: each gets its own subkey (HKDF) so that neither use weakens the other. */
const derivedKey = (secretsKey: Buffer, use: string) =>
  createSecretKey(Buffer.from(hkdfSync('sha256', secretsKey, '', `tadrib ${use}`, 32)));

function secondFactorKeys(totpKey: Buffer): SecondFactorKeys {
  return { secrets: derivedKey(totpKey, 'totp secrets'), recoveryCodes: derivedKey(totpKey, 'recovery codes') };
}

const KEY_FILES = {
  auditChain: 'audit-chain.key',
  checkpointSigning: 'checkpoint-signing.key',
  totp: 'totp.key',
} as const;
type KeyName = keyof typeof KEY_FILES;

export const CHECKPOINTS_FILE = 'audit-checkpoints.jsonl';

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): lets every key be "32 random bytes".
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519Pair(seed: Buffer): ServerKeys['checkpointSigning'] {
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

function readKeyFile(file: string): Buffer {
  const bytes = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (bytes.length !== 32) throw new Error(`${file} must hold 32 bytes in base64`);
  return bytes;
}

/**
 * Loads the keys: each one from the environment when given there, else from its file in the keys
 * folder. A missing file is created (mode 0600, folder 0700) with fresh random bytes; `created`
 * names them so the caller can say so. A new TOTP key makes second factors set up under another
 * key unusable: those users enrol again.
 */
export function loadServerKeys(source: KeysSource): { keys: ServerKeys; created: string[] } {
  mkdirSync(source.dir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  const bytesOf = (name: KeyName): Buffer => {
    const given = source.fromEnvironment[name];
    if (given) return given;
    const file = path.join(source.dir, KEY_FILES[name]);
    if (!existsSync(file)) {
      // 'wx': never overwrite a key another process created a moment ago.
      try {
        writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
        chmodSync(file, 0o600);
        created.push(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return readKeyFile(file);
  };
  const keys: ServerKeys = {
    auditChain: createSecretKey(bytesOf('auditChain')),
    checkpointSigning: ed25519Pair(bytesOf('checkpointSigning')),
    secondFactor: secondFactorKeys(bytesOf('totp')),
    ssoClientSecret: derivedKey(bytesOf('totp'), 'sso client secret'),
    checkpointsFile: path.join(source.dir, CHECKPOINTS_FILE),
    credentialSigning: new CredentialKeyRing(source.dir, source.fromEnvironment.credentialSigning),
  };
  const credentialKey = keys.credentialSigning.ensureKey();
  if (credentialKey) created.push(credentialKey);
  return { keys, created };
}
