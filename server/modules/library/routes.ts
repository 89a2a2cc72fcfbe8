import type { FastifyPluginAsync } from 'fastify';
import { readUpload, sendStoredFile } from '../../platform/files';
import { errorEnvelope } from '../../platform/http';
import { routesOf } from '../../platform/route';
import {
  createItemSchema,
  fileParamSchema,
  idParamSchema,
  itemSchema,
  listQuerySchema,
  listSchema,
  readQuerySchema,
  reviewSchema,
  submissionInputSchema,
  submissionListSchema,
  submissionSchema,
  updateItemSchema,
} from './schemas';
import * as service from './service';
import * as submissions from './submissions';

const uploadErrors = {
  413: errorEnvelope.describe('The file or a field is too large'),
  415: errorEnvelope.describe('Not multipart/form-data, or a file whose content is not of an accepted kind'),
} as const;

/** The knowledge library: items, their files, the search, good-practice submissions. Registered at /api/library. */
export const libraryRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['library'] });

  route.get(
    '/items',
    {
      access: 'library.read',
      summary:
        'Library items the reader may see, searched (q: words in any of the four languages) and filtered, with snippets and facets',
      query: listQuerySchema,
      response: listSchema,
    },
    (c) => service.listItems(c.db, c.request.actor, c.query),
  );

  route.post(
    '/items',
    {
      access: 'library.materials',
      summary: 'Add an item (a trainer: materials for the sessions they train)',
      body: createItemSchema,
      response: itemSchema,
      status: 201,
    },
    (c) => service.createItem(c.db, c.audit, c.actor, c.body),
  );

  route.get(
    '/items/:id',
    {
      access: 'library.read',
      summary: 'One item with its files in every language (earlier versions: the office)',
      params: idParamSchema,
      query: readQuerySchema,
      response: itemSchema,
    },
    (c) => service.getItem(c.db, c.request.actor, c.params.id, c.query.lang),
  );

  route.patch(
    '/items/:id',
    {
      access: 'library.materials',
      summary: 'Change an item',
      params: idParamSchema,
      body: updateItemSchema,
      response: itemSchema,
    },
    (c) => service.updateItem(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.delete(
    '/items/:id',
    {
      access: 'library.materials',
      summary: 'Remove an item with all its files (the office any item, a trainer the materials they attached)',
      params: idParamSchema,
      status: 204,
    },
    (c) => service.deleteItem(c.db, c.audit, c.actor, c.params.id),
  );

  route.post(
    '/items/:id/files',
    {
      access: 'library.materials',
      summary: 'Upload a file in one language (multipart: language, file): the next version of that language',
      params: idParamSchema,
      consumes: ['multipart/form-data'],
      response: itemSchema,
      status: 201,
      responses: uploadErrors,
    },
    async (c) => service.uploadFile(c.db, c.audit, c.actor, c.params.id, await readUpload(c.request)),
  );

  route.delete(
    '/items/:id/files/:fileId',
    {
      access: 'library.manage',
      summary: 'Remove one version of a file (the previous version, if any, becomes current); audited',
      params: fileParamSchema,
      response: itemSchema,
    },
    (c) => service.deleteFile(c.db, c.audit, c.actor, c.params.id, c.params.fileId),
  );

  route.get(
    '/items/:id/files/:fileId',
    {
      access: 'library.read',
      summary: 'Download a file, always as an attachment (audited unless the item is public)',
      params: fileParamSchema,
    },
    async (c) =>
      sendStoredFile(c.reply, await service.downloadFile(c.db, c.audit, c.request.actor, c.params.id, c.params.fileId)),
  );

  // Good practices submitted by the states

  route.get(
    '/submissions',
    {
      access: 'library.submissions',
      summary: 'Good-practice submissions: the submitter’s own, or all for the office',
      response: submissionListSchema,
    },
    (c) => submissions.listSubmissions(c.db, c.actor),
  );

  route.post(
    '/submissions',
    {
      access: 'library.submit',
      summary: 'Submit a good practice of your state',
      body: submissionInputSchema,
      response: submissionSchema,
      status: 201,
    },
    (c) => submissions.createSubmission(c.db, c.audit, c.actor, c.body),
  );

  route.get(
    '/submissions/:id',
    { access: 'library.submissions', summary: 'One submission', params: idParamSchema, response: submissionSchema },
    (c) => submissions.getSubmission(c.db, c.actor, c.params.id),
  );

  route.put(
    '/submissions/:id',
    {
      access: 'library.submit',
      summary: 'Change a submission returned with comments and send it back for review',
      params: idParamSchema,
      body: submissionInputSchema,
      response: submissionSchema,
    },
    (c) => submissions.resubmit(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/submissions/:id/review',
    {
      access: 'library.review',
      summary: 'Return a submission with comments, decline it with a reason, or publish it to an audience',
      params: idParamSchema,
      body: reviewSchema,
      response: submissionSchema,
    },
    (c) => submissions.review(c.db, c.audit, c.actor, c.params.id, c.body),
  );
};
