import type { NominationStatus } from '../../db/schema';
import { officials } from '../../db/schema';
import { AppError } from '../../errors';
import { type Actor, officialScope, officialScopeCondition } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import { mapInSlices } from '../../platform/slices';
import { reconcileCertificates } from '../certificates/service';
import { officialIdentity } from '../registry/service';
import * as repo from './repository';
import type { CandidatePair, DuplicateListQuery, MergeInput, MergeResult, OfficialCardView } from './schemas';
import { DUPLICATE_THRESHOLD, findCandidatePairs, type ScoringRecord, scoringRecordOf } from './scoring';

const scopeOf = (actor: Actor) =>
  officialScopeCondition(officialScope(actor), { officialId: officials.id, stateIso2: officials.stateIso2 });

function toCard(row: repo.OfficialCard): OfficialCardView {
  return {
    ...officialIdentity(row, { name: row.agencyName, acronym: row.agencyAcronym }),
    phone: row.phone,
    nominationCount: row.nominationCount,
    createdAt: row.createdAt.toISOString(),
  };
}

export type ScoredPair = { firstId: string; secondId: string; score: number; reasons: CandidatePair['reasons'] };

/** Every candidate pair among the live officials in scope, best first (no identities read beyond the SQL scope). */
export async function detectDuplicates(
  db: Queryable,
  actor: Actor,
  options: { stateIso2?: string; threshold?: number } = {},
): Promise<{ pairs: ScoredPair[]; compared: number }> {
  const rows = await repo.liveOfficialsForScoring(db, scopeOf(actor), options.stateIso2 ? [options.stateIso2] : undefined);
  const records: ScoringRecord[] = await mapInSlices(rows, scoringRecordOf);
  const distinct = await repo.distinctPairKeys(db);
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const found = await findCandidatePairs(records, {
    threshold: options.threshold ?? DUPLICATE_THRESHOLD,
    skip: distinct.size
      ? (i, j) => distinct.has(key((rows[i] as repo.ScoringRow).id, (rows[j] as repo.ScoringRow).id))
      : undefined,
  });
  const pairs = found.map((p) => {
    const a = (rows[p.i] as repo.ScoringRow).id;
    const b = (rows[p.j] as repo.ScoringRow).id;
    const [firstId, secondId] = a < b ? [a, b] : [b, a];
    return { firstId, secondId, score: p.score, reasons: p.reasons };
  });
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  pairs.sort((x, y) => y.score - x.score || order(x.firstId, y.firstId) || order(x.secondId, y.secondId));
  return { pairs, compared: rows.length };
}

export async function listCandidatePairs(db: Database, actor: Actor, audit: AuditContext, query: DuplicateListQuery) {
  const started = performance.now();
  const threshold = query.minScore ?? DUPLICATE_THRESHOLD;
  const { pairs, compared } = await detectDuplicates(db, actor, { stateIso2: query.stateIso2, threshold });
  const pageItems = pairs.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const ids = [...new Set(pageItems.flatMap((p) => [p.firstId, p.secondId]))];
  const cards = new Map((await repo.officialCards(db, ids, scopeOf(actor))).map((c) => [c.id, toCard(c)]));
  const items: CandidatePair[] = [];
  for (const p of pageItems) {
    const first = cards.get(p.firstId);
    const second = cards.get(p.secondId);
    if (first && second) items.push({ score: p.score, reasons: p.reasons, first, second });
  }
  await writeAudit(db, audit, {
    action: 'official.duplicates.list',
    recordType: 'official',
    details: { stateIso2: query.stateIso2 ?? null, threshold, page: query.page, total: pairs.length, officialIds: ids },
  });
  return {
    items,
    total: pairs.length,
    page: query.page,
    pageSize: query.pageSize,
    threshold,
    compared,
    elapsedMs: Math.round(performance.now() - started),
  };
}

function assertTwoRecords(a: string, b: string): void {
  if (a === b) throw ruleViolation('duplicates.same_record', {}, 'secondId');
}

export async function markDistinct(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  input: { firstId: string; secondId: string },
): Promise<{ firstId: string; secondId: string; created: boolean }> {
  assertTwoRecords(input.firstId, input.secondId);
  const [firstId, secondId] = [input.firstId, input.secondId].sort() as [string, string];
  return db.transaction(async (tx) => {
    const found = await repo.lockOfficials(tx, [firstId, secondId], scopeOf(actor));
    if (found.length < 2) throw new AppError('NOT_FOUND', 'Official not found');
    const created = await repo.insertDistinctPair(tx, firstId, secondId, actor.userId);
    await writeAudit(tx, audit, {
      action: 'official.distinct',
      recordType: 'official',
      recordId: firstId,
      details: { firstId, secondId, alreadyMarked: !created },
    });
    return { firstId, secondId, created };
  });
}

/** How far a nomination went: when both records were nominated to one session, the furthest is kept. */
const STATUS_RANK: Record<NominationStatus, number> = { accepted: 4, waitlisted: 3, rejected: 2, nominated: 1, withdrawn: 0 };

