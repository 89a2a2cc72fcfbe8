import { type AttendanceChange, type EvaluationChange, offlineStore, type QueuedChange, type ScoreChange } from './store';

type NewChange =
  | Omit<AttendanceChange, 'state' | 'key' | 'madeAt'>
  | Omit<ScoreChange, 'state' | 'key' | 'madeAt'>
  | Omit<EvaluationChange, 'state' | 'key' | 'madeAt'>;

/** A change as made now: its idempotency key and the time it was made, sent with it. */
export function stamp<C extends NewChange>(change: C): C & { key: string; madeAt: string; state: 'waiting' } {
  return { ...change, key: crypto.randomUUID(), madeAt: new Date().toISOString(), state: 'waiting' };
}

/** Keeps a change on this device until the server records it. */
export async function enqueue(change: QueuedChange): Promise<void> {
  await offlineStore.changes.put({ ...change, state: 'waiting' });
  window.dispatchEvent(new Event(QUEUED_EVENT));
}

/** Fired when a change is queued: the sync loop tries at once. */
export const QUEUED_EVENT = 'tadrib:offline-queued';

/** This user's changes, oldest first. */
export async function changesOf(userId: string): Promise<QueuedChange[]> {
  return (await offlineStore.changes.where('userId').equals(userId).toArray()).sort((a, b) => a.madeAt.localeCompare(b.madeAt));
}

export async function waitingOf(userId: string): Promise<QueuedChange[]> {
  return (await changesOf(userId)).filter((c) => c.state === 'waiting');
}

/** The trainer has read why a change was not recorded. */
export async function dismiss(key: string): Promise<void> {
  await offlineStore.changes.delete(key);
}
