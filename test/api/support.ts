import { randomBytes } from 'node:crypto';
import { and, count, desc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { auditLog, type Role, users } from '../../server/db/schema';
import type { Database } from '../../server/platform/db';
import { type RuleCode, type RuleParams, ruleCodes, ruleMessage } from '../../server/platform/rules';
import { sessionIdOf } from '../../server/platform/sessions';
import { type Client, client, sessionCookieOf, type TestApp } from './harness';

/** Helpers shared by the API tests: raw sign-in, clients built from a cookie, error checks. */

export const ALL_ROLES: Role[] = ['admin', 'programme_officer', 'me_officer', 'trainer', 'focal_point', 'participant', 'partner'];

/**
 * The app a test file shares (`startMeetingsApp`…), started before its tests and closed after them:
 * its fields are there from the first test on.
 */
export function sharedApp<A extends { t: TestApp }>(start: () => Promise<A>): A {
  const app = {} as A;
  beforeAll(async () => {
    Object.assign(app, await start());
  });
  afterAll(async () => app.t?.close());
  return app;
}

/** A client that sends a given cookie and CSRF token (either may be null). */
export const clientWith = (t: TestApp, cookie: string | null, csrfToken: string | null): Client =>
  client(t.app, cookie, csrfToken);

export type SignInResult = { response: LightMyRequestResponse; client: Client; stage: string | null };

/** POST /api/auth/login without asserting success; the client carries whatever cookie was set. */
export async function login(
  t: TestApp,
  email: string,
  password: string,
  options: { remoteAddress?: string; headers?: Record<string, string> } = {},
): Promise<SignInResult> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const body = response.statusCode === 200 ? (response.json() as { stage: string; csrfToken: string }) : null;
  return {
    response,
    client: clientWith(t, sessionCookieOf(response), body?.csrfToken ?? null),
    stage: body?.stage ?? null,
  };
}

type ApiErrorBody = {
  code: string;
  message: string;
  rule?: RuleCode;
  params?: RuleParams;
  details?: { path: string; message: string; rule?: RuleCode; params?: RuleParams }[];
};

/** The error envelope, checked for shape, status and code; returns the error for further checks. */
export function expectError(response: LightMyRequestResponse, status: number, code: string): ApiErrorBody {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['x-request-id'], 'every response carries x-request-id').toBeTruthy();
  const body = response.json() as { error: ApiErrorBody };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  const extra = Object.keys(body.error).filter((k) => !['code', 'message', 'rule', 'params', 'details'].includes(k));
  expect(extra).toEqual([]);
  // A broken rule comes with the values of its message; the English message is the catalogue's.
  if (body.error.rule !== undefined) {
    expect(ruleCodes).toContain(body.error.rule);
    expect(body.error.params).toBeTypeOf('object');
    expect(body.error.message).toContain(ruleMessage(body.error.rule, body.error.params));
  }
  if (body.error.details !== undefined) {
    expect(Array.isArray(body.error.details)).toBe(true);
    for (const d of body.error.details) {
      expect(typeof d.path).toBe('string');
      expect(typeof d.message).toBe('string');
    }
  }
  return body.error;
}

/** A refusal by `rule` (422, or 409 for a clash with an existing record); returns the error for further checks. */
export function expectRule(response: LightMyRequestResponse, rule: RuleCode, status = 422): ApiErrorBody {
  const error = expectError(response, status, status === 409 ? 'CONFLICT' : 'RULE_VIOLATION');
  expect(error.rule).toBe(rule);
  return error;
}

/** The paths named in an error's details. */
export const detailPaths = (error: { details?: { path: string }[] }): string[] => (error.details ?? []).map((d) => d.path);

let counter = 0;
/** An email no other test uses. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@tadrib.test`;
}

export type CreatedUser = { id: string; email: string; password: string; role: Role; stateIso2: string | null };

/** A password every rule of the policy accepts (random, so no two tests share one). */
export const strongPassword = (): string => `Kestrel-${randomBytes(9).toString('base64url')}-orbit`;

/**
 * Creates a user through the admin API and returns its id and password. The new account's
 * invitation waits in the outbox; the admin's other way in, a temporary password, gives the test
 * a password at once. It is changed at once (as its user must before anything else), unless
 * `keepTemporaryPassword`.
 */
export async function createUser(
  admin: Client,
  input: { role: Role; stateIso2?: string; email?: string; displayName?: string; keepTemporaryPassword?: boolean },
): Promise<CreatedUser> {
  const email = input.email ?? uniqueEmail(input.role);
  const response = await admin.post('/api/users', {
    email,
    displayName: input.displayName ?? `Test ${input.role}`,
    role: input.role,
    ...(input.stateIso2 ? { stateIso2: input.stateIso2 } : {}),
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json() as { user: { id: string; email: string } };
  const reset = await admin.post(`/api/users/${body.user.id}/reset-password`);
  expect(reset.statusCode, reset.body).toBe(200);
  let password = (reset.json() as { temporaryPassword: string }).temporaryPassword;
  if (!input.keepTemporaryPassword) {
    // The admin's client signs in as the new user (its own cookie and token replaced for these requests).
    const signedIn = await admin.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: body.user.email, password },
      headers: { cookie: '', 'x-csrf-token': '' },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const cookie = sessionCookieOf(signedIn) ?? '';
    const newPassword = strongPassword();
    const changed = await admin.request({
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: password, newPassword },
      headers: { cookie, 'x-csrf-token': signedIn.json().csrfToken },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    await admin.request({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': signedIn.json().csrfToken },
    });
    password = newPassword;
  }
  return {
    id: body.user.id,
    email: body.user.email,
    password,
    role: input.role,
    stateIso2: input.stateIso2 ?? null,
  };
}

/** The session id behind a client's cookie (the cookie holds a token whose SHA-256 is the id). */
export function sessionIdOfClient(client: Client): string {
  const token = client.cookie?.replace(/^tadrib_session=/, '');
  if (!token) throw new Error('client has no session cookie');
  return sessionIdOf(token);
}

export async function userRow(db: Database, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function userCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

/** Audit rows of one action (optionally for one record), newest first. */
export async function auditRowsOf(db: Database, action: string, recordId?: string) {
  return db
    .select()
    .from(auditLog)
    .where(
      recordId === undefined ? eq(auditLog.action, action) : and(eq(auditLog.action, action), eq(auditLog.recordId, recordId)),
    )
    .orderBy(desc(auditLog.seq));
}

/** Six digits that are none of the given codes (so a "wrong code" is never right by chance). */
export function wrongCode(...valid: string[]): string {
  for (let n = 123456; ; n += 1) {
    const code = String(n).padStart(6, '0');
    if (!valid.includes(code)) return code;
  }
}

/**
 * Waits, when needed, until the current 30-second TOTP step has at least `seconds` left, so that
 * codes computed now for the current and neighbouring steps stay valid for the next few requests.
 */
export async function awaitFreshTotpStep(seconds = 5): Promise<void> {
  const intoStep = Date.now() % 30_000;
  if (30_000 - intoStep < seconds * 1000) await new Promise((r) => setTimeout(r, 30_000 - intoStep + 100));
}

/** A multipart/form-data body as a browser sends it: text fields and at most one file. */
export async function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file)
    form.append('file', new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }), file.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  };
}
