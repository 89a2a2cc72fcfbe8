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
  it('refuses bad settings at boot, naming them', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
  it('keeps the keys in ./keys, outside the database folder, and refuses them inside it', () => {
    expect(loadConfig({}).keys.dir).toBe(path.resolve('./keys'));
    expect(() => loadConfig({ TADRIB_DATA_DIR: './data', TADRIB_KEYS_DIR: './data/keys' })).toThrow(/TADRIB_KEYS_DIR/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', TADRIB_KEYS_DIR: './data/keys' }).keys.dir).toBe(
      path.resolve('./data/keys'),
    );
  });
  it('takes keys from the environment only as 32 bytes in base64', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ TADRIB_TOTP_KEY: key }).keys.fromEnvironment.totp?.length).toBe(32);
    expect(() => loadConfig({ TADRIB_AUDIT_CHAIN_KEY: 'c2hvcnQ=' })).toThrow(/TADRIB_AUDIT_CHAIN_KEY must be 32 bytes/);
  });
  it('sends no mail without TADRIB_SMTP_URL, and takes only smtp:// or smtps:// and a real sender', () => {
    expect(loadConfig({}).mail).toMatchObject({ smtpUrl: null, from: 'Tadrib <no-reply@localhost>' });
    expect(loadConfig({ TADRIB_PUBLIC_URL: 'https://tadrib.example.org' }).mail.from).toBe(
      'Tadrib <no-reply@tadrib.example.org>',
    );
    const given = loadConfig({
      TADRIB_SMTP_URL: 'smtps://u:p@mail.example.org:465',
      TADRIB_MAIL_FROM: 'Office <office@example.org>',
    });
    expect(given.mail).toMatchObject({ smtpUrl: 'smtps://u:p@mail.example.org:465', from: 'Office <office@example.org>' });
    expect(() => loadConfig({ TADRIB_SMTP_URL: 'http://mail.example.org' })).toThrow(/TADRIB_SMTP_URL/);
    expect(() => loadConfig({ TADRIB_MAIL_FROM: 'nobody' })).toThrow(/TADRIB_MAIL_FROM/);
    expect(() => loadConfig({ TADRIB_MAIL_FROM: 'a@b.org\r\nBcc: c@d.org' })).toThrow(/TADRIB_MAIL_FROM/);
  });
});
