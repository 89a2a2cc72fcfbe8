import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { Role } from '../../server/db/schema';
import { DEMO_PASSWORD, demoAccounts } from '../../server/db/seed/demo';
import type { Database, DatabaseHandle, Transaction } from '../../server/platform/db';
import type { ServerKeys } from '../../server/platform/keys';
import { freshDatabase, testDatabaseKind } from './databases';

export { DEMO_PASSWORD, testDatabaseKind };

export type TestApp = {
  app: FastifyInstance;
  db: Database;
  kind: 'pglite' | 'postgres';
  /** The app's own keys folder (a copy of the template's) and the keys loaded from it. */
  keysDir: string;
  keys: ServerKeys;
  /** A signed-in client for one of the demo accounts. */
  as(role: Role): Promise<Client>;
  signIn(email: string, password?: string): Promise<Client>;
  anonymous: Client;
  /**
   * Runs `work` in one transaction as the owner of the tables (the server works as the runtime
   * role): what an attacker holding the owner's password could do, e.g. to tamper with the audit log.
   */
  asOwner<T>(work: (owner: Transaction) => Promise<T>): Promise<T>;
  /** The database's bulk path (COPY, the owner's one transaction), as the seeds and restores use it. */
  bulk: DatabaseHandle['bulk'];
  close(): Promise<void>;
};

export type Client = {
  cookie: string | null;
  csrfToken: string | null;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
};

export const demoEmail = (role: Role): string => {
  const account = demoAccounts.find((a) => a.role === role);
  if (!account) throw new Error(`no demo account for ${role}`);
  return account.email;
};

/** A client that sends a given session cookie and CSRF token (either may be null). */
export function client(app: FastifyInstance, cookie: string | null, csrfToken: string | null): Client {
  const c: Client = {
    cookie,
    csrfToken,
    request: (options) =>
      app.inject({
        ...options,
        headers: {
          ...(c.cookie ? { cookie: c.cookie } : {}),
          ...(c.csrfToken ? { 'x-csrf-token': c.csrfToken } : {}),
          ...(options.headers ?? {}),
        },
      }),
    get: (url) => c.request({ method: 'GET', url }),
    post: (url, body) => c.request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => c.request({ method: 'PATCH', url, payload: body as object }),
    put: (url, body) => c.request({ method: 'PUT', url, payload: body as object }),
    delete: (url) => c.request({ method: 'DELETE', url }),
  };
  return c;
}

/** Reads the session cookie a response set, as a Cookie header value. */
export function sessionCookieOf(response: LightMyRequestResponse): string | null {
  const set = response.cookies.find((c) => c.name === 'tadrib_session');
  return set ? `tadrib_session=${set.value}` : null;
}

/** One app on one fresh database (copied from the seeded template) for a test file. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const handle = await freshDatabase();
  const config = loadConfig({ TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'silent', ...handle.env, ...env });
  const app = await buildApp({
    config,
    db: handle.db,
    databaseKind: handle.kind,
    keys: handle.keys,
    serveWeb: false,
    logger: false,
  });
  await app.ready();
  const signIn = async (email: string, password = DEMO_PASSWORD) => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    if (response.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${response.body}`);
    return client(app, sessionCookieOf(response), response.json().csrfToken);
  };
  return {
    app,
    db: handle.db,
    kind: handle.kind,
    keysDir: handle.keysDir,
    keys: handle.keys,
    signIn,
    as: (role) => signIn(demoEmail(role)),
    anonymous: client(app, null, null),
    asOwner: (work) =>
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`set local role none`);
        return work(tx);
      }),
    bulk: (work, options) => handle.bulk(work, options),
    async close() {
      await app.close();
      await handle.drop();
    },
  };
}
