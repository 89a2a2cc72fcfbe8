import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { databaseNotReady } from './service';

const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['platform'], summary: 'Liveness and database check', response: { 200: healthSchema } },
    },
    async () => {
      await app.db.execute(sql`select 1`);
      return { status: 'ok' as const, database: app.databaseKind, version: app.config.version };
    },
  );

  // For an orchestrator or a load balancer: live restarts a process that no longer answers; ready
  // sends traffic only to a process that can serve it.
  app.get(
    '/health/live',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Liveness: 200 while the process runs, whatever its database does',
        response: { 200: z.object({ status: z.literal('live') }) },
      },
    },
    async () => ({ status: 'live' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Readiness: 200 when the database answers and is migrated; 503 NOT_READY while starting or shutting down',
        response: { 200: healthSchema },
      },
    },
    async (request) => {
      if (app.lifecycle.phase !== 'ready')
        throw new AppError('NOT_READY', app.lifecycle.phase === 'starting' ? 'Tadrib is starting' : 'Tadrib is shutting down');
      const problem = await databaseNotReady(app.db, (err) => request.log.warn({ err }, 'readiness check failed'));
      if (problem) throw new AppError('NOT_READY', `Tadrib cannot serve: ${problem}`);
      return { status: 'ok' as const, database: app.databaseKind, version: app.config.version };
    },
  );
};
