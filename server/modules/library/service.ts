import type { z } from 'zod';
import type { Locale } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { type Actor, holds, libraryReader } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import { type Database, type Queryable, readsSideBySide } from '../../platform/db';
import { checkedFile, loadFile, removeFile, storeFile, type UploadedFile } from '../../platform/files';
import { resolveText } from '../../platform/localised';
import { ruleViolation } from '../../platform/rules';
import { zipEntries } from '../imports/zip';
import * as events from '../notifications/events';
import { extractInThread } from './extract-thread';
import { deletesFileVersion, deletesItem, itemCapabilities, readsPreviousVersions } from './policy';
import * as repo from './repository';
import {
  type CreateItemInput,
  type FileView,
  fileFieldsSchema,
  type ItemView,
  type ListQuery,
  type ListView,
  type UpdateItemInput,
} from './schemas';

/**
 * The knowledge library: items, their files in each language and their versions, and the search.
 * Every read goes through the access layer's condition (repository `visible`): an item a reader
 * may not see is "not found", by id, in a list, a count, a facet or a snippet alike.
 */

/** The reader's language: asked for (`lang`), else their own, else English. */
export const languageOf = (reader: Actor | null, asked?: Locale): Locale => asked ?? reader?.locale ?? 'en';

const toFileView = (f: repo.FileRow): FileView => ({
  id: f.id,
  language: f.language,
  version: f.version,
  fileName: f.fileName,
  mediaType: f.mediaType,
  size: f.size,
  textStatus: f.textStatus,
  pages: f.pages,
  uploadedAt: f.uploadedAt.toISOString(),
});

export async function listItems(db: Database, actor: Actor | null, query: ListQuery): Promise<ListView> {
  const reader = libraryReader(actor);
  const lang = languageOf(reader, query.lang);
  const { rows, total, facets } = await repo.listItems(db, reader, query);
  const snippets = query.q ? await repo.snippetsOf(db, rows, query.q, lang) : new Map();
  return {
    items: rows.map((r) => ({
      id: r.id,
      type: r.type,
      audience: r.audience,
      title: resolveText(r.title, lang),
      publishedOn: r.publishedOn,
      languages: r.languages,
      snippet: snippets.get(r.id) ?? null,
      can: { delete: deletesItem(reader, r) },
    })),
    total,
    facets,
  };
}

export async function visibleItemOr404(db: Queryable, reader: Actor | null, id: string): Promise<repo.ItemRow> {
  const item = await repo.findVisibleItem(db, reader, id);
  if (!item) throw notFound('Library item');
  return item;
}

export async function itemView(db: Queryable, reader: Actor | null, item: repo.ItemRow, lang: Locale): Promise<ItemView> {
  const [links, files] = await readsSideBySide(db, [() => repo.linksOf(db, item.id), () => repo.filesOf(db, item.id)] as const);
  const current = new Set<string>();
  const latest = files.filter((f) => {
    if (current.has(f.language)) return false;
    current.add(f.language);
    return true;
  });
  return {
    id: item.id,
    type: item.type,
    audience: item.audience,
    title: resolveText(item.title, lang),
    summary: resolveText(item.summary, lang),
    publishedOn: item.publishedOn,
    author: item.author,
    linkUrl: item.linkUrl,
    pillars: item.pillars,
    resolutions: item.resolutions,
    thematicAreas: item.thematicAreas,
    states: item.states,
    ...links,
    files: latest.map(toFileView),
    previousVersions: readsPreviousVersions(reader) ? files.filter((f) => !latest.includes(f)).map(toFileView) : [],
    updatedAt: item.updatedAt.toISOString(),
    can: itemCapabilities(reader, item),
  };
}

export async function getItem(db: Database, actor: Actor | null, id: string, asked?: Locale): Promise<ItemView> {
  const reader = libraryReader(actor);
  return itemView(db, reader, await visibleItemOr404(db, reader, id), languageOf(reader, asked));
}

// ---------- writing items

type ItemRecord = repo.ItemValues & { courseIds: string[]; sessionIds: string[]; programmeIds: string[] };

/** The rules of an item, checked on the whole record as it would be saved. */
export async function checkItem(tx: Queryable, actor: Actor, record: ItemRecord): Promise<void> {
  if (record.audience === 'states' && record.states.length === 0) {
    throw ruleViolation('library.states_audience_names_states', {}, 'states');
  }
  if (record.audience === 'participants' && record.courseIds.length + record.sessionIds.length === 0) {
    throw ruleViolation('library.participants_audience_names_trainings', {}, 'sessionIds');
  }
  // A trainer puts materials in the library for the participants of the sessions they train, no more.
  if (!holds(actor, 'library.manage') && (record.audience !== 'participants' || record.courseIds.length > 0)) {
    throw ruleViolation('library.trainer_materials_own_sessions', {}, 'audience');
  }
  const missing = await repo.missingReferences(tx, actor, record);
  const list = (values: (string | number)[]) => values.join(', ');
  if (missing.pillars.length) throw ruleViolation('reference.pillar_unknown', { pillars: list(missing.pillars) }, 'pillars');
  if (missing.resolutions.length) {
    throw ruleViolation('reference.resolution_unknown', { resolutions: list(missing.resolutions) }, 'resolutions');
  }
  if (missing.states.length) throw ruleViolation('reference.state_unknown', { states: list(missing.states) }, 'states');
  if (missing.courseIds.length) throw ruleViolation('reference.course_unknown', {}, 'courseIds');
  if (missing.programmeIds.length) throw ruleViolation('reference.programme_unknown', {}, 'programmeIds');
  if (missing.sessionIds.length) throw ruleViolation('library.session_unknown', { ids: list(missing.sessionIds) }, 'sessionIds');
}

