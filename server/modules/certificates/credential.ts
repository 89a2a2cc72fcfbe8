import { createHash, randomBytes, randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createLocalJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { CourseLevel, Locale, LocalisedText } from '../../db/schema';
import type { CredentialKey, PublicJwk } from '../../platform/credential-keys';

/**
 * Certificates as Open Badges 3.0 credentials in the Verifiable Credentials 2.0 data model
 * (issue 10), signed as VC-JWTs (VC-JOSE-COSE: the JWT payload is the credential itself).
 * Pure functions: what a certificate says, how its holder is hashed, how the status list is encoded.
 */

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const JWT_TYPE = 'vc+jwt';
/** 131,072 bits: the W3C Bitstring Status List minimum, so that one revocation hides in the crowd. */
export const STATUS_LIST_SIZE = 131_072;
export const STRATEGY_URL = 'https://www.un.org/counterterrorism/un-global-counter-terrorism-strategy';

/** The public addresses of the issuer, under TADRIB_PUBLIC_URL (server/config.ts). */
export function issuerUrls(publicUrl: string) {
  return {
    issuer: `${publicUrl}/api/credentials/issuer`,
    jwks: `${publicUrl}/api/credentials/jwks.json`,
    statusListBase: `${publicUrl}/api/credentials/status/`,
    statusList: (listId: number) => `${publicUrl}/api/credentials/status/${listId}`,
    verifyPage: (code: string) => `${publicUrl}/verify?code=${encodeURIComponent(code)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The holder's identity, hashed (Open Badges 3.0 IdentityObject: identityHash = 'sha256$' + hex)

export type IdentityType = 'ext:NameAndBirthDate' | 'ext:NameAndEmail' | 'name';
export type Identity = { name: string; birthDate: string | null; email: string | null };

/**
 * A name as a verifier may type it from the paper: accents, case, punctuation and the order of
 * its parts do not matter ("Aïsha BELLO" = "bello aisha").
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Which facts besides the name the hash covers: the birth date when known, else the email. */
export function identityTypeOf(identity: Identity): IdentityType {
  if (identity.birthDate) return 'ext:NameAndBirthDate';
  if (identity.email) return 'ext:NameAndEmail';
  return 'name';
}

function identityString(type: IdentityType, identity: Identity): string {
  const name = normaliseName(identity.name);
  if (type === 'ext:NameAndBirthDate') return `${name}|${identity.birthDate ?? ''}`;
  if (type === 'ext:NameAndEmail') return `${name}|${(identity.email ?? '').trim().toLowerCase()}`;
  return name;
}

export function identityHash(type: IdentityType, identity: Identity, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(`${identityString(type, identity)}${salt}`)
    .digest('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// The credential

export type CredentialFacts = {
  certificateId: string;
  publicUrl: string;
  issuerName: string;
  locale: Locale;
  course: {
    id: string;
    code: string;
    title: LocalisedText;
    description: LocalisedText;
    hours: number;
    level: CourseLevel;
    attendanceThreshold: number;
    testMaxScore: number | null;
    postTestPassMark: number | null;
  };
  /** The level's name and the pillars' titles in each language (from the catalogues and the reference tables). */
  levelNames: Record<Locale, string>;
  trainingOfTrainersNames: Record<Locale, string>;
  pillars: { code: string; titles: Record<Locale, string> }[];
  criteria: string;
  sessionEnd: string;
  identity: Identity;
  salt: string;
  status: { listId: number; index: number };
};

const LOCALE_ORDER: Locale[] = ['en', 'fr', 'ar', 'pt'];
const direction = (lang: Locale) => (lang === 'ar' ? 'rtl' : 'ltr');

/** The participant's language first, then the others that exist (VC 2.0 language value objects). */
function inLanguages(values: LocalisedText, first: Locale) {
  return [first, ...LOCALE_ORDER.filter((l) => l !== first)]
    .filter((lang) => (values[lang] ?? '').trim() !== '')
    .map((lang) => ({ '@value': values[lang] as string, '@language': lang, '@direction': direction(lang) }));
}

/** The text in `lang`, else the first language that has one. */
export function textIn(values: LocalisedText, lang: Locale): string {
  for (const l of [lang, ...LOCALE_ORDER]) {
    const text = values[l];
    if (text && text.trim() !== '') return text;
  }
  return '';
}

export function buildCredential(f: CredentialFacts) {
  const urls = issuerUrls(f.publicUrl);
  const tot = f.course.level === 'training_of_trainers';
  // A training-of-trainers certificate says so in its name, in every language.
  const names: LocalisedText = Object.fromEntries(
    LOCALE_ORDER.filter((l) => (f.course.title[l] ?? '').trim() !== '').map((l) => [
      l,
      tot ? `${f.course.title[l]} (${f.trainingOfTrainersNames[l]})` : f.course.title[l],
    ]),
  );
  const type = identityTypeOf(f.identity);
  const statusUrl = urls.statusList(f.status.listId);
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `urn:uuid:${f.certificateId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: textIn(names, f.locale),
    issuer: { id: urls.issuer, type: ['Profile'], name: f.issuerName, url: f.publicUrl },
    validFrom: `${f.sessionEnd}T00:00:00Z`,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: identityHash(type, f.identity, f.salt),
          identityType: type,
          hashed: true,
          salt: f.salt,
        },
      ],
      achievement: {
        id: `urn:uuid:${f.course.id}`,
        type: ['Achievement'],
        achievementType: 'Course',
        humanCode: f.course.code,
        name: inLanguages(names, f.locale),
        description: inLanguages(f.course.description, f.locale),
        criteria: { narrative: f.criteria },
        // Open Badges 3.0: "credit hours associated with this entity".
        creditsAvailable: f.course.hours,
        inLanguage: f.locale,
        tag: [f.course.level, ...(tot ? ['training_of_trainers_certificate'] : [])],
        fieldOfStudy: f.levelNames[f.locale],
        alignment: f.pillars.map((p) => ({
          type: ['Alignment'],
          targetCode: p.code,
          targetName: p.titles[f.locale],
          targetFramework: 'United Nations Global Counter-Terrorism Strategy',
          targetType: 'ext:StrategyPillar',
          targetUrl: STRATEGY_URL,
        })),
      },
    },
    credentialStatus: {
      id: `${statusUrl}#${f.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(f.status.index),
      statusListCredential: statusUrl,
    },
  };
}

export type Credential = ReturnType<typeof buildCredential>;

/** The credential a JWT of the office's own records carries (already verified when it was signed). */
export const credentialIn = (jwt: string): Credential => decodeJwt(jwt) as unknown as Credential;

export async function signCredential(payload: object, key: CredentialKey): Promise<string> {
  return new SignJWT(payload as Record<string, unknown>)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: JWT_TYPE, cty: 'vc' })
    .sign(key.privateKey);
}

export const newSalt = () => randomBytes(16).toString('hex');

// ---------------------------------------------------------------------------------------------
// Verification codes printed on paper: 12 characters of Crockford's base 32 (60 bits), in groups of four.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newVerificationCode(): string {
  const chars = Array.from({ length: 12 }, () => CROCKFORD[randomInt(32)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** A code as typed (any case, spaces or dashes, O for 0, I or L for 1), or null when it cannot be one. */
export function canonicalCode(typed: string): string | null {
  const chars = typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(chars)) return null;
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

// ---------------------------------------------------------------------------------------------
// W3C Bitstring Status List: bit i is bit (7 - i % 8) of byte i / 8 (the first index is the
// left-most bit), GZIP-compressed, multibase base64url ('u').

export function encodeStatusList(size: number, setIndexes: number[]): string {
  const bytes = Buffer.alloc(Math.ceil(size / 8));
  for (const i of setIndexes) bytes[i >> 3] = (bytes[i >> 3] as number) | (0x80 >> (i & 7));
  return `u${gzipSync(bytes).toString('base64url')}`;
}

export function statusBit(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) throw new Error('not a multibase base64url list');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return (((bytes[index >> 3] ?? 0) >> (7 - (index & 7))) & 1) === 1;
}

export function buildStatusListCredential(publicUrl: string, listId: number, encodedList: string, at: Date) {
  const urls = issuerUrls(publicUrl);
  return {
    '@context': [VC_CONTEXT],
    id: urls.statusList(listId),
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.issuer,
    validFrom: at.toISOString(),
    credentialSubject: {
      id: `${urls.statusList(listId)}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Checking a VC-JWT against the published keys alone

export type SignatureCheck =
  | { ok: true; credential: Credential; kid: string }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' | 'not_a_certificate' | 'wrong_issuer' };

export async function checkSignature(jwt: string, jwks: { keys: PublicJwk[] }, issuerId: string): Promise<SignatureCheck> {
  let verified: Awaited<ReturnType<typeof jwtVerify>>;
  try {
    verified = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], typ: JWT_TYPE });
  } catch (error) {
    if (error instanceof joseErrors.JWKSNoMatchingKey) return { ok: false, reason: 'unknown_key' };
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { ok: false, reason: 'bad_signature' };
    return { ok: false, reason: 'malformed' };
  }
  const credential = verified.payload as unknown as Credential;
  const types = Array.isArray(credential.type) ? credential.type : [];
  if (!types.includes('OpenBadgeCredential') || credential.credentialStatus?.type !== 'BitstringStatusListEntry')
    return { ok: false, reason: 'not_a_certificate' };
  if (credential.issuer?.id !== issuerId) return { ok: false, reason: 'wrong_issuer' };
  return { ok: true, credential, kid: String(verified.protectedHeader.kid) };
}