export async function mergeOfficials(db: Database, actor: Actor, audit: AuditContext, input: MergeInput): Promise<MergeResult> {
  const { survivorId, absorbedId, reason } = input;
  if (survivorId === absorbedId) {
    throw ruleViolation('duplicates.same_record', {}, 'absorbedId');
  }
  return db.transaction(async (tx) => {
    const rows = await repo.lockOfficials(tx, [survivorId, absorbedId], scopeOf(actor));
    const survivor = rows.find((r) => r.id === survivorId);
    const absorbed = rows.find((r) => r.id === absorbedId);
    if (!survivor || !absorbed) {
      throw new AppError('NOT_FOUND', 'Official not found', {
        details: [{ path: survivor ? 'absorbedId' : 'survivorId', message: 'No such official' }],
      });
    }
    for (const [path, row] of [
      ['survivorId', survivor],
      ['absorbedId', absorbed],
    ] as const) {
      if (row.mergedIntoId) {
        throw ruleViolation('duplicates.already_merged', { mergedInto: row.mergedIntoId }, path);
      }
    }
    // A person's record belongs to one state (its focal point keeps it): records of two states are
    // two registrations to be reconciled by the states, not merged by the office.
    if (survivor.stateIso2 !== absorbed.stateIso2) {
      throw ruleViolation(
        'duplicates.different_states',
        { absorbedState: absorbed.stateIso2, survivorState: survivor.stateIso2 },
        'absorbedId',
      );
    }

    // A person has one account: when both records have one, an admin first deactivates or unlinks one.
    if ((await repo.linkedAccounts(tx, [survivorId, absorbedId])).length > 1) {
      throw ruleViolation('duplicates.both_have_accounts', {}, 'absorbedId');
    }
    const all = await repo.nominationsOf(tx, [survivorId, absorbedId]);
    const survivorBySession = new Map(all.filter((n) => n.officialId === survivorId).map((n) => [n.sessionId, n]));
    const absorbedNominations = all.filter((n) => n.officialId === absorbedId);
    const conflicts: MergeResult['conflicts'] = [];
    const toMove: string[] = [];
    const swaps: { winner: repo.NominationRef; loser: repo.NominationRef }[] = [];
    const losers: repo.NominationRef[] = [];
    for (const n of absorbedNominations) {
      const theirs = survivorBySession.get(n.sessionId);
      if (!theirs) {
        toMove.push(n.id);
        continue;
      }
      const absorbedWins = STATUS_RANK[n.status] > STATUS_RANK[theirs.status];
      const winner = absorbedWins ? n : theirs;
      const loser = absorbedWins ? theirs : n;
      if (absorbedWins) swaps.push({ winner, loser });
      losers.push(loser);
      conflicts.push({
        sessionId: n.sessionId,
        keptNominationId: winner.id,
        keptStatus: winner.status,
        withdrawnNominationId: loser.id,
        withdrawnStatus: loser.status,
      });
    }
    await repo.moveNominations(tx, toMove, survivorId);
    if (swaps.length > 0) {
      // (session, official) is unique, checked at commit here: the kept nomination goes to the
      // survivor and the one set aside to the absorbed record, in either order.
      await repo.deferNominationUniqueness(tx);
      await repo.moveNominations(
        tx,
        swaps.map((s) => s.winner.id),
        survivorId,
      );
      await repo.moveNominations(
        tx,
        swaps.map((s) => s.loser.id),
        absorbedId,
      );
    }
    for (const loser of losers) {
      if (loser.status === 'withdrawn') continue;
      await repo.withdrawDuplicateNomination(
        tx,
        loser,
        `Duplicate nomination of the same person: set aside when merging official ${absorbedId} into ${survivorId}`,
        actor.userId,
      );
    }
    const movedUsers = await repo.moveUsers(tx, absorbedId, survivorId);
    const mergedAt = new Date();
    const { nameKeys: _keys, ...snapshot } = absorbed;
    const mergeId = await repo.insertMerge(tx, {
      survivorId,
      absorbedId,
      mergedBy: actor.userId,
      mergedAt,
      reason,
      absorbedSnapshot: {
        ...snapshot,
        createdAt: absorbed.createdAt.toISOString(),
        updatedAt: absorbed.updatedAt.toISOString(),
        nominationIds: absorbedNominations.map((n) => n.id),
        userIds: movedUsers,
      },
    });
    await repo.markMerged(tx, absorbedId, survivorId, mergedAt);
    const movedNominations = toMove.length + swaps.length;
    await writeAudit(tx, audit, {
      action: 'official.merge',
      recordType: 'official',
      recordId: survivorId,
      details: { mergeId, survivorId, absorbedId, reason, movedNominations, movedUsers, conflicts },
    });
    // A certificate issued to either record now names the wrong record or a withdrawn enrolment.
    await reconcileCertificates(
      tx,
      audit,
      all.map((n) => n.id),
    );
    return { mergeId, survivorId, absorbedId, movedNominations, movedUsers: movedUsers.length, conflicts };
  });
}
