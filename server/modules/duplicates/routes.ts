import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { routesOf } from '../../platform/route';
import { duplicateListQuerySchema, duplicateListSchema, mergeInputSchema, mergeResultSchema, pairInputSchema } from './schemas';
import * as service from './service';

const access = 'registry.merge';

export const duplicateRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['duplicates'] });

  route.get(
    '/',
    {
      access,
      summary: 'Candidate pairs of duplicate officials, with a score (0–1) and the reasons; pairs marked distinct are left out',
      query: duplicateListQuerySchema,
      response: duplicateListSchema,
    },
    (c) => service.listCandidatePairs(c.db, c.actor, c.audit, c.query),
  );

  route.post(
    '/distinct',
    {
      access,
      summary: 'Mark two officials as different persons: the pair is not proposed again',
      body: pairInputSchema,
      response: z.object({ firstId: z.uuid(), secondId: z.uuid(), created: z.boolean() }),
    },
    (c) => service.markDistinct(c.db, c.actor, c.audit, c.body),
  );

  route.post(
    '/merge',
    {
      access,
      summary: 'Merge the absorbed official into the survivor: nominations (and all that hangs off them) and accounts follow',
      body: mergeInputSchema,
      response: mergeResultSchema,
    },
    (c) => service.mergeOfficials(c.db, c.actor, c.audit, c.body),
  );
};
