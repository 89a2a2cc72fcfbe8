import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { routesOf } from '../../platform/route';
import { referenceSchema, stateDetailSchema, stateListQuerySchema, stateParamsSchema, stateSchema } from './schemas';
import * as service from './service';

const access = 'reference.read';

export const referenceRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['states'] });

  route.get(
    '/reference',
    {
      access,
      tags: ['reference'],
      summary: 'Strategy pillars, Security Council resolutions, agency types, sub-regions',
      response: referenceSchema,
    },
    (c) => service.referenceData(c.db),
  );

  route.get(
    '/states',
    {
      access,
      summary: 'The 54 African UN member states, searchable in any of the four languages',
      query: stateListQuerySchema,
      response: z.object({ items: z.array(stateSchema) }),
    },
    (c) => service.searchStates(c.db, c.query),
  );

  route.get(
    '/states/:iso2',
    {
      access,
      summary: 'A member state, with its focal points where the reader may see them',
      params: stateParamsSchema,
      response: stateDetailSchema,
    },
    (c) => service.stateDetail(c.db, c.actor, c.audit, c.params.iso2),
  );
};
