import type { FastifyPluginAsync } from 'fastify';
import { routesOf } from '../../platform/route';
import { agencyInputSchema, agencyUpdateSchema, officialInputSchema } from './inputs';
import {
  agencyListQuerySchema,
  agencyListSchema,
  agencySchema,
  idParamsSchema,
  officialListQuerySchema,
  officialListSchema,
  officialSchema,
} from './schemas';
import * as service from './service';

const read = 'registry.read';
const readAgencies = 'registry.agencies';
const write = 'registry.write';

/** Agencies of the member states: mounted at /api/agencies. */
export const agencyRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['registry'] });

  route.get(
    '/',
    {
      access: readAgencies,
      summary: 'Agencies, by state (a focal point sees their own state’s)',
      query: agencyListQuerySchema,
      response: agencyListSchema,
    },
    (c) => service.listAgencies(c.db, c.actor, c.query),
  );

  route.get(
    '/:id',
    { access: readAgencies, summary: 'One agency', params: idParamsSchema, response: agencySchema },

    (c) => service.getAgency(c.db, c.actor, c.params.id),
  );

  route.post(
    '/',
    {
      access: write,
      summary: 'Add an agency to a state (a focal point: to their own state)',
      body: agencyInputSchema,
      response: agencySchema,
      status: 201,
    },
    (c) => service.createAgency(c.db, c.actor, c.audit, c.body),
  );

  route.patch(
    '/:id',
    {
      access: write,
      summary: 'Change an agency’s name, acronym, type or parent body',
      params: idParamsSchema,
      body: agencyUpdateSchema,
      response: agencySchema,
    },
    (c) => service.updateAgency(c.db, c.actor, c.audit, c.params.id, c.body),
  );
};

/** Officials: mounted at /api/officials. Every read of an identity is scoped and audited. */
export const officialRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['registry'] });

  route.get(
    '/',
    {
      access: read,
      summary: 'Search officials (names in any order and spelling, original script, email); audited',
      query: officialListQuerySchema,
      response: officialListSchema,
    },
    (c) => service.listOfficials(c.db, c.actor, c.audit, c.query),
  );

  route.get(
    '/me',
    { access: 'participation.self', summary: 'A participant’s own registry record; audited', response: officialSchema },

    (c) => service.getOwnOfficial(c.db, c.actor, c.audit),
  );

  route.get(
    '/:id',
    {
      access: read,
      summary: 'One official, with agency and nominations; audited',
      params: idParamsSchema,
      response: officialSchema,
    },
    (c) => service.getOfficial(c.db, c.actor, c.audit, c.params.id),
  );

  route.post(
    '/',
    {
      access: write,
      summary: 'Record an official (a focal point: of their own state)',
      body: officialInputSchema,
      response: officialSchema,
      status: 201,
    },
    (c) => service.createOfficial(c.db, c.actor, c.audit, c.body),
  );

  route.put(
    '/:id',
    {
      access: write,
      summary: 'Replace an official’s details (a focal point: of their own state)',
      params: idParamsSchema,
      body: officialInputSchema,
      response: officialSchema,
    },
    (c) => service.updateOfficial(c.db, c.actor, c.audit, c.params.id, c.body),
  );
};
