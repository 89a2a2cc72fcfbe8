import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * Hostile officials files, built on the fly for the import tests and bench/import-bomb.ts: a small
 * XLSX that inflates to hundreds of megabytes, and files of far more rows than an import takes.
 */

type ZipPart = { name: string; deflated: Buffer; size: number; crc: number };

function part(name: string, text: string): ZipPart {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

/** A zip archive of deflated parts (no zip64: every part under 4 GiB). */
function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(p.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    directory.push(central, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...directory, end]);
}

const SPREADSHEET = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around a given sheet and shared strings. */
function workbookParts(sheet: ZipPart, sharedStrings: ZipPart): ZipPart[] {
  return [
    part(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ),
    part(
      '_rels/.rels',
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    part(
      'xl/workbook.xml',
      `<?xml version="1.0"?><workbook xmlns="${SPREADSHEET}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="Officials" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    sheet,
    sharedStrings,
  ];
}

/** Deflates text given in chunks, so that the inflated size never sits in memory. */
async function deflatedStream(name: string, chunks: Iterable<string>): Promise<ZipPart> {
  const deflate = createDeflateRaw();
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const finished = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let size = 0;
  let crc = 0;
  for (const chunk of chunks) {
    const data = Buffer.from(chunk);
    size += data.length;
    crc = crc32(data, crc);
    if (!deflate.write(data)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await finished;
  return { name, deflated: Buffer.concat(out), size, crc };
}

/**
 * An XLSX file of a header and one row whose family name is a shared string of `megabytes` MB:
 * a few hundred KB on the wire.
 */
export async function sharedStringBomb(megabytes: number): Promise<Buffer> {
  const headers = ['family_name', 'given_names', 'sex'];
  const chunk = 'A'.repeat(1024 * 1024);
  const strings = await deflatedStream(
    'xl/sharedStrings.xml',
    (function* () {
      yield `<?xml version="1.0"?><sst xmlns="${SPREADSHEET}" count="5" uniqueCount="5">`;
      for (const h of headers) yield `<si><t>${h}</t></si>`;
      yield '<si><t>Awa</t></si><si><t>';
      for (let i = 0; i < megabytes; i++) yield chunk;
      yield '</t></si></sst>';
    })(),
  );
  const sheet = part(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0"?><worksheet xmlns="${SPREADSHEET}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="inlineStr"><is><t>F</t></is></c></row></sheetData></worksheet>`,
  );
  return zipOf(workbookParts(sheet, strings));
}

/** An XLSX file of a header and `rows` rows of officials (inline strings), deflated as it is built. */
export async function manyRowsXlsx(rows: number): Promise<Buffer> {
  const sheet = await deflatedStream(
    'xl/worksheets/sheet1.xml',
    (function* () {
      yield `<?xml version="1.0"?><worksheet xmlns="${SPREADSHEET}"><sheetData>`;
      yield '<row r="1"><c r="A1" t="inlineStr"><is><t>family_name</t></is></c><c r="B1" t="inlineStr"><is><t>given_names</t></is></c><c r="C1" t="inlineStr"><is><t>sex</t></is></c></row>';
      let batch = '';
      for (let r = 2; r <= rows + 1; r++) {
        batch += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Musa${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>Ibrahim</t></is></c><c r="C${r}" t="inlineStr"><is><t>M</t></is></c></row>`;
        if (batch.length > 1024 * 1024) {
          yield batch;
          batch = '';
        }
      }
      yield `${batch}</sheetData></worksheet>`;
    })(),
  );
  const strings = part('xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="${SPREADSHEET}" count="0" uniqueCount="0"/>`);
  return zipOf(workbookParts(sheet, strings));
}

/** A CSV file of a header and `rows` short rows of officials. */
export function manyRowsCsv(rows: number): Buffer {
  const lines = ['family_name,given_names,sex'];
  for (let r = 0; r < rows; r++) lines.push(`Musa${r},Ibrahim,M`);
  return Buffer.from(`${lines.join('\n')}\n`);
}
