import type { FastifyPluginAsync } from 'fastify';
import { readUpload, sendStoredFile } from '../../platform/files';
import { routesOf } from '../../platform/route';
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

const read = 'recommendations.read';
const write = 'recommendations.write';
const actionsRead = 'recommendations.actions.read';
const actionsUpdate = 'recommendations.actions.update';

/**
 * Recommendations of the high-level meeting and their actions. Registered at /api. Officers manage
 * everything and M&E officers read it; a focal point reads and updates (status, evidence) the
 * actions of their own state and its agencies only: any other action is 404 for them.
 */
export const recommendationRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['recommendations'] });

  route.get(
    '/recommendations/editions',
    {
      access: read,
      summary: 'Editions of the meeting with their recommendations, actions by status and follow-through rate',
      response: editionSummaryListSchema,
    },
    (c) => service.editionSummaries(c.db, c.actor),
  );

  route.get(
    '/recommendations/follow-through',
    {
      access: actionsRead,
      summary: 'The follow-through rate (recommendations implemented) with its definition; a focal point: their state’s',
      query: followThroughQuerySchema,
      response: followThroughSchema,
    },
    (c) => service.followThroughFor(c.db, c.actor, c.query),
  );

  route.get(
    '/recommendations/by-state',
    {
      access: read,
      summary: 'Actions and follow-through rate per owning state (its own actions and its agencies’)',
      query: yearRangeQuerySchema,
      response: stateSummaryListSchema,
    },
    (c) => service.stateSummaries(c.db, c.query),
  );

  route.get(
    '/recommendations/by-owner',
    {
      access: read,
      summary: 'Actions per owner (state, agency, the office, partner organisation)',
      response: ownerSummaryListSchema,
    },
    (c) => service.ownerSummaries(c.db),
  );

  route.get(
    '/recommendations',
    {
      access: read,
      summary: 'Recommendations by edition, pillar, resolution or owning state, with their actions counted by status',
      query: recommendationListQuerySchema,
      response: recommendationListSchema,
    },
    (c) => service.listRecommendations(c.db, c.actor, c.query),
  );

  route.post(
    '/recommendations',
    {
      access: write,
      summary: 'Record a recommendation adopted at an edition, with its actions',
      body: createRecommendationSchema,
      response: recommendationDetailSchema,
      status: 201,
    },
    (c) => service.createRecommendation(c.db, c.audit, c.actor, c.body),
  );

  route.get(
    '/recommendations/:id',
    {
      access: read,
      summary: 'A recommendation with its actions and where it was carried from or to',
      params: idParamSchema,
      response: recommendationDetailSchema,
    },
    (c) => service.getRecommendation(c.db, c.actor, c.params.id),
  );

  route.patch(
    '/recommendations/:id',
    {
      access: write,
      summary: 'Edit a recommendation’s number, text, pillars or resolutions',
      params: idParamSchema,
      body: updateRecommendationSchema,
      response: recommendationDetailSchema,
    },
    (c) => service.updateRecommendation(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/recommendations/:id/actions',
    {
      access: write,
      summary: 'Add an action (one owner; due date twelve months after the edition unless given)',
      params: idParamSchema,
      body: actionInputSchema,
      response: actionDetailSchema,
      status: 201,
    },
    (c) => service.addAction(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/recommendations/:id/carry',
    {
      access: write,
      summary: 'Carry a recommendation (or some of its open actions) to the next edition; answers the carried copy',
      params: idParamSchema,
      body: carrySchema,
      response: recommendationDetailSchema,
      status: 201,
    },
    (c) => service.carry(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.get(
    '/recommendation-actions',
    {
      access: actionsRead,
      summary: 'Actions by edition, state, owner, status or overdue (a focal point: their state’s only)',
      query: actionListQuerySchema,
      response: actionListSchema,
    },
    (c) => service.listActions(c.db, c.actor, c.query),
  );

  route.get(
    '/recommendation-actions/:id',
    {
      access: actionsRead,
      summary: 'An action with its history and evidence (of its whole carry lineage)',
      params: idParamSchema,
      response: actionDetailSchema,
    },
    (c) => service.getAction(c.db, c.actor, c.params.id),
  );

  route.patch(
    '/recommendation-actions/:id',
    {
      access: write,
      summary: 'Change an action’s description, owner or due date (kept in its history)',
      params: idParamSchema,
      body: updateActionSchema,
      response: actionDetailSchema,
    },
    (c) => service.updateAction(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/recommendation-actions/:id/status',
    {
      access: actionsUpdate,
      summary: 'Move an action: planned → in progress → done, or dropped with a reason; officers reopen',
      params: idParamSchema,
      body: statusChangeSchema,
      response: actionDetailSchema,
    },
    (c) => service.changeStatus(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/recommendation-actions/:id/evidence',
    {
      access: actionsUpdate,
      summary: 'Add evidence as text or as an http(s) link',
      params: idParamSchema,
      body: evidenceInputSchema,
      response: actionDetailSchema,
      status: 201,
    },
    (c) => service.addEvidence(c.db, c.audit, c.actor, c.params.id, c.body),
  );

  route.post(
    '/recommendation-actions/:id/evidence/file',
    {
      access: actionsUpdate,
      summary: 'Add evidence as a file (multipart/form-data: file, optional note)',
      consumes: ['multipart/form-data'],
      params: idParamSchema,
      response: actionDetailSchema,
      status: 201,
    },
    async ({ db, actor, audit, params, request }) => {
      // Refuse before reading a large upload for an action the caller cannot change.
      await service.assertCanAddEvidence(db, actor, params.id);
      const upload = await readUpload(request);
      return service.addEvidenceFile(db, audit, actor, params.id, upload);
    },
  );

  route.get(
    '/recommendation-evidence/:id/file',
    {
      access: actionsRead,
      summary: 'Download the file of an evidence item (under its action’s access rule)',
      params: idParamSchema,
    },
    async (c) => sendStoredFile(c.reply, await service.evidenceFile(c.db, c.actor, c.params.id)),
  );
};
