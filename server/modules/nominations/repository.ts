import { and, asc, count, eq, inArray, isNull, max, notInArray, type SQL, sql } from 'drizzle-orm';
import {
  agencies,
  hrScreenings,
  type NominationStatus,
  nominationEvents,
  nominations,
  officials,
  sessionQuotas,
  trainingSessions,
} from '../../db/schema';
import {
  type Actor,
  type OfficialScope,
  officialScopeCondition,
  officialScopePlaceholders,
  officialScopeValue,
  readerPlaceholders,
  sessionScopeCondition,
} from '../../platform/access';
import type { Queryable } from '../../platform/db';
import { preparedSelect } from '../../platform/prepared';
import { quotasOf as sessionQuotasOf } from '../sessions/repository';

export type SessionRow = typeof trainingSessions.$inferSelect;
export type NominationRow = typeof nominations.$inferSelect;
export type ScreeningRow = typeof hrScreenings.$inferSelect;

/** A session by id, when `visible` (a scope condition) lets the reader see it. */
export async function findSession(
  db: Queryable,
  id: string,
  lock = false,
  visible: SQL = sql`true`,
): Promise<SessionRow | undefined> {
  const query = db
    .select()
    .from(trainingSessions)
    .where(and(eq(trainingSessions.id, id), visible));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Each invited state's quota, with the seats its counted nominations use and those left. */
export async function quotasOf(db: Queryable, sessionId: string) {
  const quotas = await sessionQuotasOf(db, sessionId);
  return quotas.map(({ stateIso2, seats, nominated }) => ({
    stateIso2,
    seats,
    used: nominated,
    left: Math.max(0, seats - nominated),
  }));
}

/** Each invited state's quota with the seats its counted nominations use, as sessionSeats reads them. */
type QuotaUse = { stateIso2: string; seats: number; nominated: number };

/**
 * A session with its nominations by status and its quotas with their counted nominations (not
 * rejected or withdrawn), all of them or only those of one state's officials, when the reader's
 * session scope (sessionScopeCondition) lets them see it: one statement where three were run (a
 * session's nominees is among the most requested reads). The counts join officials, so the wall
 * (migration 0014) keeps them to the reader's states as it did apart. `training_sessions.id` is
 * written by hand: in a one-table select drizzle leaves a column unqualified, and inside the
 * subqueries "id" would name a nomination's or an official's. Built once per database and shape,
 * with placeholders where the reader's values go (platform/access.ts readerPlaceholders).
 */
function prepareSessionSeats(db: Queryable, reader: Actor, ownState: boolean, name: string) {
  const ofState = ownState ? sql` and o.state_iso2 = ${sql.placeholder('onlyState')}` : sql``;
  return db
    .select({
      id: trainingSessions.id,
      code: trainingSessions.code,
      status: trainingSessions.status,
      capacity: trainingSessions.capacity,
      nominationDeadline: trainingSessions.nominationDeadline,
      counts: sql<
        { status: NominationStatus; n: number }[] | null
      >`(select json_agg(json_build_object('status', c.status, 'n', c.n))
        from (select n.status, count(*)::int as n from nominations n join officials o on o.id = n.official_id
          where n.session_id = training_sessions.id${ofState} group by n.status) c)`,
      quotas: sql<QuotaUse[] | null>`(select json_agg(json_build_object('stateIso2', q.state_iso2, 'seats', q.seats,
          'nominated', (select count(*)::int from nominations n join officials o on o.id = n.official_id
            where n.session_id = q.session_id and o.state_iso2 = q.state_iso2 and n.status not in ('rejected', 'withdrawn')))
          order by q.state_iso2)
        from session_quotas q where q.session_id = training_sessions.id${ownState ? sql` and q.state_iso2 = ${sql.placeholder('onlyState')}` : sql``})`,
    })
    .from(trainingSessions)
    .where(and(eq(trainingSessions.id, sql.placeholder('sessionId')), sessionScopeCondition(reader, trainingSessions.id)))
    .prepare(name);
}

/**
 * A session's seats as `actor` may see them (undefined outside their session scope), for one
 * state's officials only when `onlyState` is given.
 */
export async function sessionSeats(db: Queryable, actor: Actor, id: string, onlyState?: string) {
  const ownState = onlyState !== undefined;
  const { reader, shape, values } = readerPlaceholders(actor);
  const name = `nominations.seats.${shape}${ownState ? '.state' : ''}`;
  const statement = preparedSelect(db, name, () => prepareSessionSeats(db, reader, ownState, name));
  const [row] = await statement.execute({ ...values, sessionId: id, onlyState });
  if (!row) return undefined;
  const counts: Record<NominationStatus, number> = { nominated: 0, accepted: 0, waitlisted: 0, rejected: 0, withdrawn: 0 };
  for (const c of row.counts ?? []) counts[c.status] = c.n;
  const quotas = (row.quotas ?? []).map(({ stateIso2, seats, nominated }) => ({
    stateIso2,
    seats,
    used: nominated,
    left: Math.max(0, seats - nominated),
  }));
  return { ...row, counts, quotas };
}

const nomineeColumns = {
  id: officials.id,
  familyName: officials.familyName,
  givenNames: officials.givenNames,
  nameOriginal: officials.nameOriginal,
  sex: officials.sex,
  stateIso2: officials.stateIso2,
  rank: officials.rank,
  agencyName: agencies.name,
};

export type NomineeRow = {
  id: string;
  familyName: string;
  givenNames: string;
  nameOriginal: string | null;
  sex: string;
  stateIso2: string;
  rank: string | null;
  agencyName: string | null;
};

/** An official as the actor may see them (out of scope or unknown: undefined). */
export async function findOfficialInScope(db: Queryable, scope: OfficialScope, id: string) {
  const [row] = await db
    .select({ ...nomineeColumns, mergedIntoId: officials.mergedIntoId })
    .from(officials)
    .leftJoin(agencies, eq(agencies.id, officials.agencyId))
    .where(
      and(eq(officials.id, id), officialScopeCondition(scope, { officialId: officials.id, stateIso2: officials.stateIso2 })),
    );
  return row;
}

/**
 * What a nomination's view shows (service.ts, toView), and no more: a session's list maps hundreds of
 * these per request, so the columns no view reads (who nominated, decided or screened; updated_at)
 * are not fetched, parsed or mapped.
 */
const viewedNomination = {
  id: nominations.id,
  sessionId: nominations.sessionId,
  officialId: nominations.officialId,
  status: nominations.status,
  waitlistRank: nominations.waitlistRank,
  decisionReason: nominations.decisionReason,
  nominatedAt: nominations.nominatedAt,
  decidedAt: nominations.decidedAt,
};
const viewedScreening = {
  riskLevel: hrScreenings.riskLevel,
  mitigation: hrScreenings.mitigation,
  decision: hrScreenings.decision,
  reasons: hrScreenings.reasons,
  screenedAt: hrScreenings.screenedAt,
};

export type NominationWithNominee = Pick<NominationRow, keyof typeof viewedNomination> & {
  official: NomineeRow;
  screening: Pick<ScreeningRow, keyof typeof viewedScreening> | null;
};

/** Nominations joined to their nominee, limited to the actor's official scope in SQL, in the list's order. */
function nominationsQuery(db: Queryable, scope: OfficialScope, where: SQL | undefined) {
  return db
    .select({ nomination: viewedNomination, official: nomineeColumns, screening: viewedScreening })
    .from(nominations)
    .innerJoin(officials, eq(officials.id, nominations.officialId))
    .leftJoin(agencies, eq(agencies.id, officials.agencyId))
    .leftJoin(hrScreenings, eq(hrScreenings.nominationId, nominations.id))
    .where(and(where, officialScopeCondition(scope, { officialId: officials.id, stateIso2: officials.stateIso2 })))
    .orderBy(
      sql`case ${nominations.status} when 'accepted' then 0 when 'nominated' then 1 when 'waitlisted' then 2 when 'rejected' then 3 else 4 end`,
      asc(nominations.waitlistRank),
      asc(officials.familyName),
      asc(officials.givenNames),
    );
}

type NominationSelection = Awaited<ReturnType<typeof nominationsQuery>>[number];
const withNominee = (r: NominationSelection): NominationWithNominee => ({
  ...r.nomination,
  official: r.official,
  screening: r.screening,
});

/** Nominations joined to their nominee, limited to the actor's official scope in SQL. */
export async function listNominations(
  db: Queryable,
  scope: OfficialScope,
  where: SQL | undefined,
): Promise<NominationWithNominee[]> {
  return (await nominationsQuery(db, scope, where)).map(withNominee);
}

/**
 * A session's nominations (only the accepted ones: `rosterOnly`) as listNominations reads them. A
 * session's nominees is among the most requested reads: its statement is built by drizzle once per
 * database and shape (the kind of the reader's official scope, the roster) and run with this
 * request's values, on PostgreSQL a named statement parsed once per connection, as the sessions list
 * is (sessions/repository.ts).
 */
export async function sessionNominations(
  db: Queryable,
  scope: OfficialScope,
  sessionId: string,
  rosterOnly: boolean,
): Promise<NominationWithNominee[]> {
  const name = `nominations.of-session.${scope.kind}${rosterOnly ? '.roster' : ''}`;
  const statement = preparedSelect(db, name, () =>
    nominationsQuery(
      db,
      officialScopePlaceholders(scope),
      and(eq(nominations.sessionId, sql.placeholder('sessionId')), rosterOnly ? eq(nominations.status, 'accepted') : undefined),
    ).prepare(name),
  );
  return (await statement.execute({ sessionId, ...officialScopeValue(scope) })).map(withNominee);
}

export async function findNomination(db: Queryable, id: string, lock = false): Promise<NominationRow | undefined> {
  const query = db.select().from(nominations).where(eq(nominations.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findExisting(db: Queryable, sessionId: string, officialId: string) {
  const [row] = await db
    .select()
    .from(nominations)
    .where(and(eq(nominations.sessionId, sessionId), eq(nominations.officialId, officialId)));
  return row;
}

export async function insertNomination(db: Queryable, values: typeof nominations.$inferInsert): Promise<NominationRow> {
  const [row] = await db.insert(nominations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateNomination(
  db: Queryable,
  id: string,
  values: Partial<typeof nominations.$inferInsert>,
): Promise<NominationRow> {
  const [row] = await db
    .update(nominations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(nominations.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

export async function insertEvent(db: Queryable, values: typeof nominationEvents.$inferInsert): Promise<void> {
  await db.insert(nominationEvents).values(values);
}

export async function eventsOf(db: Queryable, nominationId: string) {
  return db
    .select()
    .from(nominationEvents)
    .where(eq(nominationEvents.nominationId, nominationId))
    .orderBy(asc(nominationEvents.at), asc(nominationEvents.id));
}

export async function findScreening(db: Queryable, nominationId: string): Promise<ScreeningRow | undefined> {
  const [row] = await db.select().from(hrScreenings).where(eq(hrScreenings.nominationId, nominationId));
  return row;
}

export async function upsertScreening(db: Queryable, values: typeof hrScreenings.$inferInsert): Promise<ScreeningRow> {
  const { nominationId: _, ...set } = values;
  const [row] = await db
    .insert(hrScreenings)
    .values(values)
    .onConflictDoUpdate({ target: hrScreenings.nominationId, set: { ...set, screenedAt: new Date() } })
    .returning();
  if (!row) throw new Error('upsert returned no row');
  return row;
}

export async function acceptedCount(db: Queryable, sessionId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(nominations)
    .where(and(eq(nominations.sessionId, sessionId), eq(nominations.status, 'accepted')));
  return Number(row?.n ?? 0);
}

export async function nextWaitlistRank(db: Queryable, sessionId: string): Promise<number> {
  const [row] = await db
    .select({ rank: max(nominations.waitlistRank) })
    .from(nominations)
    .where(and(eq(nominations.sessionId, sessionId), eq(nominations.status, 'waitlisted')));
  return Number(row?.rank ?? 0) + 1;
}

/** The first waitlisted nominee of a session: lowest rank, then earliest nominated. */
export async function firstWaitlisted(db: Queryable, sessionId: string): Promise<NominationRow | undefined> {
  const [row] = await db
    .select()
    .from(nominations)
    .where(and(eq(nominations.sessionId, sessionId), eq(nominations.status, 'waitlisted')))
    .orderBy(asc(nominations.waitlistRank), asc(nominations.nominatedAt))
    .limit(1)
    .for('update');
  return row;
}

/** A state's officials that could still be nominated to a session (not merged, not yet nominated). */
export async function candidates(db: Queryable, scope: OfficialScope, sessionId: string, keys: string[]): Promise<NomineeRow[]> {
  const conditions: (SQL | undefined)[] = [
    isNull(officials.mergedIntoId),
    officialScopeCondition(scope, { officialId: officials.id, stateIso2: officials.stateIso2 }),
    inArray(
      officials.stateIso2,
      db.select({ s: sessionQuotas.stateIso2 }).from(sessionQuotas).where(eq(sessionQuotas.sessionId, sessionId)),
    ),
    notInArray(
      officials.id,
      db.select({ o: nominations.officialId }).from(nominations).where(eq(nominations.sessionId, sessionId)),
    ),
    ...keys.map((k) => sql`(' ' || ${officials.nameKeys}) like ${`% ${k.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`),
  ];
  return db
    .select(nomineeColumns)
    .from(officials)
    .leftJoin(agencies, eq(agencies.id, officials.agencyId))
    .where(and(...conditions))
    .orderBy(asc(officials.familyName), asc(officials.givenNames))
    .limit(50);
}
