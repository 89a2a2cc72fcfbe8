import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/db/schema';
import { currentTotpCode } from '../../server/platform/totp';
import { type Client, demoEmail, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { ALL_ROLES, createUser, expectError, login } from './support';

/**
 * Who may call which route, written out by hand from docs/api.md and docs/product.md ("Users and what
 * each may see"), NOT read from server/platform/access.ts: the test compares the two.
 *  - 'public': anyone, signed in or not.
 *  - 'second-factor-step': only a session that has passed the password and owes a TOTP code;
 *    fully signed-in users of every role are refused.
 *  - Role[]: fully signed-in users of these roles.
 */
type Expected = 'public' | 'second-factor-step' | Role[];

const ADMIN: Role[] = ['admin'];
/**
 * The registry (docs/product.md): staff who need identities, focal points (their state), participants
 * (themselves). Not the M&E officer ("identities only where needed"): results give them pseudonyms.
 */
const REGISTRY_READERS: Role[] = ['programme_officer', 'trainer', 'focal_point', 'participant'];
/** Agencies hold no personal data: the registry's readers and the M&E officer. */
const AGENCY_READERS: Role[] = ['programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant'];
const REGISTRY_WRITERS: Role[] = ['programme_officer', 'focal_point'];
/** Results (docs/product.md): office staff who report, focal points (their state), partners (their programmes, aggregates). */
const RESULTS_READERS: Role[] = ['programme_officer', 'me_officer', 'focal_point', 'partner'];
/** The high-level meeting's editions and documents: office staff, focal points, partners (no personal data). */
const MEETING_READERS: Role[] = ['programme_officer', 'me_officer', 'focal_point', 'partner'];

const EXPECTED: Record<string, Expected> = {
  'GET /api/health': 'public',
  'GET /api/health/live': 'public',
  'GET /api/health/ready': 'public',

  'POST /api/auth/login': 'public',
  'POST /api/auth/mfa': 'second-factor-step',
  // Forgot password and mailed links (issue 11): before anyone is signed in.
  'POST /api/auth/password-reset': 'public',
  'POST /api/auth/set-password': 'public',
  'GET /api/auth/session': ALL_ROLES,
  'POST /api/auth/logout': ALL_ROLES,
  // Single sign-on: the sign-in page asks whether it is offered; the browser starts it and comes back from the provider.
  'GET /api/auth/oidc': 'public',
  'GET /api/auth/oidc/start': 'public',
  'GET /api/auth/oidc/callback': 'public',

  'GET /api/me': ALL_ROLES,
  'PATCH /api/me': ALL_ROLES,
  'POST /api/me/password': ALL_ROLES,
  'POST /api/me/mfa/setup': ALL_ROLES,
  'POST /api/me/mfa/confirm': ALL_ROLES,
  'POST /api/me/mfa/recovery-codes': ALL_ROLES,
  'POST /api/me/mfa/disable': ALL_ROLES,

  'GET /api/users': ADMIN,
  'GET /api/users/official-candidates': ADMIN,
  'POST /api/users': ADMIN,
  'GET /api/users/{id}': ADMIN,
  'PATCH /api/users/{id}': ADMIN,
  'POST /api/users/{id}/deactivate': ADMIN,
  'POST /api/users/{id}/reactivate': ADMIN,
  'POST /api/users/{id}/reset-password': ADMIN,
  'POST /api/users/{id}/reset-mfa': ADMIN,
  'POST /api/users/{id}/invite': ADMIN,

  'GET /api/settings/security': ADMIN,
  'GET /api/settings/certificates': ADMIN,
  'PUT /api/settings/certificates': ADMIN,
  'PUT /api/settings/security': ADMIN,
  'GET /api/settings/sso': ADMIN,
  'PUT /api/settings/sso': ADMIN,

  'GET /api/audit': ADMIN,
  'GET /api/audit/actions': ADMIN,
  'GET /api/audit/verify': ADMIN,
  'GET /api/audit/checkpoint': ADMIN,
  // The Outbox (issue 11): messages carry reset and invitation links, so the admin alone.
  'GET /api/outbox': ADMIN,
  'GET /api/outbox/{id}': ADMIN,
  'POST /api/outbox/{id}/resend': ADMIN,

  'GET /api/reference': ALL_ROLES,
  'GET /api/states': ALL_ROLES,
  'GET /api/states/{iso2}': ALL_ROLES,

  // Curriculum: every role reads; programme officers write. Organisations are named by courses.
  'GET /api/programmes': ALL_ROLES,
  'POST /api/programmes': ['programme_officer'],
  'GET /api/programmes/{id}': ALL_ROLES,
  'PATCH /api/programmes/{id}': ['programme_officer'],
  'GET /api/courses': ALL_ROLES,
  'POST /api/courses': ['programme_officer'],
  'GET /api/courses/{id}': ALL_ROLES,
  'PATCH /api/courses/{id}': ['programme_officer'],
  'GET /api/organisations': ALL_ROLES,
  'POST /api/organisations': ['programme_officer'],

  // Partners and donors (docs/product.md "partner: no personal data"): programme officers manage, M&E
  // officers read; a partner user reads its own organisation's page and contributions (scoped by
  // the service); contacts, agreement documents and the who-does-what-where matrix are office staff's.
  'GET /api/my-organisation': ['partner'],
  'GET /api/organisations/{id}': ['programme_officer', 'me_officer', 'partner'],
  'PATCH /api/organisations/{id}': ['programme_officer'],
  'GET /api/organisations/{id}/sessions': ['programme_officer', 'me_officer', 'partner'],
  'GET /api/organisations/{id}/contacts': ['programme_officer', 'me_officer'],
  'POST /api/organisations/{id}/contacts': ['programme_officer'],
  'PATCH /api/partner-contacts/{id}': ['programme_officer'],
  'DELETE /api/partner-contacts/{id}': ['programme_officer'],
  'GET /api/organisations/{id}/agreements': ['programme_officer', 'me_officer', 'partner'],
  'POST /api/organisations/{id}/agreements': ['programme_officer'],
  'PATCH /api/partner-agreements/{id}': ['programme_officer'],
  'DELETE /api/partner-agreements/{id}': ['programme_officer'],
  'PUT /api/partner-agreements/{id}/document': ['programme_officer'],
  'GET /api/partner-agreements/{id}/document': ['programme_officer', 'me_officer'],
  'GET /api/contributions': ['programme_officer', 'me_officer', 'partner'],
  'POST /api/contributions': ['programme_officer'],
  'PATCH /api/contributions/{id}': ['programme_officer'],
  'DELETE /api/contributions/{id}': ['programme_officer'],
  'GET /api/partners/matrix': ['programme_officer', 'me_officer'],
  'GET /api/partners/matrix.csv': ['programme_officer', 'me_officer'],

  // Sessions: read (scoped) by officers, trainers, focal points, participants; programme officers write.
  'GET /api/sessions': ['programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant'],
  'GET /api/sessions/trainers': ['programme_officer'],
  'POST /api/sessions': ['programme_officer'],
  'GET /api/sessions/{id}': ['programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant'],
  'PATCH /api/sessions/{id}': ['programme_officer'],
  'POST /api/sessions/{id}/status': ['programme_officer'],

  // Nominations: programme officers, trainers (their roster) and focal points (their state) read, not
  // the M&E officer (nominees are identities); focal points and officers nominate and withdraw;
  // programme officers screen, decide and reopen.
  'GET /api/sessions/{id}/nominations': ['programme_officer', 'trainer', 'focal_point'],
  'GET /api/sessions/{id}/nomination-candidates': ['programme_officer', 'focal_point'],
  'POST /api/sessions/{id}/nominations': ['programme_officer', 'focal_point'],
  'GET /api/nominations/{id}': ['programme_officer', 'trainer', 'focal_point'],
  'PUT /api/nominations/{id}/screening': ['programme_officer'],
  'POST /api/nominations/{id}/decision': ['programme_officer'],
  'POST /api/nominations/{id}/reopen': ['programme_officer'],
  'POST /api/nominations/{id}/withdraw': ['programme_officer', 'focal_point'],

  // Delivery: trainers (their sessions) and officers record; officers override, ask follow-ups and
  // record cascades; evaluation aggregates (anonymous, every state's participants) are the office's
  // and the trainers', not a focal point's.
  'GET /api/sessions/{id}/delivery': ['programme_officer', 'trainer'],
  'PUT /api/nominations/{id}/attendance': ['programme_officer', 'trainer'],
  'PUT /api/nominations/{id}/scores': ['programme_officer', 'trainer'],
  'POST /api/sessions/{id}/scores/import': ['programme_officer', 'trainer'],
  'PUT /api/nominations/{id}/completion-override': ['programme_officer'],
  'DELETE /api/nominations/{id}/completion-override': ['programme_officer'],
  'GET /api/sessions/{id}/evaluations': ['programme_officer', 'me_officer', 'trainer'],
  'POST /api/sessions/{id}/follow-ups': ['programme_officer'],
  'POST /api/nominations/{id}/cascades': ['programme_officer'],

  // Meeting recommendations (docs/product.md, cooperation): programme officers manage, M&E officers read;
  // a focal point reads and updates (status, evidence) their own state's actions only (scoped by the
  // service) and its follow-through figure; partners get the aggregate on the results page only.
  'GET /api/recommendations/editions': ['programme_officer', 'me_officer'],
  'GET /api/recommendations/follow-through': ['programme_officer', 'me_officer', 'focal_point'],
  'GET /api/recommendations/by-state': ['programme_officer', 'me_officer'],
  'GET /api/recommendations/by-owner': ['programme_officer', 'me_officer'],
  'GET /api/recommendations': ['programme_officer', 'me_officer'],
  'POST /api/recommendations': ['programme_officer'],
  'GET /api/recommendations/{id}': ['programme_officer', 'me_officer'],
  'PATCH /api/recommendations/{id}': ['programme_officer'],
  'POST /api/recommendations/{id}/actions': ['programme_officer'],
  'POST /api/recommendations/{id}/carry': ['programme_officer'],
  'GET /api/recommendation-actions': ['programme_officer', 'me_officer', 'focal_point'],
  'GET /api/recommendation-actions/{id}': ['programme_officer', 'me_officer', 'focal_point'],
  'PATCH /api/recommendation-actions/{id}': ['programme_officer'],
  'POST /api/recommendation-actions/{id}/status': ['programme_officer', 'focal_point'],
  'POST /api/recommendation-actions/{id}/evidence': ['programme_officer', 'focal_point'],
  'POST /api/recommendation-actions/{id}/evidence/file': ['programme_officer', 'focal_point'],
  'GET /api/recommendation-evidence/{id}/file': ['programme_officer', 'me_officer', 'focal_point'],

  // A participant's own trainings and forms.
  // Certificates (issue 10): the office issues and revokes; a participant reads their own, a focal
  // point their state's officials'; checking one needs no sign-in.
  'GET /api/sessions/{id}/certificates/preview': ['programme_officer'],
  'POST /api/sessions/{id}/certificates': ['programme_officer'],
  'GET /api/certificates': ['programme_officer', 'focal_point', 'participant'],
  'GET /api/certificates/{id}': ['programme_officer', 'focal_point', 'participant'],
  'GET /api/certificates/{id}/credential.jwt': ['programme_officer', 'focal_point', 'participant'],
  'GET /api/certificates/{id}/credential.json': ['programme_officer', 'focal_point', 'participant'],
  'GET /api/certificates/{id}/certificate.pdf': ['programme_officer', 'focal_point', 'participant'],
  'POST /api/certificates/{id}/revoke': ['programme_officer'],
  'GET /api/credentials/issuer': 'public',
  'GET /api/credentials/jwks.json': 'public',
  'GET /api/credentials/status/{listId}': 'public',
  'POST /api/credentials/verify': 'public',
  'GET /api/participation/trainings': ['participant'],
  'GET /api/participation/trainings/{id}/calendar.ics': ['participant'],
  'POST /api/participation/trainings/{id}/evaluation': ['participant'],
  'POST /api/participation/trainings/{id}/follow-up': ['participant'],
  'POST /api/participation/trainings/{id}/cascades': ['participant'],

  'GET /api/agencies': AGENCY_READERS,
  'POST /api/agencies': REGISTRY_WRITERS,
  'GET /api/agencies/{id}': AGENCY_READERS,
  'PATCH /api/agencies/{id}': REGISTRY_WRITERS,
  'GET /api/officials': REGISTRY_READERS,
  'POST /api/officials': REGISTRY_WRITERS,
  'GET /api/officials/me': ['participant'],
  'GET /api/officials/{id}': REGISTRY_READERS,
  'PUT /api/officials/{id}': REGISTRY_WRITERS,

  // Duplicates and merge: programme officers only; imports: officers and focal points (their state).
  'GET /api/duplicates': ['programme_officer'],
  'POST /api/duplicates/distinct': ['programme_officer'],
  'POST /api/duplicates/merge': ['programme_officer'],
  'GET /api/imports/officials/template': ['programme_officer', 'focal_point'],
  'POST /api/imports/officials/preview': ['programme_officer', 'focal_point'],
  'POST /api/imports/officials/commit': ['programme_officer', 'focal_point'],

  // The high-level meeting: editions and documents for office staff, focal points and partners; the
  // agenda for staff and focal points; delegations and delegates (personal data) for staff and focal
  // points (their state's, where they register delegates and name the head); the office decides and
  // prints badges (M&E officers read them); programme officers manage the rest.
  'GET /api/meetings/editions': MEETING_READERS,
  'POST /api/meetings/editions': ['programme_officer'],
  'GET /api/meetings/editions/{id}': MEETING_READERS,
  'PATCH /api/meetings/editions/{id}': ['programme_officer'],
  'GET /api/meetings/editions/{id}/delegations': ['programme_officer', 'me_officer', 'focal_point'],
  'POST /api/meetings/editions/{id}/delegations': ['programme_officer'],
  'PATCH /api/meetings/delegations/{id}': ['programme_officer'],
  'DELETE /api/meetings/delegations/{id}': ['programme_officer'],
  'PUT /api/meetings/delegations/{id}/head': ['programme_officer', 'focal_point'],
  'POST /api/meetings/delegations/{id}/delegates': ['programme_officer', 'focal_point'],
  'PATCH /api/meetings/delegates/{id}': ['programme_officer', 'focal_point'],
  'POST /api/meetings/delegates/{id}/decision': ['programme_officer'],
  'GET /api/meetings/editions/{id}/badges': ['programme_officer', 'me_officer'],
  'GET /api/meetings/editions/{id}/badges.csv': ['programme_officer', 'me_officer'],
  'GET /api/meetings/editions/{id}/agenda': ['programme_officer', 'me_officer', 'focal_point'],
  'POST /api/meetings/editions/{id}/agenda': ['programme_officer'],
  'PUT /api/meetings/agenda-items/{id}': ['programme_officer'],
  'DELETE /api/meetings/agenda-items/{id}': ['programme_officer'],
  'GET /api/meetings/editions/{id}/documents': MEETING_READERS,
  'POST /api/meetings/editions/{id}/documents': ['programme_officer'],
  'GET /api/meetings/documents/{id}/file': MEETING_READERS,
  'DELETE /api/meetings/documents/{id}': ['programme_officer'],

  // National programme support: the overview (no personal data) for officers and partners; engagements
  // (they name national counterparts) for officers and focal points (their state, read only); programme
  // officers write.
  'GET /api/national-programmes/overview': ['programme_officer', 'me_officer', 'partner'],
  'GET /api/national-programmes/staff': ['programme_officer'],
  'GET /api/national-programmes/states/{iso2}': ['programme_officer', 'me_officer', 'focal_point'],
  'POST /api/national-programmes/engagements': ['programme_officer'],
  'GET /api/national-programmes/engagements/{id}': ['programme_officer', 'me_officer', 'focal_point'],
  'PATCH /api/national-programmes/engagements/{id}': ['programme_officer'],
  'PUT /api/national-programmes/engagements/{id}/coverage': ['programme_officer'],
  'POST /api/national-programmes/engagements/{id}/workshops': ['programme_officer'],
  'PATCH /api/national-programmes/stages/{id}': ['programme_officer'],
  'DELETE /api/national-programmes/stages/{id}': ['programme_officer'],
  'POST /api/national-programmes/stages/{id}/documents': ['programme_officer'],
  'GET /api/national-programmes/documents/{id}': ['programme_officer', 'me_officer', 'focal_point'],
  'DELETE /api/national-programmes/documents/{id}': ['programme_officer'],

  // Results: aggregates for officers, focal points (their state) and partners (their programmes).
  'GET /api/results/map': RESULTS_READERS,
  'GET /api/results/indicators': RESULTS_READERS,
  'GET /api/results/dashboard': RESULTS_READERS,
  'GET /api/results/breakdown': RESULTS_READERS,
  // The records behind a figure: never for partners (aggregates only).
  'GET /api/results/records': ['programme_officer', 'me_officer', 'focal_point'],
  // Exports of the same aggregates, scoped alike; IATI XML is published by the office's officers.
  'GET /api/results/export': RESULTS_READERS,
  'GET /api/results/report.pdf': RESULTS_READERS,
  'GET /api/results/report.html': RESULTS_READERS,
  'GET /api/results/iati.xml': ['programme_officer', 'me_officer'],

  // The knowledge library: read by anyone (each item's audience decides, test/api/library.test.ts);
  // kept by the office, trainers adding materials for their sessions; good practices submitted by
  // focal points and participants, reviewed by programme officers.
  'GET /api/library/items': 'public',
  'GET /api/library/items/{id}': 'public',
  'GET /api/library/items/{id}/files/{fileId}': 'public',
  'POST /api/library/items': ['programme_officer', 'me_officer', 'trainer'],
  'PATCH /api/library/items/{id}': ['programme_officer', 'me_officer', 'trainer'],
  'POST /api/library/items/{id}/files': ['programme_officer', 'me_officer', 'trainer'],
  'DELETE /api/library/items/{id}': ['programme_officer', 'me_officer', 'trainer'],
  'DELETE /api/library/items/{id}/files/{fileId}': ['programme_officer', 'me_officer'],
  'GET /api/library/submissions': ['focal_point', 'participant', 'programme_officer'],
  'GET /api/library/submissions/{id}': ['focal_point', 'participant', 'programme_officer'],
  'POST /api/library/submissions': ['focal_point', 'participant'],
  'PUT /api/library/submissions/{id}': ['focal_point', 'participant'],
  'POST /api/library/submissions/{id}/review': ['programme_officer'],

  // Notifications (issue 11): every user their own; a focal point what their state was sent; the admin runs the daily job.
  'GET /api/notifications': ALL_ROLES,
  'GET /api/notifications/unread': ALL_ROLES,
  'POST /api/notifications/{id}/read': ALL_ROLES,
  'POST /api/notifications/read-all': ALL_ROLES,
  'GET /api/notifications/preferences': ALL_ROLES,
  'PUT /api/notifications/preferences': ALL_ROLES,
  'GET /api/notifications/state': ['focal_point'],
  'GET /api/notifications/reminders': ADMIN,
  'POST /api/notifications/reminders/run': ADMIN,
};

/** What a half-signed-in session may still use (docs/api.md, "Sign-in"), public routes aside. */
const OPEN_AT_PASSWORD_STAGE = ['POST /api/auth/mfa', 'GET /api/auth/session', 'POST /api/auth/logout'];
const OPEN_AT_ENROL_STAGE = [
  'GET /api/auth/session',
  'POST /api/auth/logout',
  'POST /api/me/mfa/setup',
  'POST /api/me/mfa/confirm',
  // A temporary password may be changed before or after enrolling.
  'POST /api/me/password',
];

const ROUTES = Object.keys(EXPECTED);
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function splitRoute(route: string): { method: string; path: string } {
  const [method = '', path = ''] = route.split(' ');
  return { method, path };
}

/** Plausible values for path parameters: a well-formed id that names nothing, a real state. */
function fillPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'id' || name === 'fileId') return randomUUID();
    if (name === 'iso2') return 'NG';
    if (name === 'listId') return '1';
    throw new Error(`no sample value for path parameter {${name}} — add one to fillPath`);
  });
}

