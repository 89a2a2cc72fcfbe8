import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { evaluationQuestions } from '../../../contract/enums';
import type { NominationStatus } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { type Actor, officialScope } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import { reconcileCertificates } from '../certificates/service';
import * as nominationsRepo from '../nominations/repository';
import { completionOf } from './completion';
import { deliveryCapabilities, madeAtOf, madeLaterWins, recordsDelivery, sheetClosedRule } from './policy';
import * as repo from './repository';

/** Fewer evaluation answers than this are not reported, so that no one's answer can be singled out. */
export const EVALUATION_MINIMUM_SHOWN = 3;

/** A session whose delivery the actor records: officers any, trainers their own; otherwise 404. */
async function deliveredSession(db: Queryable, actor: Actor, sessionId: string): Promise<repo.SessionWithCourse> {
  const found = await repo.findSessionWithCourse(db, sessionId);
  if (!found) throw notFound('Session');
  if (!recordsDelivery(actor)) throw notFound('Session');
  const [visible] = await repo.visibleSessionIds(db, actor, sessionId);
  if (!visible) throw notFound('Session');
  return found;
}

/** A nomination in a session the actor records delivery for; otherwise 404. */
async function deliveredNomination(db: Queryable, actor: Actor, nominationId: string) {
  const nomination = await nominationsRepo.findNomination(db, nominationId);
  if (!nomination) throw notFound('Nomination');
  const found = await deliveredSession(db, actor, nomination.sessionId).catch(() => {
    throw notFound('Nomination');
  });
  return { nomination, ...found };
}

function assertAccepted(status: NominationStatus): void {
  if (status !== 'accepted') {
    throw ruleViolation('delivery.nominee_not_accepted', { status });
  }
}

function assertSheetOpen(actor: Actor, session: repo.SessionWithCourse['session']): void {
  const rule = sheetClosedRule(actor, session.status);
  if (rule) throw ruleViolation(rule, { code: session.code });
}

/**
 * Claims the idempotency key of a mark from the offline queue for this transaction. When the key
 * was already used, returns the answer then given (a resend after a lost answer), so that the mark
 * is recorded once; a key used by another user or for another participant is refused. The claim
 * waits for a concurrent transaction holding the same key (two tabs sending one queue).
 */
async function replayedAnswer<T>(
  tx: Queryable,
  actor: Actor,
  key: string | undefined,
  nominationId: string,
): Promise<T | undefined> {
  if (!key) return undefined;
  if (await repo.claimChangeKey(tx, { key, userId: actor.userId, nominationId })) return undefined;
  const found = await repo.findChangeKey(tx, key);
  if (!found || found.userId !== actor.userId || found.nominationId !== nominationId) {
    throw ruleViolation('delivery.change_key_reused', {}, 'key');
  }
  return found.answer as T;
}

