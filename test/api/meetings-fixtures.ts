import { count } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import {
  agencies,
  auditLog,
  meetingDelegates,
  meetingDelegations,
  meetingEditions,
  organisations,
  storedFiles,
} from '../../server/db/schema';
import type { RuleCode } from '../../server/platform/rules';
import { type Client, startTestApp, type TestApp } from './harness';
import { createUser, expectError, login } from './support';

/** What the meetings API tests share: the response shapes, the app with its readers, and the helpers. */

export type Edition = {
  id: string;
  number: number;
  status: string;
  theme: { text: string; values: Record<string, string> };
  counts: Record<string, number | null>;
};
export type Delegate = {
  id: string;
  delegationId: string;
  status: string;
  decisionReason: string | null;
  decidedAt: string | null;
  /** Office staff only: the same person (email) registered in other delegations of the edition; null for everyone else. */
  sameEmailElsewhere: unknown[] | null;
};
export type Delegation = {
  id: string;
  role: string;
  stateIso2: string | null;
  agency: { id: string } | null;
  organisation: { id: string } | null;
  headDelegateId: string | null;
  delegates: Delegate[];
};

const DAY = 86_400_000;
export const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export type MeetingsApp = {
  t: TestApp;
  officer: Client;
  me: Client;
  focalNg: Client;
  focalGh: Client;
  partner: Client;
  trainer: Client;
  admin: Client;
  participant: Client;
  unodcId: string;
  interpolId: string;
  senegalAgencyId: string;
  nigeriaAgencyId: string;
};

/** The app with a reader of each role (Ghana's focal point besides Nigeria's), two organisations and two agencies. */
export async function startMeetingsApp(): Promise<MeetingsApp> {
  const t = await startTestApp();
  const admin = await t.as('admin');
  const gh = await createUser(admin, { role: 'focal_point', stateIso2: 'GH' });
  const orgs = await t.db
    .insert(organisations)
    .values([
      { name: 'Test Office on Drugs and Crime', acronym: 'TODC', kind: 'un_entity' },
      { name: 'Test Police Organisation', acronym: 'TPO', kind: 'international_body' },
    ])
    .returning();
  const ags = await t.db
    .insert(agencies)
    .values([
      { stateIso2: 'SN', name: 'Test Division of Counter-Terrorism', type: 'police' },
      { stateIso2: 'NG', name: 'Test Counter-Terrorism Centre', type: 'ct_coordination_body' },
    ])
    .returning();
  return {
    t,
    officer: await t.as('programme_officer'),
    me: await t.as('me_officer'),
    focalNg: await t.as('focal_point'),
    focalGh: (await login(t, gh.email, gh.password)).client,
    partner: await t.as('partner'),
    trainer: await t.as('trainer'),
    admin,
    participant: await t.as('participant'),
    unodcId: orgs[0]?.id ?? '',
    interpolId: orgs[1]?.id ?? '',
    senegalAgencyId: ags[0]?.id ?? '',
    nigeriaAgencyId: ags[1]?.id ?? '',
  };
}

/** The helpers of one test file, reading its app once started. */
export function meetingsHelpers(appOf: () => MeetingsApp) {
  const db = () => appOf().t.db;
  const rows = async (table: typeof meetingEditions | typeof meetingDelegations | typeof meetingDelegates | typeof storedFiles) =>
    Number((await db().select({ n: count() }).from(table))[0]?.n ?? 0);
  const auditCount = async () => Number((await db().select({ n: count() }).from(auditLog))[0]?.n ?? 0);

  let editionNumber = 100;
  async function createEdition(overrides: Record<string, unknown> = {}): Promise<Edition> {
    editionNumber += 1;
    const res = await appOf().officer.post('/api/meetings/editions', {
      number: editionNumber,
      startDate: isoDay(60),
      endDate: isoDay(62),
      city: 'Agadir',
      countryIso2: 'MA',
      theme: { en: 'Cooperation against terrorism', fr: 'Coopération contre le terrorisme' },
      ...overrides,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Edition;
  }

  async function createDelegation(editionId: string, body: Record<string, unknown>): Promise<Delegation> {
    const res = await appOf().officer.post(`/api/meetings/editions/${editionId}/delegations`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Delegation;
  }

  let emailCounter = 0;
  async function register(client: Client, delegationId: string, overrides: Record<string, unknown> = {}): Promise<Delegate> {
    emailCounter += 1;
    const res = await client.post(`/api/meetings/delegations/${delegationId}/delegates`, {
      title: 'Dr',
      givenNames: 'Amaka',
      familyName: `Delegate${emailCounter}`,
      function: 'Director, Counter-Terrorism Centre',
      email: `delegate${emailCounter}@agency.test`,
      ...overrides,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Delegate;
  }

  const counts = async () => ({
    editions: await rows(meetingEditions),
    delegations: await rows(meetingDelegations),
    delegates: await rows(meetingDelegates),
    files: await rows(storedFiles),
    audit: await auditCount(),
  });

  /** A rule violation that changed nothing: 422 naming the rule, same number of rows and audit entries. */
  async function expectRefused(
    act: () => Promise<LightMyRequestResponse>,
    rule: RuleCode,
    status = 422,
    code = 'RULE_VIOLATION',
  ): Promise<void> {
    const before = await counts();
    const res = await act();
    const error = expectError(res, status, code);
    expect(error.rule).toBe(rule);
    expect(await counts()).toEqual(before);
  }

  return { rows, auditCount, createEdition, createDelegation, register, expectRefused };
}
