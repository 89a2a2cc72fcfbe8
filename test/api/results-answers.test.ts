import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attendance,
  meetingEditions,
  memberStates,
  programmes,
  recommendationActions,
  recommendations,
  users,
} from '../../server/db/schema';
import { parsePeriod } from '../../server/modules/results/period';
import { hashPassword } from '../../server/platform/passwords';
import { naiveBreakdown } from '../results-oracles';
import { type Client, DEMO_PASSWORD, startTestApp, type TestApp } from './harness';
import { enrol, pastSession, person, programmeWithCourse } from './results-fixtures';

/**
 * The dashboard and the breakdowns are kept at the version of the facts they were computed at
 * (server/modules/results/answer-cache.ts). Kept answers are never given to a reader of another
 * scope, and every change the figures read — attendance, a programme's title, a state's name, a
 * recommendation's action — gives new answers at once, equal to those computed from the records.
 */

let t: TestApp;
let office: Client;
let focalNigeria: Client;
let focalGhana: Client;
const world = {} as Record<string, string>;
const year2025 = parsePeriod({ from: '2025', to: '2025' }, { firstYear: 2025, currentYear: 2025 });

type Row = { key: string; label: string; officialsTrained: number | null; participations: number | null };
type Breakdown = { rows: Row[]; total: Row; scope: { kind: string; stateIso2: string | null } };
type Dashboard = { byState: Row[]; headline: { code: string; value: number | null }[]; scope: { kind: string } };

