import { count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryFiles, libraryItems, storedFiles } from '../../server/db/schema';
import { docxWithText, pdfWithText, pptxWithText } from '../../server/modules/library/documents';
import { queryRows } from '../../server/platform/db';
import { MAX_FILE_BYTES } from '../../server/platform/files';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { createItem, type LibraryItem, search, snippetText, upload } from './library-fixtures';
import { auditRowsOf, expectError, multipart } from './support';

/**
 * Library files: versions, hostile uploads (checked by content, limited in size, an unreadable
 * PDF kept without its text), the search in each language (accents ignored, Arabic by its stems,
 * a query in one language finding the translation in it), snippets in the reader's language, and
 * every bad input refused with nothing changed.
 */

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe(`library files and search (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let partner: Client;
  let item: LibraryItem;

  const fileCounts = async () => {
    const [files] = await t.db.select({ n: count() }).from(libraryFiles);
    const [stored] = await t.db.select({ n: count() }).from(storedFiles);
    const [items] = await t.db.select({ n: count() }).from(libraryItems);
    return { files: files?.n, stored: stored?.n, items: items?.n };
  };

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.as('programme_officer');
    partner = await t.as('partner');
    item = await createItem(officer, {
      type: 'manual',
      audience: 'signed_in',
      title: { en: 'Border security manual', fr: 'Manuel de sécurité des frontières' },
    });
  }, 60_000);
  afterAll(async () => t.close());

  it('a new file in a language is its next version; earlier ones stay for the office only', async () => {
    const first = await upload(officer, item.id, 'fr', {
      name: 'manuel-v1.pdf',
      content: pdfWithText([['Première édition: gendarmerie lacustre']]),
    });
    expect(first.statusCode, first.body).toBe(201);
    const v1 = (first.json() as LibraryItem).files.find((f) => f.language === 'fr');
    expect(v1).toMatchObject({ version: 1, textStatus: 'extracted', fileName: 'manuel-v1.pdf' });
    const second = await upload(officer, item.id, 'fr', {
      name: 'manuel-v2.pdf',
      content: pdfWithText([['Deuxième édition: douane portuaire']]),
    });
    expect(second.statusCode, second.body).toBe(201);
    const after = second.json() as LibraryItem;
    expect(after.files.map((f) => [f.language, f.version])).toEqual([['fr', 2]]);
    expect(after.previousVersions.map((f) => [f.id, f.version])).toEqual([[v1?.id, 1]]);

    // The partner (signed in) reads the current version; the earlier one does not exist for them.
    const seen = (await partner.get(`/api/library/items/${item.id}`)).json() as LibraryItem;
    expect(seen.files.map((f) => f.version)).toEqual([2]);
    expect(seen.previousVersions).toEqual([]);
    expect(seen.can).toEqual({ edit: false, upload: false, delete: false, deleteVersion: false });
    expect((await partner.get(`/api/library/items/${item.id}/files/${v1?.id}`)).statusCode).toBe(404);
    const old = await officer.get(`/api/library/items/${item.id}/files/${v1?.id}`);
    expect(old.statusCode).toBe(200);
    expect(old.headers['content-disposition']).toContain('manuel-v1.pdf');

    // The search reads the current version only.
    expect((await search(partner, 'q=portuaire')).items.map((i) => i.id)).toEqual([item.id]);
    expect((await search(partner, 'q=lacustre')).total).toBe(0);
  });

  it('reads DOCX, XLSX, PPTX and plain text for the search; an image is kept without text', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Plan').addRow(['Indicateur', 'cyberpatrouille']);
    const files = [
      { lang: 'en', name: 'guide.docx', content: docxWithText(['Maritime interdiction guide: seaborne smugglers']) },
      { lang: 'pt', name: 'plano.xlsx', content: Buffer.from(await workbook.xlsx.writeBuffer()) },
      { lang: 'ar', name: 'slides.pptx', content: pptxWithText([['مكافحة الإرهاب في منطقة الساحل']]) },
    ];
    for (const f of files) {
      const res = await upload(officer, item.id, f.lang, { name: f.name, content: f.content });
      expect(res.statusCode, res.body).toBe(201);
      expect((res.json() as LibraryItem).files.find((x) => x.language === f.lang)?.textStatus).toBe('extracted');
    }
    expect((await search(partner, 'q=smugglers')).items.map((i) => i.id)).toEqual([item.id]);
    expect((await search(partner, 'q=cyberpatrouille')).items.map((i) => i.id)).toEqual([item.id]);
    const other = await createItem(officer, { type: 'template', audience: 'public', title: { en: 'Images and notes' } });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    const image = await upload(officer, other.id, 'en', { name: 'map.png', content: png });
    expect((image.json() as LibraryItem).files[0]?.textStatus).toBe('none');
    const text = await upload(officer, other.id, 'fr', {
      name: 'notes.txt',
      content: Buffer.from('Notes: ornithoptère côtier\n'),
    });
    expect((text.json() as LibraryItem).files.find((f) => f.language === 'fr')?.textStatus).toBe('extracted');
    // Accents ignored both ways.
    expect((await search(t.anonymous, 'q=ornithoptere')).items.map((i) => i.id)).toEqual([other.id]);
  });

  it('a PDF that cannot be read is stored with its text not extracted, and the upload succeeds', async () => {
    const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x20), Buffer.from('garbage no xref')]);
    const res = await upload(officer, item.id, 'en', { name: 'scan.pdf', content: broken });
    expect(res.statusCode, res.body).toBe(201);
    const en = (res.json() as LibraryItem).files.find((f) => f.language === 'en');
    expect(en).toMatchObject({ fileName: 'scan.pdf', textStatus: 'not_extracted' });
    expect((await officer.get(`/api/library/items/${item.id}/files/${en?.id}`)).statusCode).toBe(200);
  });

  it('refuses a file by its content, not its name, and one too large; nothing is stored', async () => {
    const before = await fileCounts();
    const cases: [string, Buffer, number, string][] = [
      ['report.pdf', Buffer.from('<html><script>alert(1)</script></html>'), 415, 'FILE_CONTENT_MISMATCH'],
      ['page.html', Buffer.from('<html></html>'), 415, 'FILE_TYPE_NOT_ACCEPTED'],
      ['tool.exe', Buffer.from('MZ\x90\x00'), 415, 'FILE_TYPE_NOT_ACCEPTED'],
      ['image.svg', Buffer.from('<svg onload="alert(1)"/>'), 415, 'FILE_TYPE_NOT_ACCEPTED'],
      ['notes.odt', Buffer.from('PK\x03\x04'), 415, 'FILE_TYPE_NOT_ACCEPTED'],
      // A workbook renamed .docx: a zip, but not a Word document.
      ['letter.docx', Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer()), 415, 'FILE_CONTENT_MISMATCH'],
      ['photo.jpg', pdfWithText([['not a photo']]), 415, 'FILE_CONTENT_MISMATCH'],
      ['binary.txt', Buffer.from([0x41, 0x00, 0x42]), 415, 'FILE_CONTENT_MISMATCH'],
      ['empty.pdf', Buffer.alloc(0), 400, 'FILE_EMPTY'],
      ['huge.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_FILE_BYTES)]), 413, 'FILE_TOO_LARGE'],
    ];
    for (const [name, content, status, reason] of cases) {
      const res = await upload(officer, item.id, 'fr', { name, content, type: PDF });
      const error = expectError(
        res,
        status,
        status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED',
      );
      expect(error.details?.[0]?.message, name).toBe(reason);
    }
    expect(await fileCounts()).toEqual(before);
  }, 60_000);

  it('refuses bad upload forms, and uploads to an item the uploader may not edit are 404', async () => {
    const before = await fileCounts();
    const pdf = { name: 'a.pdf', content: pdfWithText([['x']]) };
    expectError(await upload(officer, item.id, 'de', pdf), 400, 'VALIDATION_FAILED');
    const noFile = await multipart({ language: 'fr' });
    expectError(
      await officer.request({ method: 'POST', url: `/api/library/items/${item.id}/files`, ...noFile }),
      400,
      'VALIDATION_FAILED',
    );
    const extra = await multipart({ language: 'fr', audience: 'public' }, pdf);
    expectError(
      await officer.request({ method: 'POST', url: `/api/library/items/${item.id}/files`, ...extra }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await officer.post(`/api/library/items/${item.id}/files`, { language: 'fr' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(officer, '00000000-0000-4000-8000-000000000000', 'fr', pdf), 404, 'NOT_FOUND');
    expectError(await upload(officer, 'not-an-id', 'fr', pdf), 400, 'VALIDATION_FAILED');
    // A trainer edits only the materials they added.
    expectError(await upload(await t.as('trainer'), item.id, 'fr', pdf), 404, 'NOT_FOUND');
    expectError(await upload(partner, item.id, 'fr', pdf), 403, 'FORBIDDEN');
    expect(await fileCounts()).toEqual(before);
  });

  it('finds an item in the language of the query, whatever language it was written in first', async () => {
    const multi = await createItem(officer, {
      type: 'legal_text',
      audience: 'public',
      title: {
        en: 'Countering the financing of terrorism',
        fr: 'Lutte contre le financement du terrorisme',
        ar: 'مكافحة تمويل الإرهاب',
        pt: 'Combate ao financiamento do terrorismo',
      },
      resolutions: [1373],
    });
    for (const q of ['financing', 'financement', 'financiamento', 'الإرهاب', 'terrorisme', 'FINANCEMENTS']) {
      const found = await search(t.anonymous, `q=${encodeURIComponent(q)}`);
      expect(
        found.items.map((i) => i.id),
        q,
      ).toContain(multi.id);
    }
    // Arabic by its stems: the plural with its article found from the bare word, and from a preposition's form.
    const stems = await createItem(officer, {
      type: 'research',
      audience: 'public',
      title: { ar: 'تقرير عن الإرهابيين في المنطقة' },
    });
    for (const q of ['إرهاب', 'بالإرهاب']) {
      expect(
        (await search(t.anonymous, `q=${encodeURIComponent(q)}`)).items.map((i) => i.id),
        q,
      ).toContain(stems.id);
    }
    // Titles come in the reader's language.
    const inFrench = await search(t.anonymous, 'q=financing&lang=fr');
    expect(inFrench.items.find((i) => i.id === multi.id)?.title.text).toBe('Lutte contre le financement du terrorisme');
  });

  it('gives the snippet in the reader’s language when the item matches in it', async () => {
    const both = await createItem(officer, {
      type: 'manual',
      audience: 'public',
      title: { en: 'Twin texts', fr: 'Textes jumeaux' },
    });
    await upload(officer, both.id, 'en', { name: 'en.docx', content: docxWithText(['The zeppelinade drill, English edition.']) });
    await upload(officer, both.id, 'fr', {
      name: 'fr.docx',
      content: docxWithText(['Exercice zeppelinade, édition française.']),
    });
    const fr = await search(t.anonymous, 'q=zeppelinade&lang=fr');
    expect(snippetText(fr.items[0]?.snippet ?? null)).toContain('édition française');
    const en = await search(t.anonymous, 'q=zeppelinade&lang=en');
    expect(snippetText(en.items[0]?.snippet ?? null)).toContain('English edition');
    expect(snippetText(en.items[0]?.snippet ?? null)).toContain('[zeppelinade]');
    // A snippet is text runs, never HTML: markup in a file stays text.
    const tagged = await createItem(officer, { type: 'manual', audience: 'public', title: { en: 'Markup' } });
    await upload(officer, tagged.id, 'en', {
      name: 'x.txt',
      content: Buffer.from('<b>bold</b> <script>alert(1)</script> xylophonic'),
    });
    const runs = (await search(t.anonymous, 'q=xylophonic')).items[0]?.snippet ?? [];
    // (PostgreSQL's headline drops the markup it meets; whatever it keeps travels as text.)
    expect(runs.map((r) => r.text).join('')).not.toContain('<script');
    expect(runs.filter((r) => r.match).map((r) => r.text)).toEqual(['xylophonic']);
  });

  it('ranks a match in the title above a match deep in a file', async () => {
    const inTitle = await createItem(officer, { type: 'manual', audience: 'public', title: { en: 'Hovercraft patrols' } });
    const inFile = await createItem(officer, { type: 'manual', audience: 'public', title: { en: 'Coastal guide' } });
    await upload(officer, inFile.id, 'en', { name: 'g.txt', content: Buffer.from('Annex: small boats, and one hovercraft.') });
    const found = await search(t.anonymous, 'q=hovercraft');
    expect(found.items.map((i) => i.id)).toEqual([inTitle.id, inFile.id]);
  });

  it('lists, filters and counts an item in the languages of its titles and current files, as they change', async () => {
    const polyglot = await createItem(officer, { type: 'manual', audience: 'public', title: { en: 'Polyglot parakeets' } });
    const languagesOf = async (query: string) =>
      (await search(t.anonymous, query)).items.find((i) => i.id === polyglot.id)?.languages;
    expect(await languagesOf('q=parakeets')).toEqual(['en']);
    const res = await upload(officer, polyglot.id, 'pt', { name: 'p.txt', content: Buffer.from('Periquitos poliglotas.') });
    const fileId = (res.json() as LibraryItem).files.find((f) => f.language === 'pt')?.id;
    expect(await languagesOf('q=parakeets')).toEqual(['en', 'pt']);
    expect(await languagesOf('language=pt&limit=50')).toEqual(['en', 'pt']);
    const inPortuguese = await search(t.anonymous, 'q=parakeets&language=pt');
    expect(inPortuguese.items.map((i) => i.id)).toEqual([polyglot.id]);
    expect(inPortuguese.facets.language).toEqual([
      { value: 'en', count: 1 },
      { value: 'pt', count: 1 },
    ]);
    expect((await officer.delete(`/api/library/items/${polyglot.id}/files/${fileId}`)).statusCode).toBe(200);
    expect(await languagesOf('q=parakeets')).toEqual(['en']);
    expect(await languagesOf('language=pt&limit=50')).toBeUndefined();
    expect((await search(t.anonymous, 'q=parakeets&language=pt')).total).toBe(0);
  });

  it('refuses bad list queries and bad item bodies with a 4xx, changing nothing', async () => {
    for (const query of [
      'limit=0',
      'limit=51',
      'offset=-1',
      'year=abc',
      'type=novel',
      'language=de',
      'state=ng',
      'unknown=1',
      `q=${'a'.repeat(201)}`,
      'course=x',
    ]) {
      expectError(await t.anonymous.get(`/api/library/items?${query}`), 400, 'VALIDATION_FAILED');
    }
    expectError(await t.anonymous.get('/api/library/items/not-an-id'), 400, 'VALIDATION_FAILED');
    expectError(await t.anonymous.get('/api/library/items/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    const before = await fileCounts();
    const base = { type: 'manual', audience: 'public', title: { en: 'T' } };
    const bad: [Record<string, unknown>, number, string][] = [
      [{ ...base, title: {} }, 400, 'title'],
      [{ ...base, type: 'novel' }, 400, 'type'],
      [{ ...base, extra: 1 }, 400, 'extra'],
      [{ ...base, linkUrl: 'javascript:alert(1)' }, 400, 'linkUrl'],
      [{ ...base, states: ['ng'] }, 400, 'states.0'],
      [{ ...base, audience: 'states' }, 422, 'states'],
      [{ ...base, audience: 'participants' }, 422, 'sessionIds'],
      [{ ...base, pillars: ['IX'] }, 422, 'pillars'],
      [{ ...base, resolutions: [9999] }, 422, 'resolutions'],
      [{ ...base, states: ['ZZ'] }, 422, 'states'],
      [{ ...base, audience: 'participants', courseIds: ['00000000-0000-4000-8000-000000000000'] }, 422, 'courseIds'],
    ];
    for (const [body, status, path] of bad) {
      const error = expectError(
        await officer.post('/api/library/items', body),
        status,
        status === 400 ? 'VALIDATION_FAILED' : 'RULE_VIOLATION',
      );
      expect(error.details?.map((d) => d.path).join(',') ?? '', JSON.stringify(body)).toContain(path);
    }
    expectError(await officer.patch(`/api/library/items/${item.id}`, {}), 400, 'VALIDATION_FAILED');
    expectError(await officer.patch(`/api/library/items/${item.id}`, { audience: 'states' }), 422, 'RULE_VIOLATION');
    expect(await fileCounts()).toEqual(before);
    const [row] = await t.db.select({ audience: libraryItems.audience }).from(libraryItems).where(eq(libraryItems.id, item.id));
    expect(row?.audience).toBe('signed_in');
  });

  it('an item removed takes its files with it, and is then 404', async () => {
    const doomed = await createItem(officer, { type: 'manual', audience: 'public', title: { en: 'Doomed' } });
    const res = await upload(officer, doomed.id, 'en', { name: 'd.docx', content: docxWithText(['gone']), type: DOCX });
    const fileId = (res.json() as LibraryItem).files[0]?.id;
    const before = await fileCounts();
    expectError(await partner.delete(`/api/library/items/${doomed.id}`), 403, 'FORBIDDEN');
    // Not the trainer's own material: as good as not there for them.
    expectError(await (await t.as('trainer')).delete(`/api/library/items/${doomed.id}`), 404, 'NOT_FOUND');
    expect((await officer.delete(`/api/library/items/${doomed.id}`)).statusCode).toBe(204);
    expect(await fileCounts()).toEqual({
      files: (before.files ?? 0) - 1,
      stored: (before.stored ?? 0) - 1,
      items: (before.items ?? 0) - 1,
    });
    expectError(await t.anonymous.get(`/api/library/items/${doomed.id}/files/${fileId}`), 404, 'NOT_FOUND');
    expectError(await officer.delete(`/api/library/items/${doomed.id}`), 404, 'NOT_FOUND');
  });

  it('a version of a file removed by the office is gone for everyone and from the search; the previous one is current again', async () => {
    const manual = await createItem(officer, { type: 'manual', audience: 'signed_in', title: { en: 'Versions' } });
    await upload(officer, manual.id, 'en', { name: 'v1.docx', content: docxWithText(['ostriches version one']), type: DOCX });
    const second = await upload(officer, manual.id, 'en', {
      name: 'v2.docx',
      content: docxWithText(['flamingos version two']),
      type: DOCX,
    });
    const withTwo = second.json() as LibraryItem;
    const [current, previous] = [withTwo.files[0], withTwo.previousVersions[0]];
    expect([current?.version, previous?.version]).toEqual([2, 1]);
    expect((await search(partner, 'q=flamingos')).total).toBe(1);
    const url = (fileId = current?.id) => `/api/library/items/${manual.id}/files/${fileId}`;
    const before = await fileCounts();

    // Not the office's: refused before anything is looked up; bad ids and another item's file change nothing.
    expectError(await (await t.as('trainer')).delete(url()), 403, 'FORBIDDEN');
    expectError(await partner.delete(url()), 403, 'FORBIDDEN');
    expectError(await t.anonymous.delete(url()), 401, 'UNAUTHENTICATED');
    expectError(await officer.delete(url('not-a-uuid')), 400, 'VALIDATION_FAILED');
    expectError(await officer.delete(`/api/library/items/${item.id}/files/${current?.id}`), 404, 'NOT_FOUND');
    expectError(await officer.delete(url('00000000-0000-4000-8000-000000000000')), 404, 'NOT_FOUND');
    expect(await fileCounts()).toEqual(before);

    const removed = await officer.delete(url());
    expect(removed.statusCode, removed.body).toBe(200);
    const after = removed.json() as LibraryItem;
    expect(after.files.map((f) => [f.id, f.version])).toEqual([[previous?.id, 1]]);
    expect(after.previousVersions).toEqual([]);
    expect(await fileCounts()).toEqual({ ...before, files: (before.files ?? 0) - 1, stored: (before.stored ?? 0) - 1 });
    expectError(await officer.get(url()), 404, 'NOT_FOUND');
    expectError(await officer.delete(url()), 404, 'NOT_FOUND');
    // The search reads the version that is current again.
    expect((await search(partner, 'q=flamingos')).total).toBe(0);
    expect((await search(partner, 'q=ostriches')).items.map((i) => i.id)).toEqual([manual.id]);
    expect((await partner.get(url(previous?.id))).statusCode).toBe(200);
    const [audit] = await auditRowsOf(t.db, 'library_file.delete', current?.id ?? '');
    expect(audit?.details).toMatchObject({ itemId: manual.id, language: 'en', version: 2, name: 'v2.docx' });
  });

  it("keeps the passages' GIN index's pending list short, since every scan of it reads the list whole", async () => {
    const options = await queryRows<{ name: string; options: string | null }>(
      t.db,
      sql`select c.relname as name, array_to_string(c.reloptions, ',') as options
          from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
          where i.indrelid = 'library_passages'::regclass and a.amname = 'gin'`,
    );
    expect(options.map((index) => index.name)).toEqual(['library_passages_document_idx']);
    for (const index of options) expect(index.options, index.name).toBe('gin_pending_list_limit=64');
  });
});
