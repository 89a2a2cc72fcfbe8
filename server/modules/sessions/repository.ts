import { and, asc, count, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import {
  courses,
  type SessionStatus,
  sessionCounts,
  sessionDays,
  sessionQuotas,
  sessionTrainers,
  trainingSessions,
  users,
} from '../../db/schema';
import { type Actor, readerPlaceholders, seesEverySession, sessionScopeCondition } from '../../platform/access';
import type { Queryable } from '../../platform/db';
import { preparedSelect } from '../../platform/prepared';

export { existingStates } from '../reference/repository';

export type SessionRow = typeof trainingSessions.$inferSelect;

const courseColumns = {
  courseCode: courses.code,
  courseTitle: courses.title,
  courseLevel: courses.level,
};

/**
 * The columns a session's summary shows (service.ts, toSummary): the list maps a page of these per
 * request, so it leaves out what only the detail shows (women target, author, timestamps).
 */
const summarySessionColumns = {
  id: trainingSessions.id,
  code: trainingSessions.code,
  courseId: trainingSessions.courseId,
  status: trainingSessions.status,
  startDate: trainingSessions.startDate,
  endDate: trainingSessions.endDate,
  nominationDeadline: trainingSessions.nominationDeadline,
  venueCity: trainingSessions.venueCity,
  venueCountry: trainingSessions.venueCountry,
  modality: trainingSessions.modality,
  languages: trainingSessions.languages,
  capacity: trainingSessions.capacity,
};
export type SessionSummaryRow = {
  session: Pick<SessionRow, keyof typeof summarySessionColumns>;
  courseCode: string;
  courseTitle: (typeof courses.$inferSelect)['title'];
  courseLevel: (typeof courses.$inferSelect)['level'];
};

export type SessionFilter = { status?: SessionStatus; courseId?: string; year?: number };

/**
 * The sessions list is the most requested read, so its statement is built by drizzle once per
 * database and shape (the reader's role, which of the reader's scope values and of the filters are
 * set) and then run with this request's values: no SQL text built per request, and on PostgreSQL a
 * named statement, parsed once per connection. The scope is sessionScopeCondition's own
 * (platform/access.ts), given placeholders where it puts the reader's values. The page carries the
 * count of every match in each row (an uncorrelated subquery, computed once): one round trip where
 * two were run; `count(*) over ()` would instead buffer every match with its columns (17 ms against
 * 1 ms for 6,000 sessions). Only a page past the last, which has no row to carry it, counts apart.
 */
function prepareList(db: Queryable, reader: Actor, filter: SessionFilter, name: string) {
  // Built only when a statement is first prepared.
  const whereOf = () =>
    and(
      sessionScopeCondition(reader, trainingSessions.id),
      filter.status ? eq(trainingSessions.status, sql.placeholder('status')) : undefined,
      filter.courseId ? eq(trainingSessions.courseId, sql.placeholder('courseId')) : undefined,
      filter.year ? sql`extract(year from ${trainingSessions.startDate}) = ${sql.placeholder('year')}` : undefined,
    );
  return {
    rows: preparedSelect(db, `${name}.rows`, () => {
      const where = whereOf();
      return db
        .select({
          session: summarySessionColumns,
          ...courseColumns,
          total: matchCount(reader, filter, where),
        })
        .from(trainingSessions)
        .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
        .where(where)
        .orderBy(desc(trainingSessions.startDate), asc(trainingSessions.code))
        .offset(sql.placeholder('offset'))
        .limit(sql.placeholder('limit'))
        .prepare(`${name}.rows`);
    }),
    total: preparedSelect(db, `${name}.total`, () =>
      db.select({ n: count() }).from(trainingSessions).where(whereOf()).prepare(`${name}.total`),
    ),
  };
}

/**
 * How many sessions the list's filter matches for the reader, as a sub-select its page carries. For
 * a reader who sees every session, the sum of session_counts (migration 0043: kept by the sessions'
 * triggers, by course, status and year, the list's filters), where counting read every session;
 * otherwise the reader's few sessions are counted.
 */
function matchCount(actor: Actor, filter: SessionFilter, where: SQL | undefined): SQL<number> {
  if (!seesEverySession(actor)) {
    // Inside the subquery "training_sessions" names its own table: the count is of every match.
    return sql<number>`(select count(*) from ${trainingSessions} where ${where})`.mapWith(Number);
  }
  const groups = and(
    filter.status ? eq(sessionCounts.status, sql.placeholder('status')) : undefined,
    filter.courseId ? eq(sessionCounts.courseId, sql.placeholder('courseId')) : undefined,
    filter.year ? eq(sessionCounts.year, sql.placeholder('year')) : undefined,
  );
  return sql<number>`(select coalesce(sum(${sessionCounts.n}), 0) from ${sessionCounts} where ${groups ?? sql`true`})`.mapWith(
    Number,
  );
}

export async function listSessions(
  db: Queryable,
  actor: Actor,
  filter: SessionFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: SessionSummaryRow[]; total: number }> {
  const { reader, shape, values: readerValues } = readerPlaceholders(actor);
  const filters = (['courseId', 'status', 'year'] as const).filter((key) => filter[key] !== undefined);
  const prepared = prepareList(db, reader, filter, ['sessions.list', shape, ...filters].join('.'));
  const values = { ...readerValues, status: filter.status, courseId: filter.courseId, year: filter.year };
  const rows = await prepared.rows.execute({ ...values, offset: page.offset, limit: page.limit });
  if (rows.length > 0 || page.offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  const [total] = await prepared.total.execute(values);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function findSessionWithCourse(db: Queryable, id: string, scope: SQL) {
  const [row] = await db
    .select({ session: trainingSessions, ...courseColumns })
    .from(trainingSessions)
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .where(and(eq(trainingSessions.id, id), scope));
  return row;
}

/** The session row, locked for the rest of the transaction (edits and transitions are serialised). */
export async function lockSession(db: Queryable, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, id)).for('update');
  return row;
}

export async function sessionCodeTaken(db: Queryable, code: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: trainingSessions.id })
    .from(trainingSessions)
    .where(and(eq(trainingSessions.code, code), exceptId ? ne(trainingSessions.id, exceptId) : undefined));
  return Boolean(row);
}