export async function sheet(db: Database, audit: AuditContext, actor: Actor, sessionId: string) {
  const { session, course } = await deliveredSession(db, actor, sessionId);
  const days = await repo.daysOf(db, sessionId);
  const roster = await repo.rosterOf(db, officialScope(actor), sessionId);
  const ids = roster.map((r) => r.nominationId);
  const [marks, scores, overrides, followUps, completions, overridden] = await Promise.all([
    repo.attendanceOf(db, ids),
    repo.scoresOf(db, ids),
    repo.overridesOf(db, ids),
    repo.followUpsOf(db, ids),
    repo.completionRows(db, sql`n.session_id = ${sessionId} and n.status = 'accepted'`),
    repo.overriddenMarksOf(db, ids),
  ]);
  const participants = roster.map((r) => {
    const attendance: Record<string, boolean> = {};
    for (const m of marks) if (m.nominationId === r.nominationId) attendance[m.day] = m.present;
    const score = (kind: 'pre' | 'post') =>
      scores.find((s) => s.nominationId === r.nominationId && s.kind === kind)?.score ?? null;
    const override = overrides.find((o) => o.nominationId === r.nominationId);
    const follow = followUps.find((f) => f.nominationId === r.nominationId);
    const c = completions.find((x) => x.nominationId === r.nominationId);
    return {
      nominationId: r.nominationId,
      official: r.official,
      attendance,
      preScore: score('pre'),
      postScore: score('post'),
      overridden: overridden
        .filter((o) => o.nominationId === r.nominationId)
        .map(({ nominationId: _, madeAt, overriddenAt, ...o }) => ({
          ...o,
          madeAt: madeAt.toISOString(),
          overriddenAt: overriddenAt.toISOString(),
        })),
      completion: completionView(c, override ?? null),
      followUp: follow
        ? {
            requestedAt: follow.requestedAt.toISOString(),
            respondedAt: follow.respondedAt?.toISOString() ?? null,
            applied: follow.applied,
          }
        : null,
    };
  });
  await writeAudit(db, audit, {
    action: 'delivery.sheet.read',
    recordType: 'training_session',
    recordId: sessionId,
    details: { officialIds: roster.map((r) => r.official.id) },
  });
  return {
    session: {
      id: session.id,
      code: session.code,
      status: session.status,
      startDate: session.startDate,
      endDate: session.endDate,
      capacity: session.capacity,
    },
    course: {
      id: course.id,
      code: course.code,
      title: course.title as Record<string, string>,
      level: course.level,
      attendanceThreshold: course.attendanceThreshold,
      testMaxScore: course.testMaxScore,
      postTestPassMark: course.postTestPassMark,
    },
    days,
    participants,
    can: deliveryCapabilities(actor, session.status),
  };
}

/**
 * The completion of one enrolment: `completed` is what the SQL definition says (the one the
 * indicators count); the reason comes from the same rule in TypeScript.
 */
export function completionView(
  c: repo.CompletionRow | undefined,
  override: { completed: boolean; reason: string; decidedAt: Date } | null,
) {
  if (!c) {
    return {
      completed: false,
      byRule: false,
      reason: 'not_accepted',
      daysPresent: 0,
      sessionDays: 0,
      attendanceRate: 0,
      override: null,
    };
  }
  const rule = completionOf({
    status: c.status as NominationStatus,
    sessionDays: c.sessionDays,
    daysPresent: c.daysPresent,
    attendanceThreshold: c.attendanceThreshold,
    postTestPassMark: c.postTestPassMark,
    postScore: c.postScore,
    override: c.override,
  });
  return {
    completed: c.completed,
    byRule: c.completedByRule,
    reason: rule.reason,
    daysPresent: c.daysPresent,
    sessionDays: c.sessionDays,
    attendanceRate: rule.attendanceRate,
    override: override
      ? { completed: override.completed, reason: override.reason, decidedAt: override.decidedAt.toISOString() }
      : null,
  };
}

/** The mark on record or the incoming one: its value, who made it and when. */
type MarkMade<V> = { value: V; recordedBy: string | null; recordedAt: Date };

/** How a mark is settled: the rule is the same for a day's attendance and a test score. */
type MarkSpec<V> = {
  before: MarkMade<V> | undefined;
  value: V;
  madeAt: Date;
  key: string | undefined;
  /** Stores the incoming mark, once it has won. */
  store: () => Promise<void>;
  /** The columns of the history that name the mark with a value (the day, or the kind of test). */
  history: (value: V) => Pick<Parameters<typeof repo.insertOverriddenMark>[1], 'subject' | 'day' | 'present' | 'score'>;
  action: 'attendance.record' | 'test_score.record';
  /** What the audit says of the mark besides its time, its outcome and its key. */
  details: Record<string, unknown>;
};

type SettledMark<V> = MarkMade<V> & { wins: boolean; outcome: 'recorded' | 'overridden' };

/**
 * Of two marks of the same subject, the one made later stays on record (policy.madeLaterWins); when
 * they differ and were made by different people, the other is kept in overridden_marks with who and
 * when. Audits the mark, reconciles the certificates when it won, and keeps the answer for a resend
 * of the same key.
 */
