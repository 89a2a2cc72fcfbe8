import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DEVICE_COOKIE, deviceTokensOf } from '../../platform/login-throttle';
import { routesOf } from '../../platform/route';
import { type NewSession, SESSION_COOKIE } from '../../platform/sessions';
import { requestPasswordReset, setPasswordWithLink } from './account-links';
import {
  loginSchema,
  passwordResetRequestSchema,
  secondFactorSchema,
  sessionViewSchema,
  setPasswordResultSchema,
  setPasswordSchema,
} from './schemas';
import type { Client, DeviceCookie } from './service';
import * as service from './service';

export function clientOf(request: FastifyRequest): Client {
  return {
    address: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    deviceTokens: deviceTokensOf(request.cookies[DEVICE_COOKIE]),
  };
}

/**
 * The options of a cookie the API sets: out of scripts' reach, Secure as configured
 * (TADRIB_SECURE_COOKIES; `auto`: when the request came over HTTPS); the session's scope unless told.
 */
export function cookieOptions(
  request: FastifyRequest,
  scope: { sameSite: 'strict' | 'lax'; path: string } = { sameSite: 'strict', path: '/' },
) {
  const secure = request.server.config.secureCookies;
  return {
    httpOnly: true,
    ...scope,
    secure: secure === 'always' || (secure === 'auto' && request.protocol === 'https'),
  };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions(request), expires: session.expiresAt });
}

/** The device cookie goes only to the API, which alone reads it (sign-in and second-factor checks). */
function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, device: DeviceCookie | null): void {
  if (device)
    reply.setCookie(DEVICE_COOKIE, device.value, { ...cookieOptions(request), path: '/api', expires: device.expiresAt });
}

export const authRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['auth'] });

  route.post(
    '/login',
    { access: 'public', summary: 'Sign in with email and password', body: loginSchema, response: sessionViewSchema },
    async ({ db, audit, body, request, reply }) => {
      const { session, view, device } = await service.signIn(db, app.config, audit, clientOf(request), body);
      setSessionCookie(request, reply, session);
      setDeviceCookie(request, reply, device);
      return view;
    },
  );

  route.post(
    '/mfa',
    {
      access: 'auth.secondFactor',
      summary: 'Second step of sign-in: TOTP or recovery code',
      body: secondFactorSchema,
      response: sessionViewSchema,
    },
    async ({ db, actor, audit, body, request, reply }) => {
      const { session, view, device } = await service.completeSecondFactor(
        db,
        app.config,
        app.keys.secondFactor,
        audit,
        clientOf(request),
        { sessionId: actor.sessionId, userId: actor.userId },
        body.code,
      );
      setSessionCookie(request, reply, session);
      setDeviceCookie(request, reply, device);
      return view;
    },
  );

  route.get(
    '/session',
    { access: 'auth.session', summary: 'The current session and its CSRF token', response: sessionViewSchema },
    ({ db, actor, request }) => service.sessionView(db, actor.userId, actor.stage, request.session?.csrfToken ?? ''),
  );

  route.post(
    '/logout',
    { access: 'auth.session', summary: 'Sign out', status: 204 },
    async ({ db, actor, audit, request, reply }) => {
      await service.signOut(db, audit, actor.sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
    },
  );

  route.post(
    '/password-reset',
    {
      access: 'public',
      summary:
        'Forgot password: mails a single-use link valid one hour (the same answer whether or not the address has an account)',
      body: passwordResetRequestSchema,
      status: 204,
    },
    async ({ db, audit, body, request }) => {
      await requestPasswordReset(db, app.config, audit, { email: body.email, address: request.ip });
    },
  );

  route.post(
    '/set-password',
    {
      access: 'public',
      summary: 'Choose a password with a mailed link (password reset or invitation); ends every session of the account',
      body: setPasswordSchema,
      response: setPasswordResultSchema,
    },
    ({ db, audit, body }) => setPasswordWithLink(db, app.config, audit, body),
  );
};
