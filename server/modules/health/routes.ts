import { sql } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors';
import { routesOf } from '../../platform/route';
import { databaseNotReady } from './service';

const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

export const healthRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['platform'] });

  route.get(
    '/health',
    { access: 'public', summary: 'Liveness and database check', response: healthSchema, errors: false },
    async ({ db }) => {
      await db.execute(sql`select 1`);
      return { status: 'ok' as const, database: app.databaseKind, version: app.config.version };
    },
  );

  // For an orchestrator or a load balancer: live restarts a process that no longer answers; ready
  // sends traffic only to a process that can serve it.
  route.get(
    '/health/live',
    {
      access: 'public',
      summary: 'Liveness: 200 while the process runs, whatever its database does',
      response: z.object({ status: z.literal('live') }),
      errors: false,
    },
    () => ({ status: 'live' as const }),
  );

  route.get(
    '/health/ready',
    {
      access: 'public',
      summary: 'Readiness: 200 when the database answers and is migrated; 503 NOT_READY while starting or shutting down',
      response: healthSchema,
      errors: false,
    },
    async ({ db, request }) => {
      if (app.lifecycle.phase !== 'ready')
        throw new AppError('NOT_READY', app.lifecycle.phase === 'starting' ? 'Tadrib is starting' : 'Tadrib is shutting down');
      const problem = await databaseNotReady(db, (err) => request.log.warn({ err }, 'readiness check failed'));
      if (problem) throw new AppError('NOT_READY', `Tadrib cannot serve: ${problem}`);
      return { status: 'ok' as const, database: app.databaseKind, version: app.config.version };
    },
  );
};
