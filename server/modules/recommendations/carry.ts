import { inArray, sql } from 'drizzle-orm';
import { meetingEditions, recommendationActions } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import { twelveMonthsAfter } from './follow-through';
import { getRecommendation } from './recommendations';
import * as repo from './repository';
import type { CarryInput } from './schemas';
import { OPEN } from './views';

// Carrying a recommendation (or some of its open actions) to the next edition.

export async function carry(db: Database, audit: AuditContext, actor: Actor, id: string, input: CarryInput) {
  const copyId = await db.transaction(async (tx) => {
    const source = await repo.findRecommendation(tx, id, true);
    if (!source) throw notFound('Recommendation');
    const edition = await repo.findEdition(tx, source.editionId);
    if (!edition) throw notFound('Recommendation');
    const next = await repo.nextEdition(tx, edition);
    if (!next) {
      throw ruleViolation('recommendation.no_next_edition', { number: edition.number });
    }
    const all = await repo.actionsOf(tx, id);
    const carriedAlready = new Set(
      (
        await tx
          .select({ from: recommendationActions.carriedFromId })
          .from(recommendationActions)
          .where(
            all.length
              ? inArray(
                  recommendationActions.carriedFromId,
                  all.map((a) => a.id),
                )
              : sql`false`,
          )
      ).map((r) => r.from),
    );
    let chosen: repo.ActionRow[];
    if (input.actionIds) {
      chosen = [];
      for (const actionId of new Set(input.actionIds)) {
        const action = all.find((a) => a.id === actionId);
        if (!action) {
          throw ruleViolation('recommendation.action_not_of_recommendation', { action: actionId }, 'actionIds');
        }
        if (!OPEN.includes(action.status)) {
          throw ruleViolation('recommendation.action_not_open', { action: actionId, status: action.status }, 'actionIds');
        }
        if (carriedAlready.has(action.id)) {
          throw ruleViolation('recommendation.action_already_carried', { action: actionId }, 'actionIds');
        }
        chosen.push(action);
      }
    } else {
      if (all.length > 0 && all.every((a) => !OPEN.includes(a.status))) {
        throw ruleViolation('recommendation.closed');
      }
      chosen = all.filter((a) => OPEN.includes(a.status) && !carriedAlready.has(a.id));
    }
    const existingCopy = await repo.carriedCopyOf(tx, id);
    if (existingCopy && chosen.length === 0) {
      throw ruleViolation('recommendation.nothing_to_carry');
    }
    const copyEdition = existingCopy ? await repo.findEdition(tx, existingCopy.editionId) : next;
    if (!copyEdition) throw notFound('Edition');
    const dueDate = input.dueDate ?? twelveMonthsAfter(copyEdition.endDate);
    if (dueDate < copyEdition.startDate) {
      throw ruleViolation('recommendation.due_date_before_edition', { startDate: copyEdition.startDate }, 'dueDate');
    }
    let copy = existingCopy;
    if (!copy) {
      await tx.execute(sql`select id from ${meetingEditions} where ${meetingEditions.id} = ${next.id} for update`);
      copy = await repo.insertRecommendation(tx, {
        editionId: next.id,
        number: await repo.nextRecommendationNumber(tx, next.id),
        text: source.text,
        pillars: source.pillars,
        resolutions: source.resolutions,
        carriedFromId: source.id,
        createdBy: actor.userId,
      });
    }
    const carried: { from: string; to: string }[] = [];
    for (const original of chosen) {
      const locked = await repo.findAction(tx, original.id, true);
      if (!locked || !OPEN.includes(locked.status)) {
        throw ruleViolation('recommendation.action_not_open', { action: original.id }, 'actionIds');
      }
      const row = await repo.insertAction(tx, {
        recommendationId: copy.id,
        description: locked.description,
        ownerKind: locked.ownerKind,
        ownerStateIso2: locked.ownerStateIso2,
        ownerAgencyId: locked.ownerAgencyId,
        ownerOrganisationId: locked.ownerOrganisationId,
        dueDate,
        status: locked.status,
        carriedFromId: locked.id,
        createdBy: actor.userId,
      });
      await repo.insertEvent(tx, {
        actionId: locked.id,
        kind: 'carried_to',
        fromStatus: locked.status,
        toStatus: locked.status,
        details: { actionId: row.id },
        byUserId: actor.userId,
      });
      await repo.insertEvent(tx, {
        actionId: row.id,
        kind: 'carried_from',
        toStatus: row.status,
        details: { actionId: locked.id },
        byUserId: actor.userId,
      });
      carried.push({ from: locked.id, to: row.id });
    }
    await writeAudit(tx, audit, {
      action: 'recommendation.carry',
      recordType: 'recommendation',
      recordId: source.id,
      details: { toRecommendationId: copy.id, toEditionNumber: copyEdition.number, dueDate, actions: carried },
    });
    return copy.id;
  });
  return getRecommendation(db, actor, copyId);
}
