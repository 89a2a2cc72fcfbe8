import { eq } from 'drizzle-orm';
import { type NominationStatus, nominations, trainingSessions } from '../../db/schema';
import { notFound } from '../../errors';
import { type Actor, officialScope, sessionScopeCondition } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import { asSystemWithin } from '../../platform/wall';
import * as events from '../notifications/events';
import { nameKey, nameParts } from '../registry/names';
import { reachesEverySession, readsRosterOnly, readsScreening, seesOwnStateSeats } from './policy';
import * as repo from './repository';
import type { NominationView } from './schemas';

/** Sessions whose nominations can no longer change. */
const FINAL_SESSION_STATUSES = ['completed', 'cancelled'];

function toView(
  row: repo.NominationWithNominee,
  actor: Actor,
  events?: Awaited<ReturnType<typeof repo.eventsOf>>,
): NominationView {
  const screening =
    readsScreening(actor) && row.screening
      ? {
          riskLevel: row.screening.riskLevel,
          mitigation: row.screening.mitigation,
          decision: row.screening.decision,
          reasons: row.screening.reasons,
          screenedAt: row.screening.screenedAt.toISOString(),
        }
      : null;
  return {
    id: row.id,
    sessionId: row.sessionId,
    official: row.official,
    status: row.status,
    waitlistRank: row.waitlistRank,
    decisionReason: row.decisionReason,
    nominatedAt: row.nominatedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    ...(readsScreening(actor) ? { screening } : {}),
    ...(events
      ? {
          events: events.map((e) => ({
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            reason: e.reason,
            at: e.at.toISOString(),
          })),
        }
      : {}),
  };
}

/** A session the actor may see nominations of; otherwise 404 (its existence is not theirs to know). */
async function visibleSession(db: Queryable, actor: Actor, sessionId: string): Promise<repo.SessionRow> {
  const session = await repo.findSession(db, sessionId, false, sessionScopeCondition(actor, trainingSessions.id));
  if (!session) throw notFound('Session');
  return session;
}

/**
 * A session's nominations with its seats as the actor may know them. A focal point's counts are
 * their own state's nominations and their seats left are their quota's: the session-wide figures
 * would tell them other states' activity. The session (404 outside the reader's scope) and its seats
 * are one statement, read beside the list on another pooled connection: neither waits for the other,
 * and nothing is answered or audited before the session is known visible.
 */
export async function listForSession(db: Database, audit: AuditContext, actor: Actor, sessionId: string) {
  const ownState = seesOwnStateSeats(actor);
  const [session, rows] = await Promise.all([
    repo.sessionSeats(db, actor, sessionId, ownState ? (actor.stateIso2 ?? '') : undefined),
    // Trainers see the accepted roster of their sessions only.
    repo.sessionNominations(db, officialScope(actor), sessionId, readsRosterOnly(actor)),
  ]);
  if (!session) throw notFound('Session');
  const { counts, quotas } = session;
  const seats = {
    sessionId: session.id,
    code: session.code,
    status: session.status,
    capacity: session.capacity,
    nominationDeadline: session.nominationDeadline,
    nominationOpen: session.status === 'open' && today() <= session.nominationDeadline,
    accepted: counts.accepted,
    waitlisted: counts.waitlisted,
    pending: counts.nominated,
    seatsLeft: ownState ? (quotas[0]?.left ?? 0) : Math.max(0, session.capacity - counts.accepted),
    quotas,
  };
  await writeAudit(db, audit, {
    action: 'nomination.list',
    recordType: 'training_session',
    recordId: sessionId,
    details: { officialIds: rows.map((r) => r.officialId) },
  });
  return { seats, items: rows.map((r) => toView(r, actor)) };
}

/** One nomination as the actor may see it, or 404. */
async function visibleNomination(db: Queryable, actor: Actor, id: string): Promise<repo.NominationWithNominee> {
  const [row] = await repo.listNominations(db, officialScope(actor), eq(nominations.id, id));
  if (!row) throw notFound('Nomination');
  if (readsRosterOnly(actor) && row.status !== 'accepted') throw notFound('Nomination');
  if (!reachesEverySession(actor)) await visibleSession(db, actor, row.sessionId);
  return row;
}

export async function getNomination(db: Database, audit: AuditContext, actor: Actor, id: string): Promise<NominationView> {
  const row = await visibleNomination(db, actor, id);
  await writeAudit(db, audit, {
    action: 'nomination.read',
    recordType: 'nomination',
    recordId: id,
    details: { officialId: row.officialId },
  });
  return toView(row, actor, await repo.eventsOf(db, id));
}