export async function courseExists(db: Queryable, id: string): Promise<boolean> {
  const [row] = await db.select({ id: courses.id }).from(courses).where(eq(courses.id, id));
  return Boolean(row);
}

export async function insertSession(db: Queryable, values: typeof trainingSessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(trainingSessions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateSession(db: Queryable, id: string, values: Partial<typeof trainingSessions.$inferInsert>) {
  const [row] = await db
    .update(trainingSessions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(trainingSessions.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

export function trainersOf(db: Queryable, sessionId: string) {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(sessionTrainers)
    .innerJoin(users, eq(users.id, sessionTrainers.userId))
    .where(eq(sessionTrainers.sessionId, sessionId))
    .orderBy(asc(users.displayName));
}

export async function trainerIdsOf(db: Queryable, sessionId: string): Promise<string[]> {
  const rows = await db
    .select({ id: sessionTrainers.userId })
    .from(sessionTrainers)
    .where(eq(sessionTrainers.sessionId, sessionId));
  return rows.map((r) => r.id);
}

export async function daysOf(db: Queryable, sessionId: string): Promise<string[]> {
  const rows = await db
    .select({ day: sessionDays.day })
    .from(sessionDays)
    .where(eq(sessionDays.sessionId, sessionId))
    .orderBy(asc(sessionDays.day));
  return rows.map((r) => r.day);
}

/** Each invited state's quota and its nominations that still count (not rejected or withdrawn). */
export async function quotasOf(db: Queryable, sessionId: string, onlyState?: string) {
  const rows = await db
    .select({
      stateIso2: sessionQuotas.stateIso2,
      seats: sessionQuotas.seats,
      // Qualified by hand: in a one-table select drizzle renders ${sessionQuotas.stateIso2} unqualified,
      // and inside the subquery it would bind to o.state_iso2 (every state's nominations counted).
      nominated: sql<number>`(select count(*) from nominations n join officials o on o.id = n.official_id
        where n.session_id = session_quotas.session_id and o.state_iso2 = session_quotas.state_iso2
        and n.status not in ('rejected', 'withdrawn'))::int`,
    })
    .from(sessionQuotas)
    .where(and(eq(sessionQuotas.sessionId, sessionId), onlyState ? eq(sessionQuotas.stateIso2, onlyState) : undefined))
    .orderBy(asc(sessionQuotas.stateIso2));
  return rows.map((r) => ({ ...r, nominated: Number(r.nominated) }));
}

/** Nominations of a session per state that still count (not rejected or withdrawn), for every state. */
export async function activeNominationsByState(db: Queryable, sessionId: string): Promise<Map<string, number>> {
  const result = (await db.execute(sql`select o.state_iso2 as state, count(*)::int as n from nominations n
    join officials o on o.id = n.official_id
    where n.session_id = ${sessionId} and n.status not in ('rejected', 'withdrawn') group by o.state_iso2`)) as unknown as {
    rows: { state: string; n: number }[];
  };
  return new Map(result.rows.map((r) => [r.state, Number(r.n)]));
}

export async function acceptedCount(db: Queryable, sessionId: string): Promise<number> {
  const result = (await db.execute(
    sql`select count(*)::int as n from nominations where session_id = ${sessionId} and status = 'accepted'`,
  )) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0);
}

/** Days on which attendance has been recorded for this session. */
export async function daysWithAttendance(db: Queryable, sessionId: string): Promise<Set<string>> {
  const result = (await db.execute(sql`select distinct to_char(a.day, 'YYYY-MM-DD') as day from attendance a
    join nominations n on n.id = a.nomination_id where n.session_id = ${sessionId}`)) as unknown as { rows: { day: string }[] };
  return new Set(result.rows.map((r) => r.day));
}

export async function replaceTrainers(db: Queryable, sessionId: string, userIds: string[]) {
  await db.delete(sessionTrainers).where(eq(sessionTrainers.sessionId, sessionId));
  if (userIds.length) await db.insert(sessionTrainers).values(userIds.map((userId) => ({ sessionId, userId })));
}

export async function replaceQuotas(db: Queryable, sessionId: string, quotas: { stateIso2: string; seats: number }[]) {
  await db.delete(sessionQuotas).where(eq(sessionQuotas.sessionId, sessionId));
  if (quotas.length) await db.insert(sessionQuotas).values(quotas.map((q) => ({ sessionId, ...q })));
}

export async function replaceDays(db: Queryable, sessionId: string, days: string[]) {
  await db.delete(sessionDays).where(eq(sessionDays.sessionId, sessionId));
  if (days.length) await db.insert(sessionDays).values(days.map((day) => ({ sessionId, day })));
}

/** Of these user ids, those of active trainers. */
export async function activeTrainerIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.role, 'trainer'), eq(users.active, true)));
  return new Set(rows.map((r) => r.id));
}

export const listTrainers = (db: Queryable) =>
  db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(and(eq(users.role, 'trainer'), eq(users.active, true)))
    .orderBy(asc(users.displayName));
