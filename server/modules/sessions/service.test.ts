import { describe, expect, it } from 'vitest';
import { transitions, weekdaysBetween } from './service';

describe('weekdaysBetween', () => {
  it('lists Monday to Friday, inclusive, across a weekend', () => {
    // 2027-01-08 is a Friday.
    expect(weekdaysBetween('2027-01-08', '2027-01-12')).toEqual(['2027-01-08', '2027-01-11', '2027-01-12']);
    expect(weekdaysBetween('2027-01-09', '2027-01-10')).toEqual([]);
  });
});

describe('session transitions', () => {
  it('go planned → open → closed → completed; any but completed may be cancelled', () => {
    expect(transitions).toEqual({
      planned: ['open', 'cancelled'],
      open: ['closed', 'cancelled'],
      closed: ['completed', 'cancelled'],
      completed: [],
      cancelled: [],
    });
  });
});
