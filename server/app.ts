import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { AppError } from './errors';
import { accountRoutes } from './modules/account/routes';
import { auditRoutes } from './modules/audit/routes';
import { authRoutes } from './modules/auth/routes';
import { certificateRoutes, credentialRoutes } from './modules/certificates/routes';
import { curriculumRoutes } from './modules/curriculum/routes';
import { deliveryRoutes } from './modules/delivery/routes';
import { duplicateRoutes } from './modules/duplicates/routes';
import { healthRoutes } from './modules/health/routes';
import { importRoutes } from './modules/imports/routes';
import { libraryRoutes } from './modules/library/routes';
import { meetingRoutes } from './modules/meetings/routes';
import { nationalProgrammeRoutes } from './modules/national-programmes/routes';
import { nominationRoutes } from './modules/nominations/routes';
import { configureNotifications } from './modules/notifications/notify';
import { notificationRoutes } from './modules/notifications/routes';
import { outboxRoutes } from './modules/outbox/routes';
import { participationRoutes } from './modules/participation/routes';
import { partnerRoutes } from './modules/partners/routes';
import { recommendationRoutes } from './modules/recommendations/routes';
import { referenceRoutes } from './modules/reference/routes';
import { agencyRoutes, officialRoutes } from './modules/registry/routes';
import { resultsExportRoutes } from './modules/results/export-routes';
import { resultsMapRoutes } from './modules/results/map-routes';
import { resultsRoutes } from './modules/results/routes';
import { sessionRoutes } from './modules/sessions/routes';
import { settingsRoutes } from './modules/settings/routes';
import { ssoAuthRoutes, ssoSettingsRoutes } from './modules/sso/routes';
import { userRoutes } from './modules/users/routes';
import { AdmissionQueue, admissionLimits, registerAdmission } from './platform/admission';
import { COMPRESSION_THRESHOLD, compressAnswers } from './platform/answer-compression';
import type { Database, DatabaseKind } from './platform/db';
import { clientErrorResponse, registerRequestPipeline, sendError, sendFrameworkError } from './platform/http';
import type { ServerKeys } from './platform/keys';
import { Lifecycle } from './platform/lifecycle';
import { loggerOptions, RequestLog } from './platform/log';
import { sharedSchemas } from './platform/openapi';
import { fromRoot } from './platform/paths';
import { securityHeaders } from './platform/security-headers';
import { answerSerializerCompiler } from './platform/serializer';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    databaseKind: DatabaseKind;
    config: Config;
    keys: ServerKeys;
    lifecycle: Lifecycle;
  }
}

export type AppOptions = {
  config: Config;
  db: Database;
  databaseKind: DatabaseKind;
  /** The secrets kept outside the database (platform/keys.ts). */
  keys: ServerKeys;
  /** Serve the built web app from dist/web when it exists (off in API tests). */
  serveWeb?: boolean;
  /** Where the built web app is (dist/web; a test's own folder). */
  webRoot?: string;
  logger?: boolean;
  /** server/main.ts passes its own, to report starting and stopping; ready otherwise. */
  lifecycle?: Lifecycle;
};