async function settleMark<V, A>(
  tx: Queryable,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  mark: MarkSpec<V>,
  answerOf: (settled: SettledMark<V>) => Promise<A>,
): Promise<A> {
  const incoming = { value: mark.value, recordedBy: actor.userId, recordedAt: mark.madeAt };
  const wins = madeLaterWins(mark.madeAt, mark.before?.recordedAt);
  if (wins) await mark.store();
  const [kept, lost] = wins ? [incoming, mark.before] : [mark.before as MarkMade<V>, incoming];
  if (lost && lost.value !== kept.value && lost.recordedBy !== kept.recordedBy) {
    await repo.insertOverriddenMark(tx, {
      nominationId,
      ...mark.history(lost.value),
      madeBy: lost.recordedBy,
      madeAt: lost.recordedAt,
      overriddenBy: kept.recordedBy,
      overriddenAt: kept.recordedAt,
    });
  }
  const answer = await answerOf({ ...kept, wins, outcome: kept.value === mark.value ? 'recorded' : 'overridden' });
  await writeAudit(tx, audit, {
    action: mark.action,
    recordType: 'nomination',
    recordId: nominationId,
    details: {
      ...mark.details,
      madeAt: mark.madeAt.toISOString(),
      outcome: wins ? 'recorded' : 'kept_later_mark',
      key: mark.key ?? null,
    },
  });
  if (wins) await reconcileCertificates(tx, audit, [nominationId]);
  if (mark.key) await repo.recordChangeAnswer(tx, mark.key, answer);
  return answer;
}

type AttendanceAnswer = {
  nominationId: string;
  day: string;
  present: boolean;
  outcome: 'recorded' | 'overridden';
  recordedBy: string | null;
  recordedAt: string | null;
};

/**
 * Records a mark, made now or (from the offline queue) at `madeAt` on the device, by the rule of
 * settleMark: the later mark wins, the other is kept with who and when. A mark sent with a key is
 * recorded once, however often it is sent.
 */
export async function recordAttendance(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: { day: string; present: boolean; key?: string; madeAt?: string },
): Promise<AttendanceAnswer> {
  return db.transaction(async (tx) => {
    const { nomination, session } = await deliveredNomination(tx, actor, nominationId);
    const replayed = await replayedAnswer<AttendanceAnswer>(tx, actor, input.key, nominationId);
    if (replayed) return replayed;
    assertSheetOpen(actor, session);
    assertAccepted(nomination.status);
    if (!(await repo.isSessionDay(tx, nomination.sessionId, input.day))) {
      throw ruleViolation('delivery.not_a_session_day', { day: input.day }, 'day');
    }
    // Attendance records what happened: a day still to come has none yet.
    if (input.day > today()) throw ruleViolation('delivery.day_in_future', { day: input.day }, 'day');
    const madeAt = madeAtOf(input.madeAt, new Date());
    const before = await repo.findAttendance(tx, nominationId, input.day);
    const mark: MarkSpec<boolean> = {
      before: before && { value: before.present, recordedBy: before.recordedBy, recordedAt: before.recordedAt },
      value: input.present,
      madeAt,
      key: input.key,
      store: () =>
        repo.upsertAttendance(tx, {
          nominationId,
          day: input.day,
          present: input.present,
          recordedBy: actor.userId,
          recordedAt: madeAt,
        }),
      history: (present) => ({ subject: 'attendance', day: input.day, present }),
      action: 'attendance.record',
      details: { day: input.day, present: input.present, before: before?.present ?? null },
    };
    return settleMark(
      tx,
      audit,
      actor,
      nominationId,
      mark,
      async (settled): Promise<AttendanceAnswer> => ({
        nominationId,
        day: input.day,
        present: settled.value,
        outcome: settled.outcome,
        recordedBy: await repo.displayNameOf(tx, settled.recordedBy),
        recordedAt: settled.recordedAt.toISOString(),
      }),
    );
  });
}

function assertScoreFits(score: number | null, max: number | null, path = 'score'): void {
  if (max === null) throw ruleViolation('delivery.course_has_no_test', {}, path);
  if (score !== null && score > max) {
    throw ruleViolation('delivery.score_out_of_range', { max }, path);
  }
}

type ScoreAnswer = {
  nominationId: string;
  kind: 'pre' | 'post';
  score: number | null;
  outcome: 'recorded' | 'overridden';
  recordedBy: string | null;
  recordedAt: string | null;
};

