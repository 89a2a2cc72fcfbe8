import type { LibraryTextStatus } from '../../db/schema';
import { ZipReader } from '../imports/zip';

/**
 * The text inside a library file, for the search. Every reader is given the file as uploaded and
 * may fail on it (a damaged, encrypted or hostile file): the caller then stores the file with its
 * text not extracted (extract-thread.ts runs this in a thread of its own, within limits).
 *
 * Each reader's library is loaded by the case that needs it: the thread is new for every file, and
 * loading them all (the spreadsheet and Word readers above all) cost seconds before a text file's
 * one line was read.
 */

export type Extracted = { status: LibraryTextStatus; text: string | null; pages: number | null };

/** The most text kept from one file: what a search document holds comfortably (a tsvector is at most 1 MB). */
export const MAX_TEXT_CHARS = 400_000;

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/** Runs of spaces and blank lines folded, cut to MAX_TEXT_CHARS. */
function tidy(text: string): string {
  return text
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
    .slice(0, MAX_TEXT_CHARS);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number.parseInt(e.slice(1), 10))
        : (XML_ENTITIES[e.toLowerCase()] ?? ''),
  );

/** The text runs (<a:t>) of each slide, in slide order. */
function pptxText(content: Buffer): { text: string; pages: number } {
  const zip = new ZipReader(content);
  const slides = [...zip.entries.keys()]
    .map((name) => /^ppt\/slides\/slide(\d+)\.xml$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  const text = slides
    .map((m) => {
      const xml = zip.read(m[0])?.toString('utf8') ?? '';
      return [...xml.matchAll(/<a:t(?:\s[^>]*)?>([^<]*)<\/a:t>/g)].map((t) => decodeXml(t[1] ?? '')).join(' ');
    })
    .join('\n');
  return { text, pages: slides.length };
}

async function xlsxText(content: Buffer): Promise<{ text: string; pages: number }> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const lines: string[] = [];
  workbook.eachSheet((sheet) => {
    lines.push(sheet.name);
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell((cell) => {
        const value = cell.text;
        if (value) cells.push(value);
      });
      if (cells.length) lines.push(cells.join(' '));
    });
  });
  return { text: lines.join('\n'), pages: workbook.worksheets.length };
}

/** Reads the text of a file of an accepted media type; throws when the file cannot be read. */
export async function extractText(mediaType: string, content: Buffer): Promise<Extracted> {
  let read: { text: string; pages: number | null };
  switch (mediaType) {
    case PDF: {
      const { getDocumentProxy, extractText: pdfText } = await import('unpdf');
      const pdf = await getDocumentProxy(new Uint8Array(content));
      const { text, totalPages } = await pdfText(pdf, { mergePages: true });
      read = { text, pages: totalPages };
      break;
    }
    case DOCX: {
      const { default: mammoth } = await import('mammoth');
      read = { text: (await mammoth.extractRawText({ buffer: content })).value, pages: null };
      break;
    }
    case XLSX:
      read = await xlsxText(content);
      break;
    case PPTX:
      read = pptxText(content);
      break;
    case 'text/plain':
      read = { text: content.toString('utf8').replace(/^\uFEFF/, ''), pages: null };
      break;
    default:
      // Images: no text to read (no OCR).
      return { status: 'none', text: null, pages: null };
  }
  const text = tidy(read.text);
  // A file that yields no text at all (a scanned PDF) is as good as unread for the search.
  return text ? { status: 'extracted', text, pages: read.pages } : { status: 'not_extracted', text: null, pages: read.pages };
}
