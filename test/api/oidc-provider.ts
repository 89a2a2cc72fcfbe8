import { createPrivateKey, generateKeyPairSync, type JsonWebKey, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (panva's oidc-provider) on a local port, for the SSO tests. Sign-in at the
 * provider is automated: its interaction page signs in whichever account the test chose (with the
 * `amr` the test chose), and consent is granted by loadExistingGrant, as for a first-party client.
 */

export type ProviderAccount = { email: string; emailVerified: boolean };

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, ProviderAccount>;
  /** The account (and its authentication methods) the next sign-in at the provider will be. */
  nextLogin: { accountId: string; amr: string[] };
  /** When set, the ID token of the next token response is re-signed (validly) with this audience. */
  forgeAudience: string | null;
  /** Follows the provider's redirects from an authorization URL to the redirect URI it ends on, carrying cookies. */
  authorize(authorizationUrl: string): Promise<string>;
  close(): Promise<void>;
};

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The same JWT with another audience, signed again with the provider's own key: only the audience check can refuse it. */
function withAudience(idToken: string, audience: string, privateJwk: JsonWebKey): string {
  const [header = '', payload = ''] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const signingInput = `${header}.${base64url({ ...claims, aud: audience })}`;
  const signature = sign('sha256', Buffer.from(signingInput), createPrivateKey({ key: privateJwk, format: 'jwk' }));
  return `${signingInput}.${signature.toString('base64url')}`;
}

export async function startTestProvider(options: { redirectUri: string; port?: number }): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const state: Pick<TestProvider, 'accounts' | 'nextLogin' | 'forgeAudience'> = {
    accounts: new Map(),
    nextLogin: { accountId: '', amr: ['pwd'] },
    forgeAudience: null,
  };
  const clientId = 'tadrib';
  const clientSecret = 'tadrib-test-client-secret';

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [privateJwk as never] },
    cookies: { keys: ['tadrib-test-provider-cookies'] },
    // amr in every ID token, as identity providers usually send it (oidc-provider otherwise sends it only when asked).
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, id) => {
      const account = state.accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email: account.email, email_verified: account.emailVerified }) };
    },
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const clientIdOf = ctx.oidc.client?.clientId;
      if (!accountId || !clientIdOf) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: clientIdOf, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && state.forgeAudience && body?.id_token) {
      ctx.body = { ...body, id_token: withAudience(body.id_token, state.forgeAudience, privateJwk) };
    }
  });

  const handleProvider = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void handleProvider(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: state.nextLogin.accountId, amr: state.nextLogin.amr } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: Error) => {
      res.statusCode = 500;
      res.end(error.message);
    });
  });

  const authorize = async (authorizationUrl: string): Promise<string> => {
    const jar = new Map<string, string>();
    let url = authorizationUrl;
    for (let hop = 0; hop < 10 && url.startsWith(issuer); hop += 1) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      for (const set of response.headers.getSetCookie()) {
        const [pair = ''] = set.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = response.headers.get('location');
      if (!location) throw new Error(`the provider stopped at ${url}: ${response.status} ${await response.text()}`);
      url = new URL(location, url).href;
    }
    return url;
  };

  return {
    issuer,
    clientId,
    clientSecret,
    get accounts() {
      return state.accounts;
    },
    get nextLogin() {
      return state.nextLogin;
    },
    set nextLogin(value) {
      state.nextLogin = value;
    },
    get forgeAudience() {
      return state.forgeAudience;
    },
    set forgeAudience(value) {
      state.forgeAudience = value;
    },
    authorize,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
