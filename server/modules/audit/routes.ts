import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditAnchorStatus, verifyAuditChain } from '../../platform/audit';
import { errorResponses } from '../../platform/openapi';
import * as repo from './repository';
import { anchorStatusSchema, auditPageSchema, auditQuerySchema, chainVerdictSchema } from './schemas';

const tags = ['audit'];
const access = { access: 'audit.read' } as const;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: access,
      schema: {
        tags,
        summary: 'Browse and filter the audit log',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { rows, total } = await repo.searchAudit(app.db, request.query);
      // The log names people and their addresses: reading it is itself a read of personal data.
      const { page, pageSize, beforeSeq, ...filter } = request.query;
      await request.audit({ action: 'audit.read', recordType: 'audit_log', details: { filter, page, returned: rows.length } });
      return {
        items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
        total,
        page,
        pageSize,
        nextBeforeSeq: rows.length === pageSize ? (rows[rows.length - 1]?.seq ?? null) : null,
      };
    },
  );

  app.get(
    '/actions',
    {
      config: access,
      schema: {
        tags,
        summary: 'The actions recorded so far',
        response: { 200: z.object({ actions: z.array(z.string()) }), ...errorResponses },
      },
    },
    async () => ({ actions: await repo.distinctActions(app.db) }),
  );

  app.get(
    '/verify',
    {
      config: access,
      schema: {
        tags,
        summary: 'Check the keyed hash chain of the whole log against the signed checkpoints',
        response: { 200: chainVerdictSchema, ...errorResponses },
      },
    },
    async (request) => {
      const verdict = await verifyAuditChain(app.db, app.keys);
      await request.audit({
        action: 'audit.verify',
        outcome: verdict.ok ? 'success' : 'failure',
        details: { checked: verdict.checked, firstProblem: verdict.firstProblem, checkpoint: verdict.checkpoint?.number ?? null },
      });
      return verdict;
    },
  );

  app.get(
    '/checkpoint',
    {
      config: access,
      schema: {
        tags,
        summary: 'The latest signed checkpoint of the chain head, and whether the log still agrees with it',
        response: { 200: anchorStatusSchema, ...errorResponses },
      },
    },
    async () => auditAnchorStatus(app.db, app.keys),
  );
};