beforeAll(async () => {
  t = await startTestApp();
  const db = t.db;
  const a = await programmeWithCourse(db, { title: 'Answers A', threshold: 0.5, passMark: null, maxScore: null });
  world.programme = a.programmeId;
  const session = await pastSession(db, a.courseId, ['2025-04-07', '2025-04-08']);
  for (const [i, state] of ['NG', 'NG', 'GH', 'GH', 'GH', 'SN'].entries()) {
    const id = await person(db, { state, sex: i % 2 ? 'female' : 'male', name: `Answer${i}` });
    const nomination = await enrol(db, session, id, { present: i === 5 ? 0 : 2 });
    world[`n${i}`] = nomination;
  }
  await db.insert(users).values({
    email: 'focal.gh@answers.test',
    displayName: 'Kofi Mensah',
    role: 'focal_point',
    stateIso2: 'GH',
    locale: 'en',
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  office = await t.as('me_officer');
  focalNigeria = await t.as('focal_point');
  focalGhana = await t.signIn('focal.gh@answers.test');
}, 180_000);

afterAll(async () => {
  await t?.close();
});

async function get<T>(client: Client, url: string): Promise<T> {
  const response = await client.get(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as T;
}

const states = (rows: Row[]) => rows.map((r) => r.key).sort();

describe('answers kept per scope', () => {
  it('never gives one scope the answer of another, asked in any order', async () => {
    const url = '/api/results/breakdown?dimension=state&from=2025&to=2025';
    for (let round = 0; round < 2; round += 1) {
      // Each reader asks right after a reader of another scope asked the same thing.
      const ng = await get<Breakdown>(focalNigeria, url);
      const all = await get<Breakdown>(office, url);
      const gh = await get<Breakdown>(focalGhana, url);
      expect(states(ng.rows)).toEqual(['NG']);
      expect(ng.scope).toMatchObject({ kind: 'state', stateIso2: 'NG' });
      expect(states(gh.rows)).toEqual(['GH']);
      expect(gh.scope).toMatchObject({ kind: 'state', stateIso2: 'GH' });
      expect(states(all.rows)).toEqual(expect.arrayContaining(['GH', 'NG']));
      expect(all.scope.kind).toBe('office');
      expect(gh.total.officialsTrained).toBeLessThan(all.total.officialsTrained as number);
    }
    const dashboards = [
      await get<Dashboard>(focalGhana, '/api/results/dashboard?from=2025&to=2025'),
      await get<Dashboard>(focalNigeria, '/api/results/dashboard?from=2025&to=2025'),
    ];
    expect(dashboards.map((d) => states(d.byState))).toEqual([['GH'], ['NG']]);
  });

  it("answers in the reader's language, never in the language another reader asked in", async () => {
    const url = (lang: string) => `/api/results/breakdown?dimension=sex&from=2025&to=2025&lang=${lang}`;
    const labels = async (lang: string) => (await get<Breakdown>(office, url(lang))).rows.find((r) => r.key === 'female')?.label;
    const [en, fr, enAgain] = [await labels('en'), await labels('fr'), await labels('en')];
    expect(en).not.toBe(fr);
    expect(enAgain).toBe(en);
  });

  it('refuses a focal point outside their state even after the same query was answered for the office', async () => {
    await get<Breakdown>(office, '/api/results/breakdown?dimension=sex&state=NG');
    const refused = await focalGhana.get('/api/results/breakdown?dimension=sex&state=NG');
    expect(refused.statusCode).toBe(403);
  });
});

describe('kept answers compressed once', () => {
  const url = '/api/results/breakdown?dimension=state&from=2025&to=2025';
  const asked = (encoding?: string, extra: Record<string, string> = {}) =>
    office.request({ method: 'GET', url, headers: { ...(encoding ? { 'accept-encoding': encoding } : {}), ...extra } });
  const decoded = (response: Awaited<ReturnType<typeof asked>>) => {
    const encoding = response.headers['content-encoding'];
    const bytes = response.rawPayload;
    return JSON.parse(
      (encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8'),
    );
  };

  it('in the encoding the reader prefers, the same answer as uncompressed, the same bytes every time', async () => {
    const plain = await asked();
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    for (const [header, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['*', 'gzip'],
      ['br;q=0.5, gzip;q=0.9', 'gzip'],
      ['identity', undefined],
      ['deflate', undefined],
    ] as const) {
      const first = await asked(header);
      const again = await asked(header);
      expect(first.statusCode, header).toBe(200);
      expect(first.headers['content-encoding'], header).toBe(encoding);
      expect(first.headers.vary, header).toMatch(/accept-encoding/i);
      expect(decoded(first), header).toEqual(plain.json());
      expect(again.rawPayload.equals(first.rawPayload), header).toBe(true);
      if (encoding) expect(first.rawPayload.length, header).toBeLessThan(plain.rawPayload.length / 2);
    }
    // Asked not to compress, it does not.
    const refused = await asked('br', { 'x-no-compression': '1' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json()).toEqual(plain.json());
  });

  it('sends an uncompressed kept answer as its kept bytes: text beyond ASCII intact, Content-Length its bytes', async () => {
    // The labels in Arabic make a text whose UTF-8 bytes outnumber its characters.
    const arabic = `${url}&lang=ar`;
    const ask = (method: 'GET' | 'HEAD') => office.request({ method, url: arabic });
    const [first, again, head] = [await ask('GET'), await ask('GET'), await ask('HEAD')];
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const text = first.rawPayload.toString('utf8');
    expect(Number(first.headers['content-length'])).toBe(first.rawPayload.length);
    expect(first.rawPayload.length).toBeGreaterThan(text.length);
    expect(JSON.parse(text).rows.find((r: Row) => r.key === 'GH')?.label).toMatch(/[\u0600-\u06ff]/);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
    expect(head.rawPayload.length).toBe(0);
  });

  it('compresses the new answer after a change, never the old one', async () => {
    const before = decoded(await asked('br'));
    const ghana = before.rows.find((r: Row) => r.key === 'GH')?.label as string;
    await t.db.update(memberStates).set({ nameEn: 'Ghana (compressed)' }).where(eq(memberStates.iso2, 'GH'));
    const after = await asked('br');
    expect(after.headers['content-encoding']).toBe('br');
    expect(decoded(after)).toEqual((await asked()).json());
    expect(decoded(after).rows.find((r: Row) => r.key === 'GH')?.label).toBe('Ghana (compressed)');
    await t.db.update(memberStates).set({ nameEn: ghana }).where(eq(memberStates.iso2, 'GH'));
    expect(decoded(await asked('br'))).toEqual(before);
  });

  it('compresses answers that are not kept for each request, small ones not at all', async () => {
    const ask = (url: string, encoding?: string) =>
      office.request({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });
    for (const encoding of ['br', 'gzip']) {
      const indicators = await ask('/api/results/indicators?lang=fr', encoding);
      expect(indicators.statusCode).toBe(200);
      expect(indicators.headers['content-encoding']).toBe(encoding);
      expect(indicators.headers.vary).toMatch(/accept-encoding/i);
      expect(decoded(indicators)).toEqual((await ask('/api/results/indicators?lang=fr')).json());
    }
    // An answer under a kilobyte goes as it is.
    const small = await ask('/api/health', 'br');
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

describe('new answers at once after any change the figures read', () => {
  const byState = (client: Client) => get<Breakdown>(client, '/api/results/breakdown?dimension=state&from=2025&to=2025');
  const expectEqualToRecords = async (answer: Breakdown) => {
    const naive = await naiveBreakdown(t.db, year2025, 'state');
    expect(Object.fromEntries(answer.rows.map((r) => [r.key, [r.officialsTrained, r.participations]]))).toEqual(
      Object.fromEntries([...naive].map(([key, n]) => [key, [n.officials, n.participations]])),
    );
  };

  it('moves with attendance', async () => {
    const before = await byState(office);
    await expectEqualToRecords(before);
    await t.db
      .update(attendance)
      .set({ present: true })
      .where(eq(attendance.nominationId, world.n5 as string));
    const after = await byState(office);
    await expectEqualToRecords(after);
    expect(after.total.officialsTrained).toBe((before.total.officialsTrained as number) + 1);
    // The focal point of Ghana had an answer kept before the change: theirs is new too.
    const gh = await byState(focalGhana);
    expect(gh.rows.find((r) => r.key === 'GH')?.officialsTrained).toBe(3);
    await t.db
      .update(attendance)
      .set({ present: false })
      .where(eq(attendance.nominationId, world.n2 as string));
    expect((await byState(focalGhana)).rows.find((r) => r.key === 'GH')?.officialsTrained).toBe(2);
    await expectEqualToRecords(await byState(office));
  });

  it("moves with a programme's title and a state's name", async () => {
    const url = '/api/results/breakdown?dimension=programme&from=2025&to=2025&lang=en';
    const label = async () => (await get<Breakdown>(office, url)).rows.find((r) => r.key === world.programme)?.label;
    expect(await label()).toBe('Answers A');
    await t.db
      .update(programmes)
      .set({ title: { en: 'Answers A, renamed', fr: 'Réponses A' } })
      .where(eq(programmes.id, world.programme as string));
    expect(await label()).toBe('Answers A, renamed');

    const stateLabel = async () => (await byState(office)).rows.find((r) => r.key === 'SN')?.label;
    const senegal = await stateLabel();
    await t.db.update(memberStates).set({ nameEn: 'Senegal (renamed)' }).where(eq(memberStates.iso2, 'SN'));
    expect(await stateLabel()).toBe('Senegal (renamed)');
    await t.db
      .update(memberStates)
      .set({ nameEn: senegal as string })
      .where(eq(memberStates.iso2, 'SN'));
    expect(await stateLabel()).toBe(senegal);
  });

  it("moves with a recommendation's action", async () => {
    const rate = async () =>
      (await get<Dashboard>(office, '/api/results/dashboard?from=2025&to=2025')).headline.find(
        (h) => h.code === 'recommendations_implemented',
      )?.value;
    const before = await rate();
    const [edition] = await t.db
      .insert(meetingEditions)
      .values({
        number: 917,
        startDate: '2025-02-10',
        endDate: '2025-02-12',
        city: 'Rabat',
        countryIso2: 'MA',
        theme: { en: 'Answers' },
      })
      .returning();
    const [recommendation] = await t.db
      .insert(recommendations)
      .values({ editionId: edition?.id as string, number: 1, text: { en: 'Share watch lists' } })
      .returning();
    const [action] = await t.db
      .insert(recommendationActions)
      .values({
        recommendationId: recommendation?.id as string,
        description: { en: 'Share' },
        ownerKind: 'state',
        ownerStateIso2: 'NG',
        dueDate: '2025-06-30',
        status: 'done',
        completedOn: '2025-05-01',
      })
      .returning();
    const implemented = await rate();
    expect(implemented).not.toBe(before);
    // Done late instead: the same recommendation now counts as not implemented.
    await t.db
      .update(recommendationActions)
      .set({ completedOn: '2025-07-15' })
      .where(eq(recommendationActions.id, action?.id as string));
    const late = await rate();
    expect(late).toBeLessThan(implemented as number);
  });
});
