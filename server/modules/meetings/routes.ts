import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { readUpload, sendDownload, sendStoredFile } from '../../platform/files';
import { errorEnvelope } from '../../platform/http';
import { routesOf } from '../../platform/route';
import {
  agendaItemInputSchema,
  agendaItemSchema,
  agendaSchema,
  badgeListSchema,
  createDelegationSchema,
  createEditionSchema,
  delegateDecisionSchema,
  delegateSchema,
  delegationListSchema,
  delegationSchema,
  documentListSchema,
  documentSchema,
  editionListSchema,
  editionSchema,
  headInputSchema,
  idParamSchema,
  registerDelegateSchema,
  updateDelegateSchema,
  updateDelegationSchema,
  updateEditionSchema,
} from './schemas';
import * as service from './service';

const uploadErrors = {
  413: errorEnvelope.describe('The file or a field is too large'),
  415: errorEnvelope.describe('Not multipart/form-data, or a kind of file that is not accepted'),
} as const;

/** The yearly high-level meeting: editions, delegations, delegates, agenda, documents. Registered at /api/meetings. */
export const meetingRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['meetings'] });

  // Editions

  route.get(
    '/editions',
    { access: 'meetings.read', summary: 'Editions of the high-level meeting, newest first', response: editionListSchema },

    (c) => service.listEditions(c.db, c.actor),
  );

  route.post(
    '/editions',
    {
      access: 'meetings.manage',
      summary: 'Record an edition (number, dates, city, country, theme)',
      body: createEditionSchema,
      response: editionSchema,
      status: 201,
    },
    (c) => service.createEdition(c.db, c.audit, c.actor, c.body),
  );

  route.get(
    '/editions/:id',
    {
      access: 'meetings.read',
      summary: 'One edition with its status and counts',
      params: idParamSchema,
      response: editionSchema,
    },
    (c) => service.getEdition(c.db, c.actor, c.params.id),
  );

  route.patch(
    '/editions/:id',
    {
      access: 'meetings.manage',
      summary: 'Change an edition; its agenda must stay within its dates',
      params: idParamSchema,
      body: updateEditionSchema,
      response: editionSchema,
    },
    (c) => service.updateEdition(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  // Delegations and delegates

  route.get(
    '/editions/:id/delegations',
    {
      access: 'meetings.delegations',
      summary: 'Delegations of an edition with their delegates (a focal point: their state’s); audited',
      params: idParamSchema,
      response: delegationListSchema,
    },
    (c) => service.listDelegations(c.db, c.audit, c.actor, c.params.id),
  );

  route.post(
    '/editions/:id/delegations',
    {
      access: 'meetings.manage',
      summary: 'Add a delegation: a member state, an agency (for its state) or an organisation, with its role',
      params: idParamSchema,
      body: createDelegationSchema,
      response: delegationSchema,
      status: 201,
    },
    (c) => service.createDelegation(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.patch(
    '/delegations/:id',
    {
      access: 'meetings.manage',
      summary: 'Change the role of a delegation',
      params: idParamSchema,
      body: updateDelegationSchema,
      response: delegationSchema,
    },
    (c) => service.updateDelegation(c.db, c.audit, c.actor, c.params.id, c.body.role),
  );

  route.delete(
    '/delegations/:id',
    { access: 'meetings.manage', summary: 'Remove a delegation that has no delegate', params: idParamSchema, status: 204 },

    (c) => service.deleteDelegation(c.db, c.audit, c.actor, c.params.id),
  );

  route.put(
    '/delegations/:id/head',
    {
      access: 'meetings.register',
      summary: 'Name (or clear) the head of a delegation: one of its delegates (a focal point: their state’s)',
      params: idParamSchema,
      body: headInputSchema,
      response: delegationSchema,
    },
    (c) => service.setHead(c.db, c.audit, c.actor, c.params.id, c.body.delegateId),
  );

  route.post(
    '/delegations/:id/delegates',
    {
      access: 'meetings.register',
      summary: 'Register a delegate (a focal point: in their state’s delegation); the office approves',
      params: idParamSchema,
      body: registerDelegateSchema,
      response: delegateSchema,
      status: 201,
    },
    (c) => service.registerDelegate(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.patch(
    '/delegates/:id',
    {
      access: 'meetings.register',
      summary: 'Correct a delegate’s registration (a focal point: while it awaits the office’s decision)',
      params: idParamSchema,
      body: updateDelegateSchema,
      response: delegateSchema,
    },
    (c) => service.updateDelegate(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/delegates/:id/decision',
    {
      access: 'meetings.manage',
      summary: 'Approve a delegate, or decline with a reason; never twice, never for a past edition',
      params: idParamSchema,
      body: delegateDecisionSchema,
      response: delegateSchema,
    },
    (c) => service.decideDelegate(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.get(
    '/editions/:id/badges',
    {
      access: 'meetings.badges',
      summary: 'Badge list: approved delegates by delegation, heads first; audited',
      params: idParamSchema,
      response: badgeListSchema,
    },
    (c) => service.listBadges(c.db, c.audit, c.params.id),
  );

  route.get(
    '/editions/:id/badges.csv',
    {
      access: 'meetings.badges',
      summary: 'The badge list as CSV, column names in the reader’s language; audited',
      params: idParamSchema,
      response: z.any().describe('CSV file'),
    },
    async (c) => {
      const { fileName, csv } = await service.badgesCsv(c.db, c.audit, c.actor, c.params.id);
      return sendDownload(c.reply, { name: fileName, mediaType: 'text/csv; charset=utf-8', content: csv });
    },
  );

  // Agenda

  route.get(
    '/editions/:id/agenda',
    {
      access: 'meetings.agenda',
      summary: 'Agenda of an edition by day and time, with speakers',
      params: idParamSchema,
      response: agendaSchema,
    },
    (c) => service.getAgenda(c.db, c.audit, c.actor, c.params.id),
  );

  route.post(
    '/editions/:id/agenda',
    {
      access: 'meetings.manage',
      summary: 'Add an agenda item within the edition’s dates; speakers are delegates of the edition or names',
      params: idParamSchema,
      body: agendaItemInputSchema,
      response: agendaItemSchema,
      status: 201,
    },
    (c) => service.addAgendaItem(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.put(
    '/agenda-items/:id',
    {
      access: 'meetings.manage',
      summary: 'Replace an agenda item and its speakers',
      params: idParamSchema,
      body: agendaItemInputSchema,
      response: agendaItemSchema,
    },
    (c) => service.replaceAgendaItem(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.delete(
    '/agenda-items/:id',
    { access: 'meetings.manage', summary: 'Remove an agenda item', params: idParamSchema, status: 204 },

    (c) => service.deleteAgendaItem(c.db, c.audit, c.params.id),
  );

  // Documents

  route.get(
    '/editions/:id/documents',
    {
      access: 'meetings.read',
      summary: 'Outcome document and other documents of an edition, with their language',
      params: idParamSchema,
      response: documentListSchema,
    },
    (c) => service.listDocuments(c.db, c.params.id),
  );

  route.post(
    '/editions/:id/documents',
    {
      access: 'meetings.manage',
      summary:
        'Attach a document (multipart/form-data: kind, language, title and one file — PDF, Office, OpenDocument, image or text, at most 20 MB); one outcome document per language',
      consumes: ['multipart/form-data'],
      params: idParamSchema,
      response: documentSchema,
      status: 201,
      responses: uploadErrors,
    },
    async (c) => {
      const upload = await readUpload(c.request);
      return service.addDocument(c.db, c.audit, c.actor, c.params.id, upload);
    },
  );

  route.get(
    '/documents/:id/file',
    {
      access: 'meetings.read',
      summary: 'Download a document',
      params: idParamSchema,
      response: z.any().describe('The file, as an attachment'),
    },
    async (c) => sendStoredFile(c.reply, await service.documentFile(c.db, c.params.id)),
  );

  route.delete(
    '/documents/:id',
    { access: 'meetings.manage', summary: 'Remove a document and its file', params: idParamSchema, status: 204 },

    (c) => service.deleteDocument(c.db, c.audit, c.params.id),
  );
};
