import { and, asc, eq, sql } from 'drizzle-orm';
import {
  courses,
  evaluationReceipts,
  evaluationResponses,
  followUps,
  type NominationStatus,
  nominations,
  trainingSessions,
} from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale } from '../../platform/localised';
import { ruleViolation } from '../../platform/rules';
import * as deliveryRepo from '../delivery/repository';
import { cascadeView, completionView, recordCascade } from '../delivery/service';
import { calendarFile } from '../notifications/events';

/** The actor's own nomination (by their registry record), or 404: nobody else's exists for them. */
async function ownNomination(db: Queryable, actor: Actor, id: string, lock = false) {
  if (!actor.officialId) throw notFound('Training');
  const query = db
    .select({ nomination: nominations, session: trainingSessions, course: courses })
    .from(nominations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, nominations.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .where(and(eq(nominations.id, id), eq(nominations.officialId, actor.officialId)));
  const [row] = lock ? await query.for('update', { of: nominations }) : await query;
  if (!row) throw notFound('Training');
  return row;
}

const evaluationOpen = (status: NominationStatus, endDate: string) => status === 'accepted' && endDate <= today();

export async function myTrainings(db: Database, audit: AuditContext, actor: Actor) {
  if (!actor.officialId) return { items: [] };
  const rows = await db
    .select({
      nomination: nominations,
      session: trainingSessions,
      course: courses,
      receipt: evaluationReceipts.nominationId,
      follow: followUps,
    })
    .from(nominations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, nominations.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .leftJoin(evaluationReceipts, eq(evaluationReceipts.nominationId, nominations.id))
    .leftJoin(followUps, eq(followUps.nominationId, nominations.id))
    .where(eq(nominations.officialId, actor.officialId))
    .orderBy(asc(trainingSessions.startDate));
  const ids = rows.map((r) => r.nomination.id);
  const [completions, scores, overrides, cascades] = await Promise.all([
    deliveryRepo.completionRows(db, sql`n.official_id = ${actor.officialId}`),
    deliveryRepo.scoresOf(db, ids),
    deliveryRepo.overridesOf(db, ids),
    deliveryRepo.cascadesOf(db, ids),
  ]);
  const items = rows.map(({ nomination: n, session: s, course: c, receipt, follow }) => {
    const completion = completionView(
      completions.find((x) => x.nominationId === n.id),
      overrides.find((o) => o.nominationId === n.id) ?? null,
    );
    return {
      nominationId: n.id,
      status: n.status,
      session: {
        id: s.id,
        code: s.code,
        startDate: s.startDate,
        endDate: s.endDate,
        venueCity: s.venueCity,
        modality: s.modality,
        status: s.status,
      },
      course: {
        title: c.title as Record<string, string>,
        level: c.level,
        testMaxScore: c.testMaxScore,
        postTestPassMark: c.postTestPassMark,
      },
      preScore: scores.find((x) => x.nominationId === n.id && x.kind === 'pre')?.score ?? null,
      postScore: scores.find((x) => x.nominationId === n.id && x.kind === 'post')?.score ?? null,
      completion,
      evaluation: receipt
        ? ('submitted' as const)
        : evaluationOpen(n.status, s.endDate)
          ? ('pending' as const)
          : ('not_available' as const),
      followUp: follow
        ? {
            status: follow.respondedAt ? ('answered' as const) : ('pending' as const),
            applied: follow.applied,
            howApplied: follow.howApplied,
          }
        : { status: 'none' as const, applied: null, howApplied: null },
      cascade: {
        eligible: c.level === 'training_of_trainers' && completion.completed,
        records: cascades.filter((x) => x.nominationId === n.id).map(cascadeView),
      },
    };
  });
  await writeAudit(db, audit, {
    action: 'participation.read',
    recordType: 'official',
    recordId: actor.officialId,
    details: { nominations: ids.length },
  });
  return { items };
}

/**
 * The evaluation is anonymous: the answer row carries the session only; the receipt, in the same
 * transaction, records that this nomination has answered (so that it answers once). The audit row
 * names the nomination, never the answer.
 */
export async function submitEvaluation(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: { ratings: Record<string, number>; comment?: string | null; key?: string },
) {
  return db.transaction(async (tx) => {
    const { nomination, session } = await ownNomination(tx, actor, nominationId, true);
    const [already] = await tx.select().from(evaluationReceipts).where(eq(evaluationReceipts.nominationId, nominationId));
    // The same form sent again (its first answer was lost on the way back): already done, nothing more to record.
    if (already && input.key !== undefined && already.submissionKey === input.key) return;
    if (nomination.status !== 'accepted') {
      throw ruleViolation('participation.not_accepted');
    }
    if (session.endDate > today()) {
      throw ruleViolation('participation.evaluation_not_open', { endDate: session.endDate });
    }
    if (already) throw ruleViolation('participation.already_evaluated');
    await tx.insert(evaluationReceipts).values({ nominationId, submissionKey: input.key ?? null });
    await tx.insert(evaluationResponses).values({
      sessionId: session.id,
      ratings: input.ratings,
      comment: input.comment ?? null,
      submittedOn: today(),
    });
    await writeAudit(tx, audit, { action: 'evaluation.submit', recordType: 'nomination', recordId: nominationId });
  });
}

export async function answerFollowUp(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: { applied: boolean; howApplied?: string | null },
) {
  return db.transaction(async (tx) => {
    await ownNomination(tx, actor, nominationId, true);
    const [follow] = await tx.select().from(followUps).where(eq(followUps.nominationId, nominationId));
    if (!follow) throw ruleViolation('participation.follow_up_not_requested');
    if (follow.respondedAt) throw ruleViolation('participation.follow_up_answered');
    await tx
      .update(followUps)
      .set({ respondedAt: new Date(), applied: input.applied, howApplied: input.howApplied ?? null })
      .where(eq(followUps.nominationId, nominationId));
    await writeAudit(tx, audit, {
      action: 'follow_up.answer',
      recordType: 'nomination',
      recordId: nominationId,
      details: { applied: input.applied },
    });
  });
}

export async function recordOwnCascade(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  nominationId: string,
  input: Parameters<typeof recordCascade>[4],
) {
  return recordCascade(db, audit, actor, nominationId, input, (tx) => ownNomination(tx, actor, nominationId, true));
}

/**
 * The calendar file of my place in a session: mine only (another's nomination does not exist for
 * me), and only while there is a place to put in a calendar (accepted, the session neither
 * cancelled nor over); whatever my email preferences, which may have kept the invitation back.
 */
export async function calendarOf(db: Database, actor: Actor, nominationId: string) {
  return db.transaction(async (tx) => {
    const { session } = await ownNomination(tx, actor, nominationId);
    const content = await calendarFile(tx, nominationId, actor.userId, readerLocale(actor));
    if (!content) throw notFound('Calendar invitation');
    return { name: `${session.code}.ics`, content };
  });
}
