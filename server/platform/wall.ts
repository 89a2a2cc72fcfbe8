import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { Queryable } from './db';

/**
 * The database's second wall (row-level security, migration 0014) reads one setting per
 * transaction, `tadrib.scope_state`: '*' lets every state's rows through, a state code only that
 * state's, and an empty value none. This module holds the value the current work runs under;
 * server/platform/db.ts applies it to every transaction it opens.
 *
 * A request runs under the scope of its actor (platform/access.ts `wallScopeOf`), empty until the
 * actor is known. Work outside any request (start-up, seeds, the command line) runs as the system,
 * '*'. Code inside a request that must count or move rows across states for a rule of the office
 * (a waiting list across states, the results recomputation) says so with `asSystem`.
 */
export type WallScope = '*' | '' | (string & {});

export const SYSTEM_SCOPE = '*';
export const NO_SCOPE = '';

/**
 * Not a scope: work that reads only tables outside row-level security (the sign-in tables) runs
 * under whatever scope its connection already holds, without a round trip to set one.
 */
export const ANY_SCOPE = '~any';

type Store = { scope: WallScope };
const storage = new AsyncLocalStorage<Store>();
// Frozen: only a request's own store (withWallScope) may be narrowed.
const ANY_STORE: Store = Object.freeze({ scope: ANY_SCOPE });
const SYSTEM_STORE: Store = Object.freeze({ scope: SYSTEM_SCOPE });

/**
 * The promise of work begun under the scope being run, as it is: its statements read the scope when
 * they start, and its own awaits keep it. A lazy thenable (a query builder runs when awaited) is
 * awaited here, under that scope. Every request reads its session and the results' version this
 * way: a wrapping async function for each was two more promises, each carrying the scope.
 */
function begun<T>(work: () => PromiseLike<T>): Promise<T> {
  try {
    const started = work();
    return started instanceof Promise ? started : (async () => await started)();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The scope queries run under now. */
export function currentWallScope(): WallScope {
  return storage.getStore()?.scope ?? SYSTEM_SCOPE;
}

/** Runs `work` under a scope; the store is mutable so that a request can narrow it once its actor is known. */
export function withWallScope<T>(scope: WallScope, work: () => T): T {
  return storage.run({ scope }, work);
}

/** Sets the scope of the work already running under `withWallScope` (a request once its actor is known). */
export function setWallScope(scope: WallScope): void {
  const store = storage.getStore();
  if (!store) throw new Error('setWallScope outside withWallScope');
  store.scope = scope;
}

/**
 * Runs `work`, which reads only tables outside row-level security (users, auth_sessions: migration
 * 0014 says why), on a connection as it is: the request's own scope is not known yet, and setting
 * one would cost a round trip for nothing.
 */
export function outsideWall<T>(work: () => PromiseLike<T>): Promise<T> {
  return storage.run(ANY_STORE, begun, work);
}

/**
 * Runs `work` across every state: for rules of the office that a narrower reader triggers but that
 * must see all states (e.g. offering a freed seat to the first on a session's waiting list). The
 * work opens its own transactions: a transaction already open keeps the scope it began with.
 */
export function asSystem<T>(work: () => PromiseLike<T>): Promise<T> {
  return storage.run(SYSTEM_STORE, begun, work);
}

/**
 * `asSystem` for a step inside a transaction already open under a narrower scope (the scope of a
 * transaction is set when it begins): widens it for `work`, then narrows it back. On failure the
 * transaction is rolled back whole, the widening with it.
 */
export async function asSystemWithin<T>(tx: Queryable, work: () => PromiseLike<T>): Promise<T> {
  const scope = currentWallScope();
  await tx.execute(sql`select set_config('tadrib.scope_state', ${SYSTEM_SCOPE}, true)`);
  const result = await asSystem(work);
  await tx.execute(sql`select set_config('tadrib.scope_state', ${scope}, true)`);
  return result;
}
