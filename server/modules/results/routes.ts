import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { locales } from '../../../contract/enums';
import { markKeptAnswers } from '../../platform/answer-compression';
import { routesOf } from '../../platform/route';
import {
  breakdownQuerySchema,
  breakdownSchema,
  dashboardSchema,
  indicatorListSchema,
  recordsQuerySchema,
  recordsSchema,
  resultsFilterSchema,
} from './schemas';
import * as service from './service';

/** The indicators, computed from the records when asked (never stored figures), scoped to the reader. */
export const resultsRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['results'] });
  // The dashboard and the breakdowns answer answers kept in memory (answer-cache.ts).
  markKeptAnswers(app);

  route.get(
    '/indicators',
    {
      access: 'results.read',
      summary: 'The headline indicators with their written definitions',
      query: z.object({ lang: z.enum(locales, 'Use en, fr, ar or pt').optional() }),
      response: indicatorListSchema,
    },
    (c) => service.listIndicators(c.actor, c.query.lang),
  );

  route.get(
    '/dashboard',
    {
      access: 'results.read',
      summary:
        'Headline figures for a period with the previous period, and the figures by year, state, sex, programme and agency type',
      query: resultsFilterSchema,
      response: dashboardSchema,
    },
    (c) => service.getDashboard(c.db, c.actor, c.query),
  );

  route.get(
    '/breakdown',
    {
      access: 'results.read',
      summary: 'Every measure by one dimension, with the previous period',
      query: breakdownQuerySchema,
      response: breakdownSchema,
    },
    (c) => service.getBreakdown(c.db, c.actor, c.query),
  );

  route.get(
    '/records',
    {
      access: 'results.records',
      summary: 'The records a figure counts (names only for readers allowed to see them; pseudonymous ids otherwise)',
      query: recordsQuerySchema,
      response: recordsSchema,
    },
    (c) => service.getRecords(c.db, c.actor, c.audit, c.query),
  );
};
