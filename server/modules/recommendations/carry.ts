import { inArray, sql } from 'drizzle-orm';
import { meetingEditions, recommendationActions } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { ruleViolation } from '../nominations/service';
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
      throw ruleViolation('no_next_edition', `There is no edition after edition ${edition.number} yet: record it first`);
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
          throw ruleViolation(
            'action_not_of_recommendation',
            `Action ${actionId} is not an action of this recommendation`,
            'actionIds',
          );
        }
        if (!OPEN.includes(action.status)) {
          throw ruleViolation(
            'action_not_open',
            `Only open actions are carried; action ${actionId} is ${action.status}`,
            'actionIds',
          );
        }
        if (carriedAlready.has(action.id)) {
          throw ruleViolation('action_already_carried', `Action ${actionId} was already carried to a later edition`, 'actionIds');
        }
        chosen.push(action);
      }
    } else {
      if (all.length > 0 && all.every((a) => !OPEN.includes(a.status))) {
        throw ruleViolation('recommendation_closed', 'Every action of this recommendation is done or dropped: nothing to carry');
      }
      chosen = all.filter((a) => OPEN.includes(a.status) && !carriedAlready.has(a.id));
    }
    const existingCopy = await repo.carriedCopyOf(tx, id);
    if (existingCopy && chosen.length === 0) {
      throw ruleViolation('nothing_to_carry', 'This recommendation and its open actions were already carried');
    }
    const copyEdition = existingCopy ? await repo.findEdition(tx, existingCopy.editionId) : next;
    if (!copyEdition) throw notFound('Edition');
    const dueDate = input.dueDate ?? twelveMonthsAfter(copyEdition.endDate);
    if (dueDate < copyEdition.startDate) {
      throw ruleViolation(
        'due_date_before_edition',
        `The due date cannot be before the edition (${copyEdition.startDate})`,
        'dueDate',
      );
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
        throw ruleViolation(
          'action_not_open',
          `Only open actions are carried; action ${original.id} changed meanwhile`,
          'actionIds',
        );
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
