import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { Actor } from '../../platform/access';
import type { Database } from '../../platform/db';
import { readUpload, sendStoredFile } from '../../platform/files';
import { routesOf } from '../../platform/route';
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

const overview = 'nationalProgrammes.overview';
const read = 'nationalProgrammes.read';
const write = 'nationalProgrammes.write';

/** A change answers with the engagement it touched (the id it gives), as the writer now sees it. */
const engagementAfter = async (c: { db: Database; actor: Actor }, change: Promise<string>) =>
  service.engagementView(c.db, c.actor, await change);

/**
 * Support to member states building a national CT strategy or action plan. The overview across
 * states holds no personal data (partners see it); engagements name national counterparts, so
 * officers read all and a focal point their own state's (read only: the office records what the
 * state sends, least privilege). Out of scope is 404.
 */
export const nationalProgrammeRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['national programmes'] });

  route.get(
    '/overview',
    {
      access: overview,
      summary: 'Engagements across states: current stage, coverage counts, adoption; filter by current stage, kind, status',
      query: overviewQuerySchema,
      response: overviewSchema,
    },
    (c) => service.overview(c.db, c.actor, c.query),
  );

  route.get(
    '/staff',
    { access: write, summary: 'Office staff who may be named responsible for a stage', response: staffListSchema },

    (c) => service.listStaff(c.db),
  );

  route.get(
    '/states/:iso2',
    {
      access: read,
      summary: "A state's engagements with their stages (the timeline), responsible persons, documents and coverage",
      params: stateParamsSchema,
      response: stateProgrammeSchema,
    },
    (c) => service.stateProgramme(c.db, c.actor, c.audit, c.params.iso2),
  );

  route.post(
    '/engagements',
    {
      access: write,
      summary: 'Open an engagement with a state: its six stages are created, the request starting on requestedOn',
      body: createEngagementSchema,
      response: engagementSchema,
      status: 201,
    },
    (c) => engagementAfter(c, service.createEngagement(c.db, c.audit, c.body)),
  );

  route.get(
    '/engagements/:id',
    { access: read, summary: 'One engagement', params: engagementIdParamsSchema, response: engagementSchema },

    (c) => service.getEngagement(c.db, c.actor, c.audit, c.params.id),
  );

  route.patch(
    '/engagements/:id',
    {
      access: write,
      summary: 'Change the title, kind, status or notes of an engagement (completed only once adopted)',
      params: engagementIdParamsSchema,
      body: updateEngagementSchema,
      response: engagementSchema,
    },
    (c) => engagementAfter(c, service.updateEngagement(c.db, c.audit, c.params.id, c.body)),
  );

  route.put(
    '/engagements/:id/coverage',
    {
      access: write,
      summary: 'Replace the resolutions and strategy pillars the programme covers, as a whole and per part',
      params: engagementIdParamsSchema,
      body: coverageInputSchema,
      response: engagementSchema,
    },
    (c) => engagementAfter(c, service.replaceCoverage(c.db, c.audit, c.params.id, c.body)),
  );

  route.post(
    '/engagements/:id/workshops',
    {
      access: write,
      summary: 'Add a further drafting workshop after the last one',
      params: engagementIdParamsSchema,
      body: addWorkshopSchema,
      response: engagementSchema,
      status: 201,
    },
    (c) => engagementAfter(c, service.addWorkshop(c.db, c.audit, c.params.id, c.body)),
  );

  route.patch(
    '/stages/:id',
    {
      access: write,
      summary: 'Change a stage: planned and actual dates, notes, skipped, responsible staff and counterparts',
      params: stageIdParamsSchema,
      body: updateStageSchema,
      response: engagementSchema,
    },
    (c) => engagementAfter(c, service.updateStage(c.db, c.audit, c.params.id, c.body)),
  );

  route.delete(
    '/stages/:id',
    {
      access: write,
      summary: 'Remove a further drafting workshop that has no actual dates or documents',
      params: stageIdParamsSchema,
      response: engagementSchema,
    },
    (c) => engagementAfter(c, service.removeStage(c.db, c.audit, c.params.id)),
  );

  route.post(
    '/stages/:id/documents',
    {
      access: write,
      summary: 'Attach a document to a stage: multipart/form-data with "file" and an optional "language" (en, fr, ar, pt)',
      params: stageIdParamsSchema,
      consumes: ['multipart/form-data'],
      response: engagementSchema,
      status: 201,
    },
    async (c) => {
      const { fields, file } = await readUpload(c.request);
      if (!file) throw service.missingFile();
      const language = documentLanguageSchema.safeParse(fields.language || undefined);
      if (!language.success) {
        throw new AppError('VALIDATION_FAILED', 'Use en, fr, ar or pt for the language', {
          details: [{ path: 'language', message: 'Use en, fr, ar or pt' }],
        });
      }
      return engagementAfter(c, service.addDocument(c.db, c.audit, c.params.id, { file, language: language.data ?? null }));
    },
  );

  route.get(
    '/documents/:id',
    {
      access: read,
      summary: 'Download a document of an engagement the reader may see',
      params: documentIdParamsSchema,
      response: z.any().describe('The file'),
    },
    async (c) => sendStoredFile(c.reply, await service.downloadDocument(c.db, c.actor, c.audit, c.params.id)),
  );

  route.delete(
    '/documents/:id',
    {
      access: write,
      summary: 'Remove a document (and its stored file)',
      params: documentIdParamsSchema,
      response: engagementSchema,
    },
    (c) => engagementAfter(c, service.removeDocument(c.db, c.audit, c.params.id)),
  );
};
