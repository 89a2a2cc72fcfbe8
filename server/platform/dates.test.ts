import { afterEach, describe, expect, it, vi } from 'vitest';
import { today } from './dates';

describe('today', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the UTC date, and the next one from midnight UTC on, whichever way the clock moves', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-07T23:59:59.999Z'));
    expect(today()).toBe('2026-12-07');
    vi.setSystemTime(new Date('2026-12-08T00:00:00.000Z'));
    expect(today()).toBe('2026-12-08');
    vi.setSystemTime(new Date('2026-12-07T12:00:00.000Z'));
    expect(today()).toBe('2026-12-07');
    vi.setSystemTime(new Date('1969-12-31T23:00:00.000Z'));
    expect(today()).toBe('1969-12-31');
  });
});
