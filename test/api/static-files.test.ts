import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFolder } from '../../scripts/precompress';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { startTestApp, type TestApp } from './harness';

/**
 * The web app's files as a slow link needs them (issue 12): hashed assets kept by browsers for a
 * year without asking again, in the brotli or gzip form written at build time when the browser
 * accepts it; index.html (which names the current assets) checked on every visit.
 */
describe('static files of the web app', () => {
  let t: TestApp;
  let web: FastifyInstance;
  let webRoot: string;
  // Hashed names as Vite writes them; the content is large enough to be worth compressing.
  const script = `export const figures = [${Array.from({ length: 400 }, (_, i) => `'figure ${i}'`).join(', ')}];\n`;
  const styles = Array.from({ length: 200 }, (_, i) => `.card-${i} { margin-inline-start: ${i}px; }`).join('\n');
  const html = `<!doctype html><html><head><script type="module" src="/assets/index-Dx8a1B2c.js"></script></head><body><div id="root"></div>${'<!-- - -->'.repeat(150)}</body></html>`;

  beforeAll(async () => {
    t = await startTestApp();
    webRoot = mkdtempSync(path.join(os.tmpdir(), 'tadrib-static-'));
    mkdirSync(path.join(webRoot, 'assets'));
    writeFileSync(path.join(webRoot, 'index.html'), html);
    writeFileSync(path.join(webRoot, 'assets', 'index-Dx8a1B2c.js'), script);
    writeFileSync(path.join(webRoot, 'assets', 'mantine-Q9w8E7r6.css'), styles);
    await precompressFolder(webRoot);
    web = await buildApp({
      config: loadConfig({ TADRIB_SECURE_COOKIES: 'false', LOG_LEVEL: 'silent' }),
      db: t.db,
      databaseKind: t.kind,
      keys: t.keys,
      serveWeb: true,
      webRoot,
      logger: false,
    });
    await web.ready();
  });

  afterAll(async () => {
    await web?.close();
    await t?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    web.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('sends a hashed asset in brotli when the browser accepts it, cached for a year and never asked again', async () => {
    const res = await get('/assets/index-Dx8a1B2c.js', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends the gzip form to a browser without brotli, and the file itself to one that accepts neither', async () => {
    const gzipped = await get('/assets/mantine-Q9w8E7r6.css', 'gzip');
    expect(gzipped.statusCode).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/text\/css/);
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(styles);

    const plain = await get('/assets/mantine-Q9w8E7r6.css');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(styles);
  });

  it('sends index.html, for the root and for any page of the app, to be checked again on every visit', async () => {
    for (const url of ['/', '/sign-in', '/results?from=2024']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(html);
    }
    const plain = await get('/index.html');
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.body).toBe(html);
  });

  it('answers 404 for an asset that is not there (a page of an older release), never the app', async () => {
    const res = await get('/assets/index-0ld0ld00.js', 'br');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
