import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { readUpload, sendStoredFile } from '../../platform/files';
import { actorOf } from '../../platform/http';
import { errorResponses } from '../../platform/openapi';
import {
  addWorkshopSchema,
  coverageInputSchema,
  createEngagementSchema,
  documentIdParamsSchema,
  documentLanguageSchema,
  engagementIdParamsSchema,
  engagementSchema,
  overviewQuerySchema,
  overviewSchema,
  staffListSchema,
  stageIdParamsSchema,
  stateParamsSchema,
  stateProgrammeSchema,
  updateEngagementSchema,
  updateStageSchema,
} from './schemas';
import * as service from './service';

const overview = { access: 'nationalProgrammes.overview' } as const;
const read = { access: 'nationalProgrammes.read' } as const;
const write = { access: 'nationalProgrammes.write' } as const;
const tags = ['national programmes'];
const engagementResponse = { 200: engagementSchema, ...errorResponses };

/**
 * Support to member states building a national CT strategy or action plan. The overview across
 * states holds no personal data (partners see it); engagements name national counterparts, so
 * officers read all and a focal point their own state's (read only: the office records what the
 * state sends, least privilege). Out of scope is 404.
 */
export const nationalProgrammeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/overview',
    {
      config: overview,
      schema: {
        tags,
        summary: 'Engagements across states: current stage, coverage counts, adoption; filter by current stage, kind, status',
        querystring: overviewQuerySchema,
        response: { 200: overviewSchema, ...errorResponses },
      },
    },
    async (request) => service.overview(app.db, actorOf(request), request.query),
  );

  app.get(
    '/staff',
    {
      config: write,
      schema: {
        tags,
        summary: 'Office staff who may be named responsible for a stage',
        response: { 200: staffListSchema, ...errorResponses },
      },
    },
    async () => service.listStaff(app.db),
  );

  app.get(
    '/states/:iso2',
    {
      config: read,
      schema: {
        tags,
        summary: "A state's engagements with their stages (the timeline), responsible persons, documents and coverage",
        params: stateParamsSchema,
        response: { 200: stateProgrammeSchema, ...errorResponses },
      },
    },
    async (request) => service.stateProgramme(app.db, actorOf(request), request.auditContext(), request.params.iso2),
  );

  app.post(
    '/engagements',
    {
      config: write,
      schema: {
        tags,
        summary: 'Open an engagement with a state: its six stages are created, the request starting on requestedOn',
        body: createEngagementSchema,
        response: { 201: engagementSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await service.createEngagement(app.db, request.auditContext(), request.body);
      return reply.code(201).send(await service.engagementView(app.db, actorOf(request), id));
    },
  );

  app.get(
    '/engagements/:id',
    {
      config: read,
      schema: { tags, summary: 'One engagement', params: engagementIdParamsSchema, response: engagementResponse },
    },
    async (request) => service.getEngagement(app.db, actorOf(request), request.auditContext(), request.params.id),
  );

  app.patch(
    '/engagements/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change the title, kind, status or notes of an engagement (completed only once adopted)',
        params: engagementIdParamsSchema,
        body: updateEngagementSchema,
        response: engagementResponse,
      },
    },
    async (request) => {
      await service.updateEngagement(app.db, request.auditContext(), request.params.id, request.body);
      return service.engagementView(app.db, actorOf(request), request.params.id);
    },
  );

  app.put(
    '/engagements/:id/coverage',
    {
      config: write,
      schema: {
        tags,
        summary: 'Replace the resolutions and strategy pillars the programme covers, as a whole and per part',
        params: engagementIdParamsSchema,
        body: coverageInputSchema,
        response: engagementResponse,
      },
    },
    async (request) => {
      await service.replaceCoverage(app.db, request.auditContext(), request.params.id, request.body);
      return service.engagementView(app.db, actorOf(request), request.params.id);
    },
  );

  app.post(
    '/engagements/:id/workshops',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a further drafting workshop after the last one',
        params: engagementIdParamsSchema,
        body: addWorkshopSchema,
        response: { 201: engagementSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await service.addWorkshop(app.db, request.auditContext(), request.params.id, request.body);
      return reply.code(201).send(await service.engagementView(app.db, actorOf(request), id));
    },
  );

  app.patch(
    '/stages/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a stage: planned and actual dates, notes, skipped, responsible staff and counterparts',
        params: stageIdParamsSchema,
        body: updateStageSchema,
        response: engagementResponse,
      },
    },
    async (request) => {
      const id = await service.updateStage(app.db, request.auditContext(), request.params.id, request.body);
      return service.engagementView(app.db, actorOf(request), id);
    },
  );

  app.delete(
    '/stages/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a further drafting workshop that has no actual dates or documents',
        params: stageIdParamsSchema,
        response: engagementResponse,
      },
    },
    async (request) => {
      const id = await service.removeStage(app.db, request.auditContext(), request.params.id);
      return service.engagementView(app.db, actorOf(request), id);
    },
  );

  app.post(
    '/stages/:id/documents',
    {
      config: write,
      schema: {
        tags,
        summary: 'Attach a document to a stage: multipart/form-data with "file" and an optional "language" (en, fr, ar, pt)',
        params: stageIdParamsSchema,
        response: { 201: engagementSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { fields, file } = await readUpload(request);
      if (!file) throw service.missingFile();
      const language = documentLanguageSchema.safeParse(fields.language || undefined);
      if (!language.success) {
        throw new AppError('VALIDATION_FAILED', 'Use en, fr, ar or pt for the language', {
          details: [{ path: 'language', message: 'Use en, fr, ar or pt' }],
        });
      }
      const id = await service.addDocument(app.db, request.auditContext(), request.params.id, {
        file,
        language: language.data ?? null,
      });
      return reply.code(201).send(await service.engagementView(app.db, actorOf(request), id));
    },
  );

  app.get(
    '/documents/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Download a document of an engagement the reader may see',
        params: documentIdParamsSchema,
        response: { 200: z.any().describe('The file'), ...errorResponses },
      },
    },
    async (request, reply) =>
      sendStoredFile(reply, await service.downloadDocument(app.db, actorOf(request), request.auditContext(), request.params.id)),
  );

  app.delete(
    '/documents/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a document (and its stored file)',
        params: documentIdParamsSchema,
        response: engagementResponse,
      },
    },
    async (request) => {
      const id = await service.removeDocument(app.db, request.auditContext(), request.params.id);
      return service.engagementView(app.db, actorOf(request), id);
    },
  );
};
