import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openPglite } from '../../server/platform/db';
import { loadServerKeys } from '../../server/platform/keys';
import { prepareDatabase } from '../../server/platform/startup';

/**
 * Builds the web app and serves the whole product on a fresh PGlite with the demo accounts and
 * the demo history at scale 1 (about 60 sessions, 1,000 officials trained): the results journeys
 * need figures to show, the other journeys work beside it. The demo history's certificates are
 * issued as on a real first start (server/main.ts), so their QR codes and credentials name the
 * address the browser tests reach: the port is chosen before the server starts.
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
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-e2e-'));
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'tadrib-e2e-keys-'));
  const handle = await openPglite(dataDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    TADRIB_PUBLIC_URL: url,
    TADRIB_SECURE_COOKIES: 'false',
    LOG_LEVEL: 'warn',
    TADRIB_DATA_DIR: dataDir,
    TADRIB_KEYS_DIR: keysDir,
  });
  const { keys } = loadServerKeys(config.keys);
  await prepareDatabase(handle, keys, { seedDemo: true, demoHistory: true, issuer: config });
  const app = await buildApp({ config, db: handle.db, databaseKind: handle.kind, keys, logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  process.env.TADRIB_E2E_URL = url;
  project.provide('e2eUrl', url);
  return async () => {
    await app.close();
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(keysDir, { recursive: true, force: true });
  };
}

/** A port free now, asked of the system: the server listens on it a moment later. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eUrl: string;
  }
}
