import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/openapi';
import { createOrganisationSchema, organisationListQuerySchema, organisationListSchema, organisationSchema } from './schemas';
import * as service from './service';

const tags = ['partners'];

/** Donors and partner organisations: named by courses (issue 5 grows this into the partners module). */
export const partnerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'curriculum.read' },
      schema: {
        tags,
        summary: 'Partner and donor organisations',
        querystring: organisationListQuerySchema,
        response: { 200: organisationListSchema, ...errorResponses },
      },
    },
    async (request) => service.listOrganisations(app.db, request.query.kind),
  );

  app.post(
    '/',
    {
      config: { access: 'curriculum.write' },
      schema: {
        tags,
        summary: 'Add a partner or donor organisation',
        body: createOrganisationSchema,
        response: { 201: organisationSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createOrganisation(app.db, request.auditContext(), request.body)),
  );
};
