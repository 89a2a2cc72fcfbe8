import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import { duplicateListQuerySchema, duplicateListSchema, mergeInputSchema, mergeResultSchema, pairInputSchema } from './schemas';
import * as service from './service';

const access = { access: 'registry.merge' } as const;
const tags = ['duplicates'];

export const duplicateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: access,
      schema: {
        tags,
        summary: 'Candidate pairs of duplicate officials, with a score (0–1) and the reasons; pairs marked distinct are left out',
        querystring: duplicateListQuerySchema,
        response: { 200: duplicateListSchema, ...errorResponses },
      },
    },
    async (request) => service.listCandidatePairs(app.db, actorOf(request), request.auditContext(), request.query),
  );

  app.post(
    '/distinct',
    {
      config: access,
      schema: {
        tags,
        summary: 'Mark two officials as different persons: the pair is not proposed again',
        body: pairInputSchema,
        response: { 200: z.object({ firstId: z.uuid(), secondId: z.uuid(), created: z.boolean() }), ...errorResponses },
      },
    },
    async (request) => service.markDistinct(app.db, actorOf(request), request.auditContext(), request.body),
  );

  app.post(
    '/merge',
    {
      config: access,
      schema: {
        tags,
        summary: 'Merge the absorbed official into the survivor: nominations (and all that hangs off them) and accounts follow',
        body: mergeInputSchema,
        response: { 200: mergeResultSchema, ...errorResponses },
      },
    },
    async (request) => service.mergeOfficials(app.db, actorOf(request), request.auditContext(), request.body),
  );
};
