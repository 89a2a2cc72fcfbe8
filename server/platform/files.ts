import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { storedFiles } from '../db/schema';
import { AppError } from '../errors';
import { type AuditContext, writeAudit } from './audit';
import type { Queryable } from './db';

/**
 * The file store: uploads read from multipart requests, checked, kept in `stored_files` and sent
 * back as attachments. Domains keep the id of a stored file on their own records and serve it
 * through their own routes, so a file is only ever readable under its record's access rule.
 */

export type StoredFileInfo = { id: string; name: string; mediaType: string; size: number; sha256: string };
export type UploadedFile = { name: string; mediaType: string; content: Buffer };

/** The largest file accepted (and the multipart limit of the upload routes, platform/route.ts). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Limits of the multipart reader: one file and a few short text fields. */
export const MULTIPART_LIMITS = { fileSize: MAX_FILE_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 21 };

type FileKind = { mediaType: string; signature: (content: Buffer) => boolean };

const startsWith =
  (...bytes: number[]) =>
  (content: Buffer) =>
    content.length >= bytes.length && bytes.every((b, i) => content[i] === b);
const zipContainer = startsWith(0x50, 0x4b, 0x03, 0x04);
const oleContainer = startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
/** Text files: valid UTF-8 (an optional BOM) without NUL bytes. */
const plainText = (content: Buffer) => {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
};

/**
 * What may be uploaded, by file name extension. The media type stored is the one named here, not
 * the one the browser claims, and the content must look like that type: an HTML page renamed
 * report.pdf is refused. SVG and HTML are not accepted (they can carry scripts).
 */
const FILE_KINDS: Record<string, FileKind> = {
  pdf: { mediaType: 'application/pdf', signature: startsWith(0x25, 0x50, 0x44, 0x46, 0x2d) },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', signature: zipContainer },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', signature: zipContainer },
  pptx: { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', signature: zipContainer },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', signature: zipContainer },
  ods: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', signature: zipContainer },
  odp: { mediaType: 'application/vnd.oasis.opendocument.presentation', signature: zipContainer },
  doc: { mediaType: 'application/msword', signature: oleContainer },
  xls: { mediaType: 'application/vnd.ms-excel', signature: oleContainer },
  ppt: { mediaType: 'application/vnd.ms-powerpoint', signature: oleContainer },
  rtf: { mediaType: 'application/rtf', signature: startsWith(0x7b, 0x5c, 0x72, 0x74, 0x66) },
  png: { mediaType: 'image/png', signature: startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) },
  jpg: { mediaType: 'image/jpeg', signature: startsWith(0xff, 0xd8, 0xff) },
  jpeg: { mediaType: 'image/jpeg', signature: startsWith(0xff, 0xd8, 0xff) },
  gif: { mediaType: 'image/gif', signature: startsWith(0x47, 0x49, 0x46, 0x38) },
  webp: {
    mediaType: 'image/webp',
    signature: (c) => startsWith(0x52, 0x49, 0x46, 0x46)(c) && c.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  txt: { mediaType: 'text/plain', signature: plainText },
  csv: { mediaType: 'text/csv', signature: plainText },
  md: { mediaType: 'text/markdown', signature: plainText },
};

export const acceptedExtensions = Object.keys(FILE_KINDS);

/** The last path segment of a browser-sent name (some send C:\fakepath\…), without control characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cleaned.length > 200 ? cleaned.slice(cleaned.length - 200) : cleaned;
}

/**
 * Checks an upload against the accepted kinds and gives the media type to store.
 * Throws 415 UNSUPPORTED_MEDIA_TYPE for a kind not accepted or content that does not match it.
 */
export function checkedFile(file: UploadedFile): UploadedFile {
  const name = cleanFileName(file.name);
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const kind = extension ? FILE_KINDS[extension] : undefined;
  if (!name || !kind) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Files of this kind are not accepted; accepted: ${acceptedExtensions.join(', ')}`,
      {
        details: [{ path: 'file', message: 'FILE_TYPE_NOT_ACCEPTED' }],
      },
    );
  }
  if (file.content.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'The file is empty', { details: [{ path: 'file', message: 'FILE_EMPTY' }] });
  }
  if (file.content.length > MAX_FILE_BYTES) throw fileTooLarge();
  if (!kind.signature(file.content)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The content of ${name} is not a .${extension} file`, {
      details: [{ path: 'file', message: 'FILE_CONTENT_MISMATCH' }],
    });
  }
  return { name, mediaType: kind.mediaType, content: file.content };
}

const fileTooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', `Files are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB`, {
    details: [{ path: 'file', message: 'FILE_TOO_LARGE' }],
  });

/**
 * Reads a multipart/form-data request: its text fields and at most one file (not yet checked
 * against the accepted kinds: `storeFile` does that). Any malformed or oversized part is a 4xx.
 */
export async function readUpload(
  request: FastifyRequest,
): Promise<{ fields: Record<string, string>; file: UploadedFile | null }> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as multipart/form-data');
  }
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.file.truncated) throw fileTooLarge();
        file = { name: part.filename, mediaType: part.mimetype, content };
      } else {
        if (part.valueTruncated) {
          throw new AppError('PAYLOAD_TOO_LARGE', `Field ${part.fieldname} is too long`, {
            details: [{ path: part.fieldname, message: 'Too long' }],
          });
        }
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (error) {
    throw uploadError(error);
  }
  return { fields, file };
}

function uploadError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return fileTooLarge();
  if (code === 'FST_FILES_LIMIT') {
    return new AppError('VALIDATION_FAILED', 'Send one file at a time', {
      details: [{ path: 'file', message: 'One file only' }],
    });
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new AppError('PAYLOAD_TOO_LARGE', 'Too many form fields');
  const message = error instanceof Error ? error.message : 'unreadable form';
  return new AppError('MALFORMED_REQUEST', `Malformed multipart form: ${message}`);
}

/** Checks and stores a file inside the caller's transaction, and records it in the audit log. */
export async function storeFile(tx: Queryable, ctx: AuditContext, upload: UploadedFile): Promise<StoredFileInfo> {
  const file = checkedFile(upload);
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const [row] = await tx
    .insert(storedFiles)
    .values({
      name: file.name,
      mediaType: file.mediaType,
      size: file.content.length,
      sha256,
      content: file.content,
      uploadedBy: ctx.actorUserId,
    })
    .returning({ id: storedFiles.id });
  if (!row) throw new Error('insert returned no row');
  const info: StoredFileInfo = { id: row.id, name: file.name, mediaType: file.mediaType, size: file.content.length, sha256 };
  await writeAudit(tx, ctx, {
    action: 'file.store',
    recordType: 'stored_file',
    recordId: info.id,
    details: { name: info.name, mediaType: info.mediaType, size: info.size, sha256 },
  });
  return info;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stored file with its content, or null when there is none with this id. */
export async function loadFile(db: Queryable, id: string): Promise<(StoredFileInfo & { content: Buffer }) | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db
    .select({
      id: storedFiles.id,
      name: storedFiles.name,
      mediaType: storedFiles.mediaType,
      size: storedFiles.size,
      sha256: storedFiles.sha256,
      content: storedFiles.content,
    })
    .from(storedFiles)
    .where(eq(storedFiles.id, id));
  return row ?? null;
}

/** Deletes a stored file once the record that held it is gone, and records that. */
export async function removeFile(tx: Queryable, ctx: AuditContext, id: string): Promise<void> {
  const [deleted] = await tx
    .delete(storedFiles)
    .where(eq(storedFiles.id, id))
    .returning({ name: storedFiles.name, sha256: storedFiles.sha256 });
  if (!deleted) return;
  await writeAudit(tx, ctx, {
    action: 'file.remove',
    recordType: 'stored_file',
    recordId: id,
    details: { name: deleted.name, sha256: deleted.sha256 },
  });
}

/** `filename*` of RFC 5987/6266: UTF-8, percent-encoded, so that Arabic or accented names survive. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Sends content as a download named `name` (a file kept, a CSV or a credential made on request):
 * never rendered inline, never sniffed, never cached by proxies.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; mediaType: string; content: Buffer | string },
): FastifyReply {
  // An ASCII fallback for old clients; the real name travels in filename*.
  const fallback = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.content);
}

/** Sends a stored file as a download, tagged with its digest. */
export function sendStoredFile(reply: FastifyReply, file: StoredFileInfo & { content: Buffer }): FastifyReply {
  return sendDownload(reply.header('etag', `"${file.sha256}"`), file);
}
