import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import { auditRecordTypes } from './audit';

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') && !file.endsWith('.test.ts') ? [file] : [];
  });
}

const server = sources(path.resolve('server'))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
const written = (field: string) => [...server.matchAll(new RegExp(`\\b${field}: '([a-z_.]+)'`, 'g'))].map((m) => m[1] as string);

describe('the audit log page', () => {
  it('has a readable name for every action the server records', () => {
    const names = en.audit.actionNames as Record<string, string>;
    const missing = [...new Set(written('action'))].filter((action) => !names[action.replaceAll('.', '_')]);
    expect(missing).toEqual([]);
  });

  it('offers every record type the server records as a filter, each with a name', () => {
    const types = en.audit.recordTypes as Record<string, string>;
    const recorded = [...new Set(written('recordType'))];
    expect(recorded.filter((t) => !(auditRecordTypes as readonly string[]).includes(t))).toEqual([]);
    expect(auditRecordTypes.filter((t) => !types[t])).toEqual([]);
  });
});