function send(client: Client, route: string): Promise<LightMyRequestResponse> {
  const { method, path } = splitRoute(route);
  const url = fillPath(path);
  return WRITES.has(method)
    ? client.request({ method: method as 'POST', url, payload: {} })
    : client.request({ method: method as 'GET', url });
}

/** Neither refused for who the caller is, nor broken. */
function expectAdmitted(response: LightMyRequestResponse, who: string, route: string): void {
  const what = `${who} → ${route}: ${response.statusCode} ${response.body.slice(0, 200)}`;
  expect(response.statusCode, what).not.toBe(401);
  expect(response.statusCode, what).not.toBe(403);
  // A machine without Chromium cannot print PDFs: that 503 says nothing about access.
  if (route === 'GET /api/results/report.pdf' && response.statusCode === 503) {
    expect(response.json().error.code, what).toBe('PDF_RENDERER_UNAVAILABLE');
    return;
  }
  expect(response.statusCode, what).toBeLessThan(500);
}

describe(`access matrix (${testDatabaseKind})`, () => {
  let t: TestApp;
  const clients = new Map<Role, Client>();

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ALL_ROLES) clients.set(role, await t.as(role));
  });
  afterAll(async () => t.close());

  function clientOf(role: Role): Client {
    const client = clients.get(role);
    if (!client) throw new Error(`no client for ${role}`);
    return client;
  }

  it('the expected table lists exactly the routes of the OpenAPI document', async () => {
    const res = await t.anonymous.get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    const missingFromTable = documented.filter((r) => !(r in EXPECTED));
    const noLongerRoutes = ROUTES.filter((r) => !documented.includes(r));
    expect(missingFromTable, 'routes with no expected access in this test: add them to EXPECTED').toEqual([]);
    expect(noLongerRoutes, 'EXPECTED names routes the API no longer has').toEqual([]);
  });

  it('serves the OpenAPI document and the API docs page to anyone', async () => {
    expect((await t.anonymous.get('/api/openapi.json')).statusCode).toBe(200);
    const docs = await t.anonymous.get('/api/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  describe.each(ROUTES)('%s', (route) => {
    const expected = EXPECTED[route] as Expected;

    it(expected === 'public' ? 'is open to anonymous callers' : 'refuses anonymous callers with 401', async () => {
      const res = await send(t.anonymous, route);
      if (expected === 'public') expectAdmitted(res, 'anonymous', route);
      else expectError(res, 401, 'UNAUTHENTICATED');
    });

    it.each(ALL_ROLES)('answers %s as the table says', async (role) => {
      // A route that ends the session (logout) gets a session of its own.
      const client = route === 'POST /api/auth/logout' ? await t.as(role) : clientOf(role);
      const res = await send(client, route);
      const allowed = expected === 'public' || (Array.isArray(expected) && expected.includes(role));
      if (allowed) expectAdmitted(res, role, route);
      else expectError(res, 403, 'FORBIDDEN');
    });
  });

  describe('half-signed-in sessions', () => {
    let totpUser: { email: string; password: string };
    let enrolUser: { email: string; password: string };

    beforeAll(async () => {
      const admin = await t.as('admin');
      // A user with a confirmed TOTP factor signs in to the "password" stage.
      const u = await createUser(admin, { role: 'programme_officer' });
      const { client } = await login(t, u.email, u.password);
      const setup = await client.post('/api/me/mfa/setup');
      expect(setup.statusCode).toBe(200);
      const confirm = await client.post('/api/me/mfa/confirm', { code: currentTotpCode(setup.json().secret) });
      expect(confirm.statusCode).toBe(200);
      totpUser = u;
      // A user of a role that requires a second factor, without one, signs in to the "enrol" stage.
      const required = await admin.put('/api/settings/security', { mfaRequiredRoles: ['me_officer'] });
      expect(required.statusCode).toBe(200);
      enrolUser = await createUser(admin, { role: 'me_officer' });
    });

    afterAll(async () => {
      const admin = await t.as('admin');
      expect((await admin.put('/api/settings/security', { mfaRequiredRoles: [] })).statusCode).toBe(200);
    });

    /** One half-signed-in session per stage, shared by the routes; logout gets its own. */
    const sessions = new Map<string, Client>();
    async function sessionAt(stage: 'password' | 'enrol', route: string): Promise<Client> {
      const user = stage === 'password' ? totpUser : enrolUser;
      const shared = sessions.get(stage);
      if (shared && route !== 'POST /api/auth/logout') return shared;
      const signedIn = await login(t, user.email, user.password);
      expect(signedIn.stage).toBe(stage);
      if (route !== 'POST /api/auth/logout') sessions.set(stage, signedIn.client);
      return signedIn.client;
    }

    it.each(ROUTES)('password stage: %s', async (route) => {
      const client = await sessionAt('password', route);
      const res = await send(client, route);
      if (EXPECTED[route] === 'public' || OPEN_AT_PASSWORD_STAGE.includes(route)) expectAdmitted(res, 'password stage', route);
      else expectError(res, 403, 'MFA_REQUIRED');
    });

    it('the shared password-stage session is still at that stage', async () => {
      const res = await (await sessionAt('password', '')).get('/api/auth/session');
      expect(res.json().stage).toBe('password');
    });

    it.each(ROUTES)('enrol stage: %s', async (route) => {
      const client = await sessionAt('enrol', route);
      const res = await send(client, route);
      if (EXPECTED[route] === 'public' || OPEN_AT_ENROL_STAGE.includes(route)) expectAdmitted(res, 'enrol stage', route);
      // The code step belongs to users who have a factor; everything else waits for enrolment.
      else expectError(res, 403, route === 'POST /api/auth/mfa' ? 'FORBIDDEN' : 'MFA_REQUIRED');
    });
  });

  it('the sessions used above are still live and belong to the demo accounts of each role', async () => {
    for (const role of ALL_ROLES) {
      const me = await clientOf(role).get('/api/me');
      expect(me.json()).toMatchObject({ email: demoEmail(role), role });
    }
  });
});
