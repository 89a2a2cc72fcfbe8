import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import {
  agencyInputSchema,
  agencyListQuerySchema,
  agencyListSchema,
  agencySchema,
  agencyUpdateSchema,
  idParamsSchema,
  officialInputSchema,
  officialListQuerySchema,
  officialListSchema,
  officialSchema,
} from './schemas';
import * as service from './service';

const read = { access: 'registry.read' } as const;
const readAgencies = { access: 'registry.agencies' } as const;
const write = { access: 'registry.write' } as const;

/** Agencies of the member states: mounted at /api/agencies. */
export const agencyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['registry'];

  app.get(
    '/',
    {
      config: readAgencies,
      schema: {
        tags,
        summary: 'Agencies, by state (a focal point sees their own state’s)',
        querystring: agencyListQuerySchema,
        response: { 200: agencyListSchema, ...errorResponses },
      },
    },
    async (request) => service.listAgencies(app.db, actorOf(request), request.query),
  );

  app.get(
    '/:id',
    {
      config: readAgencies,
      schema: { tags, summary: 'One agency', params: idParamsSchema, response: { 200: agencySchema, ...errorResponses } },
    },
    async (request) => service.getAgency(app.db, actorOf(request), request.params.id),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add an agency to a state (a focal point: to their own state)',
        body: agencyInputSchema,
        response: { 201: agencySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createAgency(app.db, actorOf(request), request.auditContext(), request.body)),
  );

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change an agency’s name, acronym, type or parent body',
        params: idParamsSchema,
        body: agencyUpdateSchema,
        response: { 200: agencySchema, ...errorResponses },
      },
    },
    async (request) => service.updateAgency(app.db, actorOf(request), request.auditContext(), request.params.id, request.body),
  );
};

/** Officials: mounted at /api/officials. Every read of an identity is scoped and audited. */
export const officialRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['registry'];

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search officials (names in any order and spelling, original script, email); audited',
        querystring: officialListQuerySchema,
        response: { 200: officialListSchema, ...errorResponses },
      },
    },
    async (request) => service.listOfficials(app.db, actorOf(request), request.auditContext(), request.query),
  );

  app.get(
    '/me',
    {
      config: { access: 'participation.self' },
      schema: {
        tags,
        summary: 'A participant’s own registry record; audited',
        response: { 200: officialSchema, ...errorResponses },
      },
    },
    async (request) => service.getOwnOfficial(app.db, actorOf(request), request.auditContext()),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One official, with agency and nominations; audited',
        params: idParamsSchema,
        response: { 200: officialSchema, ...errorResponses },
      },
    },
    async (request) => service.getOfficial(app.db, actorOf(request), request.auditContext(), request.params.id),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record an official (a focal point: of their own state)',
        body: officialInputSchema,
        response: { 201: officialSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createOfficial(app.db, actorOf(request), request.auditContext(), request.body)),
  );

  app.put(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Replace an official’s details (a focal point: of their own state)',
        params: idParamsSchema,
        body: officialInputSchema,
        response: { 200: officialSchema, ...errorResponses },
      },
    },
    async (request) => service.updateOfficial(app.db, actorOf(request), request.auditContext(), request.params.id, request.body),
  );
};
