import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, errorEnvelope } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import * as exports from './export-service';
import { exportQuerySchema, resultsFilterSchema } from './schemas';

const read = { access: 'results.read' } as const;
const tags = ['results'];

const iatiQuerySchema = resultsFilterSchema.pick({ from: true, to: true });

const file = z.any().describe('The file');
const rendererUnavailable = errorEnvelope.describe(
  'PDF_RENDERER_UNAVAILABLE: no Chromium to print with (install it or set TADRIB_CHROMIUM_PATH), or it is busy or too slow',
);

/** Figures are scoped to the reader: never kept by a shared cache. */
function sendFile(reply: FastifyReply, f: exports.ExportFile, disposition: 'attachment' | 'inline') {
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `${disposition}; filename="${f.filename}"`)
    .type(f.contentType)
    .send(f.body);
}

/**
 * Exports of the results (mounted at /api/results beside the dashboard's routes): spreadsheets,
 * the results report and IATI XML. Every figure is scoped like the dashboard: a focal point's
 * state, a partner's programmes with small cells withheld.
 */
export const resultsExportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/export',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The dashboard (every table) or one breakdown as CSV (UTF-8 with BOM) or XLSX, headers in the language asked, period and scope on top; withheld cells read "<5"',
        querystring: exportQuerySchema,
        response: { 200: file, ...errorResponses },
      },
    },
    async (request, reply) => sendFile(reply, await exports.exportFile(app.db, actorOf(request), request.query), 'attachment'),
  );

  app.get(
    '/report.pdf',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The results report of a period as PDF: headline figures with definitions and the previous period, charts, map of Africa, tables, in en, fr, ar or pt',
        querystring: resultsFilterSchema,
        response: { 200: file, ...errorResponses, 503: rendererUnavailable },
      },
    },
    async (request, reply) =>
      sendFile(reply, await exports.resultsReportPdf(app.db, actorOf(request), request.query, app.config), 'inline'),
  );

  app.get(
    '/report.html',
    {
      config: read,
      schema: {
        tags,
        summary: 'The same results report as an HTML page, to read or print from the browser',
        querystring: resultsFilterSchema,
        response: { 200: file, ...errorResponses },
      },
    },
    async (request, reply) => {
      const report = await exports.resultsReport(app.db, actorOf(request), request.query);
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(report.html);
    },
  );

  app.get(
    '/iati.xml',
    {
      config: { access: 'results.publish' },
      schema: {
        tags,
        summary:
          'IATI activity XML 2.03: one activity per programme with its results (indicators per year, split by sex and state; the year before as baseline)',
        querystring: iatiQuerySchema,
        response: { 200: file, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendFile(reply, await exports.iatiExport(app.db, actorOf(request), request.query, app.config.iati), 'attachment'),
  );
};
