import type { Locale } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale, resolveText } from '../../platform/localised';
import { ruleViolation } from '../../platform/rules';
import { asSystem } from '../../platform/wall';
import { editionOr404 } from './editions';
import * as repo from './repository';
import type { AgendaItemInput, AgendaItemView } from './schemas';

// An edition's agenda and its speakers.

type SpeakerRow = Awaited<ReturnType<typeof repo.speakersOf>>[number];

function speakerView(row: SpeakerRow) {
  const s = row.speaker;
  if (!s.delegateId) return { delegateId: null, name: s.name ?? '', part: s.part, delegationLabel: null };
  const name = [row.title, row.givenNames, row.familyName].filter(Boolean).join(' ');
  return {
    delegateId: s.delegateId,
    name,
    part: s.part,
    delegationLabel: row.stateIso2 ?? row.organisationAcronym ?? row.organisationName ?? null,
  };
}

async function agendaViews(db: Queryable, items: repo.AgendaItemRow[], locale: Locale) {
  // The agenda names its speakers whatever delegation they belong to: read across the database's
  // state wall (a focal point reads the whole agenda). Transactions that come here are the officers'.
  const speakers = await asSystem(() =>
    repo.speakersOf(
      db,
      items.map((i) => i.id),
    ),
  );
  const views: AgendaItemView[] = items.map((item) => ({
    id: item.id,
    editionId: item.editionId,
    day: item.day,
    startsAt: item.startsAt.slice(0, 5),
    endsAt: item.endsAt.slice(0, 5),
    kind: item.kind,
    title: resolveText(item.title, locale),
    room: item.room,
    speakers: speakers.filter((s) => s.speaker.agendaItemId === item.id).map(speakerView),
  }));
  const delegateIds = speakers.flatMap((s) => (s.speaker.delegateId ? [s.speaker.delegateId] : []));
  return { views, delegateIds };
}

/** The agenda of an edition; reading the names of delegates who speak is audited like any delegate read. */
export async function getAgenda(db: Database, audit: AuditContext, actor: Actor, editionId: string) {
  await editionOr404(db, editionId);
  const { views, delegateIds } = await agendaViews(db, await repo.agendaOf(db, editionId), readerLocale(actor));
  if (delegateIds.length > 0) {
    await writeAudit(db, audit, {
      action: 'meeting_delegate.list',
      recordType: 'meeting_edition',
      recordId: editionId,
      details: { purpose: 'agenda speakers', delegateIds: [...new Set(delegateIds)] },
    });
  }
  return { items: views };
}

async function checkAgendaItem(tx: Queryable, edition: repo.EditionRow, input: AgendaItemInput) {
  if (input.day < edition.startDate || input.day > edition.endDate) {
    throw ruleViolation(
      'meeting.agenda_within_edition',
      { day: input.day, startDate: edition.startDate, endDate: edition.endDate },
      'day',
    );
  }
  const delegateIds = input.speakers.flatMap((s) => (s.delegateId ? [s.delegateId] : []));
  const speakable = await repo.speakableDelegates(tx, edition.id, delegateIds);
  const stranger = delegateIds.find((id) => !speakable.has(id));
  if (stranger) {
    throw ruleViolation('meeting.speaker_delegate_of_edition', {}, 'speakers');
  }
}

const speakerValues = (input: AgendaItemInput) =>
  input.speakers.map((s) => ({
    delegateId: s.delegateId ?? null,
    name: s.delegateId ? null : (s.name ?? null),
    part: s.part ?? null,
  }));

async function agendaItemView(tx: Queryable, actor: Actor, id: string): Promise<AgendaItemView> {
  const item = await repo.findAgendaItem(tx, id);
  if (!item) throw notFound('Agenda item');
  const { views } = await agendaViews(tx, [item], readerLocale(actor));
  const [view] = views;
  if (!view) throw notFound('Agenda item');
  return view;
}

/** The columns of an agenda item an input sets, the same on creation and replacement. */
function agendaItemValues(input: AgendaItemInput) {
  const { day, startsAt, endsAt, kind, title } = input;
  return { day, startsAt, endsAt, kind, title, room: input.room ?? null };
}

export async function addAgendaItem(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  editionId: string,
  input: AgendaItemInput,
): Promise<AgendaItemView> {
  return db.transaction(async (tx) => {
    const edition = await editionOr404(tx, editionId, true);
    await checkAgendaItem(tx, edition, input);
    const item = await repo.insertAgendaItem(tx, { editionId, ...agendaItemValues(input) });
    await repo.replaceSpeakers(tx, item.id, speakerValues(input));
    await writeAudit(tx, audit, {
      action: 'meeting_agenda_item.create',
      recordType: 'meeting_agenda_item',
      recordId: item.id,
      details: { editionId, day: input.day, startsAt: input.startsAt, endsAt: input.endsAt, kind: input.kind },
    });
    return agendaItemView(tx, actor, item.id);
  });
}

export async function replaceAgendaItem(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: AgendaItemInput,
): Promise<AgendaItemView> {
  return db.transaction(async (tx) => {
    const found = await repo.findAgendaItem(tx, id);
    if (!found) throw notFound('Agenda item');
    const edition = await editionOr404(tx, found.editionId, true);
    await checkAgendaItem(tx, edition, input);
    await repo.updateAgendaItem(tx, id, agendaItemValues(input));
    await repo.replaceSpeakers(tx, id, speakerValues(input));
    await writeAudit(tx, audit, {
      action: 'meeting_agenda_item.update',
      recordType: 'meeting_agenda_item',
      recordId: id,
      details: {
        before: { day: found.day, startsAt: found.startsAt.slice(0, 5), endsAt: found.endsAt.slice(0, 5), kind: found.kind },
        after: { day: input.day, startsAt: input.startsAt, endsAt: input.endsAt, kind: input.kind },
      },
    });
    return agendaItemView(tx, actor, id);
  });
}

export async function deleteAgendaItem(db: Database, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await repo.findAgendaItem(tx, id);
    if (!found) throw notFound('Agenda item');
    await editionOr404(tx, found.editionId, true);
    await repo.deleteAgendaItem(tx, id);
    await writeAudit(tx, audit, {
      action: 'meeting_agenda_item.delete',
      recordType: 'meeting_agenda_item',
      recordId: id,
      details: { editionId: found.editionId, day: found.day, startsAt: found.startsAt.slice(0, 5), title: found.title },
    });
  });
}
