import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { twelveMonthsAfter } from '../../modules/recommendations/service';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Queryable } from '../../platform/db';
import {
  type ActionStatus,
  agencies,
  type LocalisedText,
  meetingEditions,
  memberStates,
  organisations,
  recommendationActionEvents,
  recommendationActionEvidence,
  recommendationActions,
  recommendations,
  users,
} from '../schema';
import { AS_OF, editionSpecs, type Outcome, type RecommendationSpec } from './demo-recommendations-data';

/** Writes the demo recommendations of demo-recommendations-data.ts and plays each action's outcome. */
/** A uuid drawn from a name, so that the same demo record always gets the same id. */
function idFor(name: string): string {
  const h = createHash('sha256').update(`tadrib-demo-recommendations:${name}`).digest('hex');
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

type Owner = Pick<
  typeof recommendationActions.$inferInsert,
  'ownerKind' | 'ownerStateIso2' | 'ownerAgencyId' | 'ownerOrganisationId'
> & { stateIso2: string | null };

type Edition = typeof meetingEditions.$inferSelect;

export type RecommendationsSummary = { recommendations: number; actions: number; carried: number };

export async function seedDemoRecommendations(db: Queryable, audit: AuditContext): Promise<RecommendationsSummary> {
  return db.transaction(async (tx) => {
    const editions = new Map<number, Edition>();
    for (const row of await tx
      .select()
      .from(meetingEditions)
      .where(inArray(meetingEditions.number, [1, 2, 3, 4]))) {
      editions.set(row.number, row);
    }
    const userId = async (email: string) => {
      const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (!row) throw new Error(`demo recommendations: no user ${email}`);
      return row.id;
    };
    const officerId = await userId('officer@tadrib.demo');
    const focalNgId = await userId('focal.ng@tadrib.demo');

    const owners = new Map<string, Owner>();
    async function ownerOf(key: string): Promise<Owner> {
      const known = owners.get(key);
      if (known) return known;
      const none = { ownerStateIso2: null, ownerAgencyId: null, ownerOrganisationId: null };
      let owner: Owner;
      if (key === 'office') {
        owner = { ...none, ownerKind: 'office', stateIso2: null };
      } else if (key.startsWith('org:')) {
        const acronym = key.slice(4);
        const [row] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.acronym, acronym));
        if (!row) throw new Error(`demo recommendations: no organisation ${acronym}`);
        owner = { ...none, ownerKind: 'organisation', ownerOrganisationId: row.id, stateIso2: null };
      } else if (key.includes('/')) {
        const [iso2, type] = key.split('/') as [string, string];
        const [row] = await tx
          .select({ id: agencies.id })
          .from(agencies)
          .where(and(eq(agencies.stateIso2, iso2), eq(agencies.type, type)))
          .orderBy(asc(agencies.name))
          .limit(1);
        if (!row) throw new Error(`demo recommendations: no ${type} agency in ${iso2}`);
        owner = { ...none, ownerKind: 'agency', ownerAgencyId: row.id, stateIso2: iso2 };
      } else {
        const [row] = await tx.select({ iso2: memberStates.iso2 }).from(memberStates).where(eq(memberStates.iso2, key));
        if (!row) throw new Error(`demo recommendations: no state ${key}`);
        owner = { ...none, ownerKind: 'state', ownerStateIso2: key, stateIso2: key };
      }
      owners.set(key, owner);
      return owner;
    }

    const summary: RecommendationsSummary = { recommendations: 0, actions: 0, carried: 0 };

    /** Plays an outcome on an action from its current status: events, status, evidence. */
    async function play(action: { id: string; status: ActionStatus; owner: Owner }, outcome: Outcome, edition: Edition) {
      if (outcome.status === 'planned') return;
      const day = addDays(edition.endDate, outcome.days);
      if (day > AS_OF) throw new Error(`demo recommendations: ${day} is after ${AS_OF}`);
      // The focal point of Nigeria reports Nigeria's actions; the office records the others'.
      const by = action.owner.stateIso2 === 'NG' ? focalNgId : officerId;
      let status = action.status;
      const move = async (to: ActionStatus, when: string, extra: { reason?: string; completedOn?: string } = {}) => {
        await tx.insert(recommendationActionEvents).values({
          id: idFor(`event:${action.id}:${to}:${when}`),
          actionId: action.id,
          kind: 'status',
          fromStatus: status,
          toStatus: to,
          reason: extra.reason ?? null,
          completedOn: extra.completedOn ?? null,
          byUserId: by,
          at: at(when),
        });
        status = to;
      };
      if (outcome.status === 'in_progress' || (outcome.status === 'done' && status === 'planned')) {
        await move('in_progress', outcome.status === 'done' ? addDays(edition.endDate, Math.floor(outcome.days / 2)) : day);
      }
      if (outcome.status === 'done') {
        await move('done', day, { completedOn: day });
        await tx.insert(recommendationActionEvidence).values({
          id: idFor(`evidence:${action.id}`),
          actionId: action.id,
          kind: outcome.url ? 'link' : 'text',
          text: outcome.evidence ?? (outcome.url ? null : 'Completion confirmed in the follow-up report to the Platform.'),
          url: outcome.url ?? null,
          addedBy: by,
          addedAt: at(day, 10),
        });
      }
      if (outcome.status === 'dropped') await move('dropped', day, { reason: outcome.reason });
      await tx
        .update(recommendationActions)
        .set({
          status,
          completedOn: outcome.status === 'done' ? day : null,
          dropReason: outcome.status === 'dropped' ? outcome.reason : null,
          updatedAt: at(day),
        })
        .where(eq(recommendationActions.id, action.id));
    }

    /** Open actions waiting to be carried to the next edition, with what then happens to them. */
    let toCarry: {
      source: { id: string; spec: RecommendationSpec };
      open: { id: string; status: ActionStatus; owner: Owner; description: LocalisedText }[];
    }[] = [];

    for (const n of [1, 2, 3, 4] as const) {
      const edition = editions.get(n);
      if (!edition) throw new Error(`demo recommendations: edition ${n} is missing (seed the meetings first)`);
      let number = 0;
      // Recommendations carried from the previous edition come first in its outcome document.
      for (const { source, open } of toCarry) {
        number += 1;
        const copyId = idFor(`recommendation:${n}:${number}`);
        await tx.insert(recommendations).values({
          id: copyId,
          editionId: edition.id,
          number,
          text: source.spec.text,
          pillars: source.spec.pillars,
          resolutions: source.spec.resolutions,
          carriedFromId: source.id,
          createdBy: officerId,
          createdAt: at(edition.endDate),
          updatedAt: at(edition.endDate),
        });
        summary.recommendations += 1;
        for (const [i, original] of open.entries()) {
          const actionId = idFor(`action:${n}:${number}:${i}`);
          await tx.insert(recommendationActions).values({
            id: actionId,
            recommendationId: copyId,
            description: original.description,
            ownerKind: original.owner.ownerKind,
            ownerStateIso2: original.owner.ownerStateIso2,
            ownerAgencyId: original.owner.ownerAgencyId,
            ownerOrganisationId: original.owner.ownerOrganisationId,
            dueDate: twelveMonthsAfter(edition.endDate),
            status: original.status,
            carriedFromId: original.id,
            createdBy: officerId,
            createdAt: at(edition.endDate, 11),
            updatedAt: at(edition.endDate, 11),
          });
          await tx.insert(recommendationActionEvents).values([
            {
              id: idFor(`event:${original.id}:carried_to`),
              actionId: original.id,
              kind: 'carried_to',
              fromStatus: original.status,
              toStatus: original.status,
              details: { actionId },
              byUserId: officerId,
              at: at(edition.endDate, 11),
            },
            {
              id: idFor(`event:${actionId}:carried_from`),
              actionId,
              kind: 'carried_from',
              toStatus: original.status,
              details: { actionId: original.id },
              byUserId: officerId,
              at: at(edition.endDate, 12),
            },
          ]);
          summary.actions += 1;
          summary.carried += 1;
          const outcome = source.spec.carriedThen?.[i] ?? { status: 'planned' };
          await play({ id: actionId, status: original.status, owner: original.owner }, outcome, edition);
        }
      }
      const next: typeof toCarry = [];
      for (const spec of editionSpecs[n]) {
        number += 1;
        const recommendationId = idFor(`recommendation:${n}:${number}`);
        await tx.insert(recommendations).values({
          id: recommendationId,
          editionId: edition.id,
          number,
          text: spec.text,
          pillars: spec.pillars,
          resolutions: spec.resolutions,
          createdBy: officerId,
          createdAt: at(edition.endDate),
          updatedAt: at(edition.endDate),
        });
        summary.recommendations += 1;
        const open: (typeof toCarry)[number]['open'] = [];
        for (const [i, action] of spec.actions.entries()) {
          const owner = await ownerOf(action.owner);
          const actionId = idFor(`action:${n}:${number}:${i}`);
          await tx.insert(recommendationActions).values({
            id: actionId,
            recommendationId,
            description: action.text,
            ownerKind: owner.ownerKind,
            ownerStateIso2: owner.ownerStateIso2,
            ownerAgencyId: owner.ownerAgencyId,
            ownerOrganisationId: owner.ownerOrganisationId,
            dueDate: twelveMonthsAfter(edition.endDate),
            createdBy: officerId,
            createdAt: at(edition.endDate, 10),
            updatedAt: at(edition.endDate, 10),
          });
          await tx.insert(recommendationActionEvents).values({
            id: idFor(`event:${actionId}:created`),
            actionId,
            kind: 'created',
            toStatus: 'planned',
            byUserId: officerId,
            at: at(edition.endDate, 10),
          });
          summary.actions += 1;
          await play({ id: actionId, status: 'planned', owner }, action.outcome, edition);
          const status: ActionStatus = action.outcome.status;
          if (spec.carriedThen && (status === 'planned' || status === 'in_progress')) {
            open.push({ id: actionId, status, owner, description: action.text });
          }
        }
        if (spec.carriedThen) {
          if (open.length !== spec.carriedThen.length) {
            throw new Error(`demo recommendations: edition ${n} recommendation ${number} carries ${open.length} open actions`);
          }
          next.push({ source: { id: recommendationId, spec }, open });
        }
      }
      toCarry = next;
    }
    if (toCarry.length > 0) throw new Error('demo recommendations: the last edition cannot carry to a next one');

    await writeAudit(tx, audit, {
      action: 'seed.demo',
      recordType: 'database',
      details: { part: 'recommendations', ...summary },
    });
    return summary;
  });
}