/** A test score, by the same rule as attendance (settleMark): the score typed last wins. */
export async function recordScore(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: { kind: 'pre' | 'post'; score: number | null; key?: string; madeAt?: string },
): Promise<ScoreAnswer> {
  return db.transaction(async (tx) => {
    const { nomination, course, session } = await deliveredNomination(tx, actor, nominationId);
    const replayed = await replayedAnswer<ScoreAnswer>(tx, actor, input.key, nominationId);
    if (replayed) return replayed;
    assertSheetOpen(actor, session);
    assertAccepted(nomination.status);
    assertScoreFits(input.score, course.testMaxScore);
    const madeAt = madeAtOf(input.madeAt, new Date());
    const before = await repo.findScore(tx, nominationId, input.kind);
    const mark: MarkSpec<number | null> = {
      before: before && { value: before.score, recordedBy: before.recordedBy, recordedAt: before.recordedAt },
      value: input.score,
      madeAt,
      key: input.key,
      store: () => repo.setScore(tx, nominationId, input.kind, input.score, actor.userId, madeAt),
      history: (score) => ({ subject: input.kind, score }),
      action: 'test_score.record',
      details: { kind: input.kind, score: input.score, before: before?.score ?? null },
    };
    return settleMark(tx, audit, actor, nominationId, mark, async (settled): Promise<ScoreAnswer> => {
      // A score cleared by the winning mark has no one and no time on record.
      const cleared = settled.wins && input.score === null;
      return {
        nominationId,
        kind: input.kind,
        score: settled.value,
        outcome: settled.outcome,
        recordedBy: cleared ? null : await repo.displayNameOf(tx, settled.recordedBy),
        recordedAt: cleared ? null : settled.recordedAt.toISOString(),
      };
    });
  });
}

type ImportRow = {
  line: number;
  nominationId: string | null;
  name: string | null;
  pre: number | null;
  post: number | null;
  errors: string[];
};

const HEADER_ALIASES: Record<string, string> = {
  nomination_id: 'nomination_id',
  nomination: 'nomination_id',
  official_id: 'official_id',
  official: 'official_id',
  pre: 'pre',
  pre_test: 'pre',
  pretest: 'pre',
  post: 'post',
  post_test: 'post',
  posttest: 'post',
  name: 'name',
};

function parseScore(raw: string | undefined, max: number | null, label: string, errors: string[]): number | null {
  const text = (raw ?? '').trim().replace(',', '.');
  if (text === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(text)) {
    errors.push(`${label}: “${raw}” is not a score (use a number like 72 or 72.5)`);
    return null;
  }
  const value = Number(text);
  if (max !== null && value > max) errors.push(`${label}: ${value} is above the maximum score ${max}`);
  return value;
}

