import { type Locale, type SessionStatus, trainingSessions } from '../../db/schema';
import { notFound } from '../../errors';
import { type Actor, sessionScopeCondition } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import { today } from '../../platform/dates';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale, resolveText } from '../../platform/localised';
import { assertRulesKept, type RuleProblem, ruleViolation } from '../../platform/rules';
import * as events from '../notifications/events';
import { closedForEdits, quotaScope, sessionCapabilities, transitionsFor } from './policy';
import * as repo from './repository';
import type { CreateSessionInput, SessionDetail, SessionSummary, TransitionInput, UpdateSessionInput } from './schemas';

/**
 * Rules of a session (cohort):
 *  - end ≥ start; nomination deadline ≤ start; at most 366 days long;
 *  - in person and blended sessions have a venue city and country;
 *  - trainers are active users with the trainer role;
 *  - invited states are African UN member states, each once, with a quota of at least one seat.
 *    The quotas may add up to more than the capacity: not every state fills its quota, and
 *    acceptance (nominations) is what the capacity limits;
 *  - session days lie within the dates (default: every weekday from start to end), at least one;
 *  - status: planned → open (call for nominations) → closed → completed; any but completed →
 *    cancelled. Opening needs an invited state and a deadline not yet past; completing needs the
 *    last day past. A completed or cancelled session is no longer edited.
 */