export async function createItem(db: Database, audit: AuditContext, actor: Actor, input: CreateItemInput): Promise<ItemView> {
  const record: ItemRecord = {
    ...input,
    summary: input.summary ?? {},
    publishedOn: input.publishedOn ?? null,
    author: input.author ?? null,
    linkUrl: input.linkUrl ?? null,
  };
  return db.transaction(async (tx) => {
    await checkItem(tx, actor, record);
    const { courseIds, sessionIds, programmeIds, ...values } = record;
    const item = await repo.insertItem(tx, { ...values, createdBy: actor.userId });
    await repo.setLinks(tx, item.id, { courseIds, sessionIds, programmeIds });
    await repo.refreshSearch(tx, item.id);
    await writeAudit(tx, audit, {
      action: 'library_item.create',
      recordType: 'library_item',
      recordId: item.id,
      details: { type: item.type, audience: item.audience, title: item.title, states: item.states, courseIds, sessionIds },
    });
    await events.libraryAvailable(tx, item.id, sessionIds);
    return itemView(tx, actor, item, actor.locale);
  });
}

/** The item as this editor may change it: not seen, or not theirs to edit, is not found. */
async function editableItemOr404(tx: Queryable, actor: Actor, id: string): Promise<repo.ItemRow> {
  const item = await visibleItemOr404(tx, actor, id);
  if (!itemCapabilities(actor, item).edit) throw notFound('Library item');
  return item;
}

export async function updateItem(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: UpdateItemInput,
): Promise<ItemView> {
  return db.transaction(async (tx) => {
    const item = await editableItemOr404(tx, actor, id);
    const links = await repo.linksOf(tx, id);
    const record: ItemRecord = { ...item, ...links };
    for (const [key, value] of Object.entries(input)) {
      if (value !== undefined) (record as Record<string, unknown>)[key] = value;
    }
    await checkItem(tx, actor, record);
    const { courseIds, sessionIds, programmeIds, ...values } = record;
    await repo.updateItem(tx, id, {
      type: values.type,
      audience: values.audience,
      title: values.title,
      summary: values.summary,
      publishedOn: values.publishedOn,
      author: values.author,
      linkUrl: values.linkUrl,
      pillars: values.pillars,
      resolutions: values.resolutions,
      thematicAreas: values.thematicAreas,
      states: values.states,
    });
    await repo.setLinks(tx, id, { courseIds, sessionIds, programmeIds });
    await repo.refreshSearch(tx, id);
    await writeAudit(tx, audit, {
      action: 'library_item.update',
      recordType: 'library_item',
      recordId: id,
      details: { changed: Object.keys(input), before: { audience: item.audience, states: item.states }, after: input },
    });
    // Each session is told once per item (its dedupe key): only newly linked sessions hear of it.
    await events.libraryAvailable(tx, id, sessionIds);
    return itemView(tx, actor, await visibleItemOr404(tx, actor, id), actor.locale);
  });
}

export async function deleteItem(db: Database, audit: AuditContext, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const item = await visibleItemOr404(tx, actor, id);
    // A trainer's own materials only: another's item is not theirs to know of (404, as for an edit).
    if (!deletesItem(actor, item)) throw notFound('Library item');
    const fileIds = await repo.storedFileIdsOf(tx, id);
    await repo.deleteItem(tx, id);
    for (const fileId of fileIds) await removeFile(tx, audit, fileId);
    await writeAudit(tx, audit, {
      action: 'library_item.delete',
      recordType: 'library_item',
      recordId: id,
      details: { type: item.type, audience: item.audience, title: item.title, files: fileIds.length },
    });
  });
}

// ---------- files

/**
 * Removes one version of one language's file: the stored file goes, its downloads are 404, and
 * when it was the current version the previous one (if any) becomes current and feeds the search.
 */
