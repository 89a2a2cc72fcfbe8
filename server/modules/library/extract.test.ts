import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { docxWithText, pdfWithText, pptxWithText } from './documents';
import { extractText } from './extract';
import { extractInThread } from './extract-thread';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

describe('text extraction of library files', () => {
  it('reads every page of a PDF, accents included', async () => {
    const pdf = pdfWithText([['Manuel de formation', 'La sécurité des frontières'], ['Deuxième page: l’œuvre – financement']]);
    const out = await extractText(PDF, pdf);
    expect(out.status).toBe('extracted');
    expect(out.pages).toBe(2);
    expect(out.text).toContain('sécurité des frontières');
    expect(out.text).toContain('l’œuvre – financement');
  });

  it('reads the paragraphs of a DOCX', async () => {
    const out = await extractText(DOCX, docxWithText(['Estratégia nacional', 'Prevenção do extremismo violento & <tags>']));
    expect(out).toMatchObject({ status: 'extracted' });
    expect(out.text).toContain('Prevenção do extremismo violento & <tags>');
  });

  it('reads the cells of every sheet of an XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Indicators').addRow(['Baseline', 'Interdiction of foreign terrorist fighters']);
    workbook.addWorksheet('Budget').addRow(['Procurement', 1250]);
    const out = await extractText(XLSX, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(out).toMatchObject({ status: 'extracted', pages: 2 });
    expect(out.text).toContain('Interdiction of foreign terrorist fighters');
    expect(out.text).toContain('Procurement 1250');
  });

  it('reads the slides of a PPTX in order', async () => {
    const out = await extractText(PPTX, pptxWithText([['First slide'], ['Second &amp; last']]));
    expect(out).toMatchObject({ status: 'extracted', pages: 2 });
    expect(out.text).toBe('First slide\nSecond &amp; last');
  });

  it('gives no text for an image, and an empty PDF counts as not extracted', async () => {
    expect(await extractText('image/png', Buffer.from([0x89, 0x50]))).toEqual({ status: 'none', text: null, pages: null });
    expect((await extractText(PDF, pdfWithText([[]]))).status).toBe('not_extracted');
  });

  it('in its thread: a damaged PDF is "not extracted", never an error; a good one is read', async () => {
    const damaged = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]);
    expect(await extractInThread(PDF, damaged)).toEqual({ status: 'not_extracted', text: null, pages: null });
    const read = await extractInThread(PDF, pdfWithText([['Thread reads this line']]));
    expect(read).toMatchObject({ status: 'extracted', text: 'Thread reads this line', pages: 1 });
  }, 60_000);
});
