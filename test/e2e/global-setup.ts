import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../server/app';
import { type Config, loadConfig } from '../../server/config';
import { type DatabaseHandle, openPglite } from '../../server/platform/db';
import { loadServerKeys } from '../../server/platform/keys';
import { prepareDatabase } from '../../server/platform/startup';

/**
 * Builds the web app and serves the whole product on a fresh PGlite with the demo accounts and
 * the demo history at scale 1 (about 60 sessions, 1,000 officials trained): the results journeys
 * need figures to show, the other journeys work beside it. The demo history's certificates are
 * issued as on a real first start (server/main.ts), so their QR codes and credentials name the
 * address the browser tests reach: the port is chosen before the server starts.
 *
 * Every test file starts on the data as seeded, whatever the files before it changed: the seeded
 * data folder is kept, and `POST /reset` on the control address (browser.ts calls it before each
 * file) stops the server, serves a fresh copy of that folder on the same address and answers
 * once it listens. A fresh process state too: no cache or throttle carries over.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!process.env.TADRIB_E2E_SKIP_BUILD) {
    // Vitest sets NODE_ENV=test, which would make the build ship React's development code: the
    // journeys test what users get.
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-e2e-'));
  const seededDir = path.join(workDir, 'seeded');
  const keysDir = path.join(workDir, 'keys');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFor = (dataDir: string) =>
    loadConfig({
      PORT: String(port),
      TADRIB_PUBLIC_URL: url,
      TADRIB_SECURE_COOKIES: 'false',
      LOG_LEVEL: 'warn',
      TADRIB_DATA_DIR: dataDir,
      TADRIB_KEYS_DIR: keysDir,
    });
  const seedConfig = configFor(seededDir);
  const { keys } = loadServerKeys(seedConfig.keys);
  const seeding = await openPglite(seededDir);
  await prepareDatabase(seeding, keys, { seedDemo: true, demoHistory: true, issuer: seedConfig });
  await seeding.close();

  let copies = 0;
  let serving: { handle: DatabaseHandle; close: () => Promise<void> } | null = null;
  /** Serves a fresh copy of the seeded folder, started as server/main.ts starts on existing data. */
  const serveSeeded = async () => {
    const dataDir = path.join(workDir, `copy-${++copies}`);
    cpSync(seededDir, dataDir, { recursive: true });
    const config: Config = configFor(dataDir);
    const handle = await openPglite(dataDir);
    await prepareDatabase(handle, keys, { seedDemo: true, demoHistory: true, issuer: config });
    const app = await buildApp({ config, db: handle.db, databaseKind: handle.kind, keys, logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    serving = {
      handle,
      close: async () => {
        await app.close();
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  };
  // One reset at a time: a second request waits for the first and then resets again.
  let resetting: Promise<void> = serveSeeded();
  await resetting;
  const reset = () => {
    resetting = resetting.then(async () => {
      await serving?.close();
      serving = null;
      await serveSeeded();
    });
    return resetting;
  };
  const control = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/reset') {
      response.writeHead(404).end();
      return;
    }
    reset().then(
      () => response.writeHead(204).end(),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(error.stack ?? error.message),
    );
  });
  const controlUrl = await listen(control);

  process.env.TADRIB_E2E_URL = url;
  process.env.TADRIB_E2E_CONTROL_URL = controlUrl;
  project.provide('e2eUrl', url);
  project.provide('e2eControlUrl', controlUrl);
  return async () => {
    control.close();
    await resetting.catch(() => {});
    await serving?.close();
    rmSync(workDir, { recursive: true, force: true });
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** A port free now, asked of the system: the server listens on it a moment later. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await listen(probe);
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eUrl: string;
    e2eControlUrl: string;
  }
}
