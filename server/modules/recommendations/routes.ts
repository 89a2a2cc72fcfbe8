import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readUpload, sendStoredFile } from '../../platform/files';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import {
  actionDetailSchema,
  actionInputSchema,
  actionListQuerySchema,
  actionListSchema,
  carrySchema,
  createRecommendationSchema,
  editionSummaryListSchema,
  evidenceInputSchema,
  followThroughQuerySchema,
  followThroughSchema,
  idParamSchema,
  ownerSummaryListSchema,
  recommendationDetailSchema,
  recommendationListQuerySchema,
  recommendationListSchema,
  stateSummaryListSchema,
  statusChangeSchema,
  updateActionSchema,
  updateRecommendationSchema,
  yearRangeQuerySchema,
} from './schemas';
import * as service from './service';

const tags = ['recommendations'];
const read = { access: 'recommendations.read' } as const;
const write = { access: 'recommendations.write' } as const;
const actionsRead = { access: 'recommendations.actions.read' } as const;
const actionsUpdate = { access: 'recommendations.actions.update' } as const;

/**
 * Recommendations of the high-level meeting and their actions. Registered at /api. Officers manage
 * everything and M&E officers read it; a focal point reads and updates (status, evidence) the
 * actions of their own state and its agencies only: any other action is 404 for them.
 */
export const recommendationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/recommendations/editions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Editions of the meeting with their recommendations, actions by status and follow-through rate',
        response: { 200: editionSummaryListSchema, ...errorResponses },
      },
    },
    async (request) => service.editionSummaries(app.db, actorOf(request)),
  );

  app.get(
    '/recommendations/follow-through',
    {
      config: actionsRead,
      schema: {
        tags,
        summary: 'The follow-through rate (recommendations implemented) with its definition; a focal point: their state’s',
        querystring: followThroughQuerySchema,
        response: { 200: followThroughSchema, ...errorResponses },
      },
    },
    async (request) => service.followThroughFor(app.db, actorOf(request), request.query),
  );

  app.get(
    '/recommendations/by-state',
    {
      config: read,
      schema: {
        tags,
        summary: 'Actions and follow-through rate per owning state (its own actions and its agencies’)',
        querystring: yearRangeQuerySchema,
        response: { 200: stateSummaryListSchema, ...errorResponses },
      },
    },
    async (request) => service.stateSummaries(app.db, request.query),
  );

  app.get(
    '/recommendations/by-owner',
    {
      config: read,
      schema: {
        tags,
        summary: 'Actions per owner (state, agency, the office, partner organisation)',
        response: { 200: ownerSummaryListSchema, ...errorResponses },
      },
    },
    async () => service.ownerSummaries(app.db),
  );

  app.get(
    '/recommendations',
    {
      config: read,
      schema: {
        tags,
        summary: 'Recommendations by edition, pillar, resolution or owning state, with their actions counted by status',
        querystring: recommendationListQuerySchema,
        response: { 200: recommendationListSchema, ...errorResponses },
      },
    },
    async (request) => service.listRecommendations(app.db, actorOf(request), request.query),
  );

  app.post(
    '/recommendations',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record a recommendation adopted at an edition, with its actions',
        body: createRecommendationSchema,
        response: { 201: recommendationDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createRecommendation(app.db, request.auditContext(), actorOf(request), request.body)),
  );

  app.get(
    '/recommendations/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A recommendation with its actions and where it was carried from or to',
        params: idParamSchema,
        response: { 200: recommendationDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.getRecommendation(app.db, actorOf(request), request.params.id),
  );

  app.patch(
    '/recommendations/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a recommendation’s number, text, pillars or resolutions',
        params: idParamSchema,
        body: updateRecommendationSchema,
        response: { 200: recommendationDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      service.updateRecommendation(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/recommendations/:id/actions',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add an action (one owner; due date twelve months after the edition unless given)',
        params: idParamSchema,
        body: actionInputSchema,
        response: { 201: actionDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.addAction(app.db, request.auditContext(), actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/recommendations/:id/carry',
    {
      config: write,
      schema: {
        tags,
        summary: 'Carry a recommendation (or some of its open actions) to the next edition; answers the carried copy',
        params: idParamSchema,
        body: carrySchema,
        response: { 201: recommendationDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.carry(app.db, request.auditContext(), actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/recommendation-actions',
    {
      config: actionsRead,
      schema: {
        tags,
        summary: 'Actions by edition, state, owner, status or overdue (a focal point: their state’s only)',
        querystring: actionListQuerySchema,
        response: { 200: actionListSchema, ...errorResponses },
      },
    },
    async (request) => service.listActions(app.db, actorOf(request), request.query),
  );

  app.get(
    '/recommendation-actions/:id',
    {
      config: actionsRead,
      schema: {
        tags,
        summary: 'An action with its history and evidence (of its whole carry lineage)',
        params: idParamSchema,
        response: { 200: actionDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.getAction(app.db, actorOf(request), request.params.id),
  );

  app.patch(
    '/recommendation-actions/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change an action’s description, owner or due date (kept in its history)',
        params: idParamSchema,
        body: updateActionSchema,
        response: { 200: actionDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.updateAction(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/recommendation-actions/:id/status',
    {
      config: actionsUpdate,
      schema: {
        tags,
        summary: 'Move an action: planned → in progress → done, or dropped with a reason; officers reopen',
        params: idParamSchema,
        body: statusChangeSchema,
        response: { 200: actionDetailSchema, ...errorResponses },
      },
    },
    async (request) => service.changeStatus(app.db, request.auditContext(), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/recommendation-actions/:id/evidence',
    {
      config: actionsUpdate,
      schema: {
        tags,
        summary: 'Add evidence as text or as an http(s) link',
        params: idParamSchema,
        body: evidenceInputSchema,
        response: { 201: actionDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.addEvidence(app.db, request.auditContext(), actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/recommendation-actions/:id/evidence/file',
    {
      config: actionsUpdate,
      schema: {
        tags,
        summary: 'Add evidence as a file (multipart/form-data: file, optional note)',
        consumes: ['multipart/form-data'],
        params: idParamSchema,
        response: { 201: actionDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // Refuse before reading a large upload for an action the caller cannot change.
      await service.assertCanAddEvidence(app.db, actor, request.params.id);
      const upload = await readUpload(request);
      return reply
        .code(201)
        .send(await service.addEvidenceFile(app.db, request.auditContext(), actor, request.params.id, upload));
    },
  );

  app.get(
    '/recommendation-evidence/:id/file',
    {
      config: actionsRead,
      schema: {
        tags,
        summary: 'Download the file of an evidence item (under its action’s access rule)',
        params: idParamSchema,
        response: { ...errorResponses },
      },
    },
    async (request, reply) => sendStoredFile(reply, await service.evidenceFile(app.db, actorOf(request), request.params.id)),
  );
};
