import { AppError, notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { loadFile, removeFile, storeFile, type UploadedFile } from '../../platform/files';
import { ruleViolation } from '../../platform/rules';
import { editionOr404, invalid } from './editions';
import * as repo from './repository';
import { type DocumentView, documentFieldsSchema } from './schemas';

// An edition's documents.

type DocumentRow = NonNullable<Awaited<ReturnType<typeof repo.findDocument>>>;

const toDocumentView = (row: DocumentRow): DocumentView => ({
  id: row.document.id,
  editionId: row.document.editionId,
  kind: row.document.kind,
  language: row.document.language,
  title: row.document.title,
  fileName: row.fileName,
  mediaType: row.mediaType,
  size: row.size,
  uploadedAt: row.document.uploadedAt.toISOString(),
});

export async function listDocuments(db: Database, editionId: string): Promise<{ items: DocumentView[] }> {
  await editionOr404(db, editionId);
  return { items: (await repo.documentsOf(db, editionId)).map(toDocumentView) };
}

/** Adds a document from a multipart upload: its fields (kind, language, title) and one file. */
export async function addDocument(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  editionId: string,
  upload: { fields: Record<string, string>; file: UploadedFile | null },
): Promise<DocumentView> {
  const parsed = documentFieldsSchema.safeParse(upload.fields);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.') || 'body',
      message: i.code === 'unrecognized_keys' ? 'Unknown field' : i.message,
    }));
    throw new AppError('VALIDATION_FAILED', `Invalid body: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, {
      details,
    });
  }
  if (!upload.file) throw invalid('file', 'Attach the document file');
  const fields = parsed.data;
  const file = upload.file;
  return db.transaction(async (tx) => {
    await editionOr404(tx, editionId, true);
    if (fields.kind === 'outcome' && (await repo.outcomeExists(tx, editionId, fields.language))) {
      throw ruleViolation('meeting.one_outcome_per_language', { language: fields.language }, 'language');
    }
    const stored = await storeFile(tx, audit, file);
    const document = await repo.insertDocument(tx, { editionId, ...fields, fileId: stored.id, uploadedBy: actor.userId });
    await writeAudit(tx, audit, {
      action: 'meeting_document.create',
      recordType: 'meeting_document',
      recordId: document.id,
      details: { editionId, ...fields, fileId: stored.id, sha256: stored.sha256 },
    });
    const row = await repo.findDocument(tx, document.id);
    if (!row) throw notFound('Document');
    return toDocumentView(row);
  });
}

/** A document's file, for download. */
export async function documentFile(db: Database, id: string) {
  const row = await repo.findDocument(db, id);
  if (!row) throw notFound('Document');
  const file = await loadFile(db, row.document.fileId);
  if (!file) throw notFound('Document file');
  return file;
}

export async function deleteDocument(db: Database, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await repo.findDocument(tx, id);
    if (!row) throw notFound('Document');
    await editionOr404(tx, row.document.editionId, true);
    await repo.deleteDocument(tx, id);
    await removeFile(tx, audit, row.document.fileId);
    await writeAudit(tx, audit, {
      action: 'meeting_document.delete',
      recordType: 'meeting_document',
      recordId: id,
      details: {
        editionId: row.document.editionId,
        kind: row.document.kind,
        language: row.document.language,
        title: row.document.title,
      },
    });
  });
}
