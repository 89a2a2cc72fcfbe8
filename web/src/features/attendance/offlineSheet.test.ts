import { describe, expect, it } from 'vitest';
import type { QueuedChange } from '../../offline/store';
import type { DeliverySheet } from './delivery';
import { isWaiting, withWaitingMarks } from './offlineSheet';

const participant = (nominationId: string) =>
  ({
    nominationId,
    official: { id: nominationId, familyName: 'Bello', givenNames: 'Aisha', sex: 'female', stateIso2: 'NG' },
    attendance: { '2026-03-02': false },
    preScore: 40,
    postScore: null,
    overridden: [],
  }) as unknown as DeliverySheet['participants'][number];

const sheet = {
  session: { id: 'S1' },
  participants: [participant('N1'), participant('N2')],
} as unknown as DeliverySheet;

const base = { userId: 'U', madeAt: '2026-03-02T09:00:00Z', label: 'x', sessionId: 'S1' };

describe('the sheet with the marks waiting on this device', () => {
  it('lays waiting marks and scores of this session over the server’s sheet; answered and other sessions’ are not', () => {
    const changes: QueuedChange[] = [
      { ...base, key: 'a', state: 'waiting', kind: 'attendance', nominationId: 'N1', day: '2026-03-02', present: true },
      { ...base, key: 'b', state: 'waiting', kind: 'score', nominationId: 'N2', testKind: 'post', score: 75 },
      { ...base, key: 'c', state: 'refused', kind: 'attendance', nominationId: 'N2', day: '2026-03-02', present: true },
      {
        ...base,
        key: 'd',
        state: 'waiting',
        kind: 'attendance',
        nominationId: 'N2',
        day: '2026-03-03',
        present: true,
        sessionId: 'S2',
      },
    ];
    const shown = withWaitingMarks(sheet, changes);
    expect(shown.participants[0]?.attendance).toEqual({ '2026-03-02': true });
    expect(shown.participants[1]?.attendance).toEqual({ '2026-03-02': false });
    expect(shown.participants[1]?.postScore).toBe(75);
    expect(shown.participants[1]?.preScore).toBe(40);
    expect(isWaiting(changes, 'N1', { day: '2026-03-02' })).toBe(true);
    expect(isWaiting(changes, 'N2', { day: '2026-03-02' })).toBe(false);
    expect(isWaiting(changes, 'N2', { testKind: 'post' })).toBe(true);
    expect(withWaitingMarks(sheet, [])).toBe(sheet);
  });
});
