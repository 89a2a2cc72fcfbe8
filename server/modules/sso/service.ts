import type { KeyObject } from 'node:crypto';
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { SsoFailureReason } from '../../../contract/enums';
import type { Config } from '../../config';
import type { SessionStage } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { hashPassword } from '../../platform/passwords';
import type { RuleCode } from '../../platform/rules';
import type { NewSession } from '../../platform/sessions';
import { type Client, openSignedInSession, stageAfterFirstFactor } from '../auth/service';
import type { UserRow } from '../users/repository';
import * as users from '../users/repository';
import * as repo from './repository';
import { openSecret } from './secret-box';
import { emailDomain, getSsoSettings, type SsoSettings } from './settings';

/** A sign-in at the provider must come back within this time. */
export const PENDING_LOGIN_MS = 10 * 60_000;
/** Values of the `amr` claim (RFC 8176) that say the provider checked more than a password. */
const MULTI_FACTOR_AMR = new Set(['mfa', 'otp', 'hwk']);
const DISCOVERY_TTL_MS = 5 * 60_000;

export class SsoFailure extends Error {
  constructor(
    readonly reason: SsoFailureReason,
    message: string,
    readonly user?: UserRow,
  ) {
    super(message);
    this.name = 'SsoFailure';
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Providers are reached over HTTPS; plain HTTP only on this machine (a provider run for development or tests). */
export function issuerProblem(issuer: string): RuleCode | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'sso.issuer_not_url';
  }
  if (url.search || url.hash) return 'sso.issuer_has_query';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'sso.issuer_not_https';
}

const discovered = new Map<string, { at: number; configuration: oidc.Configuration }>();

/** The provider's metadata and keys, with the client's credentials (cached briefly per setup). */
export async function discover(issuer: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
  const key = sha256(`${issuer}\n${clientId}\n${clientSecret}`);
  const cached = discovered.get(key);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.configuration;
  const insecure = new URL(issuer).protocol === 'http:';
  const configuration = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
    execute: insecure ? [oidc.allowInsecureRequests] : [],
    timeout: 10,
  });
  const methods = configuration.serverMetadata().token_endpoint_auth_methods_supported;
  // client_secret_basic is the default of the specification; some providers take the secret only in the body.
  const final =
    methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
      ? await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretPost(clientSecret), {
          execute: insecure ? [oidc.allowInsecureRequests] : [],
          timeout: 10,
        })
      : configuration;
  discovered.set(key, { at: Date.now(), configuration: final });
  return final;
}

async function enabledSettings(db: Queryable): Promise<SsoSettings> {
  const settings = await getSsoSettings(db);
  if (!settings?.enabled || !settings.sealedClientSecret) {
    throw new SsoFailure('not_configured', 'Single sign-on is not configured');
  }
  return settings;
}

async function configurationOf(clientSecretKey: KeyObject, settings: SsoSettings): Promise<oidc.Configuration> {
  let secret: string;
  try {
    secret = openSecret(clientSecretKey, settings.sealedClientSecret ?? '');
  } catch (error) {
    throw new SsoFailure('not_configured', (error as Error).message);
  }
  try {
    return await discover(settings.issuer, settings.clientId, secret);
  } catch (error) {
    throw new SsoFailure('provider_unavailable', `The provider's configuration could not be read: ${(error as Error).message}`);
  }
}

/** An openid-client error with the check that failed (kept in its cause), e.g. the ID token's audience. */
function reasonOf(error: unknown): string {
  const { message, cause } = error as Error;
  return cause instanceof Error && cause.message !== message ? `${message} (${cause.message})` : message;
}

/** Only paths of this site: a crafted link must not send the user elsewhere after sign-in. */
export function safeReturnTo(value: string | undefined): string {
  return value?.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/';
}

/**
 * First leg: remembers state, nonce and PKCE verifier server-side (bound to the starting browser by
 * a random value in a cookie) and gives the provider's authorization URL.
 */
