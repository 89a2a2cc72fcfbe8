import type { ProgrammeStageKind } from '../../db/schema';
import { type Actor, holds } from '../../platform/access';
import type { RuleCode } from '../../platform/rules';

/**
 * Who may do what with one engagement of national programme support and its stages. The routes'
 * permissions (server/platform/access.ts) admit the roles and the access layer hides other states'
 * engagements from a focal point; these decide about the record in hand.
 */

type RemovableStage = { kind: ProgrammeStageKind; actualStart: string | null; actualEnd: string | null };

/**
 * Only a further drafting workshop that holds nothing yet may be removed (every engagement keeps
 * its first workshop, and a stage that happened or holds documents is history): the rule it would
 * break, or null.
 */
export function stageRemovalRule(stage: RemovableStage, workshops: number, documents: number): RuleCode | null {
  if (stage.kind !== 'drafting_workshop' || workshops < 2) return 'national_programme.only_extra_workshops_removed';
  if (stage.actualStart || stage.actualEnd || documents > 0) return 'national_programme.removed_stage_is_empty';
  return null;
}

export const engagementCapabilities = (actor: Actor) => ({
  /** Its title, status, coverage, a further workshop. */
  edit: holds(actor, 'nationalProgrammes.write'),
});

export const stageCapabilities = (actor: Actor, stage: RemovableStage, workshops: number, documents: number) => ({
  /** Its dates, persons and documents. */
  edit: holds(actor, 'nationalProgrammes.write'),
  remove: holds(actor, 'nationalProgrammes.write') && stageRemovalRule(stage, workshops, documents) === null,
});