/** Pre/post scores from a CSV file: a preview row by row; with commit, all rows or none. */
export async function importScores(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  sessionId: string,
  input: { csv: string; commit: boolean },
) {
  return db.transaction(async (tx) => {
    const { course, session } = await deliveredSession(tx, actor, sessionId);
    assertSheetOpen(actor, session);
    if (course.testMaxScore === null) throw ruleViolation('delivery.course_has_no_test');
    let records: Record<string, string>[];
    try {
      records = parse(input.csv, {
        bom: true,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        columns: (header: string[]) =>
          header.map(
            (h) =>
              HEADER_ALIASES[
                h
                  .trim()
                  .toLowerCase()
                  .replace(/[\s-]+/g, '_')
              ] ?? `ignored:${h}`,
          ),
      }) as Record<string, string>[];
    } catch (error) {
      throw new AppError('VALIDATION_FAILED', `The file is not valid CSV: ${(error as Error).message}`, {
        details: [{ path: 'csv', message: 'Not valid CSV' }],
      });
    }
    const first = records[0];
    if (!first || !('nomination_id' in first || 'official_id' in first) || !('pre' in first || 'post' in first)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'The file needs a header row with official_id (or nomination_id) and pre and/or post',
        {
          details: [{ path: 'csv', message: 'Missing columns' }],
        },
      );
    }
    if (records.length > 2000) {
      throw new AppError('VALIDATION_FAILED', 'At most 2,000 rows per file', {
        details: [{ path: 'csv', message: 'Too many rows' }],
      });
    }
    const roster = await repo.rosterOf(tx, officialScope(actor), sessionId);
    const seen = new Set<string>();
    const rows: ImportRow[] = records.map((record, i) => {
      const errors: string[] = [];
      const byNomination = record.nomination_id?.trim();
      const byOfficial = record.official_id?.trim();
      const match = roster.find((r) => (byNomination ? r.nominationId === byNomination : r.official.id === byOfficial));
      if (!byNomination && !byOfficial) errors.push('No official_id or nomination_id');
      else if (!match) errors.push(`${byNomination ?? byOfficial} is not an accepted participant of this session`);
      else if (seen.has(match.nominationId)) errors.push('This participant appears on more than one row');
      if (match) seen.add(match.nominationId);
      const pre = parseScore(record.pre, course.testMaxScore, 'pre', errors);
      const post = parseScore(record.post, course.testMaxScore, 'post', errors);
      return {
        line: i + 2,
        nominationId: match?.nominationId ?? null,
        name: match ? `${match.official.familyName}, ${match.official.givenNames}` : null,
        pre,
        post,
        errors,
      };
    });
    const invalid = rows.filter((r) => r.errors.length > 0).length;
    const result = { rows, valid: rows.length - invalid, invalid, committed: false };
    if (!input.commit) return result;
    if (invalid > 0) throw ruleViolation('delivery.import_has_errors', { rows: invalid }, 'csv');
    for (const row of rows) {
      const id = row.nominationId as string;
      if (row.pre !== null) await repo.setScore(tx, id, 'pre', row.pre, actor.userId);
      if (row.post !== null) await repo.setScore(tx, id, 'post', row.post, actor.userId);
    }
    await writeAudit(tx, audit, {
      action: 'test_score.import',
      recordType: 'training_session',
      recordId: sessionId,
      details: { rows: rows.length, scores: rows.map((r) => ({ nominationId: r.nominationId, pre: r.pre, post: r.post })) },
    });
    await reconcileCertificates(
      tx,
      audit,
      rows.map((r) => r.nominationId as string),
    );
    return { ...result, committed: true };
  });
}

export async function setOverride(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: { completed: boolean; reason: string },
) {
  return db.transaction(async (tx) => {
    const { nomination } = await deliveredNomination(tx, actor, nominationId);
    assertAccepted(nomination.status);
    const before = await repo.findOverride(tx, nominationId);
    await repo.upsertOverride(tx, { nominationId, completed: input.completed, reason: input.reason, decidedBy: actor.userId });
    await writeAudit(tx, audit, {
      action: 'completion.override',
      recordType: 'nomination',
      recordId: nominationId,
      details: {
        completed: input.completed,
        reason: input.reason,
        before: before ? { completed: before.completed, reason: before.reason } : null,
      },
    });
    await reconcileCertificates(tx, audit, [nominationId]);
    return completionOfNomination(tx, nominationId);
  });
}

export async function clearOverride(db: Database, audit: AuditContext, actor: Actor, nominationId: string) {
  return db.transaction(async (tx) => {
    await deliveredNomination(tx, actor, nominationId);
    const before = await repo.findOverride(tx, nominationId);
    if (!before) throw notFound('Override');
    await repo.deleteOverride(tx, nominationId);
    await writeAudit(tx, audit, {
      action: 'completion.override.clear',
      recordType: 'nomination',
      recordId: nominationId,
      details: { before: { completed: before.completed, reason: before.reason } },
    });
    await reconcileCertificates(tx, audit, [nominationId]);
    return completionOfNomination(tx, nominationId);
  });
}

export async function completionOfNomination(db: Queryable, nominationId: string) {
  const [c] = await repo.completionRows(db, sql`n.id = ${nominationId}`);
  return completionView(c, (await repo.findOverride(db, nominationId)) ?? null);
}