export async function startSignIn(
  db: Database,
  clientSecretKey: KeyObject,
  input: { redirectUri: string; returnTo: string; loginHint?: string },
): Promise<{ authorizationUrl: string; browserToken: string }> {
  const settings = await enabledSettings(db);
  const configuration = await configurationOf(clientSecretKey, settings);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const browserToken = randomBytes(32).toString('base64url');
  await repo.savePendingLogin(db, {
    id: sha256(state),
    browserHash: sha256(browserToken),
    nonce,
    codeVerifier,
    redirectUri: input.redirectUri,
    returnTo: safeReturnTo(input.returnTo),
    expiresAt: new Date(Date.now() + PENDING_LOGIN_MS),
  });
  const hint = input.loginHint?.trim();
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: input.redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(hint && hint.length <= 254 ? { login_hint: hint } : {}),
  });
  return { authorizationUrl: url.href, browserToken };
}

type VerifiedIdentity = { issuer: string; subject: string; email: string | null; emailVerified: boolean; amr: string[] };

async function verifiedIdentity(
  clientSecretKey: KeyObject,
  settings: SsoSettings,
  pending: repo.PendingLogin,
  query: URLSearchParams,
): Promise<VerifiedIdentity> {
  const configuration = await configurationOf(clientSecretKey, settings);
  const currentUrl = new URL(pending.redirectUri);
  currentUrl.search = query.toString();
  let claims: oidc.IDToken | undefined;
  let profile: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: query.get('state') ?? '',
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    // Providers that keep scope claims out of the ID token give them at the userinfo endpoint (same subject checked).
    profile =
      typeof claims.email === 'string' ? { ...claims } : await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
  } catch (error) {
    throw new SsoFailure('invalid_response', `The provider's answer was refused: ${reasonOf(error)}`);
  }
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email: typeof profile.email === 'string' ? profile.email.trim().toLowerCase() : null,
    emailVerified: profile.email_verified === true,
    amr: Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [],
  };
}

/** The account of an identity: the one linked to it, or (first use) the active account of its verified email. */
async function accountOf(db: Queryable, settings: SsoSettings, identity: VerifiedIdentity) {
  const linked = await repo.findIdentity(db, identity.issuer, identity.subject);
  if (linked) {
    const user = await users.findUserById(db, linked.userId);
    if (!user) throw new SsoFailure('unknown_account', 'No account is linked to this identity');
    return { user, identityId: linked.id, newLink: false };
  }
  if (!identity.email) throw new SsoFailure('email_not_verified', 'The provider gave no email address');
  if (!identity.emailVerified) {
    throw new SsoFailure('email_not_verified', `The provider has not verified ${identity.email}`);
  }
  if (!settings.domains.includes(emailDomain(identity.email))) {
    throw new SsoFailure(
      'domain_not_allowed',
      `${emailDomain(identity.email)} is not a domain that signs in through this provider`,
    );
  }
  const user = await users.findUserByEmail(db, identity.email);
  if (!user) throw new SsoFailure('unknown_account', `No Tadrib account has the email ${identity.email}; ask an administrator`);
  if (await repo.findIdentityOfUser(db, user.id, identity.issuer)) {
    throw new SsoFailure('identity_conflict', 'This account is already linked to another identity at the provider', user);
  }
  return { user, identityId: null, newLink: true };
}

export type SsoSignIn = { session: NewSession; stage: SessionStage; returnTo: string };

/**
 * Second leg: checks the browser, state, PKCE, the ID token (signature, issuer, audience, nonce,
 * expiry) through openid-client, then signs the linked account in. Never creates an account.
 */
