import { z } from 'zod';
import { auditOutcomes } from '../../../contract/enums';
import { int4, queryInt4 } from '../../platform/schemas';

export const auditQuerySchema = z.strictObject({
  actor: z.string().trim().max(254).optional(),
  action: z.string().trim().max(100).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  recordType: z.string().trim().max(60).optional(),
  recordId: z.string().trim().max(100).optional(),
  from: z.iso.date('Use a date like 2026-01-31').optional(),
  to: z.iso.date('Use a date like 2026-01-31').optional(),
  page: queryInt4().min(1).default(1),
  pageSize: queryInt4().min(1).max(500).default(50),
  /**
   * Keyset paging: the `nextBeforeSeq` of the page before; the page is then read from there (newest
   * first) at the cost of a first page however deep (`page` only labels it). Without it, `page` is
   * read by offset.
   */
  beforeSeq: queryInt4().min(1).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  seq: int4(),
  at: z.iso.datetime(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(auditOutcomes),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  address: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  total: int4(),
  page: int4(),
  pageSize: int4(),
  /** The `beforeSeq` of the next page; null on the last. */
  nextBeforeSeq: int4().nullable(),
});

export const checkpointSchema = z.object({
  number: z.number().int(),
  seq: z.number().int(),
  hash: z.string(),
  time: z.string(),
  keyedFrom: z.number().int(),
  signatureValid: z.boolean(),
});

export const chainVerdictSchema = z.object({
  ok: z.boolean(),
  checked: int4(),
  firstProblem: z.object({ seq: z.number().int(), problem: z.string() }).nullable(),
  checkpoint: checkpointSchema.nullable(),
});

export const anchorStatusSchema = z.object({
  checkpoint: checkpointSchema.nullable(),
  checkpoints: z.number().int(),
  head: z.number().int(),
  problem: z.string().nullable(),
});
