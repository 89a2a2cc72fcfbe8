import type { EditionStatus } from '../../../contract/enums';
import type { Locale } from '../../db/schema';
import { meetingDelegations } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { type Actor, personalDataScope, stateScopeCondition } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale, resolveText } from '../../platform/localised';
import { ruleViolation } from '../../platform/rules';
import { readsAgenda } from './policy';
import * as repo from './repository';
import type { CreateEditionInput, EditionView, UpdateEditionInput } from './schemas';

// Editions of the high-level meeting, and the rules every part of an edition shares.

export const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `Invalid body: ${path}: ${message}`, { details: [{ path, message }] });

/** Upcoming before its first day, ongoing from its first to its last day, past after. */
export function editionStatus(edition: { startDate: string; endDate: string }, on: string = today()): EditionStatus {
  if (on < edition.startDate) return 'upcoming';
  if (on > edition.endDate) return 'past';
  return 'ongoing';
}

export function refuseIfPast(edition: repo.EditionRow): void {
  if (editionStatus(edition) === 'past') {
    throw ruleViolation('meeting.edition_past', { number: edition.number, endDate: edition.endDate });
  }
}

/**
 * Who may count an edition's delegations and delegates: those who see them all (office staff).
 * Partners see no personal data (docs/product.md); a focal point sees their own state's delegation, and an
 * edition-wide count would show them other states' registrations as they come.
 */
const countsDelegations = (actor: Actor) => personalDataScope(actor).kind === 'all';

/** The delegations an actor may see, as a condition: office staff all, a focal point their state's. */
export const delegationScope = (actor: Actor) => stateScopeCondition(personalDataScope(actor), meetingDelegations.stateIso2);

/**
 * For readers of every delegation (office staff), each delegate's namesakes by email in the other
 * delegations of the edition; null for anyone else, to whom the other delegations do not exist.
 */
export async function sameEmailFor(db: Queryable, actor: Actor, delegateIds: string[]): Promise<repo.SameEmailRow[] | null> {
  return personalDataScope(actor).kind === 'all' ? repo.sameEmailElsewhere(db, delegateIds) : null;
}

// Editions

function toEditionView(row: { edition: repo.EditionRow; counts: repo.EditionCounts }, actor: Actor, locale: Locale): EditionView {
  const { edition, counts } = row;
  const staffCount = (n: number) => (countsDelegations(actor) ? n : null);
  return {
    id: edition.id,
    number: edition.number,
    startDate: edition.startDate,
    endDate: edition.endDate,
    city: edition.city,
    countryIso2: edition.countryIso2,
    theme: resolveText(edition.theme, locale),
    status: editionStatus(edition),
    counts: {
      delegations: staffCount(counts.delegations),
      delegatesApproved: staffCount(counts.delegatesApproved),
      delegatesPending: staffCount(counts.delegatesPending),
      agendaItems: readsAgenda(actor) ? counts.agendaItems : null,
      documents: counts.documents,
    },
  };
}

export async function listEditions(db: Database, actor: Actor): Promise<{ items: EditionView[] }> {
  const locale = readerLocale(actor);
  const rows = await repo.listEditions(db);
  return { items: rows.map((r) => toEditionView(r, actor, locale)) };
}

export async function getEdition(db: Queryable, actor: Actor, id: string): Promise<EditionView> {
  const row = await repo.findEditionWithCounts(db, id);
  if (!row) throw notFound('Edition');
  return toEditionView(row, actor, readerLocale(actor));
}

export async function assertState(db: Queryable, iso2: string, path: string): Promise<void> {
  if (!(await repo.stateExists(db, iso2))) throw invalid(path, 'Not one of the 54 African member states');
}

export async function createEdition(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  input: CreateEditionInput,
): Promise<EditionView> {
  return db.transaction(async (tx) => {
    await assertState(tx, input.countryIso2, 'countryIso2');
    if (await repo.editionNumberTaken(tx, input.number)) {
      throw ruleViolation('meeting.edition_number_taken', { number: input.number }, 'number');
    }
    const edition = await repo.insertEdition(tx, input);
    await writeAudit(tx, audit, {
      action: 'meeting_edition.create',
      recordType: 'meeting_edition',
      recordId: edition.id,
      details: { ...input },
    });
    return getEdition(tx, actor, edition.id);
  });
}

export async function updateEdition(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: UpdateEditionInput,
): Promise<EditionView> {
  return db.transaction(async (tx) => {
    const before = await repo.findEdition(tx, id, true);
    if (!before) throw notFound('Edition');
    const startDate = input.startDate ?? before.startDate;
    const endDate = input.endDate ?? before.endDate;
    if (endDate < startDate) throw invalid('endDate', 'The end date is before the start date');
    if (input.countryIso2) await assertState(tx, input.countryIso2, 'countryIso2');
    if (input.number !== undefined && (await repo.editionNumberTaken(tx, input.number, id))) {
      throw ruleViolation('meeting.edition_number_taken', { number: input.number }, 'number');
    }
    const outside = await repo.agendaItemsOutside(tx, id, startDate, endDate);
    if (outside > 0) {
      throw ruleViolation('meeting.agenda_outside_new_dates', { items: outside, startDate, endDate }, 'startDate');
    }
    await repo.updateEdition(tx, id, input);
    const changed = Object.keys(input) as (keyof UpdateEditionInput)[];
    await writeAudit(tx, audit, {
      action: 'meeting_edition.update',
      recordType: 'meeting_edition',
      recordId: id,
      details: {
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: input,
      },
    });
    return getEdition(tx, actor, id);
  });
}

export async function editionOr404(db: Queryable, id: string, lock = false): Promise<repo.EditionRow> {
  const edition = await repo.findEdition(db, id, lock);
  if (!edition) throw notFound('Edition');
  return edition;
}
