import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { errorEnvelope } from '../../platform/http';
import { routesOf } from '../../platform/route';
import * as exports from './export-service';
import { exportQuerySchema, resultsFilterSchema } from './schemas';

const read = 'results.read';

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
export const resultsExportRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['results'] });

  route.get(
    '/export',
    {
      access: read,
      summary:
        'The dashboard (every table) or one breakdown as CSV (UTF-8 with BOM) or XLSX, headers in the language asked, period and scope on top; withheld cells read "<5"',
      query: exportQuerySchema,
      response: file,
    },
    async (c) => sendFile(c.reply, await exports.exportFile(c.db, c.actor, c.query), 'attachment'),
  );

  route.get(
    '/report.pdf',
    {
      access: read,
      summary:
        'The results report of a period as PDF: headline figures with definitions and the previous period, charts, map of Africa, tables, in en, fr, ar or pt',
      query: resultsFilterSchema,
      response: file,
      responses: { 503: rendererUnavailable },
    },
    async (c) => sendFile(c.reply, await exports.resultsReportPdf(c.db, c.actor, c.query, app.config), 'inline'),
  );

  route.get(
    '/report.html',
    {
      access: read,
      summary: 'The same results report as an HTML page, to read or print from the browser',
      query: resultsFilterSchema,
      response: file,
    },
    async (c) => {
      const report = await exports.resultsReport(c.db, c.actor, c.query);
      return c.reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(report.html);
    },
  );

  route.get(
    '/iati.xml',
    {
      access: 'results.publish',
      summary:
        'IATI activity XML 2.03: one activity per programme with its results (indicators per year, split by sex and state; the year before as baseline)',
      query: iatiQuerySchema,
      response: file,
    },
    async (c) => sendFile(c.reply, await exports.iatiExport(c.db, c.actor, c.query, app.config.iati), 'attachment'),
  );
};
