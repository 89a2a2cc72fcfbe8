import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { auditAnchorStatus, verifyAuditChain } from '../../platform/audit';
import { routesOf } from '../../platform/route';
import * as repo from './repository';
import { anchorStatusSchema, auditPageSchema, auditQuerySchema, chainVerdictSchema } from './schemas';

const access = 'audit.read';

export const auditRoutes: FastifyPluginAsync = async (app) => {
  const route = routesOf(app, { tags: ['audit'] });

  route.get(
    '/',
    { access, summary: 'Browse and filter the audit log', query: auditQuerySchema, response: auditPageSchema },
    async ({ db, query, request }) => {
      const { rows, total } = await repo.searchAudit(db, query);
      // The log names people and their addresses: reading it is itself a read of personal data.
      const { page, pageSize, beforeSeq, ...filter } = query;
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

  route.get(
    '/actions',
    { access, summary: 'The actions recorded so far', response: z.object({ actions: z.array(z.string()) }) },
    async ({ db }) => ({ actions: await repo.distinctActions(db) }),
  );

  route.get(
    '/verify',
    {
      access,
      summary: 'Check the keyed hash chain of the whole log against the signed checkpoints',
      response: chainVerdictSchema,
    },
    async ({ db, request }) => {
      const verdict = await verifyAuditChain(db, app.keys);
      await request.audit({
        action: 'audit.verify',
        outcome: verdict.ok ? 'success' : 'failure',
        details: { checked: verdict.checked, firstProblem: verdict.firstProblem, checkpoint: verdict.checkpoint?.number ?? null },
      });
      return verdict;
    },
  );

  route.get(
    '/checkpoint',
    {
      access,
      summary: 'The latest signed checkpoint of the chain head, and whether the log still agrees with it',
      response: anchorStatusSchema,
    },
    ({ db }) => auditAnchorStatus(db, app.keys),
  );
};
