import { useQueryClient } from '@tanstack/react-query';
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { http } from '../api/http';
import { changesOf, enqueue, QUEUED_EVENT, waitingOf } from './queue';
import { type KeptMark, offlineStore, type QueuedChange } from './store';

/** How often a waiting change is tried again while the network seems up but the server did not answer. */
const RETRY_MS = 15_000;

/**
 * A refusal is an answer about the change itself (a rule, a participant no longer in reach): it is
 * listed for the user. An expired session, throttling, a server fault or no network at all are not:
 * the change waits for the next try.
 */
export function isRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status);
}

/** Sends one change with its key and time; returns the mark kept when a later one won over it. */
async function send(change: QueuedChange): Promise<KeptMark | null> {
  const { key, madeAt } = change;
  switch (change.kind) {
    case 'attendance': {
      const answer = await http.put(`/nominations/${change.nominationId}/attendance`, {
        day: change.day,
        present: change.present,
        key,
        madeAt,
      });
      return answer.outcome === 'overridden'
        ? { value: answer.present ? 'present' : 'absent', recordedBy: answer.recordedBy, recordedAt: answer.recordedAt }
        : null;
    }
    case 'score': {
      const answer = await http.put(`/nominations/${change.nominationId}/scores`, {
        kind: change.testKind,
        score: change.score,
        key,
        madeAt,
      });
      return answer.outcome === 'overridden'
        ? {
            value: answer.score === null ? '' : String(answer.score),
            recordedBy: answer.recordedBy,
            recordedAt: answer.recordedAt,
          }
        : null;
    }
    case 'evaluation':
      await http.post(`/participation/trainings/${change.nominationId}/evaluation`, {
        ratings: change.ratings,
        comment: change.comment,
        key,
      });
      return null;
  }
}

/** The cell a mark fills: two waiting marks of one cell, the older is superseded by the newer before sending. */
export const cellOf = (c: QueuedChange): string =>
  c.kind === 'attendance'
    ? `a:${c.nominationId}:${c.day}`
    : c.kind === 'score'
      ? `s:${c.nominationId}:${c.testKind}`
      : `e:${c.nominationId}`;

/** Forgets the waiting marks of this user's cell made before `madeAt` (a newer mark of theirs was recorded). */
export async function supersedeWaiting(userId: string, cell: string, madeAt: string): Promise<void> {
  const older = (await waitingOf(userId)).filter((c) => cellOf(c) === cell && c.madeAt <= madeAt);
  await offlineStore.changes.bulkDelete(older.map((c) => c.key));
}

async function sendWaiting(userId: string, onRecorded: () => void): Promise<void> {
  if (!navigator.onLine) return;
  const waiting = await waitingOf(userId);
  // Oldest first; of one user's marks of the same cell only the newest goes: the older would lose to it.
  const newest = new Map(waiting.map((c) => [cellOf(c), c.key]));
  let answered = 0;
  for (const change of waiting) {
    if (newest.get(cellOf(change)) !== change.key) {
      await offlineStore.changes.delete(change.key);
      continue;
    }
    try {
      const kept = await send(change);
      if (kept) await offlineStore.changes.update(change.key, { state: 'overridden', kept });
      else await offlineStore.changes.delete(change.key);
      answered += 1;
    } catch (error) {
      if (!isRefusal(error)) break;
      await offlineStore.changes.update(change.key, {
        state: 'refused',
        refusal: { status: error.status, code: error.code, rule: error.rule, params: error.params, message: error.message },
      });
      answered += 1;
    }
  }
  if (answered > 0) onRecorded();
}

/** What became of a mark: sent and recorded, kept on this device for later, or recorded but a later mark stays. */
export type MarkResult = { queued: boolean; kept: KeptMark | null };

/**
 * Sends a mark (or an evaluation) at once when the network is up; without network, or when the request cannot reach
 * the server, keeps it on this device (with the same key and time) for the sync loop: if the
 * server did get it, the resend is answered without recording it twice.
 */
export async function sendOrKeep(change: QueuedChange): Promise<MarkResult> {
  if (!navigator.onLine) {
    await enqueue(change);
    return { queued: true, kept: null };
  }
  try {
    const kept = await send(change);
    await supersedeWaiting(change.userId, cellOf(change), change.madeAt);
    return { queued: false, kept };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'NETWORK') throw error;
    await enqueue(change);
    return { queued: true, kept: null };
  }
}

let running: Promise<void> | null = null;

/** Sends this user's waiting changes, one run at a time in this tab and (Web Locks) across tabs. */
export function syncNow(userId: string, onRecorded: () => void): Promise<void> {
  if (running) return running;
  const work = () => sendWaiting(userId, onRecorded);
  running = (navigator.locks ? navigator.locks.request('tadrib-offline-sync', work) : work()).finally(() => {
    running = null;
  });
  return running;
}

/** Runs the sync loop while a user is signed in: now, when the network returns, when a change is queued, and every 15 s. */
export function useOfflineSync(userId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const run = () => {
      // What the server now holds replaces what the pages showed from the queue.
      syncNow(userId, () => void queryClient.invalidateQueries()).catch(() => undefined);
    };
    run();
    window.addEventListener('online', run);
    window.addEventListener(QUEUED_EVENT, run);
    const timer = window.setInterval(run, RETRY_MS);
    return () => {
      window.removeEventListener('online', run);
      window.removeEventListener(QUEUED_EVENT, run);
      window.clearInterval(timer);
    };
  }, [userId, queryClient]);
}

/** This user's changes on this device, kept up to date as they are queued, sent and answered. */
export function useOfflineChanges(userId: string): QueuedChange[] {
  const [changes, setChanges] = useState<QueuedChange[]>([]);
  useEffect(() => {
    const subscription = liveQuery(() => changesOf(userId)).subscribe({ next: setChanges, error: () => setChanges([]) });
    return () => subscription.unsubscribe();
  }, [userId]);
  return changes;
}
