import { inflateRawSync } from 'node:zlib';
import { importLimits, tooLarge, unreadable } from './limits';

/**
 * The entries of a zip archive (an XLSX file is one), read from its central directory without
 * inflating anything. An entry is inflated only when asked for, and only if its declared size fits
 * what is left of the budget; the inflater itself stops at that size, so an entry that lies about
 * its size cannot inflate further.
 */
export type ZipEntry = { name: string; method: number; compressedSize: number; size: number; localOffset: number };

const damaged = () => unreadable('import.xlsx_damaged');

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export function zipEntries(content: Buffer): Map<string, ZipEntry> {
  // The end-of-directory record is the last 22 bytes, unless a comment (at most 64 KiB) follows it.
  let end = -1;
  for (let i = content.length - 22; i >= Math.max(0, content.length - 22 - 0xffff); i--) {
    if (content.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged();
  const count = content.readUInt16LE(end + 10);
  let offset = content.readUInt32LE(end + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== DIRECTORY_ENTRY) throw damaged();
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    const entry: ZipEntry = {
      name: content.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: content.readUInt16LE(offset + 10),
      compressedSize: content.readUInt32LE(offset + 20),
      size: content.readUInt32LE(offset + 24),
      localOffset: content.readUInt32LE(offset + 42),
    };
    // Zip64 (sizes of 4 GiB and more) has no place in an officials file.
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
      throw tooLarge(`The XLSX file inflates to more than ${importLimits.inflatedBytes / 1024 / 1024} MB`);
    }
    entries.set(entry.name, entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates entries of one archive within one budget of inflated bytes for them all. */
export class ZipReader {
  readonly entries: Map<string, ZipEntry>;
  private left: number = importLimits.inflatedBytes;

  constructor(private readonly content: Buffer) {
    this.entries = zipEntries(content);
  }

  /** The inflated bytes of an entry, or null when there is none of that name. */
  read(name: string): Buffer | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    if (entry.size > this.left) {
      throw tooLarge(`The XLSX file inflates to more than ${importLimits.inflatedBytes / 1024 / 1024} MB, the most read`);
    }
    const at = entry.localOffset;
    if (at + 30 > this.content.length || this.content.readUInt32LE(at) !== LOCAL_HEADER) throw damaged();
    const start = at + 30 + this.content.readUInt16LE(at + 26) + this.content.readUInt16LE(at + 28);
    const data = this.content.subarray(start, start + entry.compressedSize);
    let inflated: Buffer;
    if (entry.method === 0) inflated = data;
    else if (entry.method === 8) {
      try {
        // The inflater stops at the declared size: an entry that inflates to more is refused here.
        inflated = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
      } catch {
        throw damaged();
      }
    } else throw damaged();
    if (inflated.length !== entry.size) throw damaged();
    this.left -= inflated.length;
    return inflated;
  }
}
