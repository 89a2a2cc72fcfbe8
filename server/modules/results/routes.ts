import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import {
  breakdownQuerySchema,
  breakdownSchema,
  dashboardSchema,
  indicatorListSchema,
  languages,
  recordsQuerySchema,
  recordsSchema,
  resultsFilterSchema,
} from './schemas';
import * as service from './service';

const tags = ['results'];

/** The indicators, computed from the records when asked (never stored figures), scoped to the reader. */
export const resultsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/indicators',
    {
      config: { access: 'results.read' },
      schema: {
        tags,
        summary: 'The headline indicators with their written definitions',
        querystring: z.object({ lang: z.enum(languages, 'Use en, fr, ar or pt').optional() }),
        response: { 200: indicatorListSchema, ...errorResponses },
      },
    },
    async (request) => service.listIndicators(actorOf(request), request.query.lang),
  );

  app.get(
    '/dashboard',
    {
      config: { access: 'results.read' },
      schema: {
        tags,
        summary:
          'Headline figures for a period with the previous period, and the figures by year, state, sex, programme and agency type',
        querystring: resultsFilterSchema,
        response: { 200: dashboardSchema, ...errorResponses },
      },
    },
    async (request) => service.getDashboard(app.db, actorOf(request), request.query),
  );

  app.get(
    '/breakdown',
    {
      config: { access: 'results.read' },
      schema: {
        tags,
        summary: 'Every measure by one dimension, with the previous period',
        querystring: breakdownQuerySchema,
        response: { 200: breakdownSchema, ...errorResponses },
      },
    },
    async (request) => service.getBreakdown(app.db, actorOf(request), request.query),
  );

  app.get(
    '/records',
    {
      config: { access: 'results.records' },
      schema: {
        tags,
        summary: 'The records a figure counts (names only for readers allowed to see them; pseudonymous ids otherwise)',
        querystring: recordsQuerySchema,
        response: { 200: recordsSchema, ...errorResponses },
      },
    },
    async (request) => service.getRecords(app.db, actorOf(request), request.auditContext(), request.query),
  );
};
