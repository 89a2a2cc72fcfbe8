import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, errorEnvelope } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import { templateCsv, templateXlsx } from './columns';
import {
  IMPORT_BODY_LIMIT,
  importCommitSchema,
  importFileSchema,
  importPreviewSchema,
  importResultSchema,
  templateQuerySchema,
} from './schemas';
import * as service from './service';

const access = { access: 'registry.import' } as const;
const fileTooLargeResponse = errorEnvelope.describe(
  'The file breaks a size limit (body, unzipped size, cell length, reading time or memory): the message names it',
);
const tags = ['imports'];

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/officials/template',
    {
      config: access,
      schema: {
        tags,
        summary: 'A blank officials file (CSV or XLSX) with the column headers in English or French and one example row',
        querystring: templateQuerySchema,
        response: { 200: z.any().describe('The file'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, lang } = request.query;
      const name = `tadrib-officials-${lang}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(templateCsv(lang));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await templateXlsx(lang));
    },
  );

  app.post(
    '/officials/preview',
    {
      config: access,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Read an officials file (CSV or XLSX, base64): every row with its errors and likely duplicates; nothing is written',
        body: importFileSchema,
        response: { 200: importPreviewSchema, ...errorResponses, 413: fileTooLargeResponse },
      },
    },
    async (request) => service.previewImport(app.db, actorOf(request), request.auditContext(), request.body),
  );

  app.post(
    '/officials/commit',
    {
      config: access,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Import the valid rows of an officials file in one transaction (all or nothing); a file with no valid row is refused',
        body: importCommitSchema,
        response: { 200: importResultSchema, ...errorResponses, 413: fileTooLargeResponse },
      },
    },
    async (request) => service.commitImport(app.db, actorOf(request), request.auditContext(), request.body),
  );
};
