import Dexie, { type EntityTable } from 'dexie';
import type { EvaluationQuestion } from '../../../contract/enums';

/** Why the server refused a change: its rule (worded by `rules.<rule>` in the reader's language) or its message. */
export type Refusal = {
  status: number;
  code: string;
  rule: string | null;
  params: Record<string, string | number>;
  message: string;
};

/** The mark that stays on record when a queued one lost to a later one (the conflict rule). */
export type KeptMark = { value: string; recordedBy: string | null; recordedAt: string | null };

type Common = {
  /** The idempotency key the change is sent with, every time: the server records it once. */
  key: string;
  /** Whose change: only they send it, see it, and lose it when they sign out. */
  userId: string;
  /** When it was made on this device (the conflict rule compares these times). */
  madeAt: string;
  /** waiting to be sent; refused by the server; overridden by a mark made later (kept in the sheet's history). */
  state: 'waiting' | 'refused' | 'overridden';
  /** Who and what, to list the change without the server: "Bello, Aisha · day 2". */
  label: string;
  refusal?: Refusal;
  kept?: KeptMark;
};

export type AttendanceChange = Common & {
  kind: 'attendance';
  sessionId: string;
  nominationId: string;
  day: string;
  present: boolean;
};
export type ScoreChange = Common & {
  kind: 'score';
  sessionId: string;
  nominationId: string;
  testKind: 'pre' | 'post';
  score: number | null;
};
export type EvaluationChange = Common & {
  kind: 'evaluation';
  nominationId: string;
  ratings: Record<EvaluationQuestion, number>;
  comment: string | null;
};
export type QueuedChange = AttendanceChange | ScoreChange | EvaluationChange;

/**
 * The changes made on this device and not yet recorded by the server, in IndexedDB: they survive
 * a reload and a closed tab without network, and are sent when it returns (sync.ts).
 */
class OfflineStore extends Dexie {
  changes!: EntityTable<QueuedChange, 'key'>;

  constructor() {
    super('tadrib-offline');
    this.version(1).stores({ changes: 'key, userId, [userId+state], madeAt' });
  }
}

export const offlineStore = new OfflineStore();
