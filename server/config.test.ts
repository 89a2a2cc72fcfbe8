import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to PGlite in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('./data') });
    expect(config.session.idleMs).toBe(30 * 60_000);
  });
  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h:5432/db',
    });
  });
  it('keeps keys in <data dir>/keys unless TADRIB_KEYS_DIR says where', () => {
    expect(loadConfig({ TADRIB_DATA_DIR: '/srv/tadrib' }).keysDir).toBe(path.resolve('/srv/tadrib/keys'));
    expect(loadConfig({ TADRIB_KEYS_DIR: '/etc/tadrib/keys' }).keysDir).toBe(path.resolve('/etc/tadrib/keys'));
  });
  it('refuses bad settings at boot, naming them', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
});
