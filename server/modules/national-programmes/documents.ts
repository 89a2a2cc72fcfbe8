import type { Locale } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { loadFile, removeFile, storeFile, type UploadedFile } from '../../platform/files';
import { lockedEngagement } from './engagements';
import { scopeOf } from './reads';
import * as repo from './repository';
import { stageName } from './rules';

// Documents attached to a stage.

/** Attaches a document to a stage; returns the engagement id. */
export async function addDocument(
  db: Database,
  audit: AuditContext,
  stageId: string,
  upload: { file: UploadedFile; language: Locale | null },
) {
  return db.transaction(async (tx) => {
    const stage = await repo.findStage(tx, stageId);
    if (!stage) throw notFound('Stage');
    await lockedEngagement(tx, stage.engagementId);
    const file = await storeFile(tx, audit, upload.file);
    const id = await repo.insertDocument(tx, {
      stageId,
      fileId: file.id,
      language: upload.language,
      uploadedBy: audit.actorUserId,
    });
    await repo.touchEngagement(tx, stage.engagementId);
    await writeAudit(tx, audit, {
      action: 'national_programme.document.add',
      recordType: 'national_programme_document',
      recordId: id,
      details: { engagementId: stage.engagementId, stage: stageName(stage), fileId: file.id, name: file.name },
    });
    return stage.engagementId;
  });
}

/** Removes a document and its stored file; returns the engagement id. */
export async function removeDocument(db: Database, audit: AuditContext, id: string) {
  return db.transaction(async (tx) => {
    const document = await repo.findDocument(tx, id);
    if (!document) throw notFound('Document');
    await lockedEngagement(tx, document.engagementId);
    await repo.deleteDocument(tx, id);
    await removeFile(tx, audit, document.fileId);
    await repo.touchEngagement(tx, document.engagementId);
    await writeAudit(tx, audit, {
      action: 'national_programme.document.remove',
      recordType: 'national_programme_document',
      recordId: id,
      details: { engagementId: document.engagementId, name: document.name },
    });
    return document.engagementId;
  });
}

/** A document's file, for a reader who may see its engagement (else 404); every download is recorded. */
export async function downloadDocument(db: Database, actor: Actor, audit: AuditContext, id: string) {
  const document = await repo.findDocument(db, id);
  if (!document || !(await repo.findEngagement(db, document.engagementId, scopeOf(actor)))) throw notFound('Document');
  const file = await loadFile(db, document.fileId);
  if (!file) throw notFound('Document');
  await writeAudit(db, audit, {
    action: 'national_programme.document.download',
    recordType: 'national_programme_document',
    recordId: id,
    details: { engagementId: document.engagementId, name: file.name },
  });
  return file;
}

export function missingFile(): AppError {
  return new AppError('VALIDATION_FAILED', 'Attach the document as the "file" part of the form', {
    details: [{ path: 'file', message: 'Required' }],
  });
}
