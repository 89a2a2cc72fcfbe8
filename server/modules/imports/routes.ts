import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { sendDownload } from '../../platform/files';
import { errorEnvelope } from '../../platform/http';
import { routesOf } from '../../platform/route';
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

const access = 'registry.import';
const fileTooLarge = {
  413: errorEnvelope.describe(
    'The file breaks a size limit (body, unzipped size, cell length, reading time or memory): the message names it',
  ),
};

export const importRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['imports'] });

  route.get(
    '/officials/template',
    {
      access,
      summary: 'A blank officials file (CSV or XLSX) with the column headers in English or French and one example row',
      query: templateQuerySchema,
      response: z.any().describe('The file'),
    },
    async ({ query: { format, lang }, reply }) => {
      const name = `tadrib-officials-${lang}.${format}`;
      if (format === 'csv')
        return sendDownload(reply, { name, mediaType: 'text/csv; charset=utf-8', content: templateCsv(lang) });
      return sendDownload(reply, {
        name,
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        content: await templateXlsx(lang),
      });
    },
  );

  route.post(
    '/officials/preview',
    {
      access,
      bodyLimit: IMPORT_BODY_LIMIT,
      summary:
        'Read an officials file (CSV or XLSX, base64): every row with its errors and likely duplicates; nothing is written',
      body: importFileSchema,
      response: importPreviewSchema,
      responses: fileTooLarge,
    },
    (c) => service.previewImport(c.db, c.actor, c.audit, c.body),
  );

  route.post(
    '/officials/commit',
    {
      access,
      bodyLimit: IMPORT_BODY_LIMIT,
      summary:
        'Import the valid rows of an officials file in one transaction (all or nothing); a file with no valid row is refused',
      body: importCommitSchema,
      response: importResultSchema,
      responses: fileTooLarge,
    },
    (c) => service.commitImport(c.db, c.actor, c.audit, c.body),
  );
};
