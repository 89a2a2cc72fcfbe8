import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { readUpload, sendDownload, sendStoredFile } from '../../platform/files';
import { routesOf } from '../../platform/route';
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

const read = 'partners.read';
const write = 'partners.write';
const staff = 'partners.staff';

/**
 * Partners and donors: organisations, their contacts, agreements and contributions, the sessions
 * they co-delivered or funded, and who does what where. Who reads what: see service.ts.
 */
export const partnerRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['partners'] });

  // ---------- organisations

  route.get(
    '/organisations',
    {
      access: 'curriculum.read',
      summary: 'Partner and donor organisations, by kind, country or part of the name',
      query: organisationListQuerySchema,
      response: organisationListSchema,
    },
    (c) => service.listOrganisations(c.db, c.query),
  );

  route.post(
    '/organisations',
    {
      access: write,
      summary: 'Add a partner or donor organisation (a name already used, in any case: 409)',
      body: createOrganisationSchema,
      response: organisationListItemSchema,
      status: 201,
    },
    (c) => service.createOrganisation(c.db, c.audit, c.body),
  );

  route.get(
    '/my-organisation',
    {
      access: 'partners.own',
      summary: "A partner user's own organisation (404 when the account names none)",
      response: organisationDetailSchema,
    },
    (c) => service.myOrganisation(c.db, c.actor),
  );

  route.get(
    '/organisations/:id',
    {
      access: read,
      summary: 'An organisation: seat, description, counts and contributions per currency (a partner user: its own only)',
      params: idParamsSchema,
      response: organisationDetailSchema,
    },
    (c) => service.getOrganisation(c.db, c.actor, c.params.id),
  );

  route.patch(
    '/organisations/:id',
    {
      access: write,
      summary: 'Edit an organisation',
      params: idParamsSchema,
      body: updateOrganisationSchema,
      response: organisationDetailSchema,
    },
    (c) => service.updateOrganisation(c.db, c.actor, c.audit, c.params.id, c.body),
  );

  route.get(
    '/organisations/:id/sessions',
    {
      access: read,
      summary: 'Sessions the organisation co-delivered or funded (course partner or donor, or contribution to the programme)',
      params: idParamsSchema,
      response: organisationSessionListSchema,
    },
    (c) => service.sessionsOfOrganisation(c.db, c.actor, c.params.id),
  );

  // ---------- contacts

  route.get(
    '/organisations/:id/contacts',
    {
      access: 'partners.contacts',
      summary: "The organisation's contacts (personal data: office staff only; each read is audited)",
      params: idParamsSchema,
      response: contactListSchema,
    },
    (c) => service.listContacts(c.db, c.audit, c.params.id),
  );

  route.post(
    '/organisations/:id/contacts',
    {
      access: write,
      summary: 'Add a contact person',
      params: idParamsSchema,
      body: createContactSchema,
      response: contactSchema,
      status: 201,
    },
    (c) => service.createContact(c.db, c.audit, c.params.id, c.body),
  );

  route.patch(
    '/partner-contacts/:id',
    {
      access: write,
      summary: 'Edit a contact person',
      params: idParamsSchema,
      body: updateContactSchema,
      response: contactSchema,
    },
    (c) => service.updateContact(c.db, c.audit, c.params.id, c.body),
  );

  route.delete(
    '/partner-contacts/:id',
    { access: write, summary: 'Remove a contact person', params: idParamsSchema, status: 204 },

    (c) => service.deleteContact(c.db, c.audit, c.params.id),
  );

  // ---------- agreements

  route.get(
    '/organisations/:id/agreements',
    {
      access: read,
      summary: "The organisation's agreements (MoU, funding agreement, letter of agreement…)",
      params: idParamsSchema,
      response: agreementListSchema,
    },
    (c) => service.listAgreements(c.db, c.actor, c.params.id),
  );

  route.post(
    '/organisations/:id/agreements',
    {
      access: write,
      summary: 'Record an agreement (its signed document is attached with PUT …/document)',
      params: idParamsSchema,
      body: createAgreementSchema,
      response: agreementSchema,
      status: 201,
    },
    (c) => service.createAgreement(c.db, c.actor, c.audit, c.params.id, c.body),
  );

  route.patch(
    '/partner-agreements/:id',
    {
      access: write,
      summary: 'Edit an agreement',
      params: idParamsSchema,
      body: updateAgreementSchema,
      response: agreementSchema,
    },
    (c) => service.updateAgreement(c.db, c.audit, c.params.id, c.body),
  );

  route.delete(
    '/partner-agreements/:id',
    {
      access: write,
      summary: 'Delete an agreement that no contribution cites, with its document',
      params: idParamsSchema,
      status: 204,
    },
    (c) => service.deleteAgreement(c.db, c.audit, c.params.id),
  );

  route.put(
    '/partner-agreements/:id/document',
    {
      access: write,
      summary: 'Attach the signed document (multipart/form-data, one file: PDF, Office, image or text; 20 MB at most)',
      consumes: ['multipart/form-data'],
      params: idParamsSchema,
      response: agreementSchema,
    },
    async (c) => {
      const { file } = await readUpload(c.request);
      return service.attachAgreementDocument(c.db, c.audit, c.params.id, file);
    },
  );

  route.get(
    '/partner-agreements/:id/document',
    {
      access: staff,
      summary: 'Download the signed document of an agreement',
      params: idParamsSchema,
      response: z.any().describe('The file, as an attachment'),
    },
    async (c) => sendStoredFile(c.reply, await service.agreementDocument(c.db, c.params.id)),
  );

  // ---------- contributions

  route.get(
    '/contributions',
    {
      access: read,
      summary: 'Contributions with totals per currency, per donor and per programme (a partner user: its own only)',
      query: contributionListQuerySchema,
      response: contributionListSchema,
    },
    (c) => service.listContributions(c.db, c.actor, c.query),
  );

  route.post(
    '/contributions',
    {
      access: write,
      summary: 'Record a contribution (amount as a decimal string in an ISO 4217 currency)',
      body: createContributionSchema,
      response: contributionSchema,
      status: 201,
    },
    (c) => service.createContribution(c.db, c.actor, c.audit, c.body),
  );

  route.patch(
    '/contributions/:id',
    {
      access: write,
      summary: 'Edit a contribution (the same rules apply to the record as changed)',
      params: idParamsSchema,
      body: updateContributionSchema,
      response: contributionSchema,
    },
    (c) => service.updateContribution(c.db, c.actor, c.audit, c.params.id, c.body),
  );

  route.delete(
    '/contributions/:id',
    { access: write, summary: 'Delete a contribution', params: idParamsSchema, status: 204 },

    (c) => service.deleteContribution(c.db, c.audit, c.params.id),
  );

  // ---------- who does what where

  route.get(
    '/partners/matrix',
    {
      access: staff,
      summary: 'Who does what where: partners per state and theme, from the sessions they delivered or funded; overlaps marked',
      query: matrixQuerySchema,
      response: matrixSchema,
    },
    (c) => service.whoDoesWhatWhere(c.db, c.actor, c.query),
  );

  route.get(
    '/partners/matrix.csv',
    {
      access: staff,
      summary: 'The who-does-what-where matrix as CSV (states as rows, themes as columns)',
      query: matrixQuerySchema,
      response: z.any().describe('CSV file'),
    },
    async (c) => {
      const csv = await service.whoDoesWhatWhereCsv(c.db, c.actor, c.query);
      return sendDownload(c.reply, {
        name: 'tadrib-who-does-what-where.csv',
        mediaType: 'text/csv; charset=utf-8',
        content: csv,
      });
    },
  );
};
