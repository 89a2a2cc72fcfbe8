import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUpload, sendStoredFile } from '../../platform/files';
import { actorOf } from '../../platform/http';
import { errorResponses, noContent } from '../../platform/openapi';
import {
  agreementListSchema,
  agreementSchema,
  contactListSchema,
  contactSchema,
  contributionListQuerySchema,
  contributionListSchema,
  contributionSchema,
  createAgreementSchema,
  createContactSchema,
  createContributionSchema,
  createOrganisationSchema,
  idParamsSchema,
  matrixQuerySchema,
  matrixSchema,
  organisationDetailSchema,
  organisationListItemSchema,
  organisationListQuerySchema,
  organisationListSchema,
  organisationSessionListSchema,
  updateAgreementSchema,
  updateContactSchema,
  updateContributionSchema,
  updateOrganisationSchema,
} from './schemas';
import * as service from './service';

const tags = ['partners'];
const read = { access: 'partners.read' } as const;
const write = { access: 'partners.write' } as const;
const staff = { access: 'partners.staff' } as const;

/**
 * Partners and donors: organisations, their contacts, agreements and contributions, the sessions
 * they co-delivered or funded, and who does what where. Who reads what: see service.ts.
 */
export const partnerRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---------- organisations

  app.get(
    '/organisations',
    {
      // Courses name their donors and delivering partners to every reader: the list holds no more.
      config: { access: 'curriculum.read' },
      schema: {
        tags,
        summary: 'Partner and donor organisations, by kind, country or part of the name',
        querystring: organisationListQuerySchema,
        response: { 200: organisationListSchema, ...errorResponses },
      },
    },
    async (request) => service.listOrganisations(app.db, request.query),
  );

  app.post(
    '/organisations',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a partner or donor organisation (a name already used, in any case: 409)',
        body: createOrganisationSchema,
        response: { 201: organisationListItemSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createOrganisation(app.db, request.auditContext(), request.body)),
  );

  app.get(
    '/my-organisation',
    {
      config: { access: 'partners.own' },
      schema: {
        tags,
        summary: "A partner user's own organisation (404 when the account names none)",
        response: { 200: organisationDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.myOrganisation(app.db, actorOf(request)),
  );

  app.get(
    '/organisations/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'An organisation: seat, description, counts and contributions per currency (a partner user: its own only)',
        params: idParamsSchema,
        response: { 200: organisationDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.getOrganisation(app.db, actorOf(request), request.params.id),
  );

  app.patch(
    '/organisations/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit an organisation',
        params: idParamsSchema,
        body: updateOrganisationSchema,
        response: { 200: organisationDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.updateOrganisation(app.db, actorOf(request), request.auditContext(), request.params.id, request.body),
  );

  app.get(
    '/organisations/:id/sessions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Sessions the organisation co-delivered or funded (course partner or donor, or contribution to the programme)',
        params: idParamsSchema,
        response: { 200: organisationSessionListSchema, ...errorResponses },
      },
    },
    async (request) => service.sessionsOfOrganisation(app.db, actorOf(request), request.params.id),
  );

  // ---------- contacts

  app.get(
    '/organisations/:id/contacts',
    {
      config: { access: 'partners.contacts' },
      schema: {
        tags,
        summary: "The organisation's contacts (personal data: office staff only; each read is audited)",
        params: idParamsSchema,
        response: { 200: contactListSchema, ...errorResponses },
      },
    },
    async (request) => service.listContacts(app.db, request.auditContext(), request.params.id),
  );

  app.post(
    '/organisations/:id/contacts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a contact person',
        params: idParamsSchema,
        body: createContactSchema,
        response: { 201: contactSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createContact(app.db, request.auditContext(), request.params.id, request.body)),
  );

  app.patch(
    '/partner-contacts/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a contact person',
        params: idParamsSchema,
        body: updateContactSchema,
        response: { 200: contactSchema, ...errorResponses },
      },
    },
    async (request) => service.updateContact(app.db, request.auditContext(), request.params.id, request.body),
  );

  app.delete(
    '/partner-contacts/:id',
    {
      config: write,
      schema: { tags, summary: 'Remove a contact person', params: idParamsSchema, response: { ...noContent, ...errorResponses } },
    },
    async (request, reply) => {
      await service.deleteContact(app.db, request.auditContext(), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---------- agreements

  app.get(
    '/organisations/:id/agreements',
    {
      config: read,
      schema: {
        tags,
        summary: "The organisation's agreements (MoU, funding agreement, letter of agreement…)",
        params: idParamsSchema,
        response: { 200: agreementListSchema, ...errorResponses },
      },
    },
    async (request) => service.listAgreements(app.db, actorOf(request), request.params.id),
  );

  app.post(
    '/organisations/:id/agreements',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record an agreement (its signed document is attached with PUT …/document)',
        params: idParamsSchema,
        body: createAgreementSchema,
        response: { 201: agreementSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.createAgreement(app.db, actorOf(request), request.auditContext(), request.params.id, request.body)),
  );

  app.patch(
    '/partner-agreements/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit an agreement',
        params: idParamsSchema,
        body: updateAgreementSchema,
        response: { 200: agreementSchema, ...errorResponses },
      },
    },
    async (request) => service.updateAgreement(app.db, request.auditContext(), request.params.id, request.body),
  );

  app.delete(
    '/partner-agreements/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete an agreement that no contribution cites, with its document',
        params: idParamsSchema,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.deleteAgreement(app.db, request.auditContext(), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/partner-agreements/:id/document',
    {
      config: write,
      schema: {
        tags,
        summary: 'Attach the signed document (multipart/form-data, one file: PDF, Office, image or text; 20 MB at most)',
        consumes: ['multipart/form-data'],
        params: idParamsSchema,
        response: { 200: agreementSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { file } = await readUpload(request);
      return service.attachAgreementDocument(app.db, request.auditContext(), request.params.id, file);
    },
  );

  app.get(
    '/partner-agreements/:id/document',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Download the signed document of an agreement',
        params: idParamsSchema,
        response: { 200: z.any().describe('The file, as an attachment'), ...errorResponses },
      },
    },
    async (request, reply) => sendStoredFile(reply, await service.agreementDocument(app.db, request.params.id)),
  );

  // ---------- contributions

  app.get(
    '/contributions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Contributions with totals per currency, per donor and per programme (a partner user: its own only)',
        querystring: contributionListQuerySchema,
        response: { 200: contributionListSchema, ...errorResponses },
      },
    },
    async (request) => service.listContributions(app.db, actorOf(request), request.query),
  );

  app.post(
    '/contributions',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record a contribution (amount as a decimal string in an ISO 4217 currency)',
        body: createContributionSchema,
        response: { 201: contributionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createContribution(app.db, actorOf(request), request.auditContext(), request.body)),
  );

  app.patch(
    '/contributions/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a contribution (the same rules apply to the record as changed)',
        params: idParamsSchema,
        body: updateContributionSchema,
        response: { 200: contributionSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.updateContribution(app.db, actorOf(request), request.auditContext(), request.params.id, request.body),
  );

  app.delete(
    '/contributions/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a contribution', params: idParamsSchema, response: { ...noContent, ...errorResponses } },
    },
    async (request, reply) => {
      await service.deleteContribution(app.db, request.auditContext(), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---------- who does what where

  app.get(
    '/partners/matrix',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Who does what where: partners per state and theme, from the sessions they delivered or funded; overlaps marked',
        querystring: matrixQuerySchema,
        response: { 200: matrixSchema, ...errorResponses },
      },
    },
    async (request) => service.whoDoesWhatWhere(app.db, actorOf(request), request.query),
  );

  app.get(
    '/partners/matrix.csv',
    {
      config: staff,
      schema: {
        tags,
        summary: 'The who-does-what-where matrix as CSV (states as rows, themes as columns)',
        querystring: matrixQuerySchema,
        response: { 200: z.any().describe('CSV file'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const csv = await service.whoDoesWhatWhereCsv(app.db, actorOf(request), request.query);
      return reply
        .header('content-disposition', 'attachment; filename="tadrib-who-does-what-where.csv"')
        .header('x-content-type-options', 'nosniff')
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );
};