export async function evaluationSummary(db: Database, actor: Actor, sessionId: string) {
  const [visible] = await repo.visibleSessionIds(db, actor, sessionId);
  if (!visible) throw notFound('Session');
  const rows = await repo.evaluationRows(db, sessionId);
  const shown = rows.length >= EVALUATION_MINIMUM_SHOWN;
  const questions = evaluationQuestions.map((code) => {
    const values = rows.map((r) => r.ratings[code]).filter((v): v is number => typeof v === 'number');
    const distribution = [1, 2, 3, 4, 5].map((k) => (shown ? values.filter((v) => v === k).length : 0));
    const mean = shown && values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;
    return { code, mean, distribution };
  });
  const comments = shown
    ? rows
        .map((r) => r.comment)
        .filter((c): c is string => Boolean(c))
        .sort((a, b) => a.localeCompare(b))
    : [];
  return { responses: rows.length, minimumShown: EVALUATION_MINIMUM_SHOWN, shown, questions, comments };
}

/** Asks the completed participants of a finished session the follow-up question. */
export async function requestFollowUps(db: Database, audit: AuditContext, actor: Actor, sessionId: string) {
  return db.transaction(async (tx) => {
    const { session } = await deliveredSession(tx, actor, sessionId);
    if (session.endDate >= today()) {
      throw ruleViolation('delivery.session_not_ended', { endDate: session.endDate });
    }
    const completed = (await repo.completionRows(tx, sql`n.session_id = ${sessionId} and n.status = 'accepted'`)).filter(
      (c) => c.completed,
    );
    const requested = await repo.insertFollowUps(
      tx,
      completed.map((c) => c.nominationId),
    );
    await writeAudit(tx, audit, {
      action: 'follow_up.request',
      recordType: 'training_session',
      recordId: sessionId,
      details: { requested, completed: completed.length },
    });
    return { requested, alreadyRequested: completed.length - requested };
  });
}

/** A training-of-trainers graduate's session at home: checked, written and audited. */
export async function addCascade(
  tx: Queryable,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: { heldOn: string; location: string; colleaguesTrained: number; womenTrained: number; description?: string | null },
) {
  const found = await nominationsRepo.findNomination(tx, nominationId);
  if (!found) throw notFound('Nomination');
  const sc = await repo.findSessionWithCourse(tx, found.sessionId);
  if (!sc) throw notFound('Nomination');
  if (sc.course.level !== 'training_of_trainers') {
    throw ruleViolation('delivery.not_training_of_trainers');
  }
  const completion = await completionOfNomination(tx, nominationId);
  if (!completion.completed) throw ruleViolation('delivery.not_completed');
  if (input.heldOn < sc.session.startDate) {
    throw ruleViolation('delivery.cascade_before_training', { startDate: sc.session.startDate }, 'heldOn');
  }
  if (input.heldOn > today()) throw ruleViolation('delivery.cascade_in_future', {}, 'heldOn');
  const row = await repo.insertCascade(tx, {
    nominationId,
    heldOn: input.heldOn,
    location: input.location,
    colleaguesTrained: input.colleaguesTrained,
    womenTrained: input.womenTrained,
    description: input.description ?? null,
    recordedBy: actor.userId,
  });
  await writeAudit(tx, audit, {
    action: 'cascade.record',
    recordType: 'nomination',
    recordId: nominationId,
    details: { cascadeId: row.id, heldOn: row.heldOn, colleaguesTrained: row.colleaguesTrained, womenTrained: row.womenTrained },
  });
  return cascadeView(row);
}

type CascadeRow = Awaited<ReturnType<typeof repo.cascadesOf>>[number];

/** A cascade as the API shows it. */
export const cascadeView = (row: CascadeRow) => ({
  id: row.id,
  heldOn: row.heldOn,
  location: row.location,
  colleaguesTrained: row.colleaguesTrained,
  womenTrained: row.womenTrained,
  description: row.description,
});

/** Records a cascade once `mayRecord` has checked that the actor may, for this nomination. */
export function recordCascade(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: Parameters<typeof addCascade>[4],
  mayRecord: (tx: Queryable) => Promise<unknown>,
) {
  return db.transaction(async (tx) => {
    await mayRecord(tx);
    return addCascade(tx, audit, actor, nominationId, input);
  });
}

/** An officer records a cascade for a graduate. */
export async function recordCascadeForGraduate(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: Parameters<typeof addCascade>[4],
) {
  return recordCascade(db, audit, actor, nominationId, input, (tx) => deliveredNomination(tx, actor, nominationId));
}