const builtWebRoot = fromRoot('dist/web');
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config.logLevel),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    // One line per request instead of Fastify's two (platform/log.ts).
    logController: new RequestLog(),
    // A caller's request id is kept when it looks like one, so logs line up across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // What Fastify and Node's parser refuse before any route runs is answered in the envelope too.
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: (error, socket) => {
      if ((error as { code?: string }).code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(clientErrorResponse(error as { code?: string }));
      socket.destroy(error);
    },
  });
  // JSON only: text/plain (which a cross-site form can send) is refused with 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(answerSerializerCompiler({ check: config.checkResponses }));
  app.decorate('db', options.db);
  configureNotifications({
    publicUrl: config.publicUrl,
    organiserName: config.iati.orgName,
    organiserEmail: `noreply@${new URL(config.publicUrl).hostname}`,
  });
  app.decorate('databaseKind', options.databaseKind);
  app.decorate('config', config);
  app.decorate('keys', options.keys);
  app.decorate('lifecycle', options.lifecycle ?? new Lifecycle());
  // Security headers: what helmet's middleware sets, worked out once (it sets the same headers on
  // every answer: no nonce, nothing read from the request) and given to each answer as one object.
  // Run per request, helmet's thirteen middlewares were about a twentieth of a kept answer's CPU.
  const headers = securityHeaders(config);
  // While migrations and the first seeding run, only the health routes answer.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    if (app.lifecycle.phase === 'starting' && !request.url.startsWith('/api/health')) {
      sendError(reply, new AppError('NOT_READY', 'Tadrib is starting; try again in a moment'));
      return;
    }
    done();
  });
  // Many users work on slow links: compress what is worth it. A GET or HEAD carries no body that
  // Fastify reads, so its route takes no hook to decompress one (a hook on every read otherwise).
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => method === 'GET' || method === 'HEAD')) route.decompress = false;
  });
  // JSON answers are compressed in one call, kept answers once (platform/answer-compression.ts).
  compressAnswers(app);
  await app.register(compress, { threshold: COMPRESSION_THRESHOLD, encodings: ['br', 'gzip'] });
  await app.register(cookie);
  // Reads of the API wait their turn in one queue before their first statement (the session's).
  const admission = admissionLimits(options.databaseKind, config.readsAtOnce);
  if (admission.limit > 0) registerAdmission(app, new AdmissionQueue(admission.limit, admission.queueLimit));
  registerRequestPipeline(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tadrib API',
        version: config.version,
        description:
          'Counter-terrorism training and cooperation programme management. Errors: `{ error: { code, message, details? } }`. Writes with the session cookie need the `x-csrf-token` header.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tadrib_session' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: sharedSchemas,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes, { prefix: '/auth' });
      await api.register(ssoAuthRoutes, { prefix: '/auth/oidc' });
      await api.register(accountRoutes, { prefix: '/me' });
      await api.register(userRoutes, { prefix: '/users' });
      await api.register(settingsRoutes, { prefix: '/settings' });
      await api.register(ssoSettingsRoutes, { prefix: '/settings/sso' });
      await api.register(auditRoutes, { prefix: '/audit' });
      await api.register(outboxRoutes, { prefix: '/outbox' });
      await api.register(referenceRoutes);
      await api.register(curriculumRoutes);
      await api.register(partnerRoutes);
      await api.register(sessionRoutes, { prefix: '/sessions' });
      await api.register(nominationRoutes);
      await api.register(deliveryRoutes);
      await api.register(participationRoutes, { prefix: '/participation' });
      await api.register(certificateRoutes);
      await api.register(credentialRoutes, { prefix: '/credentials' });
      await api.register(recommendationRoutes);
      await api.register(duplicateRoutes, { prefix: '/duplicates' });
      await api.register(importRoutes, { prefix: '/imports' });
      await api.register(agencyRoutes, { prefix: '/agencies' });
      await api.register(officialRoutes, { prefix: '/officials' });
      await api.register(meetingRoutes, { prefix: '/meetings' });
      await api.register(resultsRoutes, { prefix: '/results' });
      await api.register(resultsMapRoutes, { prefix: '/results' });
      await api.register(resultsExportRoutes, { prefix: '/results' });
      await api.register(nationalProgrammeRoutes, { prefix: '/national-programmes' });
      await api.register(libraryRoutes, { prefix: '/library' });
      await api.register(notificationRoutes, { prefix: '/notifications' });
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );

  const webRoot = options.webRoot ?? builtWebRoot;
  const serveWeb = options.serveWeb !== false && existsSync(webRoot);
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      // The build writes each file's brotli and gzip forms beside it (vite.config.ts): served as asked.
      preCompressed: true,
      // Our own cache-control below (send's default, max-age=0, would replace it).
      cacheControl: false,
      // Vite names built assets by content hash: they never change, so browsers keep them without
      // asking again. Everything else (index.html, which names the current assets) is checked each time.
      setHeaders: (res, filePath) => {
        // Caches between (a ministry's proxy) keep one copy per encoding.
        res.setHeader('vary', 'accept-encoding');
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) {
      return sendError(reply, new AppError('NOT_FOUND', `No API route ${request.method} ${request.url.split('?')[0]}`));
    }
    // A missing hashed asset (a page from an older release) is a 404, not the app's HTML.
    if (serveWeb && !request.url.startsWith('/assets/') && (request.method === 'GET' || request.method === 'HEAD')) {
      // Client-side routes: every other path is the web app.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, new AppError('NOT_FOUND', 'Not found'));
  });

  return app;
}
