import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/openapi';
import { africaMap, africaMapEtag } from './africa-map';
import { africaMapSchema } from './schemas';

/**
 * The map of Africa behind the results page's choropleth. It holds no figures and changes only
 * with a release, so browsers keep it a week and then ask again with its ETag (304 if unchanged):
 * on a slow link the map downloads once.
 */
export const resultsMapRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/map',
    {
      config: { access: 'results.read' },
      schema: {
        tags: ['results'],
        summary: 'Shapes of the 54 member states (ISO alpha-2) and of the other land in the frame, as SVG paths',
        response: { 200: africaMapSchema, 304: z.null().describe('Not modified'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const etag = africaMapEtag();
      reply.header('etag', etag).header('cache-control', 'private, max-age=604800');
      const known = request.headers['if-none-match'];
      if (known?.split(',').some((tag) => tag.trim() === etag)) return reply.code(304).send(null);
      return africaMap();
    },
  );
};
