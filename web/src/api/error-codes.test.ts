import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import { apiErrorCodes } from './client';

describe('the web words every error code the server can answer', () => {
  it('has a message for each, NETWORK included (the catalogue test checks the other languages have the same keys)', () => {
    const messages = en.errors as Record<string, string>;
    expect(apiErrorCodes).toContain('NETWORK');
    expect(apiErrorCodes.filter((code) => !messages[code])).toEqual([]);
  });
});