export async function candidatesFor(db: Database, audit: AuditContext, actor: Actor, sessionId: string, q?: string) {
  await visibleSession(db, actor, sessionId);
  const keys = q ? nameParts(q).map(nameKey).filter(Boolean) : [];
  const items = await repo.candidates(db, officialScope(actor), sessionId, keys);
  await writeAudit(db, audit, {
    action: 'official.list',
    recordType: 'training_session',
    recordId: sessionId,
    details: { purpose: 'nomination candidates', q: q ?? null, officialIds: items.map((i) => i.id) },
  });
  return { items };
}

/** The nomination after a change, as the actor sees it. */
async function reload(db: Queryable, actor: Actor, id: string): Promise<NominationView> {
  const [row] = await repo.listNominations(db, officialScope(actor), eq(nominations.id, id));
  if (!row) throw notFound('Nomination');
  return toView(row, actor, await repo.eventsOf(db, id));
}

export async function nominate(db: Database, audit: AuditContext, actor: Actor, sessionId: string, officialId: string) {
  return db.transaction(async (tx) => {
    // The session row is the lock that serialises every seat count of this session. A session the
    // actor may not see (a focal point's state not invited) is not found, before any rule speaks of it.
    const session = await repo.findSession(tx, sessionId, true, sessionScopeCondition(actor, trainingSessions.id));
    if (!session) throw notFound('Session');
    const official = await repo.findOfficialInScope(tx, officialScope(actor), officialId);
    if (!official) throw notFound('Official');
    if (session.status !== 'open') {
      throw ruleViolation('nomination.session_not_open', { status: session.status });
    }
    if (today() > session.nominationDeadline) {
      throw ruleViolation('nomination.deadline_passed', { deadline: session.nominationDeadline });
    }
    if (official.mergedIntoId) {
      throw ruleViolation('nomination.official_merged', {}, 'officialId');
    }
    const quota = (await repo.quotasOf(tx, sessionId)).find((q) => q.stateIso2 === official.stateIso2);
    if (!quota) throw ruleViolation('nomination.state_not_invited', { state: official.stateIso2 });
    const existing = await repo.findExisting(tx, sessionId, officialId);
    if (existing) {
      throw ruleViolation('nomination.already_nominated', { status: existing.status }, 'officialId');
    }
    if (quota.used >= quota.seats) {
      throw ruleViolation('nomination.quota_full', { state: official.stateIso2, seats: quota.seats });
    }
    const row = await repo.insertNomination(tx, { sessionId, officialId, nominatedBy: actor.userId });
    await repo.insertEvent(tx, { nominationId: row.id, fromStatus: null, toStatus: 'nominated', byUserId: actor.userId });
    await writeAudit(tx, audit, {
      action: 'nomination.create',
      recordType: 'nomination',
      recordId: row.id,
      details: { sessionId, officialId, stateIso2: official.stateIso2 },
    });
    return reload(tx, actor, row.id);
  });
}

/** Locks the session, then the nomination, in that order (every writer does the same). */
async function lockForChange(tx: Queryable, actor: Actor, id: string) {
  const found = await repo.findNomination(tx, id);
  if (!found) throw notFound('Nomination');
  const session = await repo.findSession(tx, found.sessionId, true);
  const nomination = await repo.findNomination(tx, id, true);
  if (!session || !nomination) throw notFound('Nomination');
  // A focal point acts on their own state's nominations only; the rest do not exist for them.
  const visible = await repo.findOfficialInScope(tx, officialScope(actor), nomination.officialId);
  if (!visible) throw notFound('Nomination');
  if (FINAL_SESSION_STATUSES.includes(session.status)) {
    throw ruleViolation('nomination.session_finished', { status: session.status });
  }
  return { session, nomination };
}

async function transition(
  tx: Queryable,
  audit: AuditContext,
  actor: Actor,
  nomination: repo.NominationRow,
  to: NominationStatus,
  values: Partial<typeof nominations.$inferInsert>,
  reason: string | null,
  action: string,
) {
  await repo.updateNomination(tx, nomination.id, { ...values, status: to });
  await repo.insertEvent(tx, {
    nominationId: nomination.id,
    fromStatus: nomination.status,
    toStatus: to,
    reason,
    byUserId: actor.userId,
  });
  await writeAudit(tx, audit, {
    action,
    recordType: 'nomination',
    recordId: nomination.id,
    details: { sessionId: nomination.sessionId, officialId: nomination.officialId, from: nomination.status, to, reason },
  });
}

export async function screen(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: {
    riskLevel: 'low' | 'medium' | 'high';
    mitigation?: string | null;
    decision: 'cleared' | 'cleared_with_mitigation' | 'not_cleared';
    reasons: string;
  },
) {
  return db.transaction(async (tx) => {
    const { nomination } = await lockForChange(tx, actor, id);
    if (nomination.status !== 'nominated') {
      throw ruleViolation('nomination.already_decided', { status: nomination.status });
    }
    const before = await repo.findScreening(tx, id);
    await repo.upsertScreening(tx, {
      nominationId: id,
      riskLevel: input.riskLevel,
      mitigation: input.mitigation ?? null,
      decision: input.decision,
      reasons: input.reasons,
      screenedBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'nomination.screen',
      recordType: 'nomination',
      recordId: id,
      details: {
        officialId: nomination.officialId,
        before: before ? { riskLevel: before.riskLevel, decision: before.decision } : null,
        after: { riskLevel: input.riskLevel, decision: input.decision },
      },
    });
    return reload(tx, actor, id);
  });
}

