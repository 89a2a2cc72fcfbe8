import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http';
import { DEVICE_COOKIE, deviceTokensOf } from '../../platform/login-throttle';
import { errorResponses, noContent } from '../../platform/openapi';
import { type NewSession, SESSION_COOKIE } from '../../platform/sessions';
import { loginSchema, secondFactorSchema, sessionViewSchema } from './schemas';
import type { Client, DeviceCookie } from './service';
import * as service from './service';

const tags = ['auth'];

export function clientOf(request: FastifyRequest): Client {
  return {
    address: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    deviceTokens: deviceTokensOf(request.cookies[DEVICE_COOKIE]),
  };
}

function cookieOptions(request: FastifyRequest) {
  const secure = request.server.config.secureCookies;
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
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

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        body: loginSchema,
        response: { 200: sessionViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { session, view, device } = await service.signIn(
        app.db,
        app.config,
        request.auditContext(),
        clientOf(request),
        request.body,
      );
      setSessionCookie(request, reply, session);
      setDeviceCookie(request, reply, device);
      return view;
    },
  );

  app.post(
    '/mfa',
    {
      config: { access: 'auth.secondFactor' },
      schema: {
        tags,
        summary: 'Second step of sign-in: TOTP or recovery code',
        body: secondFactorSchema,
        response: { 200: sessionViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { session, view, device } = await service.completeSecondFactor(
        app.db,
        app.config,
        app.keys.secondFactor,
        request.auditContext(),
        clientOf(request),
        { sessionId: actor.sessionId, userId: actor.userId },
        request.body.code,
      );
      setSessionCookie(request, reply, session);
      setDeviceCookie(request, reply, device);
      return view;
    },
  );

  app.get(
    '/session',
    {
      config: { access: 'auth.session' },
      schema: {
        tags,
        summary: 'The current session and its CSRF token',
        response: { 200: sessionViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return service.sessionView(app.db, actor.userId, actor.stage, request.session?.csrfToken ?? '');
    },
  );

  app.post(
    '/logout',
    {
      config: { access: 'auth.session' },
      schema: { tags, summary: 'Sign out', response: { ...noContent, ...errorResponses } },
    },
    async (request, reply) => {
      await service.signOut(app.db, request.auditContext(), actorOf(request).sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.code(204).send(null);
    },
  );
};
