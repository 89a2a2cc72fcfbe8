import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import { referenceSchema, stateDetailSchema, stateListQuerySchema, stateParamsSchema, stateSchema } from './schemas';
import * as service from './service';

const access = { access: 'reference.read' } as const;

export const referenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reference',
    {
      config: access,
      schema: {
        tags: ['reference'],
        summary: 'Strategy pillars, Security Council resolutions, agency types, sub-regions',
        response: { 200: referenceSchema, ...errorResponses },
      },
    },
    async () => service.referenceData(app.db),
  );

  app.get(
    '/states',
    {
      config: access,
      schema: {
        tags: ['states'],
        summary: 'The 54 African UN member states, searchable in any of the four languages',
        querystring: stateListQuerySchema,
        response: { 200: z.object({ items: z.array(stateSchema) }), ...errorResponses },
      },
    },
    async (request) => service.searchStates(app.db, request.query),
  );

  app.get(
    '/states/:iso2',
    {
      config: access,
      schema: {
        tags: ['states'],
        summary: 'A member state, with its focal points where the reader may see them',
        params: stateParamsSchema,
        response: { 200: stateDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.stateDetail(app.db, actorOf(request), request.auditContext(), request.params.iso2),
  );
};
