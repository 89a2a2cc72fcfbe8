import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUpload, sendStoredFile } from '../../platform/files';
import { actorOf, errorEnvelope } from '../../platform/http';
import { errorResponses, noContent } from '../../platform/openapi';
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

const tags = ['meetings'];
const uploadErrors = {
  413: errorEnvelope.describe('The file or a field is too large'),
  415: errorEnvelope.describe('Not multipart/form-data, or a kind of file that is not accepted'),
} as const;

/** The yearly high-level meeting: editions, delegations, delegates, agenda, documents. Registered at /api/meetings. */
export const meetingRoutes: FastifyPluginAsyncZod = async (app) => {
  // Editions

  app.get(
    '/editions',
    {
      config: { access: 'meetings.read' },
      schema: {
        tags,
        summary: 'Editions of the high-level meeting, newest first',
        response: { 200: editionListSchema, ...errorResponses },
      },
    },
    async (request) => service.listEditions(app.db, actorOf(request)),
  );

  app.post(
    '/editions',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Record an edition (number, dates, city, country, theme)',
        body: createEditionSchema,
        response: { 201: editionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createEdition(app.db, request.auditContext(), actorOf(request), request.body)),
  );

  app.get(
    '/editions/:id',
    {
      config: { access: 'meetings.read' },
      schema: {
        tags,
        summary: 'One edition with its status and counts',
        params: idParamSchema,
        response: { 200: editionSchema, ...errorResponses },
      },
    },
    async (request) => service.getEdition(app.db, actorOf(request), request.params.id),
  );

  app.patch(
    '/editions/:id',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Change an edition; its agenda must stay within its dates',
        params: idParamSchema,
        body: updateEditionSchema,
        response: { 200: editionSchema, ...errorResponses },
      },
    },
    async (request) => service.updateEdition(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  // Delegations and delegates

  app.get(
    '/editions/:id/delegations',
    {
      config: { access: 'meetings.delegations' },
      schema: {
        tags,
        summary: 'Delegations of an edition with their delegates (a focal point: their state’s); audited',
        params: idParamSchema,
        response: { 200: delegationListSchema, ...errorResponses },
      },
    },
    async (request) => service.listDelegations(app.db, request.auditContext(), actorOf(request), request.params.id),
  );

  app.post(
    '/editions/:id/delegations',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Add a delegation: a member state, an agency (for its state) or an organisation, with its role',
        params: idParamSchema,
        body: createDelegationSchema,
        response: { 201: delegationSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.createDelegation(app.db, request.auditContext(), actorOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/delegations/:id',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Change the role of a delegation',
        params: idParamSchema,
        body: updateDelegationSchema,
        response: { 200: delegationSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.updateDelegation(app.db, request.auditContext(), actorOf(request), request.params.id, request.body.role),
  );

  app.delete(
    '/delegations/:id',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Remove a delegation that has no delegate',
        params: idParamSchema,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deleteDelegation(app.db, request.auditContext(), actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/delegations/:id/head',
    {
      config: { access: 'meetings.register' },
      schema: {
        tags,
        summary: 'Name (or clear) the head of a delegation: one of its delegates (a focal point: their state’s)',
        params: idParamSchema,
        body: headInputSchema,
        response: { 200: delegationSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.setHead(app.db, request.auditContext(), actorOf(request), request.params.id, request.body.delegateId),
  );

  app.post(
    '/delegations/:id/delegates',
    {
      config: { access: 'meetings.register' },
      schema: {
        tags,
        summary: 'Register a delegate (a focal point: in their state’s delegation); the office approves',
        params: idParamSchema,
        body: registerDelegateSchema,
        response: { 201: delegateSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.registerDelegate(app.db, request.auditContext(), actorOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/delegates/:id',
    {
      config: { access: 'meetings.register' },
      schema: {
        tags,
        summary: 'Correct a delegate’s registration (a focal point: while it awaits the office’s decision)',
        params: idParamSchema,
        body: updateDelegateSchema,
        response: { 200: delegateSchema, ...errorResponses },
      },
    },
    async (request) => service.updateDelegate(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/delegates/:id/decision',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Approve a delegate, or decline with a reason; never twice, never for a past edition',
        params: idParamSchema,
        body: delegateDecisionSchema,
        response: { 200: delegateSchema, ...errorResponses },
      },
    },
    async (request) => service.decideDelegate(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/editions/:id/badges',
    {
      config: { access: 'meetings.badges' },
      schema: {
        tags,
        summary: 'Badge list: approved delegates by delegation, heads first; audited',
        params: idParamSchema,
        response: { 200: badgeListSchema, ...errorResponses },
      },
    },
    async (request) => service.listBadges(app.db, request.auditContext(), request.params.id),
  );

  app.get(
    '/editions/:id/badges.csv',
    {
      config: { access: 'meetings.badges' },
      schema: {
        tags,
        summary: 'The badge list as CSV, column names in the reader’s language; audited',
        params: idParamSchema,
        response: { 200: z.any().describe('CSV file'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { fileName, csv } = await service.badgesCsv(app.db, request.auditContext(), actorOf(request), request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(csv);
    },
  );

  // Agenda

  app.get(
    '/editions/:id/agenda',
    {
      config: { access: 'meetings.agenda' },
      schema: {
        tags,
        summary: 'Agenda of an edition by day and time, with speakers',
        params: idParamSchema,
        response: { 200: agendaSchema, ...errorResponses },
      },
    },
    async (request) => service.getAgenda(app.db, request.auditContext(), actorOf(request), request.params.id),
  );

  app.post(
    '/editions/:id/agenda',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Add an agenda item within the edition’s dates; speakers are delegates of the edition or names',
        params: idParamSchema,
        body: agendaItemInputSchema,
        response: { 201: agendaItemSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.addAgendaItem(app.db, request.auditContext(), actorOf(request), request.params.id, request.body)),
  );

  app.put(
    '/agenda-items/:id',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Replace an agenda item and its speakers',
        params: idParamSchema,
        body: agendaItemInputSchema,
        response: { 200: agendaItemSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.replaceAgendaItem(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/agenda-items/:id',
    {
      config: { access: 'meetings.manage' },
      schema: { tags, summary: 'Remove an agenda item', params: idParamSchema, response: { ...noContent, ...errorResponses } },
    },
    async (request, reply) => {
      await service.deleteAgendaItem(app.db, request.auditContext(), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // Documents

  app.get(
    '/editions/:id/documents',
    {
      config: { access: 'meetings.read' },
      schema: {
        tags,
        summary: 'Outcome document and other documents of an edition, with their language',
        params: idParamSchema,
        response: { 200: documentListSchema, ...errorResponses },
      },
    },
    async (request) => service.listDocuments(app.db, request.params.id),
  );

  app.post(
    '/editions/:id/documents',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary:
          'Attach a document (multipart/form-data: kind, language, title and one file — PDF, Office, OpenDocument, image or text, at most 20 MB); one outcome document per language',
        consumes: ['multipart/form-data'],
        params: idParamSchema,
        response: { 201: documentSchema, ...errorResponses, ...uploadErrors },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request);
      return reply
        .code(201)
        .send(await service.addDocument(app.db, request.auditContext(), actorOf(request), request.params.id, upload));
    },
  );

  app.get(
    '/documents/:id/file',
    {
      config: { access: 'meetings.read' },
      schema: {
        tags,
        summary: 'Download a document',
        params: idParamSchema,
        response: { 200: z.any().describe('The file, as an attachment'), ...errorResponses },
      },
    },
    async (request, reply) => sendStoredFile(reply, await service.documentFile(app.db, request.params.id)),
  );

  app.delete(
    '/documents/:id',
    {
      config: { access: 'meetings.manage' },
      schema: {
        tags,
        summary: 'Remove a document and its file',
        params: idParamSchema,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deleteDocument(app.db, request.auditContext(), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
