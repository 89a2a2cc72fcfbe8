import { and, eq, type SQL, sql } from 'drizzle-orm';
import { meetingEditions, recommendationActions, recommendations, strategyPillars } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale } from '../../platform/localised';
import { ruleViolation } from '../../platform/rules';
import { existingPillars, existingResolutions } from '../reference/repository';
import { twelveMonthsAfter } from './follow-through';
import * as repo from './repository';
import type {
  ActionDetail,
  ActionInput,
  ActionListQuery,
  CreateRecommendationInput,
  OwnerInput,
  UpdateRecommendationInput,
} from './schemas';
import { actionDetail, actionViews, recommendationDetail, recommendationViews } from './views';

// Reading recommendations and actions; creating and editing recommendations and adding actions.

export async function listRecommendations(
  db: Database,
  actor: Actor,
  query: { editionId?: string; pillar?: string; resolution?: number; stateIso2?: string },
) {
  const conditions: (SQL | undefined)[] = [
    query.editionId ? eq(recommendations.editionId, query.editionId) : undefined,
    query.pillar ? sql`${query.pillar} = any(${recommendations.pillars})` : undefined,
    query.resolution ? sql`${query.resolution}::int = any(${recommendations.resolutions})` : undefined,
    query.stateIso2
      ? sql`exists (select 1 from ${recommendationActions} where ${recommendationActions.recommendationId} = ${recommendations.id} and ${repo.ownedByState(query.stateIso2)})`
      : undefined,
  ];
  const rows = await repo.listRecommendations(db, and(...conditions));
  return { items: await recommendationViews(db, rows, readerLocale(actor)) };
}

export async function getRecommendation(db: Database, actor: Actor, id: string) {
  return recommendationDetail(db, actor, id, readerLocale(actor));
}