export async function deleteFile(db: Database, audit: AuditContext, actor: Actor, id: string, fileId: string): Promise<ItemView> {
  return db.transaction(async (tx) => {
    const item = await visibleItemOr404(tx, actor, id);
    if (!deletesFileVersion(actor)) throw notFound('Library item');
    const file = (await repo.filesOf(tx, id)).find((f) => f.id === fileId);
    if (!file) throw notFound('Library file');
    await repo.deleteFile(tx, file.id);
    await removeFile(tx, audit, file.fileId);
    await repo.updateItem(tx, id, {});
    await repo.refreshSearch(tx, id);
    await writeAudit(tx, audit, {
      action: 'library_file.delete',
      recordType: 'library_file',
      recordId: file.id,
      details: { itemId: id, audience: item.audience, language: file.language, version: file.version, name: file.fileName },
    });
    return itemView(tx, actor, await visibleItemOr404(tx, actor, id), actor.locale);
  });
}

/** What the library takes (a narrower list than the file store's): documents, images, plain text. */
const LIBRARY_KINDS: Record<string, string | null> = {
  pdf: null,
  docx: 'word/document.xml',
  xlsx: 'xl/workbook.xml',
  pptx: 'ppt/presentation.xml',
  png: null,
  jpg: null,
  jpeg: null,
  txt: null,
};

const unsupported = (message: string, detail: string) =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', message, { details: [{ path: 'file', message: detail }] });

/**
 * Checks an upload by its content: the file store's check (the content starts as its kind must),
 * and for an Office file, the part its kind cannot lack (a workbook renamed .docx is refused).
 */
function checkedLibraryFile(file: UploadedFile): UploadedFile {
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (!(extension in LIBRARY_KINDS)) {
    throw unsupported(
      `Files of this kind are not accepted in the library; accepted: ${Object.keys(LIBRARY_KINDS).join(', ')}`,
      'FILE_TYPE_NOT_ACCEPTED',
    );
  }
  const checked = checkedFile(file);
  const part = LIBRARY_KINDS[extension];
  if (part) {
    let hasPart = false;
    try {
      hasPart = zipEntries(checked.content).has(part);
    } catch {
      hasPart = false;
    }
    if (!hasPart) throw unsupported(`The content of ${checked.name} is not a .${extension} file`, 'FILE_CONTENT_MISMATCH');
  }
  return checked;
}

function fieldsOf<T extends z.ZodType>(schema: T, fields: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({
    path: i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.') || 'body',
    message: i.code === 'unrecognized_keys' ? 'Unknown field' : i.message,
  }));
  throw new AppError('VALIDATION_FAILED', `Invalid body: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, {
    details,
  });
}

/**
 * Adds a file to an item in one language: the next version of that language (the previous ones
 * stay). Its text is read first, outside the transaction and off the event loop; a file whose text
 * cannot be read is kept all the same, with its text "not extracted".
 */
export async function uploadFile(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  upload: { fields: Record<string, string>; file: UploadedFile | null },
): Promise<ItemView> {
  const { language } = fieldsOf(fileFieldsSchema, upload.fields);
  if (!upload.file) {
    throw new AppError('VALIDATION_FAILED', 'Invalid body: file: Attach the file', {
      details: [{ path: 'file', message: 'Attach the file' }],
    });
  }
  // Out of scope first: a reader who may not edit the item learns nothing from the file's checks.
  await editableItemOr404(db, actor, id);
  const file = checkedLibraryFile(upload.file);
  const extracted = await extractInThread(file.mediaType, file.content);
  return db.transaction(async (tx) => {
    await editableItemOr404(tx, actor, id);
    const stored = await storeFile(tx, audit, file);
    const version = await repo.nextVersion(tx, id, language);
    const fileId = await repo.insertFile(tx, {
      itemId: id,
      language,
      version,
      fileId: stored.id,
      textStatus: extracted.status,
      text: extracted.text,
      pages: extracted.pages,
      uploadedBy: actor.userId,
    });
    await repo.updateItem(tx, id, {});
    await repo.refreshSearch(tx, id);
    await writeAudit(tx, audit, {
      action: 'library_file.upload',
      recordType: 'library_file',
      recordId: fileId,
      details: { itemId: id, language, version, name: stored.name, sha256: stored.sha256, textStatus: extracted.status },
    });
    return itemView(tx, actor, await visibleItemOr404(tx, actor, id), actor.locale);
  });
}

/**
 * A file of an item, for download: the current version of a language to whoever sees the item,
 * earlier versions to the office only. A download of an item that is not public is audited.
 */
export async function downloadFile(db: Database, audit: AuditContext, actor: Actor | null, id: string, fileId: string) {
  const reader = libraryReader(actor);
  const item = await visibleItemOr404(db, reader, id);
  const files = await repo.filesOf(db, id);
  const file = files.find((f) => f.id === fileId);
  const isCurrent = file !== undefined && files.find((f) => f.language === file.language) === file;
  if (!file || (!isCurrent && !readsPreviousVersions(reader))) throw notFound('Library file');
  const stored = await loadFile(db, file.fileId);
  if (!stored) throw notFound('Library file');
  if (item.audience !== 'public') {
    await writeAudit(db, audit, {
      action: 'library_file.download',
      recordType: 'library_file',
      recordId: file.id,
      details: { itemId: id, audience: item.audience, language: file.language, version: file.version },
    });
  }
  return stored;
}