export async function decide(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: { decision: 'accepted' | 'waitlisted' | 'rejected'; reason?: string | null },
) {
  return db.transaction(async (tx) => {
    const { session, nomination } = await lockForChange(tx, actor, id);
    if (nomination.status === 'withdrawn') throw ruleViolation('nomination.withdrawn');
    if (nomination.status !== 'nominated') {
      throw ruleViolation('nomination.already_decided', { status: nomination.status });
    }
    const reason = input.reason ?? null;
    if (input.decision !== 'rejected') {
      const screening = await repo.findScreening(tx, id);
      if (!screening) {
        throw ruleViolation('nomination.screening_required');
      }
      if (screening.decision === 'not_cleared') {
        throw ruleViolation('nomination.screening_not_cleared');
      }
    }
    const decided = { decidedBy: actor.userId, decidedAt: new Date(), decisionReason: reason };
    if (input.decision === 'accepted') {
      const accepted = await repo.acceptedCount(tx, session.id);
      if (accepted >= session.capacity) {
        throw ruleViolation('nomination.capacity_full', { accepted, capacity: session.capacity });
      }
      await transition(tx, audit, actor, nomination, 'accepted', { ...decided, waitlistRank: null }, reason, 'nomination.accept');
    } else if (input.decision === 'waitlisted') {
      const rank = await repo.nextWaitlistRank(tx, session.id);
      await transition(
        tx,
        audit,
        actor,
        nomination,
        'waitlisted',
        { ...decided, waitlistRank: rank },
        reason,
        'nomination.waitlist',
      );
    } else {
      await transition(tx, audit, actor, nomination, 'rejected', { ...decided, waitlistRank: null }, reason, 'nomination.reject');
    }
    await events.nominationDecided(tx, id);
    return reload(tx, actor, id);
  });
}

export async function reopen(db: Database, audit: AuditContext, actor: Actor, id: string, reason: string) {
  return db.transaction(async (tx) => {
    const { nomination } = await lockForChange(tx, actor, id);
    if (nomination.status === 'withdrawn') throw ruleViolation('nomination.withdrawn');
    if (nomination.status === 'nominated') throw ruleViolation('nomination.not_decided');
    await transition(
      tx,
      audit,
      actor,
      nomination,
      'nominated',
      { waitlistRank: null, decisionReason: null, decidedBy: null, decidedAt: null },
      reason,
      'nomination.reopen',
    );
    // Reopened from accepted: the calendar invitation no longer stands.
    await events.cancelInvitations(tx, nomination.sessionId, [id]);
    return reload(tx, actor, id);
  });
}

export async function withdraw(db: Database, audit: AuditContext, actor: Actor, id: string, reason: string) {
  return db.transaction(async (tx) => {
    const { session, nomination } = await lockForChange(tx, actor, id);
    if (nomination.status === 'withdrawn' || nomination.status === 'rejected') {
      throw ruleViolation('nomination.not_withdrawable', { status: nomination.status });
    }
    await transition(
      tx,
      audit,
      actor,
      nomination,
      'withdrawn',
      { waitlistRank: null, decisionReason: reason },
      reason,
      'nomination.withdraw',
    );
    await events.cancelInvitations(tx, nomination.sessionId, [id]);
    if (nomination.status === 'accepted') await offerFreedSeat(tx, audit, actor, session);
    return reload(tx, actor, id);
  });
}

/**
 * A freed seat goes to the first waitlisted nominee, if the session has room. The seats and the
 * waiting list are the session's, across states: a focal point's withdrawal may free a seat for
 * another state's nominee.
 */
async function offerFreedSeat(tx: Queryable, audit: AuditContext, actor: Actor, session: repo.SessionRow): Promise<void> {
  await asSystemWithin(tx, async () => {
    if ((await repo.acceptedCount(tx, session.id)) >= session.capacity) return;
    const next = await repo.firstWaitlisted(tx, session.id);
    if (!next) return;
    await transition(
      tx,
      audit,
      actor,
      next,
      'accepted',
      { waitlistRank: null, decidedBy: actor.userId, decidedAt: new Date(), decisionReason: null },
      'A seat was freed by a withdrawal: offered to the first on the waiting list',
      'nomination.offer',
    );
    await events.nominationDecided(tx, next.id);
  });
}
