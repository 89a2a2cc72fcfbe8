import { z } from 'zod';
import { int4 } from '../../platform/schemas';
import { duplicateReasons } from '../duplicates/schemas';
import { iso2Schema } from '../users/schemas';

/** Base64 of up to ~11 MB: the route's body limit is raised to 15 MB for it. */
export const IMPORT_BODY_LIMIT = 15 * 1024 * 1024;

export const importFileSchema = z.strictObject({
  filename: z
    .string()
    .trim()
    .min(1, 'Required')
    .max(255)
    .regex(/\.(csv|xlsx)$/i, 'Use a .csv or .xlsx file'),
  contentBase64: z
    .string()
    .min(1, 'Required')
    .regex(/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/, 'Not base64'),
  /** The state of rows that do not name one (a focal point's own state by default). */
  stateIso2: iso2Schema.optional(),
});

export const importCommitSchema = importFileSchema.extend({
  /** File lines (as numbered in the preview) not to import, e.g. likely duplicates. */
  skipLines: z.array(int4().min(2)).max(20_000).default([]),
});

const rowErrorSchema = z.object({ field: z.string(), column: z.string().nullable(), message: z.string() });

export const importPreviewSchema = z.object({
  filename: z.string(),
  fileSha256: z.string(),
  columns: z.record(z.string(), z.string()),
  totalRows: int4(),
  validRows: int4(),
  invalidRows: int4(),
  rowsWithDuplicates: int4(),
  rows: z.array(
    z.object({
      line: int4(),
      values: z.record(z.string(), z.string()),
      errors: z.array(rowErrorSchema),
      existingDuplicates: z.array(
        z.object({
          officialId: z.uuid(),
          familyName: z.string(),
          givenNames: z.string(),
          birthDate: z.string().nullable(),
          stateIso2: z.string(),
          score: z.number(),
          reasons: z.array(z.enum(duplicateReasons)),
        }),
      ),
      fileDuplicates: z.array(z.object({ line: int4(), score: z.number(), reasons: z.array(z.enum(duplicateReasons)) })),
    }),
  ),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importResultSchema = z.object({
  filename: z.string(),
  fileSha256: z.string(),
  created: int4(),
  createdIds: z.array(z.uuid()),
  skippedInvalidLines: z.array(int4()),
  skippedLines: z.array(int4()),
});

export const templateQuerySchema = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  lang: z.enum(['en', 'fr']).default('en'),
});