export async function listActions(db: Database, actor: Actor, query: ActionListQuery) {
  const now = today();
  const where = and(
    repo.actionScopeCondition(actor),
    query.editionId ? eq(recommendations.editionId, query.editionId) : undefined,
    query.recommendationId ? eq(recommendationActions.recommendationId, query.recommendationId) : undefined,
    query.stateIso2 ? repo.ownedByState(query.stateIso2) : undefined,
    query.ownerKind ? eq(recommendationActions.ownerKind, query.ownerKind) : undefined,
    query.agencyId ? eq(recommendationActions.ownerAgencyId, query.agencyId) : undefined,
    query.organisationId ? eq(recommendationActions.ownerOrganisationId, query.organisationId) : undefined,
    query.status ? eq(recommendationActions.status, query.status) : undefined,
    query.overdue === true ? repo.overdueCondition(now) : undefined,
    query.overdue === false ? sql`not ${repo.overdueCondition(now)}` : undefined,
  ) as SQL;
  const total = await repo.countActions(db, where);
  const rows = await repo.listActions(db, where, {
    order: query.overdue ? 'due' : 'recommendation',
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: await actionViews(db, actor, rows, readerLocale(actor)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getAction(db: Database, actor: Actor, id: string): Promise<ActionDetail> {
  return actionDetail(db, actor, id, readerLocale(actor));
}
// ---------- writes

export type OwnerColumns = Pick<
  typeof recommendationActions.$inferInsert,
  'ownerKind' | 'ownerStateIso2' | 'ownerAgencyId' | 'ownerOrganisationId'
>;

/** The owner columns of an action: exactly one known owner, or a 422 naming the rule. */
export async function ownerColumns(db: Queryable, owner: OwnerInput | null | undefined): Promise<OwnerColumns> {
  const named = owner
    ? [
        owner.stateIso2 !== undefined,
        owner.agencyId !== undefined,
        owner.organisationId !== undefined,
        owner.office === true,
      ].filter(Boolean).length
    : 0;
  if (!owner || named === 0) {
    throw ruleViolation('recommendation.owner_required', {}, 'owner');
  }
  if (named > 1) {
    throw ruleViolation('recommendation.one_owner_only', {}, 'owner');
  }
  const none = { ownerStateIso2: null, ownerAgencyId: null, ownerOrganisationId: null };
  if (owner.stateIso2) {
    if (!(await repo.stateExists(db, owner.stateIso2))) {
      throw ruleViolation('reference.state_unknown', { states: owner.stateIso2 }, 'owner.stateIso2');
    }
    return { ...none, ownerKind: 'state', ownerStateIso2: owner.stateIso2 };
  }
  if (owner.agencyId) {
    if (!(await repo.findAgency(db, owner.agencyId))) throw ruleViolation('reference.agency_unknown', {}, 'owner.agencyId');
    return { ...none, ownerKind: 'agency', ownerAgencyId: owner.agencyId };
  }
  if (owner.organisationId) {
    if (!(await repo.findOrganisation(db, owner.organisationId))) {
      throw ruleViolation('reference.organisation_unknown', { ids: owner.organisationId }, 'owner.organisationId');
    }
    return { ...none, ownerKind: 'organisation', ownerOrganisationId: owner.organisationId };
  }
  return { ...none, ownerKind: 'office' };
}

/** A due date: given, or twelve months after the edition's end; never none, never before the edition. */
export function dueDateFor(given: string | null | undefined, edition: repo.EditionRow): string {
  if (given === null) {
    throw ruleViolation('recommendation.due_date_required', {}, 'dueDate');
  }
  const due = given ?? twelveMonthsAfter(edition.endDate);
  if (due < edition.startDate) {
    throw ruleViolation('recommendation.due_date_before_edition', { startDate: edition.startDate }, 'dueDate');
  }
  return due;
}

async function assertReferences(db: Queryable, pillars: string[] | undefined, resolutions: number[] | undefined) {
  if (pillars?.length) {
    const known = await existingPillars(db, pillars);
    const unknown = pillars.filter((p) => !known.has(p));
    if (unknown.length) {
      throw ruleViolation('reference.pillar_unknown', { pillars: unknown.join(', ') }, 'pillars');
    }
  }
  if (resolutions?.length) {
    const known = await existingResolutions(db, resolutions);
    const unknown = resolutions.filter((n) => !known.has(n));
    if (unknown.length) {
      throw ruleViolation('reference.resolution_unknown', { resolutions: unknown.join(', ') }, 'resolutions');
    }
  }
}

/** Pillars in the strategy's order, resolutions by number, each once. */
async function orderedReferences(db: Queryable, pillars: string[], resolutions: number[]) {
  const order = (await db.select({ code: strategyPillars.code }).from(strategyPillars).orderBy(strategyPillars.position)).map(
    (p) => p.code,
  );
  return {
    pillars: order.filter((code) => pillars.includes(code)),
    resolutions: [...new Set(resolutions)].sort((a, b) => a - b),
  };
}

async function assertNumberFree(db: Queryable, editionId: string, number: number, exceptId?: string) {
  if (await repo.recommendationNumberTaken(db, editionId, number, exceptId)) {
    throw ruleViolation('recommendation.number_taken', { number }, 'number');
  }
}

async function insertActionWithHistory(
  tx: Queryable,
  audit: AuditContext,
  actor: Actor,
  recommendation: repo.RecommendationRow,
  edition: repo.EditionRow,
  input: ActionInput,
): Promise<repo.ActionRow> {
  const owner = await ownerColumns(tx, input.owner);
  const dueDate = dueDateFor(input.dueDate, edition);
  const row = await repo.insertAction(tx, {
    recommendationId: recommendation.id,
    description: input.description,
    ...owner,
    dueDate,
    createdBy: actor.userId,
  });
  await repo.insertEvent(tx, { actionId: row.id, kind: 'created', toStatus: 'planned', byUserId: actor.userId });
  await writeAudit(tx, audit, {
    action: 'recommendation_action.create',
    recordType: 'recommendation_action',
    recordId: row.id,
    details: { recommendationId: recommendation.id, owner, dueDate },
  });
  return row;
}

export async function createRecommendation(db: Database, audit: AuditContext, actor: Actor, input: CreateRecommendationInput) {
  const id = await db.transaction(async (tx) => {
    const edition = await repo.findEdition(tx, input.editionId);
    if (!edition) throw ruleViolation('reference.edition_unknown', {}, 'editionId');
    await assertReferences(tx, input.pillars, input.resolutions);
    // Numbers are per edition: lock the edition's recommendations against a concurrent "next number".
    await tx.execute(sql`select id from ${meetingEditions} where ${meetingEditions.id} = ${edition.id} for update`);
    const number = input.number ?? (await repo.nextRecommendationNumber(tx, edition.id));
    await assertNumberFree(tx, edition.id, number);
    const references = await orderedReferences(tx, input.pillars ?? [], input.resolutions ?? []);
    const row = await repo.insertRecommendation(tx, {
      editionId: edition.id,
      number,
      text: input.text,
      ...references,
      createdBy: actor.userId,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation.create',
      recordType: 'recommendation',
      recordId: row.id,
      details: { editionNumber: edition.number, number, ...references },
    });
    for (const action of input.actions ?? []) await insertActionWithHistory(tx, audit, actor, row, edition, action);
    return row.id;
  });
  return getRecommendation(db, actor, id);
}

export async function updateRecommendation(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: UpdateRecommendationInput,
) {
  await db.transaction(async (tx) => {
    const before = await repo.findRecommendation(tx, id, true);
    if (!before) throw notFound('Recommendation');
    await assertReferences(tx, input.pillars, input.resolutions);
    if (input.number !== undefined && input.number !== before.number) {
      await assertNumberFree(tx, before.editionId, input.number, id);
    }
    const references = await orderedReferences(tx, input.pillars ?? before.pillars, input.resolutions ?? before.resolutions);
    const after = await repo.updateRecommendation(tx, id, {
      ...(input.number !== undefined ? { number: input.number } : {}),
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...references,
    });
    await writeAudit(tx, audit, {
      action: 'recommendation.update',
      recordType: 'recommendation',
      recordId: id,
      details: {
        before: { number: before.number, text: before.text, pillars: before.pillars, resolutions: before.resolutions },
        after: { number: after.number, text: after.text, pillars: after.pillars, resolutions: after.resolutions },
      },
    });
  });
  return getRecommendation(db, actor, id);
}

export async function addAction(db: Database, audit: AuditContext, actor: Actor, recommendationId: string, input: ActionInput) {
  const id = await db.transaction(async (tx) => {
    const recommendation = await repo.findRecommendation(tx, recommendationId, true);
    if (!recommendation) throw notFound('Recommendation');
    const edition = await repo.findEdition(tx, recommendation.editionId);
    if (!edition) throw notFound('Recommendation');
    return (await insertActionWithHistory(tx, audit, actor, recommendation, edition, input)).id;
  });
  return getAction(db, actor, id);
}
