import { count } from 'drizzle-orm';
import { expect } from 'vitest';
import { agencies, officials } from '../../server/db/schema';
import { type Client, startTestApp, type TestApp } from './harness';
import { createUser, login } from './support';

/** What the registry API tests share: the response shapes, the app with its readers and agencies, and the helpers. */

export type Agency = {
  id: string;
  stateIso2: string;
  name: string;
  acronym: string | null;
  type: string;
  parentId: string | null;
  parentName: string | null;
  officialCount: number;
};
export type OfficialSummary = {
  id: string;
  stateIso2: string;
  agency: { id: string; name: string; acronym: string | null } | null;
  familyName: string;
  givenNames: string;
  nameOriginal: string | null;
  sex: string;
  email: string | null;
  mergedIntoId: string | null;
};
export type Official = OfficialSummary & {
  languages: string[];
  phone: string | null;
  notes: string | null;
  nominations: { sessionCode: string; courseTitle: Record<string, string>; startDate: string; endDate: string; status: string }[];
};
export type OfficialList = { items: OfficialSummary[]; total: number; page: number; pageSize: number; nextCursor: string | null };

/** The official most tests start from, changed field by field. */
export const base = {
  stateIso2: 'NG',
  familyName: 'Okonkwo',
  givenNames: 'Emeka',
  sex: 'male',
} as const;

export async function createOfficial(by: Client, body: Record<string, unknown>): Promise<Official> {
  const res = await by.post('/api/officials', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Official;
}

export async function search(by: Client, query: string): Promise<OfficialList> {
  const res = await by.get(`/api/officials?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as OfficialList;
}

export async function officialCount(t: TestApp): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(officials);
  return Number(row?.n ?? 0);
}

export async function agencyCount(t: TestApp): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(agencies);
  return Number(row?.n ?? 0);
}

export type RegistryApp = {
  t: TestApp;
  officer: Client;
  me: Client;
  focalNg: Client;
  focalGh: Client;
  trainer: Client;
  participant: Client;
  partner: Client;
  admin: Client;
  officerId: string;
  ngPolice: Agency;
  ngDss: Agency;
  ghPolice: Agency;
};

/** The app with a reader of each role (Ghana's focal point besides Nigeria's) and three agencies of two states. */
export async function startRegistryApp(): Promise<RegistryApp> {
  const t = await startTestApp();
  const admin = await t.as('admin');
  const officer = await t.as('programme_officer');
  const focalNg = await t.as('focal_point');
  const gh = await createUser(admin, { role: 'focal_point', stateIso2: 'GH' });
  const agency = async (by: Client, body: Record<string, unknown>) => {
    const res = await by.post('/api/agencies', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Agency;
  };
  return {
    t,
    officer,
    me: await t.as('me_officer'),
    focalNg,
    focalGh: (await login(t, gh.email, gh.password)).client,
    trainer: await t.as('trainer'),
    participant: await t.as('participant'),
    partner: await t.as('partner'),
    admin,
    officerId: (await officer.get('/api/me')).json().id,
    ngPolice: await agency(officer, { stateIso2: 'NG', name: 'Nigeria Police Force', acronym: 'NPF', type: 'police' }),
    ngDss: await agency(focalNg, { stateIso2: 'NG', name: 'Department of State Services', acronym: 'DSS', type: 'intelligence' }),
    ghPolice: await agency(officer, { stateIso2: 'GH', name: 'Ghana Police Service', acronym: 'GPS', type: 'police' }),
  };
}
