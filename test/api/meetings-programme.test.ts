import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { meetingAgendaItems, meetingDocuments, storedFiles } from '../../server/db/schema';
import { type Client, testDatabaseKind } from './harness';
import { type Delegate, type Edition, isoDay, meetingsHelpers, PDF, startMeetingsApp } from './meetings-fixtures';
import { auditRowsOf, expectError, multipart, sharedApp } from './support';

/** Meetings: the badge list, the agenda, and the documents kept in the file store. */

describe(`meetings: badges, agenda and documents (${testDatabaseKind})`, () => {
  const app = sharedApp(startMeetingsApp);
  const { rows, createEdition, createDelegation, register, expectRefused } = meetingsHelpers(() => app);

  describe('badge list', () => {
    let edition: Edition;

    beforeAll(async () => {
      edition = await createEdition();
      const ng = await createDelegation(edition.id, { stateIso2: 'NG', role: 'member' });
      const org = await createDelegation(edition.id, { organisationId: app.interpolId, role: 'observer' });
      const a = await register(app.officer, ng.id, { givenNames: 'Zainab', familyName: 'Abubakar' });
      const b = await register(app.officer, ng.id, { givenNames: 'Yusuf', familyName: 'Zubairu', function: '=HYPERLINK("x")' });
      const c = await register(app.officer, org.id, { title: null, givenNames: 'Jean', familyName: 'Dupont' });
      await register(app.officer, ng.id, { givenNames: 'Pending', familyName: 'Person' });
      for (const d of [a, b, c]) await app.officer.post(`/api/meetings/delegates/${d.id}/decision`, { decision: 'approved' });
      await app.officer.put(`/api/meetings/delegations/${ng.id}/head`, { delegateId: b.id });
    });

    it('lists approved delegates by delegation, the head first, and audits the read', async () => {
      const res = await app.me.get(`/api/meetings/editions/${edition.id}/badges`);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { familyName: string; headOfDelegation: boolean; stateIso2: string | null }[];
      expect(items.map((i) => i.familyName)).toEqual(['Zubairu', 'Abubakar', 'Dupont']);
      expect(items[0]?.headOfDelegation).toBe(true);
      const audit = await auditRowsOf(app.t.db, 'meeting_badges.read', edition.id);
      expect((audit[0]?.details as { delegateIds?: string[] } | undefined)?.delegateIds).toHaveLength(3);
      for (const client of [app.focalNg, app.partner, app.trainer]) {
        expectError(await client.get(`/api/meetings/editions/${edition.id}/badges`), 403, 'FORBIDDEN');
      }
    });

    it('exports them as CSV, safe to open in a spreadsheet', async () => {
      const res = await app.officer.get(`/api/meetings/editions/${edition.id}/badges.csv`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="badges-edition-\d+\.csv"/);
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('Delegation,Role,Head of delegation,Title,Given names,Family name,Function');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain(`Nigeria,Member,yes,Dr,Yusuf,Zubairu,"'=HYPERLINK(""x"")"`);
      expect(lines[3]).toBe('Test Police Organisation,Observer,,,Jean,Dupont,"Director, Counter-Terrorism Centre"');
      expect((await auditRowsOf(app.t.db, 'meeting_badges.read', edition.id))[0]?.details).toMatchObject({ format: 'csv' });
    });
  });

  describe('agenda', () => {
    let edition: Edition;
    let delegate: Delegate;

    beforeAll(async () => {
      edition = await createEdition({ startDate: isoDay(30), endDate: isoDay(31) });
      const ng = await createDelegation(edition.id, { stateIso2: 'NG', role: 'member' });
      delegate = await register(app.officer, ng.id, { givenNames: 'Ngozi', familyName: 'Eze' });
    });

    const item = (overrides: Record<string, unknown> = {}) => ({
      day: isoDay(30),
      startsAt: '09:00',
      endsAt: '10:30',
      kind: 'plenary',
      title: { en: 'Opening plenary', ar: 'الجلسة الافتتاحية' },
      room: 'Hall A',
      speakers: [],
      ...overrides,
    });

    it('adds items within the edition with speakers who are delegates or named persons, sorted by time', async () => {
      const first = await app.officer.post(
        `/api/meetings/editions/${edition.id}/agenda`,
        item({
          startsAt: '11:00',
          endsAt: '12:00',
          speakers: [
            { delegateId: delegate.id, part: 'Keynote' },
            { name: 'Ms Jane Moderator', part: 'Moderator' },
          ],
        }),
      );
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json().speakers).toEqual([
        { delegateId: delegate.id, name: 'Dr Ngozi Eze', part: 'Keynote', delegationLabel: 'NG' },
        { delegateId: null, name: 'Ms Jane Moderator', part: 'Moderator', delegationLabel: null },
      ]);
      const second = await app.officer.post(`/api/meetings/editions/${edition.id}/agenda`, item({ speakers: [] }));
      expect(second.statusCode, second.body).toBe(201);

      const agenda = await app.focalGh.get(`/api/meetings/editions/${edition.id}/agenda`);
      expect(agenda.statusCode).toBe(200);
      expect((agenda.json().items as { startsAt: string }[]).map((i) => i.startsAt)).toEqual(['09:00', '11:00']);
      // The agenda names a speaker from another state's delegation to every reader of the agenda.
      const keynote = (agenda.json().items as { speakers: { name: string }[] }[])[1]?.speakers[0];
      expect(keynote).toMatchObject({ name: 'Dr Ngozi Eze', delegationLabel: 'NG' });
      const audit = await auditRowsOf(app.t.db, 'meeting_delegate.list', edition.id);
      expect(audit[0]?.details).toEqual({ purpose: 'agenda speakers', delegateIds: [delegate.id] });
      expectError(await app.partner.get(`/api/meetings/editions/${edition.id}/agenda`), 403, 'FORBIDDEN');
    });

    it('refuses items outside the edition, unknown speakers and bad times, changing nothing', async () => {
      const url = `/api/meetings/editions/${edition.id}/agenda`;
      const count0 = Number((await app.t.db.select({ n: count() }).from(meetingAgendaItems))[0]?.n);
      await expectRefused(() => app.officer.post(url, item({ day: isoDay(32), speakers: [] })), 'meeting.agenda_within_edition');
      const other = await createEdition();
      const otherDel = await createDelegation(other.id, { stateIso2: 'GH', role: 'member' });
      const stranger = await register(app.officer, otherDel.id);
      await expectRefused(
        () => app.officer.post(url, item({ speakers: [{ delegateId: stranger.id }] })),
        'meeting.speaker_delegate_of_edition',
      );
      for (const bad of [
        item({ endsAt: '09:00', speakers: [] }),
        item({ startsAt: '9:00', speakers: [] }),
        item({ kind: 'party', speakers: [] }),
        item({ title: {}, speakers: [] }),
        item({ speakers: [{ delegateId: delegate.id, name: 'Both' }] }),
        item({ speakers: [{ part: 'Nobody' }] }),
      ]) {
        expectError(await app.officer.post(url, bad), 400, 'VALIDATION_FAILED');
      }
      expect(Number((await app.t.db.select({ n: count() }).from(meetingAgendaItems))[0]?.n)).toBe(count0);
      // The edition's dates cannot leave its agenda behind.
      await expectRefused(
        () => app.officer.patch(`/api/meetings/editions/${edition.id}`, { startDate: isoDay(31) }),
        'meeting.agenda_outside_new_dates',
      );
    });

    it('replaces and removes an item', async () => {
      const created = await app.officer.post(
        `/api/meetings/editions/${edition.id}/agenda`,
        item({ day: isoDay(31), speakers: [] }),
      );
      const id = created.json().id as string;
      const replaced = await app.officer.put(
        `/api/meetings/agenda-items/${id}`,
        item({ day: isoDay(31), kind: 'break', title: { fr: 'Pause café' }, room: '', speakers: [{ name: 'Caterer' }] }),
      );
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect(replaced.json()).toMatchObject({
        kind: 'break',
        room: null,
        title: { text: 'Pause café' },
        speakers: [{ name: 'Caterer' }],
      });
      expectError(await app.focalNg.delete(`/api/meetings/agenda-items/${id}`), 403, 'FORBIDDEN');
      expect((await app.officer.delete(`/api/meetings/agenda-items/${id}`)).statusCode).toBe(204);
      expectError(await app.officer.delete(`/api/meetings/agenda-items/${id}`), 404, 'NOT_FOUND');
      expect((await auditRowsOf(app.t.db, 'meeting_agenda_item.delete', id)).length).toBe(1);
    });
  });

  describe('documents through the file store', () => {
    let edition: Edition;

    beforeAll(async () => {
      edition = await createEdition();
    });

    async function upload(
      client: Client,
      fields: Record<string, string>,
      file?: { name: string; content: Buffer; type?: string },
    ) {
      const body = await multipart(fields, file);
      return client.request({ method: 'POST', url: `/api/meetings/editions/${edition.id}/documents`, ...body });
    }

    it('stores an outcome document and lets those allowed download it unchanged', async () => {
      const res = await upload(
        app.officer,
        { kind: 'outcome', language: 'ar', title: 'الوثيقة الختامية' },
        { name: 'الوثيقة الختامية.pdf', content: PDF, type: 'application/pdf' },
      );
      expect(res.statusCode, res.body).toBe(201);
      const doc = res.json() as { id: string; fileName: string; mediaType: string; size: number };
      expect(doc).toMatchObject({ fileName: 'الوثيقة الختامية.pdf', mediaType: 'application/pdf', size: PDF.length });
      const row = (await app.t.db.select().from(meetingDocuments).where(eq(meetingDocuments.id, doc.id)))[0];
      expect((await auditRowsOf(app.t.db, 'file.store', row?.fileId)).length).toBe(1);
      expect((await auditRowsOf(app.t.db, 'meeting_document.create', doc.id)).length).toBe(1);

      for (const client of [app.partner, app.focalNg, app.me, app.officer]) {
        const list = await client.get(`/api/meetings/editions/${edition.id}/documents`);
        expect(list.statusCode).toBe(200);
        expect((list.json().items as { id: string }[]).map((d) => d.id)).toContain(doc.id);
        const file = await client.get(`/api/meetings/documents/${doc.id}/file`);
        expect(file.statusCode).toBe(200);
        expect(file.rawPayload.equals(PDF)).toBe(true);
        expect(file.headers['content-type']).toBe('application/pdf');
        expect(file.headers['x-content-type-options']).toBe('nosniff');
        expect(file.headers['content-disposition']).toBe(
          `attachment; filename="${'_'.repeat(7)} ${'_'.repeat(8)}.pdf"; filename*=UTF-8''${encodeURIComponent('الوثيقة الختامية.pdf')}`,
        );
      }
      for (const client of [app.trainer, app.participant, app.admin]) {
        expectError(await client.get(`/api/meetings/documents/${doc.id}/file`), 403, 'FORBIDDEN');
      }
    });

    it('keeps one outcome document per language; other documents in any number', async () => {
      const first = await upload(
        app.officer,
        { kind: 'outcome', language: 'en', title: 'Outcome document' },
        { name: 'outcome.pdf', content: PDF },
      );
      expect(first.statusCode, first.body).toBe(201);
      await expectRefused(
        () =>
          upload(
            app.officer,
            { kind: 'outcome', language: 'en', title: 'Outcome again' },
            { name: 'outcome2.pdf', content: PDF },
          ),
        'meeting.one_outcome_per_language',
      );
      const text = Buffer.from('Concept note\nSession 1: opening\n');
      for (const title of ['Concept note', 'Concept note (revised)']) {
        const res = await upload(
          app.officer,
          { kind: 'concept_note', language: 'en', title },
          { name: 'concept.txt', content: text },
        );
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().mediaType).toBe('text/plain');
      }
      const listed = (await app.partner.get(`/api/meetings/editions/${edition.id}/documents`)).json().items as unknown[];
      expect((await app.partner.get(`/api/meetings/editions/${edition.id}`)).json().counts.documents).toBe(listed.length);
      expect(listed.length).toBe(4);
    });

    it('refuses files not accepted, content that is not what its name says, and bad fields, storing nothing', async () => {
      const fields = { kind: 'report', language: 'fr', title: 'Rapport' };
      const cases: [Promise<LightMyRequestResponse>, number, string][] = [
        [
          upload(app.officer, fields, { name: 'page.html', content: Buffer.from('<script>alert(1)</script>') }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        [upload(app.officer, fields, { name: 'drawing.svg', content: Buffer.from('<svg/>') }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [
          upload(app.officer, fields, { name: 'report.pdf', content: Buffer.from('<html>not a pdf</html>') }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        [upload(app.officer, fields, { name: 'noextension', content: PDF }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [
          upload(app.officer, fields, { name: 'binary.txt', content: Buffer.from([0x41, 0x00, 0x42]) }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        [upload(app.officer, fields, { name: 'empty.pdf', content: Buffer.alloc(0) }), 400, 'VALIDATION_FAILED'],
        [upload(app.officer, fields), 400, 'VALIDATION_FAILED'],
        [upload(app.officer, { ...fields, kind: 'minutes' }, { name: 'r.pdf', content: PDF }), 400, 'VALIDATION_FAILED'],
        [upload(app.officer, { ...fields, language: 'de' }, { name: 'r.pdf', content: PDF }), 400, 'VALIDATION_FAILED'],
        [upload(app.officer, { ...fields, title: ' ' }, { name: 'r.pdf', content: PDF }), 400, 'VALIDATION_FAILED'],
        [upload(app.officer, { ...fields, extra: 'x' }, { name: 'r.pdf', content: PDF }), 400, 'VALIDATION_FAILED'],
        [app.officer.post(`/api/meetings/editions/${edition.id}/documents`, { ...fields }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ];
      const before = {
        files: await rows(storedFiles),
        docs: Number((await app.t.db.select({ n: count() }).from(meetingDocuments))[0]?.n),
      };
      for (const [pending, status, code] of cases) expectError(await pending, status, code);
      expect({
        files: await rows(storedFiles),
        docs: Number((await app.t.db.select({ n: count() }).from(meetingDocuments))[0]?.n),
      }).toEqual(before);
      expectError(await upload(app.partner, fields, { name: 'r.pdf', content: PDF }), 403, 'FORBIDDEN');
      expectError(await upload(app.focalNg, fields, { name: 'r.pdf', content: PDF }), 403, 'FORBIDDEN');
    });

    it('refuses a file over 20 MB with 413', async () => {
      const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
      PDF.copy(big);
      const before = await rows(storedFiles);
      expectError(
        await upload(app.officer, { kind: 'report', language: 'en', title: 'Big' }, { name: 'big.pdf', content: big }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expect(await rows(storedFiles)).toBe(before);
    });

    it('removes a document with its file', async () => {
      const res = await upload(
        app.officer,
        { kind: 'presentation', language: 'pt', title: 'Apresentação' },
        { name: 'slides.pdf', content: PDF },
      );
      const doc = res.json() as { id: string };
      const fileId = (await app.t.db.select().from(meetingDocuments).where(eq(meetingDocuments.id, doc.id)))[0]?.fileId ?? '';
      expectError(await app.focalNg.delete(`/api/meetings/documents/${doc.id}`), 403, 'FORBIDDEN');
      expect((await app.officer.delete(`/api/meetings/documents/${doc.id}`)).statusCode).toBe(204);
      expect(await app.t.db.select().from(storedFiles).where(eq(storedFiles.id, fileId))).toEqual([]);
      expect((await auditRowsOf(app.t.db, 'file.remove', fileId)).length).toBe(1);
      expectError(await app.partner.get(`/api/meetings/documents/${doc.id}/file`), 404, 'NOT_FOUND');
    });
  });
});