export async function completeSignIn(
  db: Database,
  config: Config,
  clientSecretKey: KeyObject,
  audit: AuditContext,
  client: Client,
  input: { query: URLSearchParams; browserToken: string | undefined },
): Promise<SsoSignIn> {
  const failed = async (failure: SsoFailure, details: Record<string, unknown> = {}) => {
    await writeAudit(db, audit, {
      action: 'auth.login',
      outcome: 'failure',
      recordType: failure.user ? 'user' : undefined,
      recordId: failure.user?.id,
      details: { method: 'oidc', reason: failure.reason, message: failure.message, ...details },
    });
    return failure;
  };
  let identity: VerifiedIdentity | undefined;
  try {
    const settings = await enabledSettings(db);
    const state = input.query.get('state');
    const pending = state ? await repo.takePendingLogin(db, sha256(state)) : undefined;
    if (!pending || pending.expiresAt.getTime() <= Date.now()) {
      throw new SsoFailure('expired', 'This sign-in expired or was already used; start again');
    }
    if (!input.browserToken || sha256(input.browserToken) !== pending.browserHash) {
      throw new SsoFailure('expired', 'This sign-in was started in another browser; start again');
    }
    const providerError = input.query.get('error');
    if (providerError) {
      throw new SsoFailure('provider_refused', `The provider refused the sign-in: ${providerError.slice(0, 100)}`);
    }
    identity = await verifiedIdentity(clientSecretKey, settings, pending, input.query);
    const found = await accountOf(db, settings, identity);
    const { user } = found;
    if (!user.active) throw new SsoFailure('inactive_account', 'This account is deactivated', user);
    const providerMfa = settings.trustProviderMfa && identity.amr.some((v) => MULTI_FACTOR_AMR.has(v));
    // The provider's multi-factor counts only when the admin trusts it.
    const stage = providerMfa ? 'full' : await stageAfterFirstFactor(db, user);
    const verified = identity;
    // Hashed before the transaction: a slow hash must not hold a database connection.
    const retiredPasswordHash = user.mustChangePassword ? await hashPassword(randomBytes(32).toString('base64url')) : null;
    const asUser = { ...audit, actorUserId: user.id, actorRole: user.role };
    return await db.transaction(async (tx) => {
      let identityId = found.identityId;
      if (found.newLink) {
        const linked = await repo.linkIdentity(tx, {
          userId: user.id,
          issuer: verified.issuer,
          subject: verified.subject,
          linkedEmail: verified.email ?? user.email,
        });
        // Two first sign-ins at once: the one that linked first stands; this one goes through that
        // link when it is this account's, and is refused as a conflict otherwise.
        const link = linked ?? (await repo.findIdentity(tx, verified.issuer, verified.subject));
        if (!link || (!linked && 'userId' in link && link.userId !== user.id))
          throw new SsoFailure('identity_conflict', 'This account is already linked to another identity of the provider', user);
        identityId = link.id;
        if (linked)
          await writeAudit(tx, asUser, {
            action: 'auth.sso.link',
            recordType: 'user',
            recordId: user.id,
            details: { issuer: verified.issuer, subject: verified.subject },
          });
      }
      if (identityId) await repo.recordIdentitySignIn(tx, identityId);
      if (retiredPasswordHash) {
        // The account was given a temporary password it never changed (e.g. created for SSO): the
        // provider now vouches for the person, and that password, known to whoever created it,
        // stops working. A password sign-in needs a reset by the admin from now on.
        await users.updateUser(tx, user.id, { passwordHash: retiredPasswordHash, mustChangePassword: false });
        await writeAudit(tx, asUser, { action: 'auth.sso.retire_temporary_password', recordType: 'user', recordId: user.id });
      }
      const session = await openSignedInSession(tx, config, audit, client, user, stage, {
        method: 'oidc',
        issuer: verified.issuer,
        providerMfa,
      });
      return { session, stage, returnTo: pending.returnTo };
    });
  } catch (error) {
    if (error instanceof SsoFailure) {
      throw await failed(error, identity ? { issuer: identity.issuer, subject: identity.subject, email: identity.email } : {});
    }
    throw error;
  }
}
