import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import {
  agencies,
  meetingEditions,
  organisations,
  recommendationActionEvents,
  recommendationActionEvidence,
  recommendationActions,
  recommendations,
} from '../../server/db/schema';
import { twelveMonthsAfter } from '../../server/modules/recommendations/service';
import { dayFromToday } from './delivery-fixtures';
import { type Client, startTestApp, type TestApp } from './harness';
import { createUser, detailPaths, expectError, login } from './support';

/** What the recommendations API tests share: the response shapes, the app with its readers, and the helpers. */

export type Owner = {
  kind: string;
  stateIso2: string | null;
  agencyId: string | null;
  organisationId: string | null;
  name: string | null;
};
export type Link = { id: string; edition: { number: number }; recommendationNumber?: number; number?: number };
export type Action = {
  id: string;
  recommendation: { id: string; number: number; edition: { id: string; number: number } };
  description: { text: string };
  owner: Owner;
  dueDate: string;
  status: string;
  dropReason: string | null;
  completedOn: string | null;
  overdue: boolean;
  doneLate: boolean;
  carriedFrom: Link | null;
  carriedTo: Link | null;
  evidenceCount: number;
  allowedTransitions: string[];
  can: { edit: boolean; addEvidence: boolean };
  history?: {
    actionId: string;
    edition: { number: number };
    kind: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    completedOn: string | null;
    changes: { field: string; before: string | null; after: string | null }[];
    linked: Link | null;
    by: string | null;
    at: string;
  }[];
  evidence?: {
    id: string;
    actionId: string;
    kind: string;
    text: string | null;
    url: string | null;
    file: { name: string; mediaType: string; size: number } | null;
    addedBy: string | null;
    addedAt: string;
  }[];
};
export type Recommendation = {
  id: string;
  edition: { id: string; number: number };
  number: number;
  text: { text: string; lang: string; values: Record<string, string> };
  pillars: string[];
  resolutions: number[];
  carriedFrom: Link | null;
  carriedTo: Link | null;
  actionCounts: Record<string, number>;
  actions: Action[];
  can: { carry: boolean };
  nextEdition: { number: number } | null;
};

/**
 * A recent edition (a month ago), so that its default due date (twelve months after its end) is
 * ahead whatever day the tests run; past editions are fixed dates whose due dates have passed.
 */
export const START = dayFromToday(-30);
export const END = dayFromToday(-28);
export const DUE = twelveMonthsAfter(END);
export const EARLY_DUE = dayFromToday(100);
export const LATER_DUE = dayFromToday(200);
export const DONE_ON = dayFromToday(-5);

/** The value, which the test needs to be there. */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

export type RecommendationsApp = {
  t: TestApp;
  officer: Client;
  me: Client;
  focalNg: Client;
  focalSn: Client;
  partner: Client;
  ngAgencyId: string;
  ghAgencyId: string;
  organisationId: string;
};

/** The app with its readers (a focal point of Senegal besides Nigeria's) and the owners actions name. */
export async function startRecommendationsApp(): Promise<RecommendationsApp> {
  const t = await startTestApp();
  const sn = await createUser(await t.as('admin'), { role: 'focal_point', stateIso2: 'SN' });
  const [ng] = await t.db
    .insert(agencies)
    .values({ stateIso2: 'NG', name: 'National Counter-Terrorism Centre (test)', type: 'ct_coordination_body' })
    .returning();
  const [gh] = await t.db
    .insert(agencies)
    .values({ stateIso2: 'GH', name: 'Ghana Police Service (test)', type: 'police' })
    .returning();
  const [org] = await t.db
    .insert(organisations)
    .values({ name: 'United Nations Office on Drugs and Crime (test)', acronym: 'UNODC-T', kind: 'un_entity' })
    .returning();
  return {
    t,
    officer: await t.as('programme_officer'),
    me: await t.as('me_officer'),
    focalNg: await t.as('focal_point'),
    focalSn: (await login(t, sn.email, sn.password)).client,
    partner: await t.as('partner'),
    ngAgencyId: must(ng).id,
    ghAgencyId: must(gh).id,
    organisationId: must(org).id,
  };
}

/** The helpers of one test file, reading its app once started. */
export function recommendationsHelpers(appOf: () => RecommendationsApp) {
  let editionNumber = 100;
  const nextEditionNumber = () => {
    editionNumber += 1;
    return editionNumber;
  };
  /** An edition written straight into the table (the meetings module is tested on its own). */
  async function edition(startDate: string, endDate: string, number = nextEditionNumber()) {
    const [row] = await appOf()
      .t.db.insert(meetingEditions)
      .values({ number, startDate, endDate, city: 'Rabat', countryIso2: 'MA', theme: { en: `Edition ${number}` } })
      .returning();
    return must(row);
  }

  const db = () => appOf().t.db;
  const actionCount = async () => Number((await db().select({ n: count() }).from(recommendationActions))[0]?.n ?? 0);
  const recommendationCount = async () => Number((await db().select({ n: count() }).from(recommendations))[0]?.n ?? 0);
  const eventCount = async (actionId: string) =>
    Number(
      (
        await db()
          .select({ n: count() })
          .from(recommendationActionEvents)
          .where(eq(recommendationActionEvents.actionId, actionId))
      )[0]?.n ?? 0,
    );
  const evidenceCount = async (actionId: string) =>
    Number(
      (
        await db()
          .select({ n: count() })
          .from(recommendationActionEvidence)
          .where(eq(recommendationActionEvidence.actionId, actionId))
      )[0]?.n ?? 0,
    );
  const actionRow = async (id: string) =>
    (await db().select().from(recommendationActions).where(eq(recommendationActions.id, id)))[0];

  async function recommend(editionId: string, actions: unknown[] = [], extra: Record<string, unknown> = {}) {
    const res = await appOf().officer.post('/api/recommendations', {
      editionId,
      text: { en: 'Establish national fusion cells', fr: 'Créer des cellules de fusion nationales' },
      actions,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Recommendation;
  }

  return { nextEditionNumber, edition, actionCount, recommendationCount, eventCount, evidenceCount, actionRow, recommend };
}

export async function setStatus(client: Client, id: string, body: Record<string, unknown>) {
  const res = await client.post(`/api/recommendation-actions/${id}/status`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Action;
}

/** Expects a 422 naming `rule`, and nothing changed in the tables given. */
export async function expectRule(response: Promise<LightMyRequestResponse>, rule: string, path?: string) {
  const err = expectError(await response, 422, 'RULE_VIOLATION');
  expect(err.rule).toBe(rule);
  if (path) expect(detailPaths(err)).toEqual([path]);
}
