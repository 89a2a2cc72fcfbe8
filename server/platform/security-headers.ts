import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config';

/** What the answers' security headers say: a strict content security policy; HSTS behind HTTPS only. */
export function helmetOptions(config: Pick<Config, 'secureCookies'>): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets CSS variables through a style element.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.secureCookies === 'always',
  };
}

/**
 * The security headers of every answer, as helmet sets them with `helmetOptions`. Helmet's
 * middleware sets the same values on every response (the policy has no nonce and reads nothing of
 * the request), so it is run once, against a response that records what it is given, and the
 * headers are handed to each answer as they are (lower-case names, as Fastify keeps them).
 */
export function securityHeaders(config: Pick<Config, 'secureCookies'>): Readonly<Record<string, string>> {
  const middleware = helmet(helmetOptions(config));
  const headers: Record<string, string> = {};
  let finished = false;
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    // X-Powered-By, which Fastify never sets.
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  middleware({} as never, response as never, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // Helmet's middlewares are synchronous; one that were not would leave headers unset here.
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once');
  return Object.freeze(headers);
}
