import type { QueuedChange } from '../../offline/store';
import type { DeliverySheet } from './delivery';

/**
 * The sheet as the trainer left it: what the server (or, offline, the service worker's copy) holds,
 * with this device's marks and scores still waiting to be sent laid over it.
 */
export function withWaitingMarks(sheet: DeliverySheet, changes: readonly QueuedChange[]): DeliverySheet {
  const waiting = changes.filter((c) => c.state === 'waiting' && c.kind !== 'evaluation' && c.sessionId === sheet.session.id);
  if (waiting.length === 0) return sheet;
  return {
    ...sheet,
    participants: sheet.participants.map((p) => {
      let row = p;
      for (const c of waiting) {
        if (c.nominationId !== p.nominationId) continue;
        if (c.kind === 'attendance') row = { ...row, attendance: { ...row.attendance, [c.day]: c.present } };
        if (c.kind === 'score') row = c.testKind === 'pre' ? { ...row, preScore: c.score } : { ...row, postScore: c.score };
      }
      return row;
    }),
  };
}

/** Whether a mark of this participant (and day, or test) waits on this device to be sent. */
export function isWaiting(
  changes: readonly QueuedChange[],
  nominationId: string,
  subject: { day: string } | { testKind: 'pre' | 'post' },
): boolean {
  return changes.some(
    (c) =>
      c.state === 'waiting' &&
      c.kind !== 'evaluation' &&
      c.nominationId === nominationId &&
      ('day' in subject
        ? c.kind === 'attendance' && c.day === subject.day
        : c.kind === 'score' && c.testKind === subject.testKind),
  );
}
