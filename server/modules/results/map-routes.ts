import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { routesOf } from '../../platform/route';
import { africaMap, africaMapEtag } from './africa-map';
import { africaMapSchema } from './schemas';

/**
 * The map of Africa behind the results page's choropleth. It holds no figures and changes only
 * with a release, so browsers keep it a week and then ask again with its ETag (304 if unchanged):
 * on a slow link the map downloads once.
 */
export const resultsMapRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['results'] });

  route.get(
    '/map',
    {
      access: 'results.read',
      summary: 'Shapes of the 54 member states (ISO alpha-2) and of the other land in the frame, as SVG paths',
      response: africaMapSchema,
      responses: { 304: z.null().describe('Not modified') },
    },
    (c) => {
      const etag = africaMapEtag();
      c.reply.header('etag', etag).header('cache-control', 'private, max-age=604800');
      const known = c.request.headers['if-none-match'];
      if (known?.split(',').some((tag) => tag.trim() === etag)) return c.reply.code(304).send(null);
      return africaMap();
    },
  );
};
