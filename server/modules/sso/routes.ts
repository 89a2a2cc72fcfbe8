import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { routesOf } from '../../platform/route';
import { ruleViolation } from '../../platform/rules';
import { clientOf, cookieOptions, setSessionCookie } from '../auth/routes';
import { ssoPublicView, ssoSettingsInput, ssoSettingsView } from './schemas';
import { openSecret, sealSecret } from './secret-box';
import { completeSignIn, discover, issuerProblem, PENDING_LOGIN_MS, SsoFailure, startSignIn } from './service';
import { getSsoSettings, type SsoSettings, saveSsoSettings } from './settings';

/** Binds a pending sign-in to the browser that started it; sent back on the provider's redirect (hence Lax). */
const BROWSER_COOKIE = 'tadrib_oidc';
const CALLBACK_PATH = '/api/auth/oidc/callback';

/** The callback URL of this site as the browser reaches it (behind a proxy: with TADRIB_TRUST_PROXY). */
function redirectUriOf(request: FastifyRequest): string {
  // Normalised (no default port) as providers compare it with the registered one.
  return new URL(CALLBACK_PATH, `${request.protocol}://${request.host}`).href;
}

const browserCookieOptions = (request: FastifyRequest) => cookieOptions(request, { sameSite: 'lax', path: '/api/auth/oidc' });

function toView(settings: SsoSettings | null, redirectUri: string): z.infer<typeof ssoSettingsView> {
  return {
    enabled: settings?.enabled ?? false,
    displayName: settings?.displayName ?? '',
    issuer: settings?.issuer ?? '',
    clientId: settings?.clientId ?? '',
    clientSecretSet: Boolean(settings?.sealedClientSecret),
    domains: settings?.domains ?? [],
    trustProviderMfa: settings?.trustProviderMfa ?? false,
    redirectUri,
  };
}

/** A browser navigation that failed goes back to the sign-in page, which explains the reason. */
function toSignInPage(reply: FastifyReply, reason: string) {
  return reply.redirect(`/sign-in?ssoError=${encodeURIComponent(reason)}`, 302);
}

// Any parameters (the provider's answer is read from the URL by the service); an open object rather than a
// record, which the OpenAPI document would list as two parameters named `type` and `additionalProperties`.
const browserQuery = z.looseObject({});

export const ssoAuthRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['auth'] });

  route.get(
    '',
    {
      access: 'public',
      summary: 'Whether single sign-on is offered, its name and the email domains that use it',
      response: ssoPublicView,
      errors: false,
    },
    async ({ db }) => {
      const settings = await getSsoSettings(db);
      return settings?.enabled
        ? { enabled: true, displayName: settings.displayName, domains: settings.domains }
        : { enabled: false, displayName: null, domains: [] };
    },
  );

  route.get(
    '/start',
    {
      access: 'public',
      summary: 'Start single sign-on: redirects the browser to the OpenID provider',
      query: z.object({
        returnTo: z.string().max(500).optional(),
        email: z.string().max(254).optional(),
      }),
      errors: false,
    },
    async ({ db, query, request, reply }) => {
      try {
        const { authorizationUrl, browserToken } = await startSignIn(db, app.keys.ssoClientSecret, {
          redirectUri: redirectUriOf(request),
          returnTo: query.returnTo ?? '/',
          loginHint: query.email,
        });
        reply.setCookie(BROWSER_COOKIE, browserToken, { ...browserCookieOptions(request), maxAge: PENDING_LOGIN_MS / 1000 });
        return reply.redirect(authorizationUrl, 302);
      } catch (error) {
        if (!(error instanceof SsoFailure)) throw error;
        request.log.warn({ reason: error.reason, message: error.message }, 'single sign-on could not start');
        return toSignInPage(reply, error.reason);
      }
    },
  );

  route.get(
    '/callback',
    {
      access: 'public',
      summary: "The provider's redirect after sign-in: checks it, opens a session and goes on to the app",
      query: browserQuery,
      errors: false,
    },
    async ({ db, audit, request, reply }) => {
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      reply.clearCookie(BROWSER_COOKIE, browserCookieOptions(request));
      try {
        const { session, stage, returnTo } = await completeSignIn(
          db,
          app.config,
          app.keys.ssoClientSecret,
          audit,
          clientOf(request),
          {
            query,
            browserToken: request.cookies[BROWSER_COOKIE],
          },
        );
        setSessionCookie(request, reply, session);
        return reply.redirect(
          stage === 'full' ? returnTo : `/sign-in${returnTo === '/' ? '' : `?redirect=${encodeURIComponent(returnTo)}`}`,
          302,
        );
      } catch (error) {
        if (!(error instanceof SsoFailure)) throw error;
        return toSignInPage(reply, error.reason);
      }
    },
  );
};

export const ssoSettingsRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['settings'] });

  route.get(
    '',
    {
      access: 'settings.manage',
      summary: 'Single sign-on (OpenID Connect) settings; the client secret is never returned',
      response: ssoSettingsView,
    },
    async ({ db, request }) => toView(await getSsoSettings(db), redirectUriOf(request)),
  );

  route.put(
    '',
    {
      access: 'settings.manage',
      summary: 'Set up the OpenID provider: issuer, client, email domains, trust in its multi-factor',
      body: ssoSettingsInput,
      response: ssoSettingsView,
    },
    async ({ db, actor, body: input, request }) => {
      const before = await getSsoSettings(db);
      const problem = issuerProblem(input.issuer);
      if (problem) throw ruleViolation(problem, {}, 'issuer');
      const issuer = input.issuer;
      const sealedClientSecret = input.clientSecret
        ? sealSecret(app.keys.ssoClientSecret, input.clientSecret)
        : (before?.sealedClientSecret ?? null);
      if (input.enabled) {
        if (!sealedClientSecret) throw ruleViolation('sso.client_secret_required', {}, 'clientSecret');
        if (input.domains.length === 0) {
          throw ruleViolation('sso.domains_required', {}, 'domains');
        }
        // The provider must answer before sign-in is offered to anyone.
        try {
          await discover(issuer, input.clientId, openSecret(app.keys.ssoClientSecret, sealedClientSecret));
        } catch (error) {
          throw ruleViolation('sso.discovery_failed', { reason: (error as Error).message }, 'issuer');
        }
      }
      const value: SsoSettings = {
        enabled: input.enabled,
        displayName: input.displayName,
        issuer,
        clientId: input.clientId,
        sealedClientSecret,
        domains: [...new Set(input.domains)].sort(),
        trustProviderMfa: input.trustProviderMfa,
      };
      await db.transaction(async (tx) => {
        await saveSsoSettings(tx, value, actor.userId);
        const { sealedClientSecret: _before, ...beforeShown } = before ?? { sealedClientSecret: null };
        const { sealedClientSecret: _after, ...afterShown } = value;
        await request.audit(
          {
            action: 'settings.sso.update',
            recordType: 'settings',
            recordId: 'sso',
            details: { before: before ? beforeShown : null, after: afterShown, clientSecretChanged: Boolean(input.clientSecret) },
          },
          tx,
        );
      });
      return toView(value, redirectUriOf(request));
    },
  );
};
