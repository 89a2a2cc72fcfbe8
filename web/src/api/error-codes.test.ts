import { describe, expect, it } from 'vitest';
import { errorStatus } from '../../../server/errors';
import en from '../i18n/en.json';
import { apiErrorCodes } from './client';

describe('the web knows every error code the server can answer', () => {
  it('lists each server code, plus NETWORK for an unreachable server', () => {
    expect([...apiErrorCodes].sort()).toEqual([...Object.keys(errorStatus), 'NETWORK'].sort());
  });

  it('has a message for each (the catalogue test checks the other languages have the same keys)', () => {
    const messages = en.errors as Record<string, string>;
    expect(apiErrorCodes.filter((code) => !messages[code])).toEqual([]);
  });
});