export const transitions: Record<SessionStatus, SessionStatus[]> = {
  planned: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

const MAX_LENGTH_DAYS = 366;

/** Every weekday (Monday to Friday) from start to end, inclusive. */
export function weekdaysBetween(start: string, end: string): string[] {
  const days: string[] = [];
  const day = new Date(`${start}T00:00:00Z`);
  const last = new Date(`${end}T00:00:00Z`);
  while (day <= last && days.length <= MAX_LENGTH_DAYS) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return days;
}

const daysApart = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

// ---------- views

type SummaryRow = repo.SessionSummaryRow;

function toSummary(row: SummaryRow, locale: Locale): SessionSummary {
  const s = row.session;
  return {
    id: s.id,
    code: s.code,
    course: { id: s.courseId, code: row.courseCode, title: resolveText(row.courseTitle, locale), level: row.courseLevel },
    status: s.status,
    startDate: s.startDate,
    endDate: s.endDate,
    nominationDeadline: s.nominationDeadline,
    venueCity: s.venueCity,
    venueCountry: s.venueCountry,
    modality: s.modality,
    languages: s.languages as SessionSummary['languages'],
    capacity: s.capacity,
  };
}

export async function listSessions(
  db: Database,
  actor: Actor,
  query: repo.SessionFilter & { page: number; pageSize: number },
): Promise<{ items: SessionSummary[]; total: number; page: number; pageSize: number }> {
  const { page, pageSize, ...filter } = query;
  const locale = readerLocale(actor);
  const { rows, total } = await repo.listSessions(db, actor, filter, {
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  return { items: rows.map((r) => toSummary(r, locale)), total, page, pageSize };
}

/** A session as the actor may see it; outside their scope it does not exist (404). */
export async function getSession(db: Queryable, actor: Actor, id: string): Promise<SessionDetail> {
  const row = await repo.findSessionWithCourse(db, id, sessionScopeCondition(actor, trainingSessions.id));
  if (!row) throw notFound('Session');
  const locale = readerLocale(actor);
  const scope = quotaScope(actor);
  const quotas = scope.kind === 'none' ? [] : await repo.quotasOf(db, id, scope.kind === 'state' ? scope.iso2 : undefined);
  return {
    ...toSummary(row, locale),
    womenTarget: row.session.womenTarget === null ? null : Number(row.session.womenTarget),
    trainers: await repo.trainersOf(db, id),
    quotas: quotas.map((q) => ({ ...q, seatsLeft: Math.max(0, q.seats - q.nominated) })),
    days: await repo.daysOf(db, id),
    allowedTransitions: transitionsFor(actor, transitions[row.session.status]),
    can: sessionCapabilities(actor, row.session),
    createdAt: row.session.createdAt.toISOString(),
    updatedAt: row.session.updatedAt.toISOString(),
  };
}

export async function listTrainers(db: Database) {
  return { items: await repo.listTrainers(db) };
}

// ---------- rules

type SessionState = {
  courseId: string;
  startDate: string;
  endDate: string;
  nominationDeadline: string;
  venueCity: string | null;
  venueCountry: string | null;
  modality: CreateSessionInput['modality'];
  trainerIds: string[];
  quotas: { stateIso2: string; seats: number }[];
  days: string[];
};

async function assertSessionRules(db: Queryable, state: SessionState, changed: Set<string>): Promise<void> {
  const problems: RuleProblem[] = [];
  if (changed.has('courseId') && !(await repo.courseExists(db, state.courseId))) {
    problems.push({ rule: 'reference.course_unknown', path: 'courseId' });
  }
  if (state.endDate < state.startDate) {
    problems.push({ rule: 'session.end_before_start', path: 'endDate' });
  } else if (daysApart(state.startDate, state.endDate) > MAX_LENGTH_DAYS) {
    problems.push({ rule: 'session.too_long', params: { days: MAX_LENGTH_DAYS }, path: 'endDate' });
  }
  if (state.nominationDeadline > state.startDate) {
    problems.push({ rule: 'session.deadline_after_start', path: 'nominationDeadline' });
  }
  if (state.modality !== 'online') {
    if (!state.venueCity) problems.push({ rule: 'session.venue_city_required', path: 'venueCity' });
    if (!state.venueCountry) problems.push({ rule: 'session.venue_country_required', path: 'venueCountry' });
  }
  if (changed.has('trainerIds')) {
    const trainers = await repo.activeTrainerIds(db, state.trainerIds);
    const others = state.trainerIds.filter((id) => !trainers.has(id));
    if (others.length)
      problems.push({ rule: 'session.trainer_not_active', params: { ids: others.join(', ') }, path: 'trainerIds' });
  }
  if (changed.has('quotas')) {
    const codes = state.quotas.map((q) => q.stateIso2);
    const twice = codes.filter((c, i) => codes.indexOf(c) !== i);
    if (twice.length) {
      problems.push({ rule: 'session.state_invited_twice', params: { states: [...new Set(twice)].join(', ') }, path: 'quotas' });
    }
    const known = await repo.existingStates(db, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length)
      problems.push({ rule: 'reference.state_unknown', params: { states: unknown.join(', ') }, path: 'quotas' });
  }
  if (state.endDate < state.startDate) {
    // The days cannot be judged against impossible dates.
  } else if (state.days.length === 0) {
    problems.push({ rule: 'session.no_teaching_day', path: 'days' });
  }
  const outside = state.days.filter((d) => d < state.startDate || d > state.endDate);
  if (outside.length) problems.push({ rule: 'session.days_outside_dates', params: { days: outside.join(', ') }, path: 'days' });
  assertRulesKept(problems);
}

async function assertCodeFree(db: Queryable, code: string, exceptId?: string) {
  if (await repo.sessionCodeTaken(db, code, exceptId)) {
    throw ruleViolation('session.code_taken', { code }, 'code');
  }
}

const sortedUnique = (values: string[]) => [...new Set(values)].sort();

// ---------- writes

export async function createSession(db: Database, actor: Actor, audit: AuditContext, input: CreateSessionInput) {
  const id = await db.transaction(async (tx) => {
    const state: SessionState = {
      courseId: input.courseId,
      startDate: input.startDate,
      endDate: input.endDate,
      nominationDeadline: input.nominationDeadline,
      venueCity: input.venueCity ?? null,
      venueCountry: input.venueCountry ?? null,
      modality: input.modality,
      trainerIds: [...new Set(input.trainerIds ?? [])],
      quotas: input.quotas ?? [],
      days: input.days ? sortedUnique(input.days) : weekdaysBetween(input.startDate, input.endDate),
    };
    await assertSessionRules(tx, state, new Set(['courseId', 'trainerIds', 'quotas']));
    await assertCodeFree(tx, input.code);
    const row = await repo.insertSession(tx, {
      courseId: state.courseId,
      code: input.code,
      startDate: state.startDate,
      endDate: state.endDate,
      nominationDeadline: state.nominationDeadline,
      venueCity: state.venueCity,
      venueCountry: state.venueCountry,
      modality: state.modality,
      languages: [...new Set(input.languages)],
      capacity: input.capacity,
      womenTarget: input.womenTarget ?? null,
      status: 'planned',
      createdBy: actor.userId,
    });
    await repo.replaceTrainers(tx, row.id, state.trainerIds);
    await repo.replaceQuotas(tx, row.id, state.quotas);
    await repo.replaceDays(tx, row.id, state.days);
    await writeAudit(tx, audit, {
      action: 'session.create',
      recordType: 'training_session',
      recordId: row.id,
      details: {
        code: row.code,
        courseId: row.courseId,
        trainerIds: state.trainerIds,
        quotas: state.quotas,
        days: state.days.length,
      },
    });
    return row.id;
  });
  return getSession(db, actor, id);
}

export async function updateSession(db: Database, actor: Actor, audit: AuditContext, id: string, input: UpdateSessionInput) {
  await db.transaction(async (tx) => {
    const before = await repo.lockSession(tx, id);
    if (!before) throw notFound('Session');
    if (closedForEdits(before.status)) {
      throw ruleViolation('session.closed_for_edits', { status: before.status }, 'status');
    }
    if (input.courseId !== undefined && input.courseId !== before.courseId && before.status !== 'planned') {
      throw ruleViolation('session.course_fixed', {}, 'courseId');
    }
    const changed = new Set(Object.keys(input));
    const startDate = input.startDate ?? before.startDate;
    const endDate = input.endDate ?? before.endDate;
    const datesChanged = startDate !== before.startDate || endDate !== before.endDate;
    const currentDays = await repo.daysOf(tx, id);
    // New dates without new days: the default days of the new dates.
    const days = input.days ? sortedUnique(input.days) : datesChanged ? weekdaysBetween(startDate, endDate) : currentDays;
    const state: SessionState = {
      courseId: input.courseId ?? before.courseId,
      startDate,
      endDate,
      nominationDeadline: input.nominationDeadline ?? before.nominationDeadline,
      venueCity: input.venueCity !== undefined ? input.venueCity : before.venueCity,
      venueCountry: input.venueCountry !== undefined ? input.venueCountry : before.venueCountry,
      modality: input.modality ?? before.modality,
      trainerIds: input.trainerIds ? [...new Set(input.trainerIds)] : await repo.trainerIdsOf(tx, id),
      quotas: input.quotas ?? (await repo.quotasOf(tx, id)).map((q) => ({ stateIso2: q.stateIso2, seats: q.seats })),
      days,
    };
    await assertSessionRules(tx, state, changed);
    if (input.code !== undefined) await assertCodeFree(tx, input.code, id);

    // What nominations and attendance already hold cannot be taken away by an edit.
    if (input.capacity !== undefined) {
      const accepted = await repo.acceptedCount(tx, id);
      if (input.capacity < accepted) {
        throw ruleViolation('session.capacity_below_accepted', { accepted }, 'capacity');
      }
    }
    if (input.quotas !== undefined) {
      const active = await repo.activeNominationsByState(tx, id);
      for (const [stateIso2, n] of active) {
        const quota = state.quotas.find((q) => q.stateIso2 === stateIso2);
        if (!quota) throw ruleViolation('session.invitation_has_nominations', { state: stateIso2, nominations: n }, 'quotas');
        if (quota.seats < n)
          throw ruleViolation('session.quota_below_nominations', { state: stateIso2, nominations: n }, 'quotas');
      }
    }
    const daysChanged = days.join() !== currentDays.join();
    if (daysChanged) {
      const recorded = await repo.daysWithAttendance(tx, id);
      const lost = [...recorded].filter((d) => !days.includes(d));
      if (lost.length) throw ruleViolation('session.days_with_attendance', { days: lost.join(', ') }, 'days');
    }

    const values: Parameters<typeof repo.updateSession>[2] = {};
    if (input.courseId !== undefined) values.courseId = state.courseId;
    if (input.code !== undefined) values.code = input.code;
    if (input.startDate !== undefined) values.startDate = startDate;
    if (input.endDate !== undefined) values.endDate = endDate;
    if (input.nominationDeadline !== undefined) values.nominationDeadline = state.nominationDeadline;
    if (input.venueCity !== undefined) values.venueCity = state.venueCity;
    if (input.venueCountry !== undefined) values.venueCountry = state.venueCountry;
    if (input.modality !== undefined) values.modality = state.modality;
    if (input.languages !== undefined) values.languages = [...new Set(input.languages)];
    if (input.capacity !== undefined) values.capacity = input.capacity;
    if (input.womenTarget !== undefined) values.womenTarget = input.womenTarget;
    await repo.updateSession(tx, id, values);
    if (input.trainerIds !== undefined) await repo.replaceTrainers(tx, id, state.trainerIds);
    if (input.quotas !== undefined) await repo.replaceQuotas(tx, id, state.quotas);
    if (daysChanged) await repo.replaceDays(tx, id, days);
    await writeAudit(tx, audit, {
      action: 'session.update',
      recordType: 'training_session',
      recordId: id,
      details: { fields: [...changed, ...(daysChanged && !changed.has('days') ? ['days'] : [])] },
    });
    // New dates or venue: the accepted participants' calendar invitations are updated (SEQUENCE + 1).
    await events.sendInvitations(tx, id);
  });
  return getSession(db, actor, id);
}

export async function changeStatus(db: Database, actor: Actor, audit: AuditContext, id: string, input: TransitionInput) {
  await db.transaction(async (tx) => {
    const session = await repo.lockSession(tx, id);
    if (!session) throw notFound('Session');
    const from = session.status;
    const to = input.status;
    if (from === to) throw ruleViolation('session.status_unchanged', { status: to }, 'status');
    if (!transitions[from].includes(to)) {
      throw ruleViolation('session.transition_not_allowed', { from, to }, 'status');
    }
    if (to === 'open') {
      const quotas = await repo.quotasOf(tx, id);
      if (quotas.length === 0) throw ruleViolation('session.open_needs_quota', {}, 'quotas');
      if (session.nominationDeadline < today()) {
        throw ruleViolation('session.open_deadline_passed', { deadline: session.nominationDeadline }, 'nominationDeadline');
      }
    }
    if (to === 'completed' && session.endDate >= today()) {
      throw ruleViolation('session.completed_too_early', { endDate: session.endDate }, 'endDate');
    }
    await repo.updateSession(tx, id, { status: to });
    await writeAudit(tx, audit, {
      action: 'session.status',
      recordType: 'training_session',
      recordId: id,
      details: { from, to, ...(input.reason ? { reason: input.reason } : {}) },
    });
    if (to === 'open') await events.callOpened(tx, id);
    if (to === 'cancelled') await events.cancelInvitations(tx, id);
  });
  return getSession(db, actor, id);
}
