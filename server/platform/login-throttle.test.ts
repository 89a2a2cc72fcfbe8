import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { backOffUntil, deviceCookieValue, deviceIdOf, deviceTokensOf } from './login-throttle';

const token = (c: string) => c.repeat(43);

describe('device cookies', () => {
  it('read only well-formed tokens, at most five', () => {
    expect(deviceTokensOf(undefined)).toEqual([]);
    expect(deviceTokensOf(`${token('a')}.junk.${token('b')}`)).toEqual([token('a'), token('b')]);
    expect(deviceTokensOf(['a', 'b', 'c', 'd', 'e', 'f'].map(token).join('.'))).toHaveLength(5);
  });
  it('put the new token first and drop the one it replaces', () => {
    const value = deviceCookieValue(token('n'), [token('a'), token('b')], deviceIdOf(token('a')));
    expect(value).toBe(`${token('n')}.${token('b')}`);
  });
});

describe('the address back-off', () => {
  const config = loadConfig({ TADRIB_LOGIN_ADDRESS_FREE_FAILURES: '10', TADRIB_LOGIN_ADDRESS_BACKOFF_SECONDS: '2' });
  it('starts after the free failures and doubles with each further one, up to the window', () => {
    expect(backOffUntil(config, 9, 0)).toBeNull();
    expect([10, 11, 12, 13].map((n) => backOffUntil(config, n, 0))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(backOffUntil(config, 40, 0)).toBe(config.loginLimit.windowMs);
  });
});
